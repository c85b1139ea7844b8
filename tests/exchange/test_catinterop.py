"""CAT-tool interoperability: drafts never become reviewed, XLIFF 1.2/2.0 that tools read and that
comes back, PO files editors do not churn, TSV any CSV reader reads back."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from support import FIXTURE_MODEL, ROOT, VALIDATOR

from translate_news.documents.registry import MARKDOWN
from translate_news.exchange import (
    ExchangeUnit,
    markup_pieces,
    pieces_text,
    read_tmx_contents,
    read_tsv,
    read_xliff,
    write_tsv,
    write_xliff,
    write_xliff12,
)
from translate_news.memory.store import TranslationMemory, memory_path
from translate_news.pipeline.runner import RunConfig, build_output, run
from translate_news.review.catalog import catalog_text, read_catalog
from translate_news.review.po_wrap import wrap_field
from translate_news.review.xliff_merge import import_xliff

needs_validator = pytest.mark.skipif(
    not VALIDATOR.exists(), reason="../shared/validators not beside the checkout"
)
MODEL = FIXTURE_MODEL
GLOSSARY = ROOT / "translate_news" / "data" / "glossaries" / "film-tv.it-en.tsv"
SLUG = "accordo-sag-aftra"
X12 = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
needs_msgcat = pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext not installed")


@pytest.fixture(scope="module")
def translated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real run over a Markdown sample article (markup, links) with the fixture model."""
    articles = tmp_path_factory.mktemp("articles")
    shutil.copy(ROOT / "articles" / f"{SLUG}.md", articles)
    out = tmp_path_factory.mktemp("out")
    run(RunConfig(articles, out, GLOSSARY, MODEL))
    return out


