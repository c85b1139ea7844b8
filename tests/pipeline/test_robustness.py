"""One bad thing costs one article, never the run: over-long sentences, corrupt models, bad options."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import hypothesis.strategies as st
import polib
import pytest
from hypothesis import given
from support import ARTICLES, FIXTURE_MODEL, ROOT, assert_one_line_error, run_cli

from translate_news.exchange import TMUnit, write_tmx
from translate_news.mt.engine import SourceBudget, position_limit
from translate_news.mt.long_sentences import split_to_budget
from translate_news.mt.packages import read_package


def words(text: str) -> int:
    return len(text.split())


def test_cut_prefers_clause_punctuation_near_the_middle() -> None:
    sentence = "uno due tre quattro, cinque sei sette; otto nove dieci undici, dodici tredici"
    pieces = split_to_budget(sentence, words, 8)
    assert [p.text for p in pieces] == [
        "uno due tre quattro, cinque sei sette;",
        "otto nove dieci undici, dodici tredici",
    ]
    assert pieces[0].gap == " " and pieces[1].gap == ""


def test_a_sentence_that_fits_is_one_piece() -> None:
    assert [p.text for p in split_to_budget("breve frase.", words, 8)] == ["breve frase."]


def test_no_cut_inside_a_glossary_term() -> None:
    sentence = "aaa bbb ccc ddd"
    assert [p.text for p in split_to_budget(sentence, words, 3)] == ["aaa bbb", "ccc ddd"]
    pieces = split_to_budget(sentence, words, 3, keep_whole=[(4, 11)])  # "bbb ccc"
    assert any("bbb ccc" in p.text for p in pieces)


def test_text_without_spaces_is_cut_in_half() -> None:
    pieces = split_to_budget("x" * 40, lambda t: len(t), 10)
    assert all(len(p.text) <= 10 for p in pieces)
    assert "".join(p.text + p.gap for p in pieces) == "x" * 40


@given(st.lists(st.sampled_from(["parola", "lunga,", "frase;", "qui:", "e", "poi"]), min_size=1, max_size=80))
def test_pieces_rebuild_the_sentence_and_fit(tokens: list[str]) -> None:
    sentence = " ".join(tokens)
    pieces = split_to_budget(sentence, words, 5)
    assert "".join(p.text + p.gap for p in pieces) == sentence
    assert all(words(p.text) <= 5 for p in pieces)
    assert all(sentence[p.start : p.end] == p.text for p in pieces)


@pytest.fixture
def model_dir(tmp_path: Path) -> Path:
    """The fixture package unpacked, to be damaged by a test."""
    with zipfile.ZipFile(FIXTURE_MODEL) as zf:
        zf.extractall(tmp_path / "unpacked")
    return next((tmp_path / "unpacked").iterdir())


def test_position_limit_is_read_from_the_model(model_dir: Path) -> None:
    assert position_limit(model_dir / "model") == 256  # max_position_embeddings in the fixture builder
    budget = SourceBudget(read_package(model_dir))
    assert budget.tokens == 128  # half the table: the translation needs room in it too
    assert not budget.might_exceed("Una frase breve.")
    assert budget.might_exceed(LONG_CLAUSE * 6) and budget.count(LONG_CLAUSE * 6) > 128
    (model_dir / "model" / "model.bin").write_bytes(b"\x06\x00")
    assert position_limit(model_dir / "model") is None


LONG_CLAUSE = (
    "il regista, la produttrice e gli attori della serie hanno presentato il film al festival di Torino"
)


def test_over_long_sentence_is_translated_in_pieces(tmp_path: Path) -> None:
    alone, both = tmp_path / "alone", tmp_path / "both"
    alone.mkdir()
    shutil.copy(ARTICLES / "botteghino-sale.txt", alone)
    shutil.copytree(alone, both)
    long_sentence = ("; ".join([LONG_CLAUSE] * 12)).capitalize() + "."
    (both / "lungo.txt").write_text(
        f"Titolo lungo\n\n{long_sentence}\n\nUna frase breve.\n", encoding="utf-8"
    )
    options = ("--model", FIXTURE_MODEL, "--threads", "1", "--no-glossary", "-q")
    assert run_cli("run", alone, "-o", tmp_path / "out-alone", *options).returncode == 0
    result = run_cli("run", both, "-o", tmp_path / "out-both", *options)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    entry = polib.pofile(str(tmp_path / "out-both" / "lungo" / "lungo.en.po")).find(long_sentence)
    assert entry is not None and entry.msgstr and "fuzzy" in entry.flags
    assert "qa: translated in 4 pieces: sentence longer than the model's limit" in entry.comment
    # The other article's sentences come out exactly as in a run without the long one.
    name = "botteghino-sale/botteghino-sale.en.po"
    before = {e.msgid: e.msgstr for e in polib.pofile(str(tmp_path / "out-alone" / name))}
    after = {e.msgid: e.msgstr for e in polib.pofile(str(tmp_path / "out-both" / name))}
    assert before == after
    # A re-run takes the draft from the MT cache and keeps the note.
    again = run_cli("run", both, "-o", tmp_path / "out-both", *options)
    assert again.returncode == 0, again.stderr
    entry = polib.pofile(str(tmp_path / "out-both" / "lungo" / "lungo.en.po")).find(long_sentence)
    assert "translated in 4 pieces" in entry.comment


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "breve.txt").write_text("Titolo\n\nUna frase breve.\n", encoding="utf-8")
    return articles


def damage_model_bin(package: Path) -> Path:
    path = package / "model" / "model.bin"
    path.write_bytes(path.read_bytes()[:1000])
    return path


def damage_sentencepiece(package: Path) -> Path:
    path = package / "sentencepiece.model"
    path.write_bytes(b"not a sentencepiece model")
    return path


def damage_metadata(package: Path) -> Path:
    path = package / "metadata.json"
    path.write_text('{"from_code": "it", ', encoding="utf-8")
    return path


def metadata_not_an_object(package: Path) -> Path:
    path = package / "metadata.json"
    path.write_text("[]", encoding="utf-8")
    return path


def damage_config(package: Path) -> Path:
    path = package / "model" / "config.json"
    path.write_text("{", encoding="utf-8")
    return path


def model_bin_unreadable(package: Path) -> Path:
    path = package / "model" / "model.bin"
    path.unlink()
    path.mkdir()  # reading it fails even for root, unlike a chmod
    return path


@pytest.mark.parametrize(
    ("damage", "needle"),
    [
        (damage_model_bin, "cannot load the model"),
        (damage_sentencepiece, "cannot load the SentencePiece model"),
        (damage_metadata, "unreadable package metadata"),
        (metadata_not_an_object, "expected a JSON object"),
        (damage_config, "cannot load the model"),
        (model_bin_unreadable, "cannot load the model"),
    ],
)
def test_corrupt_model_is_one_line(
    folder: Path, tmp_path: Path, model_dir: Path, damage, needle: str
) -> None:  # noqa: ANN001
    damaged = damage(model_dir)
    result = run_cli("run", folder, "-o", tmp_path / "out", "--model", model_dir, "--threads", "1")
    assert_one_line_error(result, str(damaged.relative_to(model_dir.parent)), needle)


@pytest.mark.parametrize(
    ("option", "needle"),
    [
        (["--compute-type", "bogus"], "--compute-type bogus: unknown"),
        (["--compute-type", "int16"], "--compute-type int16"),
    ],
)
def test_bad_engine_option_is_one_line(folder: Path, tmp_path: Path, option: list[str], needle: str) -> None:
    import ctranslate2

    if option[1] in ctranslate2.get_supported_compute_types("cpu"):
        pytest.skip(f"this CPU runs {option[1]}")
    result = run_cli(
        "run", folder, "-o", tmp_path / "out", "--model", FIXTURE_MODEL, "--threads", "1", *option
    )
    assert_one_line_error(result, needle)


def test_cuda_without_a_gpu_is_one_line(folder: Path, tmp_path: Path) -> None:
    import ctranslate2

    if ctranslate2.get_cuda_device_count() > 0:
        pytest.skip("this machine has a GPU")
    result = run_cli("run", folder, "-o", tmp_path / "out", "--model", FIXTURE_MODEL, "--device", "cuda")
    assert_one_line_error(result, "--device cuda")


def break_one_catalog(out: Path) -> tuple[Path, bytes]:
    """A reviewer's editor saved junk into one catalog: polib refuses it with a line number."""
    po = out / "botteghino-sale" / "botteghino-sale.en.po"
    lines = po.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(len(lines) // 2, "questa riga non è sintassi PO\n")
    po.write_text("".join(lines), encoding="utf-8")
    return po, po.read_bytes()


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("translate-news: error:")]


