"""Notes describe the current text (issue 22, point 5): once a person's text replaces the machine
draft, the draft's ``#. qa:`` notes go and the next run writes the notes of the person's text.

The article and every English text are written for these tests; the draft is written by the test as
the run would write it (its ``origin:`` hash and ``qa:`` note), so no test depends on the model's output.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import FIXTURE_MODEL

from translate_news.mt.engine import EngineOptions
from translate_news.pipeline.prepare import prepare
from translate_news.pipeline.runner import RunConfig, run
from translate_news.provenance import mt_provenance, note_kind
from translate_news.qa.checks import SentencePair, run_checks
from translate_news.review.catalog import catalog_text, merge_catalog, plan_catalog

TITLE = "Cronache dal festival del cortometraggio"
FIGURES = "Alla rassegna hanno partecipato 12 registi di 3 paesi."
OTHER = "Le proiezioni si terranno nella sala grande del teatro comunale."
DRAFT = "The festival hosted 15 directors from 3 countries."  # the "machine" got a figure wrong
DRAFT_NOTE = "qa: number: 12 → expected 12, found 15"
CORRECT = "The festival hosted 12 directors from 3 countries."
NEW_PROBLEM = "The festival hosted 12 directors from 4 countries."
NEW_NOTE = "qa: number: 3 → expected 3, found 4"
PERSON_NOTE = "checked the figures with the press office"  # a person's own #. line


def _article(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "festival.txt"
    path.write_text(f"{TITLE}\n\n{FIGURES} {OTHER}\n", encoding="utf-8")
    return path


def _po_path(out: Path) -> Path:
    return out / "festival" / "festival.en.po"


def _entry(po: polib.POFile, msgid: str = FIGURES) -> polib.POEntry:
    return next(e for e in po if e.msgid == msgid and not e.obsolete)


def _save(po: polib.POFile, path: Path) -> None:
    path.write_text(catalog_text(po), encoding="utf-8")


def _as_draft_with_note(path: Path) -> list[str]:
    """Make the figures entry the draft the run would have written for DRAFT, with its qa: note and a
    person's own #. line; returns the entry's comment lines other than the draft's qa: note."""
    po = polib.pofile(str(path), wrapwidth=0)
    entry = _entry(po)
    origin = next(line for line in entry.comment.splitlines() if note_kind(line) == "origin")
    detail = origin.removeprefix("origin: mt ").rsplit(" #", 1)[0]
    entry.msgstr = DRAFT
    entry.flags = ["fuzzy"]
    entry.comment = "\n".join([mt_provenance(detail, DRAFT).format(), DRAFT_NOTE, PERSON_NOTE])
    _save(po, path)
    return [mt_provenance(detail, DRAFT).format(), PERSON_NOTE]


def _person_edits(path: Path, text: str, approve: bool) -> None:
    po = polib.pofile(str(path), wrapwidth=0)
    entry = _entry(po)
    entry.msgstr = text
    entry.flags = [] if approve else ["fuzzy"]
    _save(po, path)


@pytest.mark.parametrize("approve", [True, False], ids=["reviewed", "in-progress"])
def test_a_persons_text_gets_its_own_notes_and_the_drafts_go(tmp_path: Path, approve: bool) -> None:
    articles = tmp_path / "articles"
    _article(articles)
    config = RunConfig(articles, tmp_path / "out", None, FIXTURE_MODEL, EngineOptions(threads=1))
    assert run(config).failed == 0
    po_path = _po_path(config.output)
    kept_lines = _as_draft_with_note(po_path)

    _person_edits(po_path, CORRECT, approve)  # a correct text: no note at all after the re-run
    assert run(config).failed == 0
    entry = _entry(polib.pofile(str(po_path), wrapwidth=0))
    assert entry.msgstr == CORRECT
    assert ("fuzzy" in entry.flags) is not approve
    assert entry.comment.splitlines() == kept_lines  # origin and the person's own line, as they were

    _person_edits(po_path, NEW_PROBLEM, approve)  # a new problem: a note saying what it is
    assert run(config).failed == 0
    entry = _entry(polib.pofile(str(po_path), wrapwidth=0))
    assert entry.msgstr == NEW_PROBLEM
    assert ("fuzzy" in entry.flags) is not approve
    assert [line for line in entry.comment.splitlines() if note_kind(line) == "qa"] == [NEW_NOTE]
    assert [line for line in entry.comment.splitlines() if note_kind(line) != "qa"] == kept_lines

    before = po_path.read_bytes()
    assert run(config).failed == 0
    assert po_path.read_bytes().replace(b"\r", b"") == before.replace(b"\r", b"")  # stable: same notes


