"""``glossary export``: TBX v3 that our importer reads back equal, and DeepL's two-column CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree
from support import GLOSSARY as FILM_TV
from support import run_cli

from translate_news.cli.glossary import glossary as glossary_cli
from translate_news.errors import InputError
from translate_news.findings import Severity
from translate_news.glossary.exporters import (
    EXPORT_FORMATS,
    TBX_NS,
    concept_id,
    deepl_losses,
    entry_id_from_concept,
    export_format_for,
    pos_table,
    write_deepl,
    write_tbx,
    write_tbx_martif,
)
from translate_news.glossary.importers import import_glossary, parse_tbx, parse_two_column
from translate_news.glossary.lint import lint_glossary, lint_line
from translate_news.glossary.model import Glossary, load_glossary, make_entry

T = f"{{{TBX_NS}}}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# TBX-Basic picklists for the categories we write (its schematron rejects properNoun).
STATUSES = {"preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts"}
PARTS_OF_SPEECH = {"adjective", "noun", "other", "verb", "adverb"}
TERM_TYPES = {"fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"}
GENDERS = {"masculine", "feminine", "neuter", "other"}


def _glossary(*entries: object) -> Glossary:
    return Glossary(Path("test.tsv"), tuple(entries))  # type: ignore[arg-type]


def _round_trip(glossary: Glossary, tmp_path: Path) -> Glossary:
    out = tmp_path / "out.tbx"
    out.write_bytes(write_tbx(glossary))
    return import_glossary(out)


# --- TBX: lossless ---------------------------------------------------------------------------------


def test_film_tv_glossary_round_trips_through_tbx(tmp_path: Path) -> None:
    glossary = load_glossary(FILM_TV)
    back = _round_trip(glossary, tmp_path)
    assert back.entries == glossary.entries
    assert back.version == glossary.version


def test_flags_the_importer_would_otherwise_guess_come_back(tmp_path: Path) -> None:
    """Sky is case-sensitive without a capital inside; CEO→CEO is translatable though source == target;
    a note that mentions DNT stays a note; noun-inv is not read back as noun."""
    glossary = _glossary(
        make_entry("sky", "Sky", "Sky", case_sensitive=True, dnt=True),
        make_entry("ceo", "CEO", "CEO", target_forms=["CEOs"], case_sensitive=False),
        make_entry("serie", "serie", "series", pos="noun-inv", note="DNT in titles; do not translate them"),
        make_entry("2a+b_c", "uno", "one", pos="numeral"),
    )
    back = _round_trip(glossary, tmp_path)
    assert back.entries == glossary.entries


def test_two_entries_with_the_same_terms_stay_two(tmp_path: Path) -> None:
    glossary = _glossary(make_entry("a", "prima", "first"), make_entry("b", "prima", "first"))
    assert _round_trip(glossary, tmp_path).entries == glossary.entries


def test_concept_ids_of_other_tools_still_become_slugs() -> None:
    raw = write_tbx(_glossary(make_entry("x1", "regista", "director"))).replace(b'id="tn-x1"', b'id="c1"')
    assert [entry.id for entry in parse_tbx("other.tbx", raw).entries] == ["regista"]


@given(st.from_regex(r"\A[\w][\w.+-]{0,12}\Z"))
def test_concept_ids_spell_entry_ids_reversibly(entry_id: str) -> None:
    encoded = concept_id(entry_id)
    assert "+" not in encoded and encoded[0].isalpha()
    assert entry_id_from_concept(encoded) == entry_id


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Cn"), blacklist_characters="|"),
    min_size=1,
    max_size=10,
).filter(lambda text: text.strip())
_POS = st.one_of(st.just(""), st.sampled_from([row.pos for row in pos_table()]), _TEXT)


@st.composite
def _entries(draw: st.DrawFn, entry_id: str) -> object:
    dnt = draw(st.booleans())
    return make_entry(
        entry_id,
        draw(_TEXT),
        draw(st.one_of(st.just(""), _TEXT)) if dnt else draw(_TEXT),
        source_forms=draw(st.lists(_TEXT, max_size=3)),
        target_forms=draw(st.lists(_TEXT, max_size=3)),
        pos=draw(_POS),
        case_sensitive=draw(st.booleans()),
        dnt=dnt,
        forbidden=draw(st.lists(_TEXT, max_size=2)),
        note=draw(st.one_of(st.just(""), _TEXT, st.just("do not translate"), st.just("case-sensitive"))),
    )


@st.composite
def _glossaries(draw: st.DrawFn) -> Glossary:
    ids = draw(
        st.lists(st.from_regex(r"\A[a-zà0-9][a-zà0-9._+-]{0,8}\Z"), min_size=1, max_size=5, unique=True)
    )
    return _glossary(*(draw(_entries(entry_id)) for entry_id in ids))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_glossaries())
def test_any_glossary_round_trips_through_tbx(tmp_path: Path, glossary: Glossary) -> None:
    assert parse_tbx(tmp_path / "g.tbx", write_tbx(glossary)).entries == glossary.entries


def test_text_xml_cannot_hold_names_the_entry() -> None:
    glossary = Glossary(Path("g.tsv"), (make_entry("bell", "campana\x07", "bell", line=9),))
    with pytest.raises(InputError, match=r"entry 'bell' cannot be written as XML") as caught:
        write_tbx(glossary)
    assert (caught.value.path, caught.value.line) == ("g.tsv", 9)


# --- TBX: structure ----------------------------------------------------------------------------------


def test_tbx_has_the_tbx_basic_structure() -> None:
    """No TBX v3 schema is installable offline: check the TBX-Basic core structure and picklists."""
    root = etree.fromstring(write_tbx(load_glossary(FILM_TV)))
    assert root.tag == f"{T}tbx" and root.get("type") == "TBX-Basic" and root.get("style") == "dca"
    assert [child.tag for child in root] == [f"{T}tbxHeader", f"{T}text"]
    concepts = root.findall(f"{T}text/{T}body/{T}conceptEntry")
    assert len(concepts) == len(load_glossary(FILM_TV).entries)
    ids = [concept.get("id") for concept in concepts]
    assert len(set(ids)) == len(ids)
    for concept in concepts:
        tags = [child.tag for child in concept]
        assert set(tags) <= {f"{T}note", f"{T}langSec"} and tags == sorted(
            tags, key=lambda t: t.endswith("langSec")
        )
        for lang_sec in concept.findall(f"{T}langSec"):
            assert lang_sec.get(XML_LANG) in {"it", "en"}
            children = [child.tag for child in lang_sec]
            assert f"{T}termSec" in children
            assert children == sorted(children, key=lambda t: t.endswith("termSec")), "notes before terms"
            for term_sec in lang_sec.findall(f"{T}termSec"):
                assert term_sec[0].tag == f"{T}term" and term_sec[0].text
                notes = {note.get("type"): note.text for note in term_sec.findall(f"{T}termNote")}
                assert notes["administrativeStatus"] in STATUSES
                assert notes.get("partOfSpeech", "noun") in PARTS_OF_SPEECH
                assert notes.get("grammaticalGender", "other") in GENDERS
                assert notes.get("termType", "variant") in TERM_TYPES


@pytest.mark.parametrize("writer", [write_tbx, write_tbx_martif])
def test_only_tbx_basic_parts_of_speech_are_written(writer: object) -> None:
    """Issue 23: 67 ``properNoun`` values, which the TBX-Basic schematron rejects; a proper noun is
    ``noun`` with our part-of-speech note, and still reads back as propn."""
    text = writer(load_glossary(FILM_TV))  # type: ignore[operator]
    values = set(etree.fromstring(text).xpath("//*[local-name()='termNote'][@type='partOfSpeech']/text()"))
    assert values and values <= PARTS_OF_SPEECH
    root = etree.fromstring(text)
    sky = root.xpath("//*[@id='tn-sky']")[0]
    assert "part of speech: propn" in sky.xpath(".//*[local-name()='note']/text()")
    assert sky.xpath(".//*[local-name()='termNote'][@type='partOfSpeech']/text()")[0] == "noun"


def test_forbidden_variants_are_deprecated_english_terms() -> None:
    root = etree.fromstring(write_tbx(load_glossary(FILM_TV)))
    concept = root.find(f".//{T}conceptEntry[@id='tn-sceneggiatore']")
    english = concept.find(f"{T}langSec[@{{http://www.w3.org/XML/1998/namespace}}lang='en']")
    deprecated = [
        term_sec.findtext(f"{T}term")
        for term_sec in english
        if term_sec.findtext(f"{T}termNote[@type='administrativeStatus']") == "deprecatedTerm-admn-sts"
    ]
    assert deprecated == ["scriptwriter", "scriptwriters", "script writer", "script writers"]


def test_translate_toolkit_reads_our_terms(tmp_path: Path) -> None:
    tbx = pytest.importorskip("translate.storage.tbx")
    if tbx.tbxfile.rootNode != "tbx":
        pytest.skip(f"translate-toolkit reads only TBX v2 (<{tbx.tbxfile.rootNode}>), not v3 (<tbx>)")
    store = tbx.tbxfile.parsestring(write_tbx(load_glossary(FILM_TV)))
    assert "sceneggiatore" in {unit.source for unit in store.units}


def test_martif_export_is_tbx_v2_basic_and_round_trips(tmp_path: Path) -> None:
    glossary = load_glossary(FILM_TV)
    root = etree.fromstring(write_tbx_martif(glossary))
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    assert [child.tag for child in root] == ["martifHeader", "text"]
    assert len(root.findall("text/body/termEntry")) == len(glossary.entries)
    for tig in root.iter("tig"):
        assert tig[0].tag == "term" and {child.tag for child in tig[1:]} == {"termNote"}
    out = tmp_path / "film.martif.tbx"
    out.write_bytes(write_tbx_martif(glossary))
    back = import_glossary(out)
    assert back.entries == glossary.entries


def test_translate_toolkit_reads_the_martif_export() -> None:
    """translate-toolkit's TBX storage reads only v2 (``martif``): every entry's preferred terms."""
    tbx = pytest.importorskip("translate.storage.tbx")
    glossary = load_glossary(FILM_TV)
    store = tbx.tbxfile.parsestring(write_tbx_martif(glossary))
    pairs = {(unit.source, unit.target) for unit in store.units}
    assert ("sceneggiatore", "screenwriter") in pairs
    assert len(store.units) == len(glossary.entries)
    assert {entry.source for entry in glossary.entries} == {unit.source for unit in store.units}


def test_cli_exports_martif_by_its_suffix(tmp_path: Path) -> None:
    out = tmp_path / "film.martif.tbx"
    result = CliRunner().invoke(glossary_cli, ["export", str(FILM_TV), str(out)])
    assert result.exit_code == 0, result.output
    assert "(tbx-martif)" in result.output
    assert etree.fromstring(out.read_bytes()).tag == "martif"
    assert import_glossary(out).entries == load_glossary(FILM_TV).entries


# --- DeepL CSV ---------------------------------------------------------------------------------------


def test_deepl_has_one_row_per_italian_form() -> None:
    glossary = _glossary(
        make_entry("regista", "regista", "director", source_forms=["registi"], target_forms=["directors"]),
        make_entry("r2", "registi", "filmmakers"),
        make_entry("virgola", '"Il", sì', "The, yes", note="quoted", forbidden=["Yes"]),
    )
    text = write_deepl(glossary).decode("utf-8")
    assert list(csv.reader(io.StringIO(text))) == [
        ["regista", "director"],
        ["registi", "director"],
        ['"Il", sì', "The, yes"],
    ]
    assert deepl_losses(glossary) == (
        "1 forbidden variants",
        "1 notes",
        "1 other English forms",
        "1 Italian forms already given by an earlier entry",
    )


def test_deepl_export_imports_back_as_its_pairs(tmp_path: Path) -> None:
    glossary = load_glossary(FILM_TV)
    out = tmp_path / "film.csv"
    out.write_bytes(write_deepl(glossary))
    pairs = {(entry.source, entry.target) for entry in import_glossary(out).entries}
    expected = {(form, entry.target) for entry in glossary.entries for form in entry.source_forms}
    assert pairs == expected


def test_film_tv_deepl_export_reimports_clean_under_our_lint(tmp_path: Path) -> None:
    """Rai/RAI and Anica/ANICA are rows of one case-sensitive entry; imported, they are still two terms."""
    csv_path, tsv_path = tmp_path / "film.csv", tmp_path / "film.tsv"
    exported = CliRunner().invoke(glossary_cli, ["export", str(FILM_TV), str(csv_path)])
    assert exported.exit_code == 0, exported.output
    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
    assert ["Rai", "RAI"] in rows and ["RAI", "RAI"] in rows, "every spelling still reaches DeepL"
    assert ["Anica", "Anica"] in rows and ["ANICA", "Anica"] in rows
    imported = CliRunner().invoke(glossary_cli, ["import", str(csv_path), str(tsv_path)])
    assert imported.exit_code == 0, imported.output
    assert "lint error" not in imported.output
    for path in (csv_path, tsv_path):
        errors = [f for f in lint_glossary(import_glossary(path)) if f.severity is Severity.ERROR]
        assert errors == [], [lint_line(f) for f in errors]
        linted = CliRunner().invoke(glossary_cli, ["lint", str(path)])
        assert ", 0 errors," in linted.output, linted.output


def test_sources_that_differ_only_in_case_import_case_sensitive(tmp_path: Path) -> None:
    """A two-column glossary has no case column: listing two spellings of one word says case matters."""
    path = tmp_path / "g.csv"
    path.write_text("Sole,Sun\nSOLE,SOLE\nluna,moon\nLuna,moon\nstella,star\n", encoding="utf-8")
    flags = {entry.source: entry.case_sensitive for entry in import_glossary(path).entries}
    assert flags == {"Sole": True, "SOLE": True, "luna": True, "Luna": True, "stella": False}
    assert [f for f in lint_glossary(import_glossary(path)) if f.severity is Severity.ERROR] == []


def test_spellings_of_one_form_come_back_as_one_entry(tmp_path: Path) -> None:
    """l'Oscar and l’Oscar are one form to our matcher: two entries would be a duplicate source."""
    glossary = _glossary(make_entry("oscar", "l'Oscar", "the Oscars", source_forms=["l’Oscar"]))
    back = parse_two_column(tmp_path / "g.csv", write_deepl(glossary).decode("utf-8"))
    assert [(entry.source, entry.source_forms) for entry in back.entries] == [
        ("l'Oscar", ("l'Oscar", "l’Oscar"))
    ]
    assert [f for f in lint_glossary(back) if f.severity is Severity.ERROR] == []


