"""The command line as a user meets it: one-line errors, exit code 2, never a traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ARTICLES, FIXTURE_MODEL, run_cli


def assert_one_line_error(result, *needles: str) -> None:  # noqa: ANN001
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("translate-news: error:")]
    assert len(errors) == 1, result.stderr
    for needle in needles:
        assert needle in errors[0]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(ARTICLES / "botteghino-sale.txt", articles)
    return articles


@pytest.mark.parametrize(
    ("name", "content", "needles"),
    [
        ("vuoto.txt", b"", ["vuoto.txt", "empty file"]),
        ("binario.txt", b"PK\x03\x04\x00\x00binary", ["binario.txt", "binary file", "byte offset 4"]),
        ("latin1.txt", "Perché no\n".encode("latin-1"), ["latin1.txt", "byte 0xe9 at byte offset 5"]),
        ("vecchio.html", b'<meta charset="latin1"><p>Perch\xe9 no.</p>', ["vecchio.html", "charset latin1"]),
    ],
)
def test_bad_article_is_reported_and_others_processed(
    folder: Path, tmp_path: Path, name: str, content: bytes, needles: list[str]
) -> None:
    (folder / name).write_bytes(content)
    out = tmp_path / "out"
    result = run_cli("run", folder, "-o", out, "--model", FIXTURE_MODEL, "--threads", "1")
    assert_one_line_error(result, *needles)
    assert (out / "botteghino-sale" / "botteghino-sale.en.po").exists()


def test_skipped_files_are_listed_once_and_do_not_fail_the_run(folder: Path, tmp_path: Path) -> None:
    for name in ("articolo.docx", "bozza.txt~", "#bozza.txt#", ".nascosto.txt"):
        (folder / name).write_text("Titolo\n\nTesto.", encoding="utf-8")
    (folder / "2025").mkdir()
    result = run_cli("run", folder, "-o", tmp_path / "out", "--model", FIXTURE_MODEL, "--threads", "1")
    assert result.returncode == 0, result.stderr
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped 5:")]
    assert len(skipped) == 1
    for reason in ("unknown extension '.docx'", "backup file", "editor autosave", "hidden", "--recursive"):
        assert reason in skipped[0]


def test_run_single_files_and_recursive_slugs(tmp_path: Path) -> None:
    archive = tmp_path / "archivio"
    (archive / "2025" / "05").mkdir(parents=True)
    shutil.copy(ARTICLES / "botteghino-sale.txt", archive / "2025" / "05")
    shutil.copy(ARTICLES / "serie-tv-portale.html", archive)
    out = tmp_path / "out"
    one = run_cli("run", archive / "serie-tv-portale.html", "-o", out, "--model", FIXTURE_MODEL, "-q")
    assert one.returncode == 0, one.stderr
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["serie-tv-portale"]
    walked = run_cli("run", archive, "--recursive", "-o", out, "--model", FIXTURE_MODEL, "-q")
    assert walked.returncode == 0, walked.stderr
    assert (out / "2025-05-botteghino-sale" / "2025-05-botteghino-sale.en.po").exists()
    assert (out / "serie-tv-portale" / "serie-tv-portale.en.html").exists()


def test_missing_folder(tmp_path: Path) -> None:
    result = run_cli("run", tmp_path / "nope", "-o", tmp_path / "out", "--model", FIXTURE_MODEL)
    assert_one_line_error(result, "nope", "no such file or folder")
    assert not (tmp_path / "out").exists()


def test_missing_model_names_the_fixes(folder: Path, tmp_path: Path) -> None:
    empty = tmp_path / "no-packages"
    empty.mkdir()
    result = run_cli("run", folder, "-o", tmp_path / "out", env={"ARGOS_PACKAGES_DIR": str(empty)})
    assert_one_line_error(result, "no it→en model installed", "--from", "ARGOS_PACKAGES_DIR")


def test_model_file_that_is_not_a_package(folder: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.argosmodel"
    bogus.write_bytes(b"not a zip")
    result = run_cli("run", folder, "-o", tmp_path / "out", "--model", bogus)
    assert_one_line_error(result, "bogus.argosmodel", "zip")


def test_unwritable_output(folder: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    result = run_cli("run", folder, "-o", blocker / "out", "--model", FIXTURE_MODEL)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert blocker.read_text() == "x"


def test_malformed_glossary(folder: Path, tmp_path: Path) -> None:
    glossary = tmp_path / "bad.tsv"
    glossary.write_text("id\tsource\ttarget\nsolo-due-colonne\n", encoding="utf-8")
    result = run_cli("run", folder, "-o", tmp_path / "out", "--model", FIXTURE_MODEL, "--glossary", glossary)
    assert_one_line_error(result, "bad.tsv")


def test_install_from_file_and_list(tmp_path: Path) -> None:
    env = {"ARGOS_PACKAGES_DIR": str(tmp_path / "packages")}
    installed = run_cli("models", "install", "--from", FIXTURE_MODEL, env=env)
    assert installed.returncode == 0, installed.stderr
    listed = run_cli("models", "list", env=env)
    assert "it→en\ttranslate-it_en-fixture\t1.0" in listed.stdout
    assert (tmp_path / "packages" / "translate-it_en-fixture" / "model" / "model.bin").exists()
    assert not list((tmp_path / "packages").glob(".unpack-*"))  # atomic: no staging left behind


def test_install_without_network_is_one_line(tmp_path: Path) -> None:
    env = {"ARGOS_PACKAGES_DIR": str(tmp_path / "packages"), "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/"}
    result = run_cli("models", "install", "it", "en", env=env)
    assert_one_line_error(result, "cannot download the Argos package index", "--from")


def test_segment_command(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Titolo\n\nIl Sig. Rossi è arrivato. Poi è partito.\n", encoding="utf-8")
    result = run_cli("segment", article)
    assert result.stdout.splitlines() == ["Titolo", "Il Sig. Rossi è arrivato.", "Poi è partito."]
    lines = json.dumps({"id": "x", "text": "Costa 3,5 mln. di euro. Davvero!"}) + "\n"
    result = run_cli("segment", "--jsonl", input=lines)
    assert json.loads(result.stdout) == {"id": "x", "sentences": ["Costa 3,5 mln. di euro.", "Davvero!"]}


def test_help_does_not_import_torch_or_stanza() -> None:
    import subprocess
    import sys

    code = (
        "import sys, translate_news.cli; "
        "print(any(m.split('.')[0] in ('torch', 'stanza') for m in sys.modules))"
    )
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"
    )


def test_max_decoding_length_bounds_the_output(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("run", folder, "-o", out, "--model", FIXTURE_MODEL, "--max-decoding-length", "3", "-q")
    assert result.returncode == 0, result.stderr
    rows = (
        (out / "botteghino-sale" / "botteghino-sale.it-en.tsv").read_text(encoding="utf-8").splitlines()[1:]
    )
    assert all(len(row.split("\t")[2].split()) <= 3 for row in rows)
