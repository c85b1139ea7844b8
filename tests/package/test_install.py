"""A plain install is complete: the wheel carries the film/TV glossary, and a run without any project
config uses it (and says so), exactly as a checkout with the Makefile's GLOSSARY does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import polib
import pytest
from support import ARTICLES, FIXTURE_MODEL, GLOSSARY, ROOT

WHEEL_GLOSSARY = "translate_news/data/glossaries/film-tv.it-en.tsv"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built as a wheel (as `pip install .` builds it) and unpacked into a folder of its own."""
    wheels = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", wheels, ROOT],
        capture_output=True,
        text=True,
        cwd=wheels,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("translate_news-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert WHEEL_GLOSSARY in names
        assert archive.read(WHEEL_GLOSSARY) == GLOSSARY.read_bytes()
    target = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def test_plain_install_translates_with_the_builtin_glossary(installed: Path, tmp_path: Path) -> None:
    articles = tmp_path / "desk" / "articles"
    articles.mkdir(parents=True)
    shutil.copy(ARTICLES / "eternauta-abbonati.md", articles)
    result = subprocess.run(
        [sys.executable, "-m", "translate_news", "run", articles, "-o", tmp_path / "desk" / "out"]
        + ["--model", FIXTURE_MODEL, "--threads", "1"],
        capture_output=True,
        text=True,
        cwd=tmp_path,  # no Makefile, pyproject or translate-news.toml anywhere above
        env={**os.environ, "PYTHONPATH": str(installed)},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    builtin = installed / WHEEL_GLOSSARY
    assert f"glossary: {builtin} (built-in film/TV glossary" in result.stderr
    catalog = polib.pofile(str(tmp_path / "desk" / "out" / "eternauta-abbonati" / "eternauta-abbonati.en.po"))
    applied = [e for e in catalog if any(line.startswith("glossary:") for line in e.comment.splitlines())]
    assert applied, "the built-in glossary's terms were not applied"
