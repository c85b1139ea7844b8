"""Peak RSS of ``run`` against the number of articles (issue 14: memory must not grow with the run).

The articles are generated from the fixture model's training sentences (tests/fixtures/model), so the
fixture model really translates them: each article is a title and a paragraph of four sentences
picked by a seeded generator. Every size runs the real CLI (through bench/variants.py) in a child
process of its own, which reads its own VmHWM as it ends, into an empty output folder.

usage: python bench/rss.py [--articles 60,3000,30000] [--chunk-size 200] [--output FILE] [--keep]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FIXTURE_MODEL = ROOT / "tests" / "fixtures" / "model" / "translate-it_en-fixture.argosmodel"
FIXTURE_CORPUS = ROOT / "tests" / "fixtures" / "model" / "corpus.it-en.tsv"
SENTENCES_PER_ARTICLE = 4
TARGET_RATIO = 1.2  # the largest run's peak RSS over the smallest one's


@dataclass(frozen=True)
class RssRow:
    articles: int
    segments: int
    translated: int
    cached: int
    seconds: float
    peak_rss_bytes: int


def training_sentences() -> list[str]:
    """The fixture model's Italian training sentences: the model translates exactly these."""
    with FIXTURE_CORPUS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [row["source"].strip() for row in rows if row["source"].strip()]


def write_fixture_corpus(folder: Path, articles: int, seed: int = 14) -> None:
    """``articles`` plain-text articles in ``folder``: a title line and one paragraph each."""
    sentences = [s for s in training_sentences() if s[-1:] in ".!?"]
    titles = [s for s in training_sentences() if s[-1:] not in ".!?"] or sentences
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    width = len(str(articles))
    for number in range(articles):
        title = rng.choice(titles)
        body = " ".join(rng.sample(sentences, SENTENCES_PER_ARTICLE))
        (folder / f"articolo-{number:0{width}d}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")


def measure(articles: int, work: Path, extra: list[str], logs: Path) -> RssRow:
    """One cold run of ``articles`` generated articles in a child process."""
    corpus = work / f"articles-{articles}"
    write_fixture_corpus(corpus, articles)
    result = logs / f"rss-{articles}.json"
    command = [sys.executable, str(HERE / "variants.py"), "cli", str(result), "256", "--", "run"]
    command += [str(corpus), "-o", str(work / f"out-{articles}"), "--no-glossary"]
    command += ["--model", str(FIXTURE_MODEL), "-q", *extra]
    with open(logs / f"rss-{articles}.log", "w", encoding="utf-8") as log_file:
        done = subprocess.run(command, stdout=log_file, stderr=subprocess.STDOUT, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise SystemExit(f"rss: {articles} articles failed (exit {done.returncode}), see {log_file.name}")
    data = json.loads(result.read_text(encoding="utf-8"))
    summary = data["summary"]
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.rmtree(work / f"out-{articles}", ignore_errors=True)
    return RssRow(
        articles,
        summary["segments"],
        summary["translated"],
        summary["cached"],
        data["seconds"],
        data["peak_rss_bytes"],
    )


def table(rows: list[RssRow]) -> str:
    """The Markdown table and the verdict: the largest run's peak over the smallest one's."""
    lines = [
        "| Articles | Segments | Machine-translated | MT cache | Work s | Articles/s | Peak RSS MB |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row.articles:,} | {row.segments:,} | {row.translated:,} | {row.cached:,} "
            f"| {row.seconds:,.1f} | {row.articles / row.seconds:,.1f} | {row.peak_rss_bytes / 1e6:,.1f} |"
        )
    if len(rows) > 1:
        ratio = rows[-1].peak_rss_bytes / rows[0].peak_rss_bytes
        state = "PASS" if ratio <= TARGET_RATIO else "FAIL"
        lines += [
            "",
            f"Peak RSS at {rows[-1].articles:,} articles over {rows[0].articles:,}: {ratio:.2f}x "
            f"(target <= {TARGET_RATIO}x): {state}",
        ]
    return "\n".join(lines)


def run_scenario(sizes: list[int], extra: list[str], logs: Path, keep: bool = False) -> list[RssRow]:
    work = Path(tempfile.mkdtemp(prefix="translate-news-rss-"))
    rows = []
    try:
        for articles in sizes:
            started = time.strftime("%H:%M:%S")
            print(f"[rss {started}] {articles} articles …", file=sys.stderr, flush=True)
            rows.append(measure(articles, work, extra, logs))
            print(f"[rss] {rows[-1]}", file=sys.stderr, flush=True)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="60,3000,30000", help="comma-separated sizes")
    parser.add_argument("--chunk-size", type=int, help="passed to run (default: run's own)")
    parser.add_argument("--output", type=Path, help="also write the table here")
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora and outputs")
    args = parser.parse_args()
    sizes = [int(n) for n in args.articles.split(",")]
    extra = ["--chunk-size", str(args.chunk_size)] if args.chunk_size else []
    logs = HERE / "out" / "logs" / f"rss-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
    logs.mkdir(parents=True)
    text = table(run_scenario(sizes, extra, logs, args.keep))
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
