"""Streaming runs (issue 14): chunks of articles, run-wide dedup through the MT cache, a killed run
resumed without re-translating finished work, and the progress line."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import FIXTURE_CORPUS, FIXTURE_MODEL, ROOT, run_cli

from translate_news.cli.progress import TerminalReporter, format_duration, progress_line
from translate_news.memory.store import TranslationMemory, memory_path
from translate_news.pipeline.runner import DEFAULT_CHUNK_SIZE, Progress, RunConfig, run

CORPUS = FIXTURE_CORPUS
DATED = ("POT-Creation-Date", "PO-Revision-Date")


def _training_sentences() -> list[str]:
    """Sentences the fixture model was trained on, so it really translates them."""
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [r["source"].strip() for r in rows if r["source"].strip().endswith(".")]


def _write_articles(folder: Path, count: int, per_article: int = 3, offset: int = 0) -> list[str]:
    """``count`` articles of ``per_article`` sentences, stepping through the training sentences so
    consecutive articles share none but the corpus wraps around (later articles repeat earlier
    sentences: run-wide dedup has work to do)."""
    sentences = _training_sentences()
    folder.mkdir(parents=True, exist_ok=True)
    used = []
    for number in range(count):
        start = (offset + number * per_article) % len(sentences)
        body = [sentences[(start + k) % len(sentences)] for k in range(per_article)]
        used += body
        (folder / f"pezzo-{number:03d}.txt").write_text(" ".join(body) + "\n", encoding="utf-8")
    return used


def _outputs(folder: Path) -> dict[str, list[str]]:
    """Every output file's lines but the dates a PO header moves with the clock."""
    return {
        path.relative_to(folder).as_posix(): [
            line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith(DATED, 1)
        ]
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith(".") and ".sqlite" not in path.name
    }


def _config(tmp_path: Path, out: str, chunk_size: int) -> RunConfig:
    return RunConfig(tmp_path / "articles", tmp_path / out, None, FIXTURE_MODEL, chunk_size=chunk_size)


def test_chunk_size_1_and_1000_write_identical_outputs(tmp_path: Path) -> None:
    _write_articles(tmp_path / "articles", 6, per_article=4)
    (tmp_path / "articles" / "con-markup.md").write_text(
        "---\ntitle: prova\n---\n\n" + f"**{_training_sentences()[5]}** {_training_sentences()[7]}\n",
        encoding="utf-8",
    )
    one = run(_config(tmp_path, "one", 1))
    many = run(_config(tmp_path, "many", 1000))
    assert (one.chunks, many.chunks) == (7, 1)
    assert one.failed == many.failed == 0
    assert _outputs(tmp_path / "one") == _outputs(tmp_path / "many")
    assert (one.articles, one.segments, one.words) == (many.articles, many.segments, many.words)


def test_a_sentence_met_again_in_a_later_chunk_comes_from_the_mt_cache(tmp_path: Path) -> None:
    sentences = _training_sentences()
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(f"{sentences[0]} {sentences[1]}\n", encoding="utf-8")
    (articles / "b.txt").write_text(f"{sentences[1]} {sentences[2]}\n", encoding="utf-8")
    chunked = run(_config(tmp_path, "chunked", 1))
    whole = run(_config(tmp_path, "whole", 1000))
    # Translated once either way; in chunks, the repeat in b is a cache hit of a's translation.
    assert (chunked.translated, chunked.cached) == (3, 1)
    assert (whole.translated, whole.cached) == (3, 0)


def test_a_slug_taken_in_an_earlier_chunk_refuses_a_later_claimant(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    sentence = _training_sentences()[0]
    (articles / "Festival.txt").write_text(f"{sentence}\n", encoding="utf-8")
    (articles / "festival.md").write_text(f"{sentence}\n", encoding="utf-8")
    for out, size in (("one", 1), ("many", 1000)):
        summary = run(_config(tmp_path, out, size))
        assert (summary.articles, summary.failed) == (1, 1)
        assert "festival.md: slug 'festival' belongs to Festival.txt" in summary.errors[0]
    # A second run keeps the same owner: the catalog records it.
    again = run(_config(tmp_path, "one", 1))
    assert (again.articles, again.failed, again.translated) == (1, 1, 0)


def test_the_same_file_name_in_two_folders_named_is_refused_in_a_later_chunk(tmp_path: Path) -> None:
    # Both record "festival.txt" below their own folder: only the run's set of taken slugs tells the
    # second from the owner of the catalog the first just wrote.
    sentences = _training_sentences()
    for folder, sentence in (("oggi", sentences[0]), ("ieri", sentences[1])):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "festival.txt").write_text(f"{sentence}\n", encoding="utf-8")
    inputs = (tmp_path / "oggi", tmp_path / "ieri")
    for out, size in (("one", 1), ("many", 1000)):
        summary = run(RunConfig(inputs, tmp_path / out, None, FIXTURE_MODEL, chunk_size=size))
        assert (summary.articles, summary.failed) == (1, 1)
        assert "ieri/festival.txt: slug 'festival' belongs to" in summary.errors[0]
    kept = (tmp_path / "one" / "festival" / "festival.it.txt").read_text(encoding="utf-8")
    assert kept == f"{sentences[0]}\n"  # the first named keeps its output folder


def _wait_for(path: Path, proc: subprocess.Popen[bytes], seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert proc.poll() is None, "the run ended before its first chunk was seen"
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.005)


