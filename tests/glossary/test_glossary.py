"""The glossary model and its canonical TSV: parsing, errors with file:line, round trips, versions."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import FIXTURES as TESTS_FIXTURES
from support import GLOSSARY as FILM_TV

from translate_news.cli.glossary import glossary as glossary_cli
from translate_news.errors import InputError
from translate_news.glossary.model import (
    HEADER,
    Glossary,
    acceptable_targets,
    dump_glossary,
    load_glossary,
    make_entry,
    parse_glossary,
)

FIXTURES = TESTS_FIXTURES / "glossary"


def _tsv(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def _error(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        load_glossary(path)
    return caught.value


# --- loading -------------------------------------------------------------------------------------


def test_handwritten_file_with_bom_crlf_comments_and_boolean_spellings() -> None:
    glossary = load_glossary(FIXTURES / "handwritten.tsv")
    regista, showrunner = glossary.entries
    assert (regista.id, regista.source, regista.target) == ("regista", "regista", "director")
    assert regista.source_forms == ("regista", "registi")
    assert regista.target_forms == ("director", "directors")
    assert regista.case_sensitive is True and regista.dnt is False
    assert regista.note == "note"
    assert regista.line == 5
    assert showrunner.dnt is True and showrunner.case_sensitive is False


def test_dnt_entry_with_empty_target_means_same_as_source() -> None:
    showrunner = load_glossary(FIXTURES / "handwritten.tsv").by_id["showrunner"]
    assert showrunner.target == "showrunner"
    assert showrunner.target_forms == ("showrunner",)


def test_source_and_target_are_always_first_of_their_forms() -> None:
    glossary = parse_glossary("g.tsv", _tsv("ceo\tCEO\tCEO\t\tCEOs|CEO\tnoun\tyes\tno\t\t"))
    entry = glossary.entries[0]
    assert entry.source_forms == ("CEO",)
    assert entry.target_forms == ("CEO", "CEOs")


def test_text_is_nfc_and_single_spaced() -> None:
    decomposed = unicodedata.normalize("NFD", "Cinecittà")
    glossary = parse_glossary(
        "g.tsv", _tsv(f"cinecitta\t{decomposed}\t\t\t\tpropn\tyes\tyes\t\t  two   spaces ")
    )
    entry = glossary.entries[0]
    assert entry.source == "Cinecittà" and unicodedata.is_normalized("NFC", entry.source)
    assert entry.note == "two spaces"


def test_lookup_by_id() -> None:
    glossary = load_glossary(FIXTURES / "handwritten.tsv")
    assert glossary.get("regista") is glossary.entries[0]
    assert glossary.by_id["showrunner"].source == "showrunner"
    assert glossary.get("missing") is None
    assert len(glossary.entries) == 2


def test_glossary_refuses_duplicate_ids() -> None:
    entry = make_entry("regista", "regista", "director")
    with pytest.raises(ValueError, match="duplicate id"):
        Glossary(None, (entry, entry))


# --- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "line", "fragment"),
    [
        ("bad-columns.tsv", 3, "expected 10 tab-separated columns, found 7"),
        ("bad-boolean.tsv", 2, "case_sensitive: expected yes or no, got 'maybe'"),
        ("empty-source.tsv", 3, "empty source"),
        ("duplicate-id.tsv", 3, "duplicate id 'regista' (first on line 2)"),
        ("no-header.tsv", 1, "expected the header row"),
        ("latin1.tsv", 2, "not valid UTF-8: byte 0xe0 at byte offset 99"),
        ("binary.tsv", 1, "binary file (NUL byte at byte offset 9)"),
    ],
)
def test_malformed_files_name_the_line(name: str, line: int, fragment: str) -> None:
    error = _error(FIXTURES / name)
    assert error.line == line
    assert fragment in error.message
    assert str(error).startswith(f"{FIXTURES / name}:{line}: ")


def test_empty_file() -> None:
    error = _error(FIXTURES / "empty.tsv")
    assert str(error) == f"{FIXTURES / 'empty.tsv'}: empty file"


def test_missing_file() -> None:
    error = _error(FIXTURES / "does-not-exist.tsv")
    assert "cannot read" in error.message


def test_only_comments_has_no_header() -> None:
    with pytest.raises(InputError, match="no header row"):
        parse_glossary("g.tsv", "# nothing here\n")


@pytest.mark.parametrize(
    ("row", "fragment"),
    [
        ("bad id\tregista\tdirector\t\t\t\tno\tno\t\t", "bad id"),
        ("regista\tregista\tdirector\t\t\t\tno\tperhaps\t\t", "dnt: expected yes or no"),
    ],
)
def test_bad_cells(row: str, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment) as caught:
        parse_glossary("g.tsv", _tsv(row))
    assert caught.value.line == 2


def test_make_entry_rejects_what_tsv_cannot_hold() -> None:
    with pytest.raises(ValueError, match="empty source"):
        make_entry("x", "  ")
    with pytest.raises(ValueError, match="cannot contain"):
        make_entry("x", "a", "b", target_forms=["b|c"])


# --- round trip and version ----------------------------------------------------------------------


def test_dump_round_trips_the_film_glossary() -> None:
    glossary = load_glossary(FILM_TV)
    text = dump_glossary(glossary)
    again = parse_glossary("copy.tsv", text)
    assert again == glossary
    assert again.version == glossary.version
    assert dump_glossary(again) == text


def test_dump_is_canonical() -> None:
    glossary = load_glossary(FIXTURES / "handwritten.tsv")
    assert dump_glossary(glossary) == _tsv(
        "regista\tregista\tdirector\tregista|registi\tdirector|directors\tnoun\tyes\tno\t\tnote",
        "showrunner\tshowrunner\tshowrunner\tshowrunner\tshowrunner\tnoun-inv\tno\tyes\t\t",
    )


def test_version_is_a_content_hash() -> None:
    base = load_glossary(FIXTURES / "handwritten.tsv")
    assert len(base.version) == 12 and int(base.version, 16) >= 0
    # Comments, blank lines and line endings do not change the content.
    same = parse_glossary("other.tsv", dump_glossary(base))
    assert same.version == base.version
    changed = parse_glossary("other.tsv", dump_glossary(base).replace("director|directors", "director"))
    assert changed.version != base.version


# --- acceptable targets --------------------------------------------------------------------------


def test_acceptable_targets_of_a_translated_term() -> None:
    entry = make_entry("sceneggiatore", "sceneggiatore", "screenwriter", target_forms=["screenwriters"])
    assert acceptable_targets(entry, "sceneggiatrici") == ("screenwriter", "screenwriters")


def test_acceptable_targets_of_a_dnt_term_keep_what_was_written() -> None:
    entry = make_entry("rai", "RAI", source_forms=["Rai"], case_sensitive=True, dnt=True)
    assert acceptable_targets(entry, "Rai") == ("Rai", "RAI")
    assert acceptable_targets(entry, "RAI") == ("RAI",)
    eternauta = make_entry("l-eternauta", "L'Eternauta", dnt=True)
    assert acceptable_targets(eternauta, "Eternauta") == ("Eternauta", "L'Eternauta")


# --- the film and TV glossary --------------------------------------------------------------------


def test_film_glossary_has_the_core_terms() -> None:
    glossary = load_glossary(FILM_TV)
    sceneggiatore = glossary.by_id["sceneggiatore"]
    assert sceneggiatore.source_forms == (
        "sceneggiatore",
        "sceneggiatrice",
        "sceneggiatori",
        "sceneggiatrici",
    )
    assert sceneggiatore.target_forms == ("screenwriter", "screenwriters")
    assert {"scriptwriter", "script writer"} <= set(sceneggiatore.forbidden)
    assert "workers" in glossary.by_id["maestranze"].forbidden
    assert "members" in glossary.by_id["abbonati"].forbidden
    assert "syndicate" in glossary.by_id["sindacato"].forbidden
    assert "filming" in glossary.by_id["riprese"].target_forms
    for dnt_id in ("sag-aftra", "wga", "netflix", "rai", "mediaset", "sky", "disney-plus", "prime-video"):
        entry = glossary.by_id[dnt_id]
        assert entry.dnt and entry.case_sensitive, dnt_id
    for dnt_id in ("anica", "cinecitta", "l-eternauta", "showrunner"):
        assert glossary.by_id[dnt_id].dnt, dnt_id


# --- CLI -----------------------------------------------------------------------------------------


def test_cli_show_lists_entries() -> None:
    result = CliRunner().invoke(glossary_cli, ["show", str(FIXTURES / "handwritten.tsv")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(f"# {FIXTURES / 'handwritten.tsv'}: 2 entries, version ")
    assert "regista: regista → director [noun] (case-sensitive)" in lines
    assert "showrunner: showrunner → showrunner [noun-inv] (dnt)" in lines


def test_cli_show_one_entry_and_unknown_id() -> None:
    runner = CliRunner()
    result = runner.invoke(glossary_cli, ["show", str(FILM_TV), "sceneggiatore"])
    assert result.exit_code == 0
    assert "forbidden: scriptwriter, scriptwriters, script writer, script writers" in result.output
    result = runner.invoke(glossary_cli, ["show", str(FILM_TV), "nope"])
    assert isinstance(result.exception, InputError)
    assert "no entry with id 'nope'" in str(result.exception)
