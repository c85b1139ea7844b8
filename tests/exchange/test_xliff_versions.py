"""``run``/``build --xliff 2.0|1.2|both``: which XLIFF versions are written."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import ARTICLES, FIXTURE_MODEL, run_cli

from translate_news.exchange import FORMATS, formats_with_xliff


@pytest.mark.parametrize(("version", "left_out"), [("both", set()), ("2.0", {"xliff12"}), ("1.2", {"xliff"})])
def test_only_the_other_xliff_version_is_left_out(version: str, left_out: set[str]) -> None:
    assert set(FORMATS) - set(formats_with_xliff(version)) == left_out


def test_run_writes_only_the_chosen_version_and_build_adds_the_other(tmp_path: Path) -> None:
    article = ARTICLES / "accordo-sag-aftra.md"
    out = tmp_path / "out"
    ran = run_cli(
        "run", article, "-o", out, "--model", FIXTURE_MODEL, "--threads", "1", "-q", "--xliff", "1.2"
    )
    assert ran.returncode == 0, ran.stderr
    folder = next(path for path in out.iterdir() if path.is_dir() and not path.name.startswith("."))
    names = {path.name for path in folder.iterdir()}
    assert f"{folder.name}.it-en.xliff12.xlf" in names and f"{folder.name}.it-en.xlf" not in names
    assert f"{folder.name}.it-en.tmx" in names and f"{folder.name}.it-en.tsv" in names
    xliff12 = (folder / f"{folder.name}.it-en.xliff12.xlf").read_bytes()

    built = run_cli("build", out, "--xliff", "2.0")
    assert built.returncode == 0, built.stderr
    assert (folder / f"{folder.name}.it-en.xlf").read_bytes().startswith(b"<?xml")
    assert (folder / f"{folder.name}.it-en.xliff12.xlf").read_bytes() == xliff12


def test_unknown_version_is_refused(tmp_path: Path) -> None:
    result = run_cli("build", tmp_path, "--xliff", "2.1")
    assert result.returncode == 2 and "Invalid value for '--xliff'" in result.stderr
