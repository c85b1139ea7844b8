"""Importing DeepL/Google CSV and TSV, OmegaT and TBX v2/v3 glossaries into the canonical model."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from support import FIXTURES as TESTS_FIXTURES
from support import GLOSSARY as FILM_TV

from translate_news.cli.glossary import glossary as glossary_cli
from translate_news.errors import InputError
from translate_news.glossary.importers import (
    detect_format,
    import_glossary,
    looks_case_sensitive,
    parse_two_column,
    slug_id,
)
from translate_news.glossary.model import GlossaryEntry, dump_glossary, load_glossary

FIXTURES = TESTS_FIXTURES / "glossary"


def pairs(entries: tuple[GlossaryEntry, ...]) -> list[tuple[str, str, str]]:
    return [(entry.id, entry.source, entry.target) for entry in entries]


# --- two-column CSV/TSV --------------------------------------------------------------------------


def test_deepl_csv_with_language_columns() -> None:
    glossary = import_glossary(FIXTURES / "deepl.csv")
    assert pairs(glossary.entries) == [
        ("sceneggiatore", "sceneggiatore", "screenwriter"),
        ("regista", "regista", "director"),
        ("piattaforma-di-streaming", "piattaforma di streaming", "streaming platform"),
        ("effetti-visivi", "effetti visivi", "visual effects"),
        ("sag-aftra", "SAG-AFTRA", "SAG-AFTRA"),
        ("colonna-sonora-originale", "colonna sonora, originale", "original soundtrack"),
    ]
    assert [entry.line for entry in glossary.entries] == [1, 2, 3, 4, 5, 6]


def test_same_term_in_both_languages_is_do_not_translate_and_acronyms_are_case_sensitive() -> None:
    glossary = import_glossary(FIXTURES / "deepl.csv")
    sag = glossary.by_id["sag-aftra"]
    assert sag.dnt and sag.case_sensitive
    regista = glossary.by_id["regista"]
    assert not regista.dnt and not regista.case_sensitive


def test_csv_with_a_header_row() -> None:
    glossary = import_glossary(FIXTURES / "deepl-header.csv")
    assert pairs(glossary.entries) == [
        ("botteghino", "botteghino", "box office"),
        ("doppiaggio", "doppiaggio", "dubbing"),
    ]


def test_google_tsv_with_language_code_header_pos_and_description() -> None:
    glossary = import_glossary(FIXTURES / "google.tsv")
    sceneggiatura, montaggio, co_ceo = glossary.entries
    assert (sceneggiatura.target, sceneggiatura.pos, sceneggiatura.note) == (
        "screenplay",
        "noun",
        "the written script",
    )
    assert montaggio.target == "editing"
    assert co_ceo.dnt and co_ceo.case_sensitive
    assert sceneggiatura.line == 2


def test_header_in_reverse_language_order() -> None:
    glossary = parse_two_column("g.csv", "en,it\ndirector,regista\n")
    assert pairs(glossary.entries) == [("regista", "regista", "director")]


def test_semicolon_csv_and_quoted_newline() -> None:
    glossary = parse_two_column(
        "g.csv", 'regista;director\n"effetti\nvisivi";"visual effects"\nmontaggio;editing\n'
    )
    assert pairs(glossary.entries) == [
        ("regista", "regista", "director"),
        ("effetti-visivi", "effetti visivi", "visual effects"),
        ("montaggio", "montaggio", "editing"),
    ]
    assert [entry.line for entry in glossary.entries] == [1, 2, 4]


def test_utf16_csv_from_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes("sceneggiatore,screenwriter\nCinecittà,Cinecittà\n".encode("utf-16"))
    glossary = import_glossary(path)
    assert pairs(glossary.entries) == [
        ("sceneggiatore", "sceneggiatore", "screenwriter"),
        ("cinecitta", "Cinecittà", "Cinecittà"),
    ]


def test_conflicting_rows_keep_both_with_distinct_ids() -> None:
    glossary = parse_two_column("g.csv", "regista,director\nregista,filmmaker\nregista,director\n")
    assert pairs(glossary.entries) == [
        ("regista", "regista", "director"),
        ("regista-2", "regista", "filmmaker"),
    ]


@pytest.mark.parametrize(
    ("name", "line", "fragment"),
    [
        ("deepl-wrong-pair.csv", 1, "glossary is en→it, expected it→en"),
        ("two-column-short.csv", 2, "expected 2 to 4 columns"),
        ("bad-quote.csv", 2, "malformed CSV"),
    ],
)
def test_csv_errors_name_the_line(name: str, line: int, fragment: str) -> None:
    with pytest.raises(InputError) as caught:
        import_glossary(FIXTURES / name)
    assert caught.value.line == line
    assert fragment in caught.value.message


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("regista,director\n,empty\n", 2, "empty source term"),
        ("regista,director\nmontaggio,\n", 2, "empty target term for 'montaggio'"),
        ("a,b,c,d\n", 1, "expected source,target"),
    ],
)
def test_csv_cell_errors(text: str, line: int, fragment: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_two_column("g.csv", text)
    assert (caught.value.line, fragment in caught.value.message) == (line, True)


def test_non_utf8_csv_names_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"regista,director\nCinecitt\xe0,Cinecitt\xe0\n")
    with pytest.raises(InputError, match="byte 0xe0 at byte offset 25") as caught:
        import_glossary(path)
    assert caught.value.line == 2


# --- OmegaT --------------------------------------------------------------------------------------


def test_omegat_glossary_with_comments_and_notes() -> None:
    glossary = import_glossary(FIXTURES / "omegat.txt")
    assert pairs(glossary.entries) == [
        ("sceneggiatore", "sceneggiatore", "screenwriter"),
        ("regista", "regista", "director"),
        ("maestranze", "maestranze", "crew"),
        ("wga", "WGA", "WGA"),
    ]
    assert glossary.by_id["sceneggiatore"].note == "use for TV and film alike"
    assert glossary.by_id["maestranze"].line == 5
    assert glossary.by_id["wga"].dnt


def test_omegat_line_without_a_tab() -> None:
    with pytest.raises(InputError, match="expected source<TAB>target") as caught:
        import_glossary(FIXTURES / "omegat-bad.txt")
    assert caught.value.line == 2


# --- TBX -----------------------------------------------------------------------------------------


def test_tbx2_statuses_become_target_forms_and_forbidden_variants() -> None:
    glossary = import_glossary(FIXTURES / "film.tbx2.tbx")
    sceneggiatore = glossary.by_id["sceneggiatore"]
    assert sceneggiatore.source_forms == ("sceneggiatore", "sceneggiatrice")
    assert sceneggiatore.target == "screenwriter"
    assert sceneggiatore.target_forms == ("screenwriter", "screenwriters")
    assert sceneggiatore.forbidden == ("scriptwriter", "script writer")
    assert sceneggiatore.pos == "noun"
    assert sceneggiatore.note == "A person who writes screenplays."
    assert sceneggiatore.line == 9
    sindacato = glossary.by_id["sindacato"]
    assert (sindacato.target, sindacato.forbidden) == ("union", ("syndicate",))


def test_tbx2_do_not_translate_markings() -> None:
    glossary = import_glossary(FIXTURES / "film.tbx2.tbx")
    sag = glossary.by_id["sag-aftra"]  # same term in both languages
    assert sag.dnt and sag.case_sensitive and sag.target == "SAG-AFTRA"
    eternauta = glossary.by_id["l-eternauta"]  # a <note> saying "do not translate", no English term
    assert eternauta.dnt and eternauta.target == "L'Eternauta"
    assert glossary.by_id["showrunner"].dnt  # termNote transferComment "DNT"
    assert not glossary.by_id["sindacato"].dnt


def test_tbx2_skips_concepts_without_an_italian_term() -> None:
    glossary = import_glossary(FIXTURES / "film.tbx2.tbx")
    assert [entry.id for entry in glossary.entries] == [
        "sceneggiatore",
        "sag-aftra",
        "l-eternauta",
        "sindacato",
        "showrunner",
    ]


def test_tbx3_dca_style() -> None:
    glossary = import_glossary(FIXTURES / "film.tbx3.tbx")
    maestranze = glossary.by_id["maestranze"]
    assert (maestranze.target, maestranze.forbidden, maestranze.pos) == ("crew", ("workers",), "noun")
    abbonati = glossary.by_id["abbonati"]
    assert abbonati.source_forms == ("abbonati", "abbonato")
    assert abbonati.target_forms == ("subscribers", "subscriber")
    assert abbonati.forbidden == ("members",)
    assert abbonati.note == "The people who pay for a streaming service."
    assert glossary.by_id["wga"].dnt
    cinecitta = glossary.by_id["cinecitta"]  # a descrip saying "Do not translate."
    assert cinecitta.dnt and cinecitta.target == "Cinecittà"


def test_tbx3_dct_style_elements() -> None:
    glossary = import_glossary(FIXTURES / "film.tbx3-dct.tbx")
    [doppiatore] = glossary.entries
    assert (doppiatore.target, doppiatore.forbidden, doppiatore.pos) == ("voice actor", ("dubber",), "noun")


def test_tbx_entities_are_never_resolved() -> None:
    glossary = import_glossary(FIXTURES / "entities.tbx")
    [entry] = glossary.entries
    assert entry.source == "regista"
    assert "root:" not in dump_glossary(glossary) and "lol" not in dump_glossary(glossary)


def test_malformed_tbx_names_the_line() -> None:
    with pytest.raises(InputError, match="not well-formed XML") as caught:
        import_glossary(FIXTURES / "bad.tbx")
    assert caught.value.line == 7


def test_xml_that_is_not_tbx() -> None:
    with pytest.raises(InputError, match="not TBX: root element <html>") as caught:
        import_glossary(FIXTURES / "not-tbx.tbx")
    assert caught.value.line == 2


def test_tbx_without_italian_english_pairs(tmp_path: Path) -> None:
    path = tmp_path / "de.tbx"
    path.write_text(
        '<martif><text><body><termEntry><langSet xml:lang="de"><tig><term>Drehbuch</term></tig></langSet>'
        "</termEntry></body></text></martif>"
    )
    with pytest.raises(InputError, match="no it→en term pairs"):
        import_glossary(path)


# --- detection, ids, round trip ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("deepl.csv", "csv"),
        ("google.tsv", "tsv"),
        ("omegat.txt", "omegat"),
        ("film.tbx2.tbx", "tbx"),
        ("film.tbx3.tbx", "tbx"),
        ("handwritten.tsv", "canonical"),
    ],
)
def test_detect_format(name: str, expected: str) -> None:
    path = FIXTURES / name
    assert detect_format(path, path.read_bytes()) == expected


def test_detect_xml_content_whatever_the_extension(tmp_path: Path) -> None:
    path = tmp_path / "glossary.dat"
    path.write_bytes((FIXTURES / "film.tbx3.tbx").read_bytes())
    assert detect_format(path, path.read_bytes()) == "tbx"


def test_unknown_extension_needs_format(tmp_path: Path) -> None:
    path = tmp_path / "glossary.dat"
    path.write_text("regista,director\n")
    with pytest.raises(InputError, match="give --format"):
        import_glossary(path)
    assert pairs(import_glossary(path, "csv").entries) == [("regista", "regista", "director")]


def test_explicit_format_overrides_extension(tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    path.write_text("regista\tdirector\tcomment, with a comma\n")
    assert import_glossary(path, "omegat").entries[0].note == "comment, with a comma"


def test_unknown_format_name() -> None:
    with pytest.raises(InputError, match="unknown glossary format 'xlsx'"):
        import_glossary(FIXTURES / "deepl.csv", "xlsx")


def test_canonical_files_import_as_themselves() -> None:
    path = FILM_TV
    assert import_glossary(path) == load_glossary(path)


def test_slug_ids_are_stable_and_ascii() -> None:
    assert slug_id("Cinecittà") == "cinecitta"
    assert slug_id("diritti d'autore") == "diritti-d-autore"
    assert slug_id("Disney+") == "disney-plus"
    assert slug_id("!!!") == "term"


def test_case_sensitivity_heuristic() -> None:
    assert looks_case_sensitive("WGA") and looks_case_sensitive("co-CEO") and looks_case_sensitive("YouTube")
    assert not looks_case_sensitive("Netflix") and not looks_case_sensitive("regista")


@pytest.mark.parametrize("name", ["deepl.csv", "google.tsv", "omegat.txt", "film.tbx2.tbx", "film.tbx3.tbx"])
def test_imports_round_trip_through_the_canonical_format(name: str, tmp_path: Path) -> None:
    imported = import_glossary(FIXTURES / name)
    path = tmp_path / "out.tsv"
    path.write_text(dump_glossary(imported), encoding="utf-8")
    assert load_glossary(path) == imported


# --- CLI -----------------------------------------------------------------------------------------


def test_cli_import_writes_the_canonical_tsv(tmp_path: Path) -> None:
    out = tmp_path / "nested" / "film.tsv"
    result = CliRunner().invoke(glossary_cli, ["import", str(FIXTURES / "film.tbx2.tbx"), str(out)])
    assert result.exit_code == 0, result.output
    assert load_glossary(out) == import_glossary(FIXTURES / "film.tbx2.tbx")
    assert [path.name for path in out.parent.iterdir()] == ["film.tsv"]  # no temporary file left
    assert "wrote 5 entries" in result.output


def test_cli_import_with_format_and_an_error() -> None:
    runner = CliRunner()
    result = runner.invoke(glossary_cli, ["import", str(FIXTURES / "omegat-bad.txt"), "x.tsv"])
    assert isinstance(result.exception, InputError)
    assert str(result.exception).endswith("omegat-bad.txt:2: expected source<TAB>target[<TAB>comment]")
    result = runner.invoke(glossary_cli, ["import", "x.csv", "y.tsv", "--format", "xlsx"])
    assert result.exit_code == 2 and "Invalid value for '--format'" in result.output


def test_cli_import_takes_the_old_output_option_with_a_warning(tmp_path: Path) -> None:
    out = tmp_path / "film.tsv"
    source = str(FIXTURES / "film.tbx2.tbx")
    result = CliRunner().invoke(glossary_cli, ["import", source, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert load_glossary(out) == import_glossary(FIXTURES / "film.tbx2.tbx")
    assert "deprecated" in result.stderr
    both = CliRunner().invoke(glossary_cli, ["import", source, str(out), "-o", str(out)])
    assert both.exit_code == 2 and "once" in both.output
    neither = CliRunner().invoke(glossary_cli, ["import", source])
    assert neither.exit_code == 2
