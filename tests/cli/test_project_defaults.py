"""No input from the working directory: the default glossary comes from the project beside the
articles, ``#:`` references name the snapshot beside the PO, and the same run from two folders writes
the same bytes."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import polib
import pytest
from support import FIXTURE_MODEL, GLOSSARY, ROOT, run_cli

from translate_news.cli.project import choose_glossary, find_project_glossary
from translate_news.errors import InputError
from translate_news.fileio import LOCK_NAME
from translate_news.layout import RUN_RECORD, run_record_path

ARTICLE = """Il regista parla

Il regista ha presentato il nuovo film.

Lo sceneggiatore era in sala.
"""
_DATES = re.compile(r'^"?(?:POT-Creation-Date|PO-Revision-Date):.*$', re.M)


def _project(tmp_path: Path, config: tuple[str, str] | None) -> Path:
    """A project folder with articles/ and, optionally, one config file naming glossaries/terms.tsv."""
    (tmp_path / "glossaries").mkdir(parents=True)
    shutil.copy(GLOSSARY, tmp_path / "glossaries" / "terms.tsv")
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "regista.txt").write_text(ARTICLE, encoding="utf-8")
    if config is not None:
        (tmp_path / config[0]).write_text(config[1], encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    "config",
    [
        ("translate-news.toml", 'glossary = "glossaries/terms.tsv"\n'),
        (
            "pyproject.toml",
            '[project]\nname = "x"\n\n[tool.translate-news]\nglossary = "glossaries/terms.tsv"\n',
        ),
        ("Makefile", "OUT ?= output\nGLOSSARY ?= glossaries/terms.tsv  # the newsroom's terms\n"),
    ],
    ids=["toml", "pyproject", "makefile"],
)
def test_default_glossary_is_found_above_the_articles(tmp_path: Path, config: tuple[str, str]) -> None:
    project = _project(tmp_path, config)
    found = find_project_glossary(project / "articles" / "regista.txt")
    assert found is not None
    assert found.path == (project / "glossaries" / "terms.tsv").resolve()
    assert config[0].split(".")[0] in found.origin


def test_nearest_config_wins_and_options_override(tmp_path: Path) -> None:
    project = _project(tmp_path, ("Makefile", "GLOSSARY ?= missing.tsv\n"))
    (project / "articles" / "translate-news.toml").write_text('glossary = "../glossaries/terms.tsv"\n')
    assert find_project_glossary(project / "articles").path.name == "terms.tsv"  # type: ignore[union-attr]
    assert choose_glossary(Path("x.tsv"), False, project / "articles").path == Path("x.tsv")
    assert choose_glossary(None, True, project / "articles").path is None


def test_a_named_glossary_that_is_missing_is_an_error(tmp_path: Path) -> None:
    project = _project(tmp_path, ("Makefile", "all:\n\techo\nGLOSSARY ?= glossaries/gone.tsv\n"))
    with pytest.raises(InputError, match=r"Makefile:3: .*gone\.tsv"):
        find_project_glossary(project / "articles")
    result = run_cli("run", project / "articles", "-o", project / "out", "--model", FIXTURE_MODEL)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_makefile_value_with_variables_is_not_a_path(tmp_path: Path) -> None:
    project = _project(tmp_path, ("Makefile", "GLOSSARY ?= $(ROOT)/terms.tsv\n"))
    assert find_project_glossary(project / "articles") is None


def test_summary_says_which_glossary_or_none(tmp_path: Path) -> None:
    project = _project(tmp_path, ("translate-news.toml", 'glossary = "glossaries/terms.tsv"\n'))
    common = ("--model", FIXTURE_MODEL, "--threads", "1")
    used = run_cli("run", project / "articles", "-o", project / "out", *common, cwd=tmp_path)
    assert used.returncode == 0, used.stderr
    lines = used.stderr.splitlines()
    assert lines[0].startswith("1 articles, ")  # the summary line stays first, as scripts parse it
    assert lines[1] == f"glossary: {project.resolve() / 'glossaries' / 'terms.tsv'} " + (
        f"(default from translate-news.toml in {project.resolve()})"
    )
    none = run_cli("run", project / "articles", "-o", project / "out2", "--no-glossary", *common, "--json")
    assert none.returncode == 0, none.stderr
    assert json.loads(none.stdout)["glossary"] == {"path": None, "from": "--no-glossary"}


def _tree(folder: Path) -> dict[str, bytes]:
    """Every output file but the memory, the lock and the run record (each holds the run's clock)."""
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and ".sqlite" not in path.name and path.name not in (LOCK_NAME, RUN_RECORD):
            files[path.relative_to(folder).as_posix()] = _DATES.sub("", path.read_text("utf-8")).encode()
    return files


def test_same_run_from_two_working_directories_writes_the_same_bytes(tmp_path: Path) -> None:
    project = _project(tmp_path / "project", ("Makefile", "GLOSSARY ?= glossaries/terms.tsv\n"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    outputs = []
    for index, cwd in enumerate((project, elsewhere)):
        out = tmp_path / f"out{index}"
        args = ("run", project / "articles", "-o", out, "--model", FIXTURE_MODEL, "--threads", "1")
        result = run_cli(*args, cwd=cwd)
        assert result.returncode == 0, result.stderr
        assert "glossary: " in result.stderr and "terms.tsv" in result.stderr
        outputs.append(_tree(out))
    assert outputs[0] == outputs[1]
    assert "regista/regista.en.po" in outputs[0]
    catalog = polib.pofile(str(tmp_path / "out0" / "regista" / "regista.en.po"))
    assert {occurrence for entry in catalog for occurrence in entry.occurrences} == {
        ("regista.it.txt", "1"),
        ("regista.it.txt", "3"),
        ("regista.it.txt", "5"),
    }


def test_references_open_the_snapshot_at_the_segment(tmp_path: Path) -> None:
    """A reviewer's editor opens ``#: regista.it.txt:LINE`` beside the PO: that line starts the msgid."""
    project = _project(tmp_path, None)
    result = run_cli(
        "run",
        project / "articles",
        "-o",
        project / "out",
        "--no-glossary",
        "--model",
        FIXTURE_MODEL,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    folder = project / "out" / "regista"
    snapshot = (folder / "regista.it.txt").read_text("utf-8").splitlines()
    for entry in polib.pofile(str(folder / "regista.en.po")):
        for name, line in entry.occurrences:
            assert (folder / name).is_file()
            assert snapshot[int(line) - 1].startswith(entry.msgid)


def test_check_finds_the_glossary_from_the_output_folder(tmp_path: Path) -> None:
    """``check -o project/out`` uses the project's glossary even when run from elsewhere."""
    project = _project(tmp_path / "project", ("translate-news.toml", 'glossary = "glossaries/terms.tsv"\n'))
    ran = run_cli("run", project / "articles", "-o", project / "out", "--model", FIXTURE_MODEL, cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    terms = (project / "glossaries" / "terms.tsv").resolve()
    checked = run_cli("check", "-o", project / "out", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    first = checked.stderr.splitlines()[0]  # the run's record: the glossary it took from the project
    assert first.startswith(f"glossary: {terms} (recorded by the run of ") and "translate-news.toml" in first
    report = json.loads((project / "out" / "qa-report.json").read_text("utf-8"))
    assert report["glossary"] == str(terms)
    run_record_path(project / "out").unlink()  # an output made before runs were recorded
    checked = run_cli("check", "-o", project / "out", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert (
        checked.stderr.splitlines()[0]
        == f"glossary: {terms} (default from translate-news.toml in {project.resolve()})"
    )
    report = json.loads((project / "out" / "qa-report.json").read_text("utf-8"))
    assert report["glossary"] == str(terms)