def test_status_check_and_build_report_a_malformed_po_and_go_on(demo_output: Path, tmp_path: Path) -> None:
    out = tmp_path / "output"
    shutil.copytree(demo_output, out)
    po, damaged = break_one_catalog(out)
    others = sorted(p.parent.name for p in out.glob("*/*.en.po") if p != po)
    english_files = ("*/*.en.txt", "*/*.en.md", "*/*.en.html")
    for pattern in english_files:
        for english in out.glob(pattern):
            english.unlink()

    status = run_cli("status", "-o", out)
    assert status.returncode == 3 and "Traceback" not in status.stderr
    [error] = error_lines(status.stderr)
    assert f"{po}:" in error and "malformed PO file" in error
    table = status.stdout.splitlines()
    assert [row.split()[0] for row in table[1:-1]] == others

    check = run_cli("check", "-o", out)
    assert check.returncode == 3 and "Traceback" not in check.stderr
    assert len(error_lines(check.stderr)) == 1
    report = json.loads((out / "qa-report.json").read_text(encoding="utf-8"))
    assert report["segments_checked"] > 0 and len(report["unreadable"]) == 1
    assert str(po) in report["unreadable"][0]

    build = run_cli("build", "-o", out)
    assert build.returncode == 3 and "Traceback" not in build.stderr
    assert len(error_lines(build.stderr)) == 1
    assert len(build.stdout.splitlines()) == len(others)
    assert sorted(p.parent.name for pattern in english_files for p in out.glob(pattern)) == others
    assert po.read_bytes() == damaged  # the reviewer's file is never rewritten


