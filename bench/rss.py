"""Peak RSS of ``run`` against the number of articles (issues 14, 24: memory must not grow with the run).

The articles are generated from the fixture model's training sentences (tests/fixtures/model): each
article is a title and a paragraph of four sentences picked by a seeded generator. By default
(``--unique``, issue 24) every sentence of the corpus is made unique, as in a real archive: each gets
a name, a city, a day and a year of its own, so nothing comes from the MT cache and whatever grows
with the number of distinct sentences shows; ``--repeated`` keeps the training sentences as they are
(most of a big run then comes from the MT cache). Every size runs the real CLI (through
bench/variants.py) in a child process of its own, which reads its own VmHWM as it ends, into an empty
output folder, then runs it again on that output with nothing changed (the re-run column: every
article trusted by hash, ``pipeline/trust.py``).

usage: python bench/rss.py [--articles 60,6000,60000] [--repeated] [--chunk-size 200] [--output FILE] [--keep]
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
    rerun_seconds: float | None = None  # the same command again, nothing changed
    rerun_trusted: int = 0
    failed: int = 0  # articles the run refused (see _cli)
    allocator: str = "system"  # malloc the run had (translate_news/allocator.py)


FIRST_NAMES = ("Marco", "Giulia", "Luca", "Sara", "Paolo", "Chiara", "Andrea", "Elena", "Matteo", "Anna")
LAST_NAMES = ("Rossi", "Bianchi", "Ferrari", "Esposito", "Romano", "Colombo", "Ricci", "Marino", "Greco")
CITIES = ("Roma", "Milano", "Torino", "Napoli", "Venezia", "Bologna", "Firenze", "Genova", "Bari", "Lecce")
MONTHS = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre")


def varied(sentence: str, number: int) -> str:
    """``sentence`` made unique by ``number``: a speaker, a city, a day and a year of its own (every
    combination differs below 10 x 9 x 10 x 28 x 9 x 60 = 13.6 million sentences)."""
    n = number
    parts = []
    for size in (60, 28, 9, 10, 9, 10):
        parts.append(n % size)
        n //= size
    year, day, month, city, last, first = parts
    stem = sentence.rstrip(".!?")
    return (
        f"{stem}, ha detto {FIRST_NAMES[first]} {LAST_NAMES[last]} a {CITIES[city]} "
        f"il {day + 1} {MONTHS[month]} {1970 + year}."
    )


def training_sentences() -> list[str]:
    """The fixture model's Italian training sentences: the model translates exactly these."""
    with FIXTURE_CORPUS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [row["source"].strip() for row in rows if row["source"].strip()]


def write_fixture_corpus(folder: Path, articles: int, seed: int = 14, unique: bool = True) -> None:
    """``articles`` plain-text articles in ``folder``: a title line and one paragraph each; with
    ``unique`` every sentence and title of the corpus differs from every other (:func:`varied`)."""
    sentences = [s for s in training_sentences() if s[-1:] in ".!?"]
    titles = [s for s in training_sentences() if s[-1:] not in ".!?"] or sentences
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    width = len(str(articles))
    for number in range(articles):
        title = rng.choice(titles)
        picked = rng.sample(sentences, SENTENCES_PER_ARTICLE)
        if unique:
            first = number * (SENTENCES_PER_ARTICLE + 1)
            title = (
                f"{title.rstrip()}: {FIRST_NAMES[number % 10]} a {CITIES[number // 10 % 10]} ({number + 1})"
            )
            picked = [varied(s, first + k) for k, s in enumerate(picked)]
        body = " ".join(picked)
        (folder / f"articolo-{number:0{width}d}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")


def _cli(name: str, command: list[str], logs: Path) -> dict:
    """One CLI run through bench/variants.py in a child process; its JSON result."""
    result = logs / f"{name}.json"
    full = [sys.executable, str(HERE / "variants.py"), "cli", str(result), "256", "--", *command]
    with open(logs / f"{name}.log", "w", encoding="utf-8") as log_file:
        done = subprocess.run(full, stdout=log_file, stderr=subprocess.STDOUT, cwd=ROOT, check=False)
    # exit 3: some articles failed; they are counted (the Failed column), the run's memory is still what
    # is measured (a figure the fixture model loops on in a draft no longer costs its article: a finding)
    if done.returncode not in (0, 3):
        raise SystemExit(f"rss: {name} failed (exit {done.returncode}), see {log_file.name}")
    return json.loads(result.read_text(encoding="utf-8"))


def measure(articles: int, work: Path, extra: list[str], logs: Path, unique: bool = True) -> RssRow:
    """One cold run of ``articles`` generated articles in a child process, then the unchanged re-run."""
    corpus = work / f"articles-{articles}"
    write_fixture_corpus(corpus, articles, unique=unique)
    # No name repair: the fixture model drops the names it never saw, and repairing every sentence
    # would measure the repair decodes (the b+glossary row's worst case) rather than the run's memory.
    command = ["run", str(corpus), "-o", str(work / f"out-{articles}"), "--no-glossary", "--no-name-repair"]
    command += ["--model", str(FIXTURE_MODEL), "-q", *extra]
    data = _cli(f"rss-{articles}", command, logs)
    again = _cli(f"rss-{articles}-rerun", command, logs)
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
        again["seconds"],
        again["summary"].get("trusted", 0),
        summary["failed"],
        data.get("allocator", "system"),
    )


def table(rows: list[RssRow]) -> str:
    """The Markdown table and the verdict: the largest run's peak over the smallest one's."""
    lines = [
        "| Articles | Segments | Machine-translated | MT cache | Work s | Articles/s | Peak RSS MB "
        "| Unchanged re-run s | Trusted | Failed | malloc |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        rerun = f"{row.rerun_seconds:,.2f}" if row.rerun_seconds is not None else "–"
        lines.append(
            f"| {row.articles:,} | {row.segments:,} | {row.translated:,} | {row.cached:,} "
            f"| {row.seconds:,.1f} | {row.articles / row.seconds:,.1f} | {row.peak_rss_bytes / 1e6:,.1f} "
            f"| {rerun} | {row.rerun_trusted:,} | {row.failed:,} | {row.allocator} |"
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


def run_scenario(
    sizes: list[int], extra: list[str], logs: Path, keep: bool = False, unique: bool = True
) -> list[RssRow]:
    work = Path(tempfile.mkdtemp(prefix="translate-news-rss-"))
    rows = []
    try:
        for articles in sizes:
            started = time.strftime("%H:%M:%S")
            print(f"[rss {started}] {articles} articles …", file=sys.stderr, flush=True)
            rows.append(measure(articles, work, extra, logs, unique))
            print(f"[rss] {rows[-1]}", file=sys.stderr, flush=True)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="60,6000,60000", help="comma-separated sizes")
    parser.add_argument(
        "--repeated", action="store_true", help="the training sentences as they are (MT cache hits)"
    )
    parser.add_argument("--chunk-size", type=int, help="passed to run (default: run's own)")
    parser.add_argument("--output", type=Path, help="also write the table here")
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora and outputs")
    args = parser.parse_args()
    sizes = [int(n) for n in args.articles.split(",")]
    extra = ["--chunk-size", str(args.chunk_size)] if args.chunk_size else []
    logs = HERE / "out" / "logs" / f"rss-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
    logs.mkdir(parents=True)
    text = table(run_scenario(sizes, extra, logs, args.keep, unique=not args.repeated))
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