def test_an_untouched_draft_keeps_its_notes(tmp_path: Path) -> None:
    """The machine's own draft is still the machine's: its notes are the run's to write as before."""
    articles = tmp_path / "articles"
    _article(articles)
    config = RunConfig(articles, tmp_path / "out", None, FIXTURE_MODEL, EngineOptions(threads=1))
    assert run(config).failed == 0
    po = polib.pofile(str(_po_path(config.output)), wrapwidth=0)
    item = prepare(articles / "festival.txt", None, config.output)
    plan = plan_catalog(po, [u.msgid for u in item.units])
    assert plan[FIGURES].kind == "refresh"
    assert FIGURES not in person_qa_notes(item, plan, None)


# --- the merge, for any text a person writes --------------------------------------------------------

_WORDS = st.sampled_from(["the", "festival", "hosted", "directors", "from", "countries", "[DRAFT", "]"])
_NUMBERS = st.integers(min_value=0, max_value=40).map(str)
_TEXTS = st.lists(st.one_of(_WORDS, _NUMBERS), min_size=1, max_size=10).map(" ".join)
_COMMENTS = st.lists(
    st.sampled_from([DRAFT_NOTE, "qa: name: Rossi missing", PERSON_NOTE, "glossary: regista → director"]),
    max_size=5,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_TEXTS, approve=st.booleans(), lines=_COMMENTS)
def test_merge_notes_are_those_of_the_persons_text(
    tmp_path: Path, text: str, approve: bool, lines: list[str]
) -> None:
    """Whatever a person writes: their text and every non-qa line stay byte for byte, the qa: lines
    are exactly the checks of their text, and a second merge changes nothing."""
    articles = tmp_path / "articles"
    path = _article(articles)
    item = prepare(path, None, tmp_path / "out")
    old = polib.POFile(wrapwidth=0)
    for unit in item.units:
        comment = [mt_provenance("m@1 glossary g", DRAFT).format(), *lines]
        old.append(
            polib.POEntry(
                msgid=unit.msgid,
                msgstr=text,
                flags=[] if approve else ["fuzzy"],
                comment="\n".join(comment),
                occurrences=list(unit.occurrences),
            )
        )
    old = polib.pofile(catalog_text(old), wrapwidth=0)  # as read back from the file
    msgids = [u.msgid for u in item.units]

    def merge(catalog: polib.POFile) -> polib.POFile:
        plan = plan_catalog(catalog, msgids)
        notes = person_qa_notes(item, plan, None)
        merged, _ = merge_catalog(catalog, item.units, plan, {}, {}, notes)
        return polib.pofile(catalog_text(merged), wrapwidth=0)

    once = merge(old)
    for entry, before in zip(once, old, strict=True):
        assert entry.msgstr == before.msgstr == text
        assert entry.flags == before.flags
        kept = [line for line in before.comment.splitlines() if note_kind(line) != "qa"]
        assert [line for line in entry.comment.splitlines() if note_kind(line) != "qa"] == kept
        expected = run_checks(SentencePair(entry.msgid, text, msgid=entry.msgid), None, _checks())
        wanted = list(dict.fromkeys(finding.note() for finding in expected))
        assert [line for line in entry.comment.splitlines() if note_kind(line) == "qa"] == wanted
    assert catalog_text(merge(once)) == catalog_text(once)


def person_qa_notes(*args: object) -> dict[str, tuple[str, ...]]:
    """Imported when called: the run-level tests above also run against the code before this API."""
    from translate_news.pipeline.drafts import person_qa_notes as notes

    return notes(*args)  # type: ignore[arg-type]


def _checks() -> tuple[str, ...]:
    from translate_news.pipeline.drafts import PERSON_CHECKS

    return PERSON_CHECKS