def _copy(translated: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(translated, out)
    return out


# --- the translation memory holds only reviewed work ----------------------------------------------


def test_per_article_tmx_holds_reviewed_units_and_drafts_go_to_their_own_file(
    translated: Path, tmp_path: Path
) -> None:
    """Issue 23 point 4: with the per-article TMX in OmegaT's tm/auto, machine drafts filled 24 of 28
    segments. The per-article TMX holds reviewed pairs only; the drafts file (for tm/mt/) holds the
    drafts, flagged, with their model; ``tm import`` of either adds no draft to the memory."""
    out = _copy(translated, tmp_path)
    po_path = out / SLUG / f"{SLUG}.en.po"
    catalog = read_catalog(po_path)
    assert catalog is not None
    reviewed = catalog[1]
    reviewed.flags.remove("fuzzy")  # a reviewer signs one entry off
    po_path.write_text(catalog_text(catalog), encoding="utf-8")
    build_output(out)
    tmx = out / SLUG / f"{SLUG}.it-en.tmx"
    assert [(u.source, u.target, u.status) for u in read_tmx_contents(tmx).units] == [
        (reviewed.msgid, reviewed.msgstr, "reviewed")
    ]
    assert "x-status" not in tmx.read_text(encoding="utf-8") and "mt:" not in tmx.read_text(encoding="utf-8")
    drafts_tmx = out / SLUG / f"{SLUG}.it-en.drafts.tmx"
    text = drafts_tmx.read_text(encoding="utf-8")
    drafts = {e.msgid for e in catalog if e.msgstr and "fuzzy" in e.flags and not e.obsolete}
    assert {u.source for u in read_tmx_contents(drafts_tmx).units} == drafts
    assert text.count('<prop type="x-status">draft</prop>') == text.count("<tu ") == len(drafts)
    assert 'creationid="mt:translate-it_en-fixture@1.0"' in text
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        assert memory.import_tmx(tmx).imported == 1
        result = memory.import_tmx(drafts_tmx)
        assert result.imported == 0 and result.drafts_skipped == len(drafts)
        assert memory.lookup_reviewed(reviewed.msgid) is not None
        assert all(memory.lookup_reviewed(msgid) is None for msgid in drafts)


def test_translate_toolkit_reads_no_draft_from_the_per_article_tmx(translated: Path, tmp_path: Path) -> None:
    """translate-toolkit's TMX units are never fuzzy (``isfuzzy()`` is always False), so a draft in a
    TMX it reads is a human match to it: the per-article TMX must hold none."""
    tmx_storage = pytest.importorskip("translate.storage.tmx")
    out = _copy(translated, tmp_path)
    store = tmx_storage.tmxfile.parsestring((out / SLUG / f"{SLUG}.it-en.tmx").read_bytes())
    assert store.units == [] or all(not unit.isfuzzy() for unit in store.units)
    assert len(store.units) == 0, "nothing is reviewed yet: the per-article TMX is empty"
    drafts = tmx_storage.tmxfile.parsestring((out / SLUG / f"{SLUG}.it-en.drafts.tmx").read_bytes())
    assert drafts.units and all(unit.target for unit in drafts.units)


def test_a_persons_unfinished_edit_is_never_labelled_as_the_model(translated: Path, tmp_path: Path) -> None:
    """Issue 23 point 3: a person's fuzzy edit came out of the per-article TMX as ``mt:<model>``.
    It is theirs: in neither TMX file (the PO and the XLIFF keep it), never credited to the model."""
    out = _copy(translated, tmp_path)
    po_path = out / SLUG / f"{SLUG}.en.po"
    catalog = read_catalog(po_path)
    assert catalog is not None
    edited = catalog[1]
    edited.msgstr = "A person's own wording, not finished yet."  # still fuzzy: an edit in progress
    po_path.write_text(catalog_text(catalog), encoding="utf-8")
    build_output(out)
    for name in (f"{SLUG}.it-en.tmx", f"{SLUG}.it-en.drafts.tmx"):
        units = read_tmx_contents(out / SLUG / name).units
        assert all(unit.target != edited.msgstr for unit in units), name
        assert all(unit.source != edited.msgid for unit in units), name


def test_a_persons_review_is_never_credited_to_the_machine(translated: Path, tmp_path: Path) -> None:
    """Issue 23 point 3: units signed off by a person whose catalog still said ``Last-Translator:
    translate-news (machine translation)`` came out of ``tm export`` as the machine's. The memory
    records who made a text when it first sees it; our own header names nobody."""
    out = _copy(translated, tmp_path)
    po_path = out / SLUG / f"{SLUG}.en.po"
    catalog = read_catalog(po_path)
    assert catalog is not None and catalog.metadata["Last-Translator"].startswith("translate-news")
    signed = catalog[1]
    signed.flags.remove("fuzzy")
    po_path.write_text(catalog_text(catalog), encoding="utf-8")
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(ROOT / "articles" / f"{SLUG}.md", articles)
    run(RunConfig(articles, out, GLOSSARY, MODEL))
    with TranslationMemory(memory_path(out), create=False) as memory:
        unit = memory.lookup_reviewed(signed.msgid)
        assert unit is not None and unit.reviewer == "", "a person's text, their name not known yet"
    catalog = read_catalog(po_path)
    assert catalog is not None
    catalog.metadata["Last-Translator"] = "Anna Rossi <anna@example.org>"  # she fills the header later
    po_path.write_text(catalog_text(catalog), encoding="utf-8")
    run(RunConfig(articles, out, GLOSSARY, MODEL))
    with TranslationMemory(memory_path(out), create=False) as memory:
        unit = memory.lookup_reviewed(signed.msgid)
        assert unit is not None and unit.reviewer == "Anna Rossi <anna@example.org>"
        memory.export_tmx(tmp_path / "all.tmx")
    text = (tmp_path / "all.tmx").read_text(encoding="utf-8")
    assert "machine translation" not in text and 'creationid="Anna Rossi' in text
    per_article = out / SLUG / f"{SLUG}.it-en.tmx"
    ran = per_article.read_bytes()
    units = read_tmx_contents(per_article).units
    assert [(u.source, u.reviewer) for u in units] == [(signed.msgid, "Anna Rossi <anna@example.org>")]
    build_output(out)
    assert per_article.read_bytes() == ran, "build says the same as run"


def test_run_and_build_write_the_same_exchange_files(translated: Path, tmp_path: Path) -> None:
    out = _copy(translated, tmp_path)
    names = [
        f"{SLUG}.it-en.drafts.tmx",
        f"{SLUG}.it-en.tmx",
        f"{SLUG}.it-en.tsv",
        f"{SLUG}.it-en.xlf",
        f"{SLUG}.it-en.xliff12.xlf",
    ]
    before = {name: (out / SLUG / name).read_bytes() for name in names}
    build_output(out)
    assert {name: (out / SLUG / name).read_bytes() for name in names} == before
    assert f'<prop type="x-article">{SLUG}</prop>' in before[names[0]].decode()


TRADOS_TMX = """<?xml version="1.0" encoding="UTF-16"?>
<tmx version="1.4">
<header creationtool="SDL Language Platform" creationtoolversion="8.1" o-tmf="SDL TM8 Format"
 datatype="xml" segtype="sentence" adminlang="en-US" srclang="it-IT"/>
<body>
<tu creationdate="20230301T101500Z" creationid="marta" changedate="20230302T080000Z" changeid="marta">
<tuv xml:lang="it-IT"><seg>Il festival apre <bpt i="1" type="bold">&lt;b&gt;</bpt>domani<ept
 i="1">&lt;/b&gt;</ept>.<ph x="2"/></seg></tuv>
<tuv xml:lang="en-US"><seg>The festival opens <bpt i="1" type="bold">&lt;b&gt;</bpt>tomorrow<ept
 i="1">&lt;/b&gt;</ept>.</seg></tuv>
</tu>
<tu creationdate="29990101T000000Z" creationid="clock-skew">
<tuv xml:lang="it-IT"><seg>Biglietti esauriti.</seg></tuv>
<tuv xml:lang="en-US"><seg>Tickets sold out.</seg></tuv>
</tu>
</body>
</tmx>
"""


def test_trados_utf16_tmx_keeps_text_dates_and_notes_codes(tmp_path: Path) -> None:
    path = tmp_path / "trados.tmx"
    path.write_bytes(TRADOS_TMX.encode("utf-16"))
    contents = read_tmx_contents(path, now="2026-01-01T00:00:00Z")
    first, second = contents.units
    assert (first.source, first.target) == ("Il festival apre domani.", "The festival opens tomorrow.")
    assert (first.reviewer, first.date, first.status) == ("marta", "2023-03-02T08:00:00Z", "reviewed")
    assert second.date == "2026-01-01T00:00:00Z"  # the future is clamped to now
    assert (contents.dropped_codes, contents.future_dates) == (5, 1)


@pytest.mark.skipif(
    shutil.which("po2tmx") is None and not Path(sys.executable).with_name("po2tmx").exists(),
    reason="translate-toolkit not installed",
)
def test_po2tmx_output_imports_as_reviewed(translated: Path, tmp_path: Path) -> None:
    po2tmx = shutil.which("po2tmx") or str(Path(sys.executable).with_name("po2tmx"))
    po = tmp_path / "reviewed.po"
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalog.append(polib.POEntry(msgid="Il film esce venerdì.", msgstr="The film comes out on Friday."))
    po.write_text(str(catalog), encoding="utf-8")
    tmx = tmp_path / "out.tmx"
    subprocess.run([po2tmx, "-l", "en", "--source-language", "it", str(po), str(tmx)], check=True)
    with TranslationMemory(memory_path(tmp_path)) as memory:
        assert memory.import_tmx(tmx).imported == 1
        assert memory.lookup_reviewed("Il film esce venerdì.").target == "The film comes out on Friday."


# --- XLIFF ----------------------------------------------------------------------------------------


@needs_validator
def test_every_exchange_file_validates(translated: Path) -> None:
    files = sorted(str(p) for p in (translated / SLUG).glob("*") if p.suffix in (".xlf", ".tmx", ".po"))
    result = subprocess.run([sys.executable, str(VALIDATOR), *files], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    xliff12 = (translated / SLUG / f"{SLUG}.it-en.xliff12.xlf").read_text(encoding="utf-8")
    assert '<g id="1" ctype="bold">SAG-AFTRA</g>' in xliff12 and 'ctype="link"' in xliff12


@pytest.mark.skipif(not Path(sys.executable).with_name("xliff2po").exists(), reason="no translate-toolkit")
def test_translate_toolkit_reads_our_xliff12_with_the_right_fuzzy_count(
    translated: Path, tmp_path: Path
) -> None:
    converted = tmp_path / "converted.po"
    xliff = translated / SLUG / f"{SLUG}.it-en.xliff12.xlf"
    subprocess.run([str(Path(sys.executable).with_name("xliff2po")), str(xliff), str(converted)], check=True)
    ours = read_catalog(translated / SLUG / f"{SLUG}.en.po")
    theirs = polib.pofile(str(converted))
    fuzzy = sum(1 for e in ours if "fuzzy" in e.flags and not e.obsolete)
    assert fuzzy > 0
    assert sum(1 for e in theirs if e.msgid and "fuzzy" in e.flags) == fuzzy
    assert len([e for e in theirs if e.msgid]) == len([e for e in ours if not e.obsolete])


@pytest.mark.skipif(not Path(sys.executable).with_name("xliff2po").exists(), reason="no translate-toolkit")
def test_xliff2po_keeps_every_note_and_line_reference(translated: Path, tmp_path: Path) -> None:
    """Issue 23 point 7: translate-toolkit's ``xliff2po`` dropped every note (it reads notes
    ``from="developer|translator"``) and every line reference (it needs ``sourcefile`` with
    ``linenumber``). Now our ``#.`` notes come back as ``#.`` and each unit has ``#: file:line``."""
    converted = tmp_path / "converted.po"
    xliff = translated / SLUG / f"{SLUG}.it-en.xliff12.xlf"
    subprocess.run([str(Path(sys.executable).with_name("xliff2po")), str(xliff), str(converted)], check=True)
    ours = read_catalog(translated / SLUG / f"{SLUG}.en.po")
    assert ours is not None
    theirs = [e for e in polib.pofile(str(converted)) if e.msgid]
    our_notes = {line for e in ours if not e.obsolete for line in e.comment.splitlines()}
    their_notes = {line for e in theirs for line in e.comment.splitlines()}
    assert our_notes and their_notes == our_notes
    assert all(e.occurrences for e in theirs)
    assert {file for e in theirs for file, _ in e.occurrences} == {f"{SLUG}.it.md"}  # the snapshot
    lines = [int(line) for e in theirs for _, line in e.occurrences]
    assert lines == sorted(lines) and lines[0] >= 1


@pytest.mark.skipif(not Path(sys.executable).with_name("xliff2po").exists(), reason="no translate-toolkit")
def test_a_reviewers_comment_reaches_the_xliff_as_the_translators_note(
    translated: Path, tmp_path: Path
) -> None:
    """A person's ``#`` comment in the PO travels to the XLIFF as ``<note from="translator">``, which
    xliff2po gives back as a ``#`` comment, apart from our ``#.`` notes; XLIFF 2.0 says
    ``category="translator"``."""
    out = _copy(translated, tmp_path)
    po_path = out / SLUG / f"{SLUG}.en.po"
    catalog = read_catalog(po_path)
    assert catalog is not None
    catalog[1].tcomment = "Chiedere alla redazione: titolo provvisorio?"
    po_path.write_text(catalog_text(catalog), encoding="utf-8")
    build_output(out)
    xliff = out / SLUG / f"{SLUG}.it-en.xliff12.xlf"
    converted = tmp_path / "converted.po"
    subprocess.run([str(Path(sys.executable).with_name("xliff2po")), str(xliff), str(converted)], check=True)
    theirs = [e for e in polib.pofile(str(converted)) if e.tcomment]
    assert [e.tcomment for e in theirs] == ["Chiedere alla redazione: titolo provvisorio?"]
    assert "Chiedere" not in theirs[0].comment
    root = etree.parse(str(out / SLUG / f"{SLUG}.it-en.xlf")).getroot()
    notes = root.xpath(
        "//x:note[@category='translator']", namespaces={"x": "urn:oasis:names:tc:xliff:document:2.0"}
    )
    assert [note.text for note in notes] == ["Chiedere alla redazione: titolo provvisorio?"]


UNITS = [
    ExchangeUnit(
        "a1",
        "Leggi **qui** e [il sito](https://example.org/x).",
        "Read **here** and [the site](https://example.org/x).",
        "translated",
    ),
    ExchangeUnit(
        "b2", "Vedi https://example.org/a?b=1 ora.", "See https://example.org/a?b=1 now.", "reviewed"
    ),
    ExchangeUnit("c3", "Solo testo `codice`.", "", "initial"),
]


@pytest.mark.parametrize("writer", [write_xliff, write_xliff12])
def test_xliff_inline_codes_round_trip(tmp_path: Path, writer) -> None:  # noqa: ANN001
    path = tmp_path / "a.xlf"
    path.write_text(writer(UNITS, original="a.md", document_format=MARKDOWN), encoding="utf-8")
    skeleton = {u.id: u.source for u in UNITS}
    assert read_xliff(path, skeleton=skeleton, document_format=MARKDOWN) == UNITS
    if VALIDATOR.exists():
        result = subprocess.run([sys.executable, str(VALIDATOR), str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout


def test_xliff12_states() -> None:
    root = etree.fromstring(write_xliff12(UNITS, original="a.md", document_format=MARKDOWN).encode())
    units = root.findall(".//x:trans-unit", X12)
    assert units[0].find("x:target", X12).get("state") == "needs-review-translation"
    assert units[0].get("approved") is None
    assert units[1].get("approved") == "yes" and units[1].find("x:target", X12).get("state") == "signed-off"
    assert units[2].find("x:target", X12) is None


@given(st.text(alphabet=st.sampled_from(list("ab *_`[]()h:/.t")), max_size=30))
def test_markup_pieces_rebuild_the_text(text: str) -> None:
    assert pieces_text(markup_pieces(text, document_format=MARKDOWN)) == text


def _edit_like_a_cat_tool(path: Path, sign_off: int, edit: int) -> None:
    """Sign one unit off (Trados: state final) and retype another, codes kept, left unconfirmed."""
    tree = etree.parse(str(path))
    units = tree.findall(".//x:trans-unit", X12)
    units[sign_off].find("x:target", X12).set("state", "final")
    target = units[edit].find("x:target", X12)
    target.set("state", "translated")
    target.text = "After weeks of talks, the actors' union "
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def test_xliff_edited_outside_comes_back_into_the_po(translated: Path, tmp_path: Path) -> None:
    out = _copy(translated, tmp_path)
    exported = tmp_path / f"{SLUG}.it-en.xliff12.xlf"
    shutil.copy(out / SLUG / exported.name, exported)
    _edit_like_a_cat_tool(exported, sign_off=0, edit=2)
    po_path, result = import_xliff(exported, out)
    assert (result.reviewed, result.drafts, result.conflicts) == (1, 1, ())
    catalog = read_catalog(po_path)
    entries = [e for e in catalog if not e.obsolete]
    assert "fuzzy" not in entries[0].flags
    edited = entries[2]
    assert "fuzzy" in edited.flags and edited.msgstr.startswith(
        "After weeks of talks, the actors' union **SAG-AFTRA**"
    )
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po_path)], check=True)


def test_xliff_import_reports_conflict_with_a_newer_reviewed_po_entry(
    translated: Path, tmp_path: Path
) -> None:
    out = _copy(translated, tmp_path)
    exported = tmp_path / f"{SLUG}.it-en.xlf"
    shutil.copy(out / SLUG / exported.name, exported)
    text = exported.read_text(encoding="utf-8").replace('state="initial"', 'state="final"', 2)
    exported.write_text(text, encoding="utf-8")
    po_path = out / SLUG / f"{SLUG}.en.po"
    catalog = read_catalog(po_path)
    catalog[0].msgstr, catalog[0].flags = "A reviewer's newer title", []
    po_path.write_text(catalog_text(catalog), encoding="utf-8")  # written after the XLIFF: newer
    _, result = import_xliff(exported, out)
    assert len(result.conflicts) == 1 and "reviewed in the PO after the export" in result.conflicts[0]
    assert read_catalog(po_path)[0].msgstr == "A reviewer's newer title"


def test_an_untouched_xliff_export_never_overwrites_an_edit_in_progress_made_later(
    translated: Path, tmp_path: Path
) -> None:
    out = _copy(translated, tmp_path)
    exported = tmp_path / f"{SLUG}.it-en.xlf"
    shutil.copy(out / SLUG / exported.name, exported)  # as exported: every draft untouched
    po_path = out / SLUG / f"{SLUG}.en.po"
    catalog = read_catalog(po_path)
    draft = next(e for e in catalog if "fuzzy" in e.flags)
    draft.msgstr = "Half of a reviewer's sentence"  # still fuzzy: an edit in progress
    po_path.write_text(catalog_text(catalog), encoding="utf-8")  # written after the XLIFF: newer
    _, result = import_xliff(exported, out)
    assert len(result.conflicts) == 1 and "edit in progress" in result.conflicts[0]
    assert "Half of a reviewer's sentence" in po_path.read_text(encoding="utf-8")


# --- PO files editors do not churn ----------------------------------------------------------------


@needs_msgcat
def test_msgcat_then_rerun_changes_nothing(translated: Path, tmp_path: Path) -> None:
    out = _copy(translated, tmp_path)
    po_path = out / SLUG / f"{SLUG}.en.po"
    subprocess.run(["msgcat", "-o", str(po_path), str(po_path)], check=True)
    after_msgcat = po_path.read_text(encoding="utf-8")
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(ROOT / "articles" / f"{SLUG}.md", articles)
    run(RunConfig(articles, out, GLOSSARY, MODEL))
    assert po_path.read_text(encoding="utf-8") == after_msgcat


def test_editor_headers_survive_and_creation_date_only_moves_with_the_source(
    translated: Path, tmp_path: Path
) -> None:
    out = _copy(translated, tmp_path)
    po_path = out / SLUG / f"{SLUG}.en.po"
    catalog = read_catalog(po_path)
    created = catalog.metadata["POT-Creation-Date"]
    assert catalog.metadata["Project-Id-Version"] == SLUG
    catalog.metadata["X-Poedit-SourceCharset"] = "UTF-8"
    catalog.metadata["X-Generator"] = "Poedit 3.4"
    catalog.metadata["POT-Creation-Date"] = "2020-01-01 00:00+0000"
    po_path.write_text(catalog_text(catalog), encoding="utf-8")
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(ROOT / "articles" / f"{SLUG}.md", articles)
    run(RunConfig(articles, out, GLOSSARY, MODEL))
    again = read_catalog(po_path).metadata
    assert again["X-Poedit-SourceCharset"] == "UTF-8" and again["X-Generator"] == "Poedit 3.4"
    assert again["POT-Creation-Date"] == "2020-01-01 00:00+0000"  # same sentences: kept
    source = articles / f"{SLUG}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nUna frase nuova.\n", encoding="utf-8")
    run(RunConfig(articles, out, GLOSSARY, MODEL))
    assert read_catalog(po_path).metadata["POT-Creation-Date"] != "2020-01-01 00:00+0000"
    assert created