def test_a_killed_run_resumes_without_retranslating_finished_work(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    count, chunk = 40, 4
    _write_articles(articles, count, per_article=4)
    args = ["run", articles, "--model", FIXTURE_MODEL, "--no-glossary", "--threads", "1"]
    args += ["--chunk-size", str(chunk)]
    clean = run_cli(*args, "-o", tmp_path / "clean", "--json")
    assert clean.returncode == 0, clean.stderr
    clean_summary = json.loads(clean.stdout)
    total = clean_summary["translated"]

    out = tmp_path / "killed"
    command = [sys.executable, "-m", "translate_news", *map(str, args), "-o", str(out), "-q"]
    proc = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy())
    try:
        for n in range(chunk):  # the first chunk written (its articles are written a few at a time)
            _wait_for(out / f"pezzo-{n:03d}" / f"pezzo-{n:03d}.en.txt", proc)
        assert proc.poll() is None, "the run finished before it could be killed: give it more articles"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    with TranslationMemory(memory_path(out)) as memory:
        kept = memory.stats().mt_rows
    assert 0 < kept < total
    written = sum(1 for _ in out.glob("pezzo-*/*.en.txt"))
    assert chunk <= written < count

    resumed = run_cli(*args, "-o", out, "--json")
    assert resumed.returncode == 0, resumed.stderr
    summary = json.loads(resumed.stdout)
    assert summary["translated"] == total - kept  # finished MT was never redone
    assert summary["articles"] == count
    # Chunk for chunk the same sentences are looked up: what is not translated again is a cache hit;
    # the articles finished (and recorded) before the kill are trusted, their sentences not looked up.
    looked_up = summary["translated"] + summary["cached"]
    assert summary["trusted"] <= written
    assert looked_up == total + clean_summary["cached"] if not summary["trusted"] else looked_up < total
    assert _outputs(out) == _outputs(tmp_path / "clean")


def test_json_summary_has_chunks_and_rates(tmp_path: Path) -> None:
    _write_articles(tmp_path / "articles", 3)
    result = run_cli(
        "run", tmp_path / "articles", "-o", tmp_path / "out", "--model", FIXTURE_MODEL, "--no-glossary",
        "--chunk-size", "2", "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert (document["articles"], document["chunks"]) == (3, 2)
    assert document["rate"]["articles_per_second"] > 0
    assert document["rate"]["segments_per_second"] > 0
    assert result.stderr == ""  # no progress line when stderr is not a terminal


def test_the_cli_default_chunk_size_is_the_pipeline_default() -> None:
    import importlib

    cli_main = importlib.import_module("translate_news.cli.main")
    option = next(p for p in cli_main.cli.commands["run"].params if p.name == "chunk_size")
    assert option.default == DEFAULT_CHUNK_SIZE


def test_progress_line_shows_counts_rate_and_eta() -> None:
    line = progress_line(Progress(articles=1200, total=30000, segments=5400, translated=3100, seconds=100.0))
    assert line == (
        "1,200/30,000 articles, 5,400 segments, 3,100 machine-translated; 12.0 articles/s, ETA 40m00s"
    )
    assert progress_line(Progress(0, 10, 0, 0, 0.0)) == "0/10 articles, 0 segments, 0 machine-translated"
    assert [format_duration(s) for s in (5, 425, 11520)] == ["5s", "7m05s", "3h12m"]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("quiet", "tty", "shown"), [(False, True, True), (True, True, False), (False, False, False)]
)
def test_progress_is_drawn_only_on_a_terminal_and_not_with_quiet(quiet: bool, tty: bool, shown: bool) -> None:
    stream = _Terminal() if tty else io.StringIO()
    reporter = TerminalReporter(quiet, stream)
    reporter.update(Progress(1, 2, 5, 5, 1.0))
    reporter.update(Progress(2, 2, 9, 9, 2.0))  # the last one is always drawn
    reporter.finish()
    text = stream.getvalue()
    assert ("2/2 articles, 9 segments" in text) is shown
    assert text.endswith("\n") is shown


def test_the_run_holds_no_set_of_every_slug_taken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 24: the slugs taken earlier in the run are in the memory connection's run_slugs table (a
    TEMP table, on disk); the run holds only the chunk in hand's own, so nothing it keeps grows with
    the articles, and a slug taken in an earlier chunk is still refused."""
    from translate_news.pipeline import runner

    _write_articles(tmp_path / "articles", 7)
    held: list[int] = []
    recorded: list[bool] = []
    flush = runner.TakenSlugs.flush

    def flushing(self: runner.TakenSlugs) -> None:
        held.append(len(self.pending))
        slugs = set(self.pending)
        flush(self)
        assert not self.pending
        recorded.append(all(s in self and self.memory.has_run_slug(s) for s in slugs))

    monkeypatch.setattr(runner.TakenSlugs, "flush", flushing)
    summary = run(_config(tmp_path, "out", 3))
    assert (summary.articles, summary.chunks, held, recorded) == (7, 3, [3, 3, 1], [True] * 3)
    (tmp_path / "articles" / "PEZZO-000.txt").write_text(_training_sentences()[0] + "\n", encoding="utf-8")
    held.clear()
    again = run(_config(tmp_path, "out", 1))  # a new run starts with none taken; one article a chunk
    assert again.articles == 7 and again.failed == 1  # two files, one slug, in two chunks
    assert "slug 'pezzo-000'" in again.errors[0]
