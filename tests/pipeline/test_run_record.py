"""The run record (issue 22.4): ``run`` writes what it used into the output folder, and ``check``,
``build`` and ``status`` take the glossary from it, say so on their first stderr line, and warn when
the glossary named or found now is not the one that made the drafts."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from support import FIXTURE_MODEL, run_cli

from translate_news.cli.project import output_glossary
from translate_news.errors import InputError
from translate_news.layout import run_record_path
from translate_news.pipeline.runner import RunConfig
from translate_news.pipeline.runner import run as run_pipeline
from translate_news.pipeline.runrecord import read_record

ARTICLE = "Il regista parla\n\nIl regista ha presentato il nuovo film.\n\nLo sceneggiatore era in sala.\n"
HEADER = "id\tsource\ttarget\tsource_forms\ttarget_forms\tpos\tcase_sensitive\tdnt\tforbidden\tnote\n"
# A term the built-in film/TV glossary does not have: a finding on it proves which glossary was used.
OURS = HEADER + "sala\tsala\ttheatre\tsala|sale\ttheatre|theatres\tnoun-f\tno\tno\t\t\n"
OTHER = HEADER + "parla\tparla\tspeaks\tparla\tspeaks\tverb\tno\tno\t\t\n"
SENTENCE = "Lo sceneggiatore era in sala."
ENGLISH = "The screenwriter was in the room."  # the test's English: no "theatre"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _ran(root: Path, *glossary: str | Path) -> Path:
    """articles/ run once into out/ (no project config anywhere above ``root``), then the reviewer's
    English typed into the catalog."""
    (root / "articles").mkdir(parents=True)
    (root / "articles" / "regista.txt").write_text(ARTICLE, encoding="utf-8")
    out = root / "out"
    result = run_cli(
        "run", root / "articles", "-o", out, "--model", FIXTURE_MODEL, "--threads", "1", *glossary
    )
    assert result.returncode == 0, result.stderr
    po = out / "regista" / "regista.en.po"
    catalog = polib.pofile(str(po), wrapwidth=0)
    entry = catalog.find(SENTENCE)
    entry.msgstr = ENGLISH
    entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    catalog.save(str(po))
    return out


@pytest.fixture(scope="module")
def with_ours(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("recorded")
    glossary = root / "terms" / "ours.it-en.tsv"
    glossary.parent.mkdir()
    glossary.write_text(OURS, encoding="utf-8")
    return _ran(root, "--glossary", glossary), glossary


@pytest.fixture(scope="module")
def without(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _ran(tmp_path_factory.mktemp("none"), "--no-glossary")


def _copy(out: Path, tmp_path: Path) -> Path:
    shutil.copytree(out, tmp_path / "out")
    return tmp_path / "out"


def _terms_found(out: Path) -> set[str]:
    report = json.loads((out / "qa-report.json").read_text("utf-8"))
    return {f["term"] for f in report["findings"]}


def test_run_writes_the_record(with_ours: tuple[Path, Path]) -> None:
    out, glossary = with_ours
    data = json.loads(run_record_path(out).read_text("utf-8"))
    assert data["glossary"]["path"] == str(glossary.resolve())
    assert data["glossary"]["sha256"] == _sha(glossary)
    assert data["glossary"]["from"] == "--glossary"
    assert data["model"]["name"] == "translate-it_en-fixture" and data["model"]["version"] == "1.0"
    assert data["options"]["beam_size"] == 4 and data["options"]["name_repair"] is True
    assert data["options"]["money_style"] == "symbol" and data["finished"] >= data["started"]
    record = read_record(out)
    assert record is not None and record.glossary.path == str(glossary.resolve())


def test_check_uses_the_recorded_glossary_and_says_so_first(
    with_ours: tuple[Path, Path], tmp_path: Path
) -> None:
    out, glossary = _copy(with_ours[0], tmp_path), with_ours[1]
    result = run_cli("check", "-o", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"glossary: {glossary.resolve()} (recorded by the run of "), result.stderr
    assert "warning: " not in result.stderr
    assert "sala" in _terms_found(out)  # checked against ours, not the built-in glossary
    document = json.loads(run_cli("check", "-o", out, "--json", cwd=tmp_path).stdout)
    assert document["glossary"] == str(glossary.resolve())
    choice = document["glossary_choice"]
    assert choice["path"] == str(glossary.resolve()) and choice["from"].startswith("recorded by the run of")
    assert choice["recorded"]["glossary"]["sha256"] == _sha(glossary) and choice["warnings"] == []


def test_another_glossary_wins_with_a_warning(with_ours: tuple[Path, Path], tmp_path: Path) -> None:
    out, ours = _copy(with_ours[0], tmp_path), with_ours[1]
    other = tmp_path / "other.tsv"
    other.write_text(OTHER, encoding="utf-8")
    result = run_cli("check", "-o", out, "--glossary", other, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == f"glossary: {other} (--glossary)"
    warning = next(line for line in lines if line.startswith("warning: "))
    assert str(ours.resolve()) in warning and _sha(ours)[:12] in warning and _sha(other)[:12] in warning
    assert "sala" not in _terms_found(out)
    none = run_cli("check", "-o", out, "--no-glossary", "--json", cwd=tmp_path)
    assert none.returncode == 0, none.stderr
    assert json.loads(none.stdout)["glossary"] is None
    assert any(
        str(ours.resolve()) in line for line in none.stderr.splitlines() if line.startswith("warning: ")
    )


def test_a_no_glossary_run_is_checked_without_one(without: Path, tmp_path: Path) -> None:
    out = _copy(without, tmp_path)
    result = run_cli("check", "-o", out, "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["glossary"] is None  # not the built-in film/TV glossary
    assert document["glossary_choice"]["from"].endswith(": --no-glossary")
    plain = run_cli("check", "-o", out, cwd=tmp_path)
    assert plain.stderr.splitlines()[0].startswith("glossary: none (recorded by the run of ")
    assert "warning: " not in plain.stderr


def test_an_edited_recorded_glossary_is_used_with_both_hashes(
    with_ours: tuple[Path, Path], tmp_path: Path
) -> None:
    out = _copy(with_ours[0], tmp_path)
    glossary = tmp_path / "ours.tsv"
    glossary.write_text(OURS, encoding="utf-8")
    record = json.loads(run_record_path(out).read_text("utf-8"))
    record["glossary"]["path"] = str(glossary)  # the recorded glossary is this copy, as the run had it
    run_record_path(out).write_text(json.dumps(record), encoding="utf-8")
    before = _sha(glossary)
    glossary.write_text(
        OURS + "film\tfilm\tmovie\tfilm\tmovie|movies\tnoun-m\tno\tno\t\t\n", encoding="utf-8"
    )
    result = run_cli("check", "-o", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"glossary: {glossary} (recorded by the run of ")
    assert any(
        before[:12] in line and _sha(glossary)[:12] in line for line in lines if line.startswith("warning: ")
    )
    assert "sala" in _terms_found(out)  # the file as it is now
    glossary.unlink()
    gone = run_cli("check", "-o", out, "--json", cwd=tmp_path)
    assert gone.returncode == 0 and "Traceback" not in gone.stderr, gone.stderr
    assert json.loads(gone.stdout)["glossary"] is None
    assert any(str(glossary) in line and "gone" in line for line in gone.stderr.splitlines())


def test_a_moved_glossary_is_found_by_its_content(with_ours: tuple[Path, Path], tmp_path: Path) -> None:
    """The output synced to another machine: the recorded path is gone, the project's glossary there
    holds the same bytes, and check uses it (saying so) instead of checking with none."""
    out = _copy(with_ours[0], tmp_path)
    record = json.loads(run_record_path(out).read_text("utf-8"))
    record["glossary"]["path"] = str(tmp_path / "elsewhere" / "ours.tsv")
    run_record_path(out).write_text(json.dumps(record), encoding="utf-8")
    (tmp_path / "terms.tsv").write_text(OURS, encoding="utf-8")
    (tmp_path / "translate-news.toml").write_text('glossary = "terms.tsv"\n', encoding="utf-8")
    result = run_cli("check", "-o", out, "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["glossary"] == str((tmp_path / "terms.tsv").resolve())
    [warning] = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert "elsewhere" in warning and "same content" in warning
    assert "sala" in _terms_found(out)


@pytest.mark.parametrize("command", ["status", "build"])
def test_status_and_build_name_the_recorded_glossary_first(
    with_ours: tuple[Path, Path], tmp_path: Path, command: str
) -> None:
    out, glossary = _copy(with_ours[0], tmp_path), with_ours[1]
    result = run_cli(command, "-o", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[0].startswith(
        f"glossary: {glossary.resolve()} (recorded by the run of "
    )
    document = json.loads(run_cli(command, "-o", out, "--json", cwd=tmp_path).stdout)
    assert document["glossary"]["path"] == str(glossary.resolve()) and document["glossary"]["warnings"] == []


def test_a_project_default_other_than_the_recorded_one_is_warned(
    with_ours: tuple[Path, Path], tmp_path: Path
) -> None:
    out, ours = _copy(with_ours[0], tmp_path), with_ours[1]
    (tmp_path / "other.tsv").write_text(OTHER, encoding="utf-8")
    (tmp_path / "translate-news.toml").write_text('glossary = "other.tsv"\n', encoding="utf-8")
    result = run_cli("check", "-o", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"glossary: {ours.resolve()} (recorded by the run of ")
    assert any("other.tsv" in line for line in lines if line.startswith("warning: "))
    assert "sala" in _terms_found(out)


def test_a_damaged_record_is_one_warning_and_the_old_lookup(
    with_ours: tuple[Path, Path], tmp_path: Path
) -> None:
    out = _copy(with_ours[0], tmp_path)
    run_record_path(out).write_bytes(b'{"format": 1, "glossary": ')
    for command in ("check", "status", "build"):
        result = run_cli(command, "-o", out, cwd=tmp_path)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
        assert len(warnings) == 1 and str(run_record_path(out)) in warnings[0], result.stderr
    check = json.loads((out / "qa-report.json").read_text("utf-8"))
    assert "built-in" in check["glossary_choice"]["from"]


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=200),
        st.recursive(
            st.none() | st.booleans() | st.text(max_size=8),
            lambda c: (
                st.lists(c, max_size=3)
                | st.dictionaries(
                    st.sampled_from(
                        ["format", "glossary", "path", "sha256", "started", "model", "options", "from"]
                    ),
                    c,
                    max_size=4,
                )
            ),
        ).map(lambda v: json.dumps(v).encode()),
    )
)
def test_any_record_bytes_read_as_a_record_or_one_input_error(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    out = tmp_path_factory.mktemp("bytes")
    run_record_path(out).write_bytes(data)
    try:
        read_record(out)
    except InputError as exc:
        assert "\n" not in str(exc) and str(run_record_path(out)) in str(exc)


class RecordLifecycle(RuleBasedStateMachine):
    """Runs with one glossary or another or none, glossary files edited, removed and restored, the
    record damaged: check's default glossary is always the last run's, warned about exactly when the
    file is not as that run had it; a glossary given is warned about exactly when it is not that one."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="record-lifecycle-"))
        (self.root / "articles").mkdir()
        self.out = self.root / "out"
        self.files = {name: self.root / f"{name}.tsv" for name in ("ours", "other")}
        for name, path in self.files.items():
            path.write_text(OURS if name == "ours" else OTHER, encoding="utf-8")
        self.last: tuple[Path | None, str | None] | None = None  # the last run's glossary and sha256
        self.damaged = False
        self.edits = 0

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    @rule(name=st.sampled_from(["ours", "other", None]))
    def run(self, name: str | None) -> None:
        path = self.files[name] if name is not None else None
        if path is not None and not path.exists():
            return  # a run with a missing glossary stops before any work (tested elsewhere)
        run_pipeline(RunConfig(self.root / "articles", self.out, path, FIXTURE_MODEL))
        self.last = (path, _sha(path) if path is not None else None)
        self.damaged = False

    @rule(name=st.sampled_from(["ours", "other"]))
    def edit(self, name: str) -> None:
        path = self.files[name]
        if path.exists():
            self.edits += 1
            with path.open("a", encoding="utf-8") as handle:
                handle.write(f"t{self.edits}\tparola{self.edits}\tword{self.edits}\t\t\tnoun\tno\tno\t\t\n")

    @rule(name=st.sampled_from(["ours", "other"]))
    def remove_or_restore(self, name: str) -> None:
        path = self.files[name]
        if path.exists():
            path.unlink()
        else:
            path.write_text(OURS if name == "ours" else OTHER, encoding="utf-8")

    @rule(data=st.binary(max_size=40))
    def damage_the_record(self, data: bytes) -> None:
        if self.last is not None:
            run_record_path(self.out).write_bytes(data)
            self.damaged = True

    @invariant()
    def check_goes_by_the_last_run(self) -> None:
        if self.last is None:
            return
        chosen = output_glossary(self.out)
        if self.damaged:
            assert chosen.record is None and len(chosen.warnings) == 1, chosen
            return
        path, sha = self.last
        assert chosen.record is not None and chosen.origin.startswith("recorded by the run of ")
        if path is None:
            assert chosen.path is None and chosen.warnings == (), chosen
        elif not path.exists():
            assert chosen.path is None and len(chosen.warnings) == 1 and "gone" in chosen.warnings[0]
        else:
            assert chosen.path == path.resolve()
            assert len(chosen.warnings) == (_sha(path) != sha), chosen
        for name, named_file in self.files.items():
            named = output_glossary(self.out, named_file)
            matches = (
                path is not None
                and named_file.resolve() == path.resolve()
                and (named_file.exists() and _sha(named_file) == sha)
            )
            assert named.path == named_file and bool(named.warnings) != matches, (name, named)
        assert bool(output_glossary(self.out, None, True).warnings) == (path is not None)


RecordLifecycle.TestCase.settings = settings(max_examples=25, stateful_step_count=12, deadline=None)
test_record_lifecycle = RecordLifecycle.TestCase