@needs_msgcat
def test_babel_python_format_flag_is_removed_with_a_note(tmp_path: Path) -> None:
    babel_pofile = pytest.importorskip("babel.messages.pofile")
    po = tmp_path / "a.po"
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    catalog.append(
        polib.POEntry(
            msgid="Gli ascolti sono saliti del 12% in un anno.", msgstr="Ratings rose 12% in a year."
        )
    )
    po.write_text(catalog_text(catalog), encoding="utf-8")
    with po.open("rb") as handle:
        babel_catalog = babel_pofile.read_po(handle)
    with po.open("wb") as handle:
        babel_pofile.write_po(handle, babel_catalog)
    assert "python-format" in po.read_text(encoding="utf-8")
    rewritten = catalog_text(read_catalog(po))
    assert "python-format" not in rewritten.replace("removed the python-format flag", "")
    assert "removed the python-format flag" in rewritten
    po.write_text(rewritten, encoding="utf-8")
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], check=True)


@needs_msgcat
@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Il",
                "governo",
                "ha",
                "approvato",
                "l’intesa",
                "«Non",
                "è",
                "finita»",
                "Dott.ssa",
                "SAG-AFTRA",
                "12,5%",
                '"citazione"',
                "[sito](https://example.org/a-b)",
                "**grassetto**",
            ]
        ),
        min_size=1,
        max_size=40,
    )
)
def test_wrapping_matches_msgcat(words: list[str]) -> None:
    value = " ".join(words)
    text = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    text += "\n".join(wrap_field("msgid", value)) + "\n" + "\n".join(wrap_field("msgstr", value)) + "\n"
    result = subprocess.run(["msgcat", "-"], input=text, capture_output=True, text=True, check=True)
    assert result.stdout == text


