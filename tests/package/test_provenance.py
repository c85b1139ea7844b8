"""Provenance and carried translations are values: what ``format()`` writes, ``parse()`` reads back."""

from __future__ import annotations

import polib
from hypothesis import given
from hypothesis import strategies as st

from translate_news.provenance import (
    Carried,
    Provenance,
    draft_hash,
    mt_provenance,
    note_kind,
)
from translate_news.review.catalog import is_machine_draft, provenance_of

# One comment line: no character ``str.splitlines`` breaks on (a carried text's \n and \r are escaped)
LINE = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=60)
HASH = st.text("0123456789abcdef", min_size=8, max_size=8)
PROVENANCES = st.one_of(
    st.builds(Provenance, st.just("mt"), LINE, HASH),
    st.builds(Provenance, st.just("tm"), LINE),
)
STATES = st.sampled_from(["reviewed", "in progress"])
CARRIED = st.one_of(
    st.builds(Carried, STATES, st.text(max_size=60)),
    # without a state, a text that itself starts like one would read as that state
    st.builds(Carried, st.none(), st.text(max_size=60).filter(lambda t: not t.startswith(("(r", "(i")))),
)


@given(PROVENANCES)
def test_provenance_round_trips(provenance: Provenance) -> None:
    line = provenance.format()
    assert len(line.splitlines()) == 1 and note_kind(line) == "origin"
    assert Provenance.parse(line) == provenance


@given(CARRIED)
def test_carried_translation_round_trips_on_one_line(carried: Carried) -> None:
    line = carried.format()
    assert len(line.splitlines()) == 1 and note_kind(line) == "previous"
    assert Carried.parse(line) == carried


def test_the_lines_we_write_look_as_before() -> None:
    assert (
        mt_provenance("m@1 glossary g", "Hi.").format() == f"origin: mt m@1 glossary g #{draft_hash('Hi.')}"
    )
    assert (
        Provenance("tm", "reviewed in a by Ada 2026-11-02").format()
        == "origin: tm reviewed in a by Ada 2026-11-02"
    )
    assert Carried("reviewed", "A\nB").format() == "previous translation: (reviewed) A\\nB"
    assert Carried.parse("previous translation: plain text") == Carried(None, "plain text")


def test_other_lines_are_not_provenance() -> None:
    for line in ("glossary: regista → director", "qa: number: 3", "origin: human", "origin:mt x"):
        assert Provenance.parse(line) is None and Carried.parse(line) is None
    assert [note_kind(x) for x in ("qa: x", "localized: x", "note: x", "a person's note")] == [
        "qa",
        "localized",
        "note",
        None,
    ]


def test_an_untouched_draft_is_told_from_an_edited_one() -> None:
    entry = polib.POEntry(msgid="Ciao.", msgstr="Hello.", flags=["fuzzy"])
    entry.comment = "\n".join(["glossary: x → y", mt_provenance("m@1 glossary g", "Hello.").format()])
    assert provenance_of(entry) == mt_provenance("m@1 glossary g", "Hello.") and is_machine_draft(entry)
    entry.msgstr = "Hello there."
    assert not is_machine_draft(entry)
    entry.comment = Provenance("tm", "reviewed").format()
    assert provenance_of(entry) == Provenance("tm", "reviewed") and not is_machine_draft(entry)
    entry.comment = ""
    assert provenance_of(entry) is None and not is_machine_draft(entry)


def test_an_xliff_import_carries_the_persons_text_it_replaces_with_its_state() -> None:
    from translate_news.exchange import ExchangeUnit
    from translate_news.review.xliff_merge import merge_units
    from translate_news.segmentation.segment import segment_id

    catalog = polib.POFile()
    edit = "The festival opens.\nTomorrow, the jury."  # a person's edit in progress, over two lines
    catalog.append(polib.POEntry(msgid="Il festival apre.", msgstr=edit, flags=["fuzzy"]))
    unit = ExchangeUnit(
        segment_id("Il festival apre.", 1), "Il festival apre.", "The festival opens today.", "reviewed"
    )
    assert merge_units(catalog, [unit], po_is_newer=False).reviewed == 1
    lines = catalog[0].comment.splitlines()
    assert lines == ["previous translation: (in progress) The festival opens.\\nTomorrow, the jury."]
    assert Carried.parse(lines[0]) == Carried("in progress", edit)