_SPELLINGS = ["Rai", "RAI", "rai", "l'Oscar", "l’Oscar", "L'Oscar", "co-produzione", "co‐produzione", "sole"]


@st.composite
def _overlapping_glossaries(draw: st.DrawFn) -> Glossary:
    """Few spellings, so entries and forms collide in case, apostrophe and hyphen."""
    entries = []
    for index in range(draw(st.integers(1, 4))):
        forms = draw(st.lists(st.sampled_from(_SPELLINGS), min_size=1, max_size=3, unique=True))
        target = draw(st.sampled_from(["RAI", "Rai", "the Oscars", "sun", "co-production"]))
        cs = draw(st.booleans())
        entries.append(make_entry(f"e{index}", forms[0], target, source_forms=forms[1:], case_sensitive=cs))
    return _glossary(*entries)


@settings(max_examples=300, deadline=None)
@given(_overlapping_glossaries())
def test_a_glossary_lint_accepts_exports_to_deepl_and_imports_back_without_lint_errors(
    glossary: Glossary,
) -> None:
    """Shared forms across entries (a lint warning) are left out: DeepL's rows cannot say which is whose."""
    found = lint_glossary(glossary)
    assume(not [f for f in found if f.severity is Severity.ERROR or "duplicate source form" in f.message])
    back = parse_two_column(Path("g.csv"), write_deepl(glossary).decode("utf-8"))
    errors = [lint_line(f) for f in lint_glossary(back) if f.severity is Severity.ERROR]
    assert errors == [], write_deepl(glossary).decode("utf-8")