# --- TSV ------------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=20), st.text(max_size=20)), min_size=1, max_size=5))
def test_tsv_round_trips_through_csv_and_our_reader(pairs: list[tuple[str, str]]) -> None:
    units = [ExchangeUnit(f"id{i}", s, t, "translated" if t else "initial") for i, (s, t) in enumerate(pairs)]
    text = write_tsv(units, article="slug")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter="\t"))
    assert rows[0] == ["id", "source", "target", "status", "article"]
    assert [(r[1], r[2]) for r in rows[1:]] == [(u.source, u.target) for u in units]


def test_tsv_keeps_a_leading_quote(tmp_path: Path) -> None:
    unit = ExchangeUnit("a", '"Basta", ha detto.', '"Enough," she said.', "reviewed")
    path = tmp_path / "a.tsv"
    path.write_text(write_tsv([unit], article="slug"), encoding="utf-8")
    assert read_tsv(path) == [unit]


# --- glossaries -----------------------------------------------------------------------------------


def test_a_tsv_with_three_of_our_columns_is_ours_not_deepl(tmp_path: Path) -> None:
    from translate_news.glossary.importers import import_glossary

    path = tmp_path / "terms.tsv"
    path.write_text("id\tsource\ttarget\nregia\tregista\tdirector\n", encoding="utf-8")
    glossary = import_glossary(path)
    assert [(e.id, e.source, e.target) for e in glossary.entries] == [("regia", "regista", "director")]


