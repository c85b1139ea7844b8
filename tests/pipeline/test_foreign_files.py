"""Cleanup touches only what translate-news wrote: a folder given as ``-o`` may hold other people's
files, ``*.tmp`` ones included, and they survive ``run`` and ``build``; our own stale temporaries
(``.translate-news-*.tmp``) go, and only in a folder that holds our marker (the lock file)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import hypothesis.strategies as st
from hypothesis import settings
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from support import FIXTURE_MODEL, run_cli

from translate_news.fileio import LOCK_NAME, TEMP_PREFIX, output_lock, write_atomic
from translate_news.mt.engine import EngineOptions
from translate_news.pipeline.runner import RunConfig, run

ARTICLE = "Il mercato apre alle otto.\n\nLe bancarelle chiudono alle due del pomeriggio.\n"
FOREIGN = {
    "notes.tmp": "appunti di un collega",
    ".notes.tmp": "un file nascosto di un editor",
    ".mercato.en.po.k3j2h1.tmp": "un nome come i nostri di una volta",
    f"{TEMP_PREFIX}mine.tmp": "il nostro nome, in una cartella che non è nostra",
    "archivio/.cache.tmp": "la cache di un altro programma",
    "archivio/bozza.tmp": "una bozza",
}


def _plant(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(text.encode("utf-8"))


def _survived(folder: Path, files: dict[str, str]) -> dict[str, str]:
    """The planted files whose bytes are not what was planted (missing or changed)."""
    return {
        name: text
        for name, text in files.items()
        if not (folder / name).is_file() or (folder / name).read_bytes() != text.encode("utf-8")
    }


def test_foreign_tmp_files_in_the_output_folder_survive_run_and_build(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "mercato.txt").write_text(ARTICLE, encoding="utf-8")
    somewhere = tmp_path / "somewhere"
    _plant(somewhere, FOREIGN)
    config = RunConfig(articles, somewhere, None, FIXTURE_MODEL, EngineOptions(threads=1))
    run(config)  # the first run: the folder is not ours yet
    assert _survived(somewhere, FOREIGN) == {}
    assert (somewhere / LOCK_NAME).is_file() and (somewhere / "mercato" / "mercato.en.po").is_file()
    built = run_cli("build", "-o", somewhere, "-q")  # now it holds our marker
    assert built.returncode == 0, built.stderr
    run(config)
    foreign = {k: v for k, v in FOREIGN.items() if not k.startswith(TEMP_PREFIX)}
    assert _survived(somewhere, foreign) == {}


def test_our_stale_temporaries_go_only_where_the_folder_is_ours(tmp_path: Path) -> None:
    ours, fresh = tmp_path / "ours", tmp_path / "fresh"
    stale = {f"{TEMP_PREFIX}a.en.po.x1y2.tmp": "", f"mercato/{TEMP_PREFIX}mercato.en.md.z9.tmp": ""}
    with output_lock(ours):
        write_atomic(ours / "mercato" / "mercato.en.md", "Il mercato.")
    _plant(ours, stale | FOREIGN)
    _plant(fresh, stale | FOREIGN)
    with output_lock(ours), output_lock(fresh):
        pass
    assert not any((ours / name).exists() for name in stale)
    assert _survived(ours, {k: v for k, v in FOREIGN.items() if not k.startswith(TEMP_PREFIX)}) == {}
    assert _survived(fresh, stale | FOREIGN) == {}  # a folder we never wrote: nothing of it is ours


FOREIGN_NAMES = st.from_regex(r"\A\.?[a-z]{1,6}(\.[a-z]{1,3}){0,2}(\.[a-z0-9]{1,6})?\.tmp\Z").filter(
    lambda name: not name.startswith(TEMP_PREFIX)
)


class OutputFolderLife(RuleBasedStateMachine):
    """Any sequence of runs (the lock taken and released), writes, killed writes and other people's
    files: no file translate-news did not write is removed or changed, and every temporary a killed
    write of ours left is gone once the folder is locked again."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="translate-news-foreign-"))
        self.folder = self.root / "out"
        self.folder.mkdir()
        self.foreign: dict[str, str] = {}
        self.stale: set[str] = set()

    @rule(name=FOREIGN_NAMES, sub=st.sampled_from(["", "mercato/", "archivio/"]), text=st.text(max_size=8))
    def someone_saves_a_file(self, name: str, sub: str, text: str) -> None:
        if (self.folder / sub / name).exists():
            return
        self.foreign[sub + name] = text
        _plant(self.folder, {sub + name: text})

    @rule(sub=st.sampled_from(["", "mercato/"]), tag=st.integers(0, 999))
    def a_write_of_ours_is_killed(self, sub: str, tag: int) -> None:
        name = f"{sub}{TEMP_PREFIX}mercato.en.po.k{tag}.tmp"
        _plant(self.folder, {name: "mezzo file"})
        self.stale.add(name)

    @rule(text=st.text(max_size=8))
    def a_run_writes(self, text: str) -> None:
        ours = (self.folder / LOCK_NAME).exists()
        with output_lock(self.folder):
            write_atomic(self.folder / "mercato" / "mercato.en.po", text)
        if ours:  # the folder held our marker: our stale temporaries are gone
            self.stale.clear()

    @precondition(lambda self: (self.folder / LOCK_NAME).exists())
    @rule()
    def a_build_locks(self) -> None:
        with output_lock(self.folder):
            pass
        self.stale.clear()

    @invariant()
    def foreign_files_are_untouched(self) -> None:
        assert _survived(self.folder, self.foreign) == {}

    @invariant()
    def our_stale_temporaries_go_when_the_folder_is_locked(self) -> None:
        left = {p.relative_to(self.folder).as_posix() for p in self.folder.rglob(f"{TEMP_PREFIX}*.tmp")}
        assert left == self.stale

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


TestOutputFolderLife = OutputFolderLife.TestCase
TestOutputFolderLife.settings = settings(max_examples=60, stateful_step_count=12, deadline=None)
