"""Every catalog a person saved that ``msgfmt -c`` accepts is kept across runs, and no Italian reaches
the English article without a finding and a count.

Each test here failed before the change it guards: plural entries replaced by drafts, a person's
``#.`` and ``#|`` lines dropped, identity-folded twins (``'``/``’``) taking each other's text, XLIFF
copies of one sentence merged wrongly, a CAT tool's "copy source to target" imported, and an article
whose input format changed built from its old snapshot. The articles and the English are written here.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import FIXTURE_MODEL, merge_mt_drafts, run_cli

from translate_news.exchange import ExchangeUnit, write_xliff
from translate_news.glossary.model import Glossary
from translate_news.identity import sentence_key
from translate_news.mt.engine import EngineOptions
from translate_news.pipeline.runner import RunConfig, build_output, run
from translate_news.qa.checks import SentencePair, check_italian, italian_target
from translate_news.qa.folder import check_folder
from translate_news.review.catalog import (
    catalog_text,
)
from translate_news.review.po_syntax import check_po_bytes
from translate_news.review.xliff_merge import merge_units
from translate_news.segmentation.segment import segment_id

MSGFMT = shutil.which("msgfmt")
needs_msgfmt = pytest.mark.skipif(MSGFMT is None, reason="GNU gettext (msgfmt) not installed")

TITLE = "Mostra di fotografia a Bari"
ONE = "La mostra apre venerdì nelle sale del castello svevo."
TWO = "Le fotografie raccontano trent'anni di vita nei quartieri."
THREE = "Il biglietto ridotto vale anche per gli studenti universitari."
TWIN = "L'autrice sarà presente all'inaugurazione."
TWIN_CURLY = TWIN.replace("'", "\u2019")


def _config(tmp_path: Path) -> RunConfig:
    (tmp_path / "articles").mkdir(exist_ok=True)
    return RunConfig(tmp_path / "articles", tmp_path / "out", None, FIXTURE_MODEL, EngineOptions(threads=1))


def _write_article(config: RunConfig, sentences: list[str], name: str = "mostra.txt") -> Path:
    path = Path(str(config.articles)) / name
    path.write_text(TITLE + "\n\n" + " ".join(sentences) + "\n", encoding="utf-8")
    return path


def _po_path(config: RunConfig, slug: str = "mostra") -> Path:
    return config.output / slug / f"{slug}.en.po"


def _entry(po: polib.POFile, msgid: str) -> polib.POEntry:
    return next(e for e in po if e.msgid == msgid and not e.obsolete and e.msgctxt is None)


def _save(po: polib.POFile, path: Path) -> None:
    """As an editor saves: the bytes must be a catalog ``msgfmt -c`` accepts."""
    path.write_text(catalog_text(po), encoding="utf-8")
    if MSGFMT:
        subprocess.run([MSGFMT, "-c", "-o", "/dev/null", str(path)], check=True)


def _review(po: polib.POFile, msgid: str, text: str) -> polib.POFile:
    entry = _entry(po, msgid)
    entry.msgstr, entry.flags = text, []
    return polib.pofile(catalog_text(po))


# --- everything msgfmt accepts is kept ----------------------------------------------------------


def _without_qa(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#. qa: "))


def test_a_plural_entry_a_reviewer_made_is_kept_and_the_english_uses_msgstr_0(tmp_path: Path) -> None:
    config = _config(tmp_path)
    _write_article(config, [ONE, TWO])
    run(config)
    po = polib.pofile(str(_po_path(config)))
    entry = _entry(po, TWO)
    entry.msgid_plural = "Le fotografie raccontano trent'anni di vita nel quartiere."
    entry.msgstr = ""
    entry.msgstr_plural = {0: "The photographs tell thirty years of life in the districts.", 1: "One photo."}
    entry.flags = []
    _save(po, _po_path(config))
    before = _entry(polib.pofile(str(_po_path(config))), TWO).__unicode__(wrapwidth=0)

    summary = run(config)
    built = build_output(config.output)

    # Kept as the reviewer made it; only the qa: notes now describe their text, not the draft's (22.5).
    after = _entry(polib.pofile(str(_po_path(config))), TWO).__unicode__(wrapwidth=0)
    assert _without_qa(after) == _without_qa(before)
    english = (config.output / "mostra" / "mostra.en.txt").read_text(encoding="utf-8")
    assert "The photographs tell thirty years of life in the districts." in english
    assert TWO not in english and summary.italian == 0 and built[0].italian == 0


def test_a_plural_entry_whose_sentence_changes_carries_every_form() -> None:
    po = merge_mt_drafts(None, [ONE, TWO])
    entry = _entry(po, TWO)
    entry.msgid_plural, entry.msgstr, entry.flags = TWO + " (plurale)", "", []
    entry.msgstr_plural = {0: "Thirty years of the districts.", 1: "Thirty years, in pictures."}
    po = polib.pofile(catalog_text(po))
    changed = TWO.replace("trent'anni", "quarant'anni")
    text = catalog_text(merge_mt_drafts(po, [ONE, changed]))
    assert "Thirty years of the districts." in text and "Thirty years, in pictures." in text


def test_a_persons_comments_and_previous_lines_survive_a_refreshed_draft(tmp_path: Path) -> None:
    config = _config(tmp_path)
    _write_article(config, [ONE, TWO, THREE])
    run(config)
    po = polib.pofile(str(_po_path(config)))
    draft = _entry(po, ONE)  # an untouched machine draft: the run refreshes it
    assert "fuzzy" in draft.flags
    draft.tcomment = "ask the desk about the castle's name"
    draft.comment += "\nchecked against the press release"
    draft.previous_msgctxt, draft.previous_msgid = "sommario", "La mostra apre sabato."
    variant = polib.POEntry(msgctxt="titolo breve", msgid=THREE, msgstr="Student tickets", flags=[])
    po.append(variant)
    _save(po, _po_path(config))

    run(config)

    po = polib.pofile(str(_po_path(config)))
    draft = _entry(po, ONE)
    assert draft.tcomment == "ask the desk about the castle's name"
    assert "checked against the press release" in draft.comment.splitlines()
    assert (draft.previous_msgctxt, draft.previous_msgid) == ("sommario", "La mostra apre sabato.")
    kept = next(e for e in po if e.msgctxt == "titolo breve")
    assert (kept.msgid, kept.msgstr) == (THREE, "Student tickets")


def test_a_persons_extracted_comment_moves_with_a_changed_sentence() -> None:
    po = merge_mt_drafts(None, [ONE, TWO])
    _entry(po, TWO).comment += "\nthe curator's spelling, keep it"
    po = polib.pofile(catalog_text(po))
    changed = TWO.replace("quartieri", "rioni")
    new = _entry(merge_mt_drafts(po, [ONE, changed]), changed)
    assert new.previous_msgid == TWO and "the curator's spelling, keep it" in new.comment.splitlines()


SENTENCES = [TITLE, ONE, TWO, THREE, TWIN]
EDITS = ("translator comment", "extracted comment", "previous lines", "plural", "variant", "review", "flag")


def _has(entry: polib.POEntry, what: str, value: object) -> bool:
    """Whether ``entry`` still holds what a person added (a later plural edit of theirs replaces a
    reviewed text and the flags)."""
    if what == "tcomment":
        return value in entry.tcomment.splitlines()
    if what == "comment":
        return value in entry.comment.splitlines()
    if what == "previous":
        return (entry.previous_msgctxt, entry.previous_msgid) == value
    if what == "plural":
        return entry.msgstr_plural == value
    if what == "msgstr":
        return entry.msgstr == value or bool(entry.msgid_plural)
    return value in entry.flags or bool(entry.msgid_plural)


@settings(max_examples=60, deadline=None)
@given(
    edits=st.lists(st.tuples(st.integers(0, len(SENTENCES) - 1), st.sampled_from(EDITS)), max_size=8),
    curly=st.booleans(),
)
def test_whatever_a_person_adds_that_msgfmt_accepts_survives_a_merge(
    edits: list[tuple[int, str]], curly: bool
) -> None:
    """Random additions a person makes in an editor, then a run (the source optionally re-saved with
    curly apostrophes): every one of them is still in the catalog, as written."""
    po = merge_mt_drafts(None, SENTENCES)
    expected: list[tuple[str, str, object]] = []  # (sentence key, what, value)
    for n, (index, edit) in enumerate(edits):
        msgid = SENTENCES[index]
        entry = next((e for e in po if e.msgid == msgid and e.msgctxt is None), None)
        if entry is None or entry.msgid_plural:
            continue  # a plural entry is edited as a whole once
        if edit in ("previous lines", "review"):  # the person replaces what they wrote there before
            expected = [x for x in expected if x[:2] != (msgid, {"review": "msgstr"}.get(edit, "previous"))]
        if edit == "translator comment":
            entry.tcomment = f"{entry.tcomment}\ndesk note {n}".strip()
            expected.append((msgid, "tcomment", f"desk note {n}"))
        elif edit == "extracted comment":
            entry.comment += f"\nsource checked {n}"
            expected.append((msgid, "comment", f"source checked {n}"))
        elif edit == "previous lines":
            entry.previous_msgctxt, entry.previous_msgid = f"bozza {n}", f"Versione precedente {n}."
            expected.append((msgid, "previous", (f"bozza {n}", f"Versione precedente {n}.")))
        elif edit == "plural":
            entry.msgid_plural, entry.msgstr, entry.flags = msgid, "", []
            entry.msgstr_plural = {0: f"Singular {n}.", 1: f"Plural {n}."}
            expected.append((msgid, "plural", {0: f"Singular {n}.", 1: f"Plural {n}."}))
        elif edit == "variant":
            if not any(e.msgctxt == f"variante {n}" for e in po):
                po.append(polib.POEntry(msgctxt=f"variante {n}", msgid=msgid, msgstr=f"Variant {n}."))
                expected.append((msgid, "variant", f"Variant {n}."))
        elif edit == "review":
            entry.msgstr, entry.flags = f"Reviewed {n}.", [f for f in entry.flags if f != "fuzzy"]
            expected.append((msgid, "msgstr", f"Reviewed {n}."))
        else:
            entry.flags.append("no-wrap")
            expected.append((msgid, "flag", "no-wrap"))
    saved = catalog_text(po)
    assert check_po_bytes(saved.encode()) == ()
    msgids = [m.replace("'", "\u2019") for m in SENTENCES] if curly else SENTENCES
    merged = merge_mt_drafts(polib.pofile(saved), msgids)
    for msgid, what, value in expected:
        key = sentence_key(msgid)
        if what == "variant":
            assert any(e.msgctxt and sentence_key(e.msgid) == key and e.msgstr == value for e in merged)
            continue
        entry = next(e for e in merged if sentence_key(e.msgid) == key and not e.obsolete and not e.msgctxt)
        found = _has(entry, what, value)
        assert found, f"{what} {value!r} of {msgid!r} was lost: {entry}"


# --- identity-folded twins ----------------------------------------------------------------------


def test_twins_differing_only_in_apostrophe_keep_their_own_reviewed_texts() -> None:
    po = merge_mt_drafts(None, [TWIN, ONE, TWIN_CURLY])
    po = _review(po, TWIN, "The author will attend the opening.")
    po = _review(po, TWIN_CURLY, "The author is expected at the opening night.")
    again = merge_mt_drafts(po, [TWIN, ONE, TWIN_CURLY])
    assert _entry(again, TWIN).msgstr == "The author will attend the opening."
    assert _entry(again, TWIN_CURLY).msgstr == "The author is expected at the opening night."


def test_twins_folded_into_one_sentence_keep_both_texts_in_the_catalog() -> None:
    po = merge_mt_drafts(None, [TWIN, ONE, TWIN_CURLY])
    po = _review(po, TWIN, "The author will attend the opening.")
    po = _review(po, TWIN_CURLY, "The author is expected at the opening night.")
    once = merge_mt_drafts(po, [TWIN_CURLY, ONE])  # an editor turned every ' into ’
    assert _entry(once, TWIN_CURLY).msgstr == "The author is expected at the opening night."
    assert "The author will attend the opening." in {e.msgstr for e in once}
    back = merge_mt_drafts(once, [TWIN, ONE, TWIN_CURLY])  # and the straight one came back: it revives
    assert _entry(back, TWIN).msgstr == "The author will attend the opening."
    assert _entry(back, TWIN_CURLY).msgstr == "The author is expected at the opening night."


def test_twins_in_one_article_each_reach_the_english_with_their_own_text(tmp_path: Path) -> None:
    config = _config(tmp_path)
    _write_article(config, [TWIN, ONE, TWIN_CURLY])
    run(config)
    po = polib.pofile(str(_po_path(config)))
    po = _review(po, TWIN, "The author will attend the opening.")
    po = _review(po, TWIN_CURLY, "The author is expected at the opening night.")
    _save(po, _po_path(config))
    run(config)
    build_output(config.output)
    english = (config.output / "mostra" / "mostra.en.txt").read_text(encoding="utf-8")
    assert "The author will attend the opening." in english
    assert "The author is expected at the opening night." in english


# --- XLIFF copies of one entry --------------------------------------------------------------------


def _xliff_catalog() -> tuple[polib.POFile, str]:
    po = merge_mt_drafts(None, [ONE, TWO])
    return po, segment_id(TWO, 1)


def test_xliff_copies_edited_to_different_texts_are_a_conflict_not_unchanged() -> None:
    po, uid = _xliff_catalog()
    before = catalog_text(po)
    units = [
        ExchangeUnit(uid, TWO, "Thirty years of life in the districts.", "reviewed"),
        ExchangeUnit(f"{uid}-2", TWO, "Three decades of neighbourhood life.", "reviewed"),
    ]
    result = merge_units(po, units, po_is_newer=False)
    assert len(result.conflicts) == 1 and "different translations" in result.conflicts[0]
    assert result.unchanged == 0 and (result.reviewed, result.drafts) == (0, 0)
    assert catalog_text(po) == before


@pytest.mark.parametrize("edited", [0, 1])
def test_an_edit_on_any_copy_of_a_repeated_segment_is_applied(edited: int) -> None:
    po, uid = _xliff_catalog()
    draft = _entry(po, TWO).msgstr
    units = [
        ExchangeUnit(uid, TWO, draft, "translated"),
        ExchangeUnit(f"{uid}-2", TWO, draft, "translated"),
    ]
    units[edited] = ExchangeUnit(units[edited].id, TWO, "Thirty years of life in the districts.", "reviewed")
    result = merge_units(po, units, po_is_newer=False)
    assert (result.reviewed, result.conflicts) == (1, ())
    entry = _entry(po, TWO)
    assert entry.msgstr == "Thirty years of life in the districts." and "fuzzy" not in entry.flags


def test_copies_that_agree_are_applied_once() -> None:
    po, uid = _xliff_catalog()
    text = "Thirty years of life in the districts."
    units = [ExchangeUnit(uid, TWO, text, "reviewed"), ExchangeUnit(f"{uid}-2", TWO, text, "reviewed")]
    result = merge_units(po, units, po_is_newer=False)
    assert (result.reviewed, result.unchanged, result.conflicts) == (1, 0, ())
    assert _entry(po, TWO).msgstr == text


@pytest.mark.parametrize("state", ["initial", "translated", "reviewed"])
def test_a_target_copied_from_the_source_is_untouched(state: str) -> None:
    po, uid = _xliff_catalog()
    before = catalog_text(po)
    result = merge_units(po, [ExchangeUnit(uid, TWO, TWO, state)], po_is_newer=False)  # type: ignore[arg-type]
    assert (result.reviewed, result.drafts, result.conflicts) == (0, 0, ())
    assert result.unchanged == 1 and catalog_text(po) == before


def test_an_xliff_edit_of_a_plural_entry_is_a_conflict_and_the_entry_stays_plural() -> None:
    po, uid = _xliff_catalog()
    entry = _entry(po, TWO)
    entry.msgid_plural, entry.msgstr, entry.flags = TWO, "", []
    entry.msgstr_plural = {0: "Thirty years of the districts.", 1: "Thirty years, in pictures."}
    before = catalog_text(po)
    untouched = merge_units(
        po, [ExchangeUnit(uid, TWO, "Thirty years of the districts.", "reviewed")], po_is_newer=False
    )
    assert (untouched.unchanged, untouched.conflicts) == (1, ())
    edited = merge_units(po, [ExchangeUnit(uid, TWO, "Three decades.", "reviewed")], po_is_newer=False)
    assert len(edited.conflicts) == 1 and "plural" in edited.conflicts[0]
    assert catalog_text(po) == before


def test_xliff_import_of_a_repeated_sentence_end_to_end(tmp_path: Path) -> None:
    """Through the CLI: copies finalised with different texts are reported (exit 1), the PO untouched;
    a copy that holds the Italian source is not imported."""
    config = _config(tmp_path)
    _write_article(config, [TWO, ONE, TWO])
    run(config)
    po_path = _po_path(config)
    before = po_path.read_bytes()
    uid = segment_id(TWO, 1)
    units = [
        ExchangeUnit(uid, TWO, "Thirty years of life in the districts.", "reviewed"),
        ExchangeUnit(f"{uid}-2", TWO, "Three decades of neighbourhood life.", "reviewed"),
        ExchangeUnit(segment_id(ONE, 1), ONE, ONE, "translated"),
    ]
    xlf = tmp_path / "mostra.it-en.xlf"
    xlf.write_text(write_xliff(units, original="mostra.it.txt"), encoding="utf-8")

    result = run_cli("xliff", "import", xlf, "--output", config.output)

    assert result.returncode == 1 and "different translations" in result.stderr
    assert "1 unit(s) hold the Italian source" in result.stderr
    assert po_path.read_bytes() == before


# --- Italian published as English ---------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        TWO,
        TWO.replace("'", "\u2019").upper(),
        "Le fotografie raccontano thirty years di vita nei quartieri.",
    ],
)
def test_an_italian_target_is_a_qa_error(target: str) -> None:
    findings = check_italian(SentencePair(TWO, target), None)
    assert [f.check for f in findings] == ["italian"] and findings[0].severity.name == "ERROR"


@pytest.mark.parametrize(
    "source,target",
    [
        (TWO, "The photographs tell thirty years of life in the districts."),
        ("Bari-Lecce 2-1", "Bari-Lecce 2-1"),  # names and numbers read the same in English
        (ONE, "The exhibition opens on Friday in the rooms of the Swabian castle of the city."),
    ],
)
def test_an_english_target_is_not_italian(source: str, target: str) -> None:
    assert italian_target(source, target) is None


def test_run_build_and_strict_check_count_a_target_left_in_italian(tmp_path: Path) -> None:
    config = _config(tmp_path)
    _write_article(config, [ONE, TWO])
    run(config)
    po = polib.pofile(str(_po_path(config)))
    entry = _entry(po, TWO)
    entry.msgstr, entry.flags = TWO, []  # "copy source to target", then approved
    _save(po, _po_path(config))

    summary = run(config)
    built = build_output(config.output)
    result = check_folder(config.output, Glossary(None, ()), "strict")

    italian = [f for f in result.findings if f.check == "italian"]
    assert len(italian) == 1 and italian[0].severity.name == "ERROR" and italian[0].msgid == TWO
    assert summary.italian_targets == 1 and built[0].italian_targets == 1
    strict = run_cli("check", "--output", config.output, "--no-glossary", "--strict", "--quiet")
    assert strict.returncode == 1, strict.stderr
    built_cli = run_cli("build", "--output", config.output)
    assert (
        built_cli.returncode == 0 and "1 segments have a translation that is the Italian" in built_cli.stderr
    )


# --- a change of input format ---------------------------------------------------------------------


def _html(sentences: list[str]) -> str:
    body = "".join(f"<p>{s}</p>\n" for s in sentences)
    return f"<!DOCTYPE html>\n<html><head><title>{TITLE}</title></head><body>\n{body}</body></html>\n"


def test_an_article_that_changes_format_retires_the_old_snapshot_and_keeps_the_review(
    tmp_path: Path,
) -> None:
    config = _config(tmp_path)
    html = Path(str(config.articles)) / "pagina.html"
    html.write_text(_html([ONE, TWO]), encoding="utf-8")
    run(config)
    po_path = _po_path(config, "pagina")
    po = polib.pofile(str(po_path))
    po = _review(po, TWO, "The photographs tell thirty years of life in the districts.")
    _save(po, po_path)
    html.unlink()
    (config.output / "pagina" / "pagina.en.bak").write_text("a person's copy", encoding="utf-8")
    (Path(str(config.articles)) / "pagina.md").write_text(f"# {TITLE}\n\n{ONE}\n\n{TWO}\n", encoding="utf-8")

    summary = run(config)
    build_output(config.output)

    folder = config.output / "pagina"
    assert not (folder / "pagina.it.html").exists() and not (folder / "pagina.en.html").exists()
    assert summary.failed == 0 and summary.retired == 1
    assert (folder / "pagina.en.bak").read_text(encoding="utf-8") == "a person's copy"
    po = polib.pofile(str(po_path))
    assert po.metadata["X-Source-File"] == "pagina.it.md"
    assert _entry(po, TWO).msgstr == "The photographs tell thirty years of life in the districts."
    english = (folder / "pagina.en.md").read_text(encoding="utf-8")
    assert "The photographs tell thirty years of life in the districts." in english


def test_build_takes_the_snapshot_the_catalog_names_when_both_formats_are_left(tmp_path: Path) -> None:
    """A run killed between writing the new snapshot and retiring the old one leaves both."""
    config = _config(tmp_path)
    md = Path(str(config.articles)) / "pagina.md"
    md.write_text(f"# {TITLE}\n\n{ONE}\n\n{TWO}\n", encoding="utf-8")
    run(config)
    folder = config.output / "pagina"
    po = polib.pofile(str(_po_path(config, "pagina")))
    po = _review(po, TWO, "The photographs tell thirty years of life in the districts.")
    _save(po, _po_path(config, "pagina"))
    (folder / "pagina.it.html").write_text(_html([ONE]), encoding="utf-8")  # sorts before .md

    built = build_output(config.output)

    assert built[0].english == folder / "pagina.en.md"
    english = (folder / "pagina.en.md").read_text(encoding="utf-8")
    assert "The photographs tell thirty years of life in the districts." in english