@contextlib.contextmanager
def lock_held(out: Path) -> Iterator[None]:
    """Another process's lock on ``out``: flock locks of different open files conflict."""
    with open(out / ".translate-news.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield


def test_build_and_tm_import_take_the_output_lock(demo_output: Path, tmp_path: Path) -> None:
    out = tmp_path / "output"
    shutil.copytree(demo_output, out)
    tmx = tmp_path / "memory.tmx"
    tmx.write_text(write_tmx([TMUnit("Una frase nuova.", "A new sentence.", "prova")]), encoding="utf-8")
    with lock_held(out):
        assert_one_line_error(run_cli("build", "-o", out), "another translate-news run")
        assert_one_line_error(run_cli("tm", "import", tmx, "-o", out), "another translate-news run")
    assert run_cli("build", "-o", out).returncode == 0
    imported = run_cli("tm", "import", tmx, "-o", out)
    assert imported.returncode == 0 and "imported 1 " in imported.stdout


# Runs the real CLI in a child process that signals itself right after the Nth file reaches the disk
# and before it is renamed into place: the signal lands in the middle of an atomic write.
SIGNAL_DURING_WRITE = """
import os, signal, sys
from translate_news.cli.main import main

# Ctrl-C as at a terminal: a child of a background job inherits SIGINT ignored, and the run then
# (rightly) ignores it too.
signal.signal(signal.SIGINT, signal.default_int_handler)

real_fsync, writes = os.fsync, [0]

def fsync(fd):
    real_fsync(fd)
    writes[0] += 1
    if writes[0] == int(os.environ["SIGNAL_AT_WRITE"]):
        os.kill(os.getpid(), getattr(signal, os.environ["SIGNAL_NAME"]))

os.fsync = fsync
sys.argv = ["translate-news", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize(
    ("name", "code", "message"), [("SIGTERM", 143, "terminated (SIGTERM)"), ("SIGINT", 130, "aborted")]
)
def test_a_signal_stops_the_run_cleanly(tmp_path: Path, name: str, code: int, message: str) -> None:
    articles = tmp_path / "articles"
    shutil.copytree(ARTICLES, articles)
    out = tmp_path / "output"
    options = ("-o", out, "--model", FIXTURE_MODEL, "--threads", "1", "-q", "--no-glossary")
    assert run_cli("run", articles, *options).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and ".tm" not in p.parts}
    for path in articles.glob("*.txt"):  # every article changes, so the run rewrites its files
        path.write_text("Aggiornamento: " + path.read_text(encoding="utf-8"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", SIGNAL_DURING_WRITE, "run", str(articles), *map(str, options)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "SIGNAL_AT_WRITE": "2", "SIGNAL_NAME": name},  # 1: the run record
        timeout=300,
    )
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    [line] = [line for line in result.stderr.splitlines() if line.strip()]
    assert line.startswith(f"translate-news: {message}")
    assert not [p for p in out.rglob("*.tmp")], "a temporary file was left behind"
    # The signal came while the first catalog was being written (its first file): every
    # catalog is whole, exactly as the previous run left it.
    catalogs = [p for p in before if p.name.endswith(".en.po")]
    assert catalogs and all(p.read_bytes() == before[p] for p in catalogs)
    for po in out.glob("*/*.en.po"):
        assert polib.pofile(str(po)) is not None
    assert run_cli("run", articles, *options).returncode == 0