def test_qa_findings_name_the_po_file_line_and_msgid(translated: Path, tmp_path: Path) -> None:
    from translate_news.glossary.model import load_glossary
    from translate_news.qa.folder import check_output
    from translate_news.qa.report import report_markdown

    out = _copy(translated, tmp_path)
    po_path = out / SLUG / f"{SLUG}.en.po"
    catalog = read_catalog(po_path)
    entry = next(e for e in catalog if "sceneggiatori" in e.msgid)
    entry.msgstr = "Nothing about the writers here."
    po_path.write_text(catalog_text(catalog), encoding="utf-8")
    glossary = load_glossary(GLOSSARY)
    findings, _ = check_output(out, glossary)
    mine = [f for f in findings if f.msgid == entry.msgid]
    assert mine
    path, line = mine[0].where.file, mine[0].where.line
    assert Path(path) == po_path and line is not None
    block = po_path.read_text(encoding="utf-8").split("\n")[line - 1 :]
    block = "\n".join(block[: block.index("")])  # the entry starting at that line
    assert "Nothing about the writers here." in block
    assert f"| {path}:{line} |" in report_markdown(findings, 1, glossary)


@pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext not installed")
def test_translator_header_comments_and_a_sorted_catalog_survive_a_rerun(
    translated: Path, tmp_path: Path
) -> None:
    out = _copy(translated, tmp_path)
    po_path = out / SLUG / f"{SLUG}.en.po"
    created = read_catalog(po_path).metadata["POT-Creation-Date"]
    credits = "# English translation of the article.\n# Anna Rossi <anna@example.org>, 2026.\n"
    po_path.write_text(credits + po_path.read_text(encoding="utf-8").removeprefix("#\n"), encoding="utf-8")
    subprocess.run(["msgcat", "--sort-output", "-o", str(po_path), str(po_path)], check=True)
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(ROOT / "articles" / f"{SLUG}.md", articles)
    run(RunConfig(articles, out, GLOSSARY, MODEL))
    text = po_path.read_text(encoding="utf-8")
    assert text.startswith(credits)
    assert read_catalog(po_path).metadata["POT-Creation-Date"] == created