# --- CLI ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"), [("g.tbx", "tbx"), ("g.csv", "deepl"), ("G.TBX", "tbx"), ("g.martif.tbx", "tbx-martif")]
)
def test_format_follows_the_suffix(name: str, fmt: str) -> None:
    assert export_format_for(Path(name)).name == fmt


def test_cli_exports_tbx_that_imports_back_equal(tmp_path: Path) -> None:
    out = tmp_path / "film.tbx"
    result = CliRunner().invoke(glossary_cli, ["export", str(FILM_TV), str(out)])
    assert result.exit_code == 0, result.output
    assert "(tbx)" in result.output and "not in" not in result.output
    assert import_glossary(out).entries == load_glossary(FILM_TV).entries
    assert [path.name for path in tmp_path.iterdir()] == ["film.tbx"], "no temporary file left"


def test_cli_deepl_says_what_is_lost(tmp_path: Path) -> None:
    out = tmp_path / "film.csv"
    result = CliRunner().invoke(glossary_cli, ["export", str(FILM_TV), str(out)])
    assert result.exit_code == 0, result.output
    assert "not in deepl's format:" in result.output and "forbidden variants" in result.output


def test_cli_format_option_beats_the_suffix(tmp_path: Path) -> None:
    out = tmp_path / "film.xml"
    result = CliRunner().invoke(glossary_cli, ["export", str(FILM_TV), str(out), "--format", "tbx"])
    assert result.exit_code == 0, result.output
    assert etree.fromstring(out.read_bytes()).tag == f"{T}tbx"


def test_cli_unknown_suffix_is_one_line_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "film.txt"
    result = run_cli("glossary", "export", FILM_TV, out)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"translate-news: error: {out}: cannot tell the export format from '.txt': "
        "use .tbx (tbx), .martif.tbx (tbx-martif), .csv (deepl) or --format"
    ]
    assert not out.exists()


def test_every_registered_writer_has_a_distinct_suffix() -> None:
    suffixes = [writer.suffix for writer in EXPORT_FORMATS.values()]
    assert len(set(suffixes)) == len(suffixes)


@pytest.mark.parametrize(
    "command", [("glossary", "import"), ("glossary", "export"), ("glossary", "export", "--format", "tbx")]
)
def test_a_glossary_is_never_converted_onto_itself(tmp_path: Path, command: tuple[str, ...]) -> None:
    glossary = tmp_path / "mine.tsv"
    text = "# our newsroom's notes\nid\tsource\ttarget\ncast\tcast\tcast\n"
    glossary.write_text(text, encoding="utf-8")
    result = run_cli(*command, glossary, tmp_path / "." / "mine.tsv")
    assert result.returncode == 2 and "is the glossary being read" in result.stderr
    assert "Traceback" not in result.stderr
    assert glossary.read_text(encoding="utf-8") == text
