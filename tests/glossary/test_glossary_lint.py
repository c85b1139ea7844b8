"""Glossary lint: errors that make enforcement ambiguous, warnings, and inflection suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from support import FIXTURES as TESTS_FIXTURES
from support import GLOSSARY as FILM_TV

from translate_news.cli.glossary import glossary as glossary_cli
from translate_news.errors import InputError
from translate_news.findings import Finding, Severity, Where
from translate_news.glossary.lint import (
    InflectionRule,
    default_inflection_rules,
    inflections,
    lint_glossary,
    lint_line,
    parse_inflection_rules,
)
from translate_news.glossary.model import HEADER, Glossary, GlossaryEntry, load_glossary, make_entry

FIXTURES = TESTS_FIXTURES / "glossary"


def lint(*entries: GlossaryEntry) -> list[tuple[int, str, str]]:
    issues = lint_glossary(Glossary(Path("g.tsv"), entries))
    return [(issue.where.line, issue.severity, issue.message) for issue in issues]


def entry(entry_id: str, source: str, target: str = "", line: int = 0, **fields: object) -> GlossaryEntry:
    return make_entry(entry_id, source, target, line=line, **fields)  # type: ignore[arg-type]


# --- the shipped glossary ------------------------------------------------------------------------


def test_film_glossary_is_large_and_lints_without_errors() -> None:
    glossary = load_glossary(FILM_TV)
    assert len(glossary.entries) >= 80
    errors = [lint_line(issue) for issue in lint_glossary(glossary) if issue.severity == Severity.ERROR]
    assert errors == []


def test_film_glossary_has_no_warnings_either() -> None:
    warnings = [lint_line(i) for i in lint_glossary(load_glossary(FILM_TV)) if i.severity == Severity.WARNING]
    assert warnings == []


# --- errors and warnings -------------------------------------------------------------------------


def test_issue_format() -> None:
    assert lint_line(Finding("lint", Severity.ERROR, "boom", Where("g.tsv", 3))) == "g.tsv:3: error: boom"
    assert lint_line(Finding("lint", Severity.INFO, "add", Where("g.tsv", 4))) == "g.tsv:4: suggestion: add"


def test_empty_target_is_an_error_unless_dnt() -> None:
    assert lint(
        entry("regista", "regista", line=2), entry("wga", "WGA", line=3, dnt=True, case_sensitive=True)
    ) == [(2, "error", "entry 'regista': empty target (set dnt to yes to keep the source)")]


def test_target_also_forbidden() -> None:
    issues = lint(
        entry("x", "sindacato", "union", line=4, target_forms=["Syndicate"], forbidden=["syndicate"])
    )
    assert issues == [(4, "error", "entry 'x': 'syndicate' is both a target form and forbidden")]


def test_target_and_forbidden_differ_only_in_case_when_case_sensitive() -> None:
    cs = entry("x", "ABC", "Abc", line=4, forbidden=["ABC"], case_sensitive=True)
    assert lint(cs) == []


def test_conflicting_entries() -> None:
    issues = lint(entry("a", "regista", "director", line=2), entry("b", "Regista", "filmmaker", line=3))
    assert issues == [
        (
            3,
            "error",
            "conflicting entries: 'Regista' → 'filmmaker' here but → 'director' in entry 'a' (line 2)",
        )
    ]


def test_conflict_through_an_inflected_form() -> None:
    issues = lint(
        entry("a", "attore", "actor", line=2, source_forms=["attori"]),
        entry("b", "attori", "cast", line=3),
    )
    assert [(line, severity) for line, severity, _ in issues] == [(3, "error")]
    assert "conflicting entries: 'attori'" in issues[0][2]


def test_duplicate_source_with_the_same_target() -> None:
    issues = lint(entry("a", "regista", "director", line=2), entry("b", "regista", "Director", line=3))
    assert issues == [(3, "error", "duplicate source 'regista': also entry 'a' (line 2)")]


def test_shared_variant_with_the_same_target_is_a_warning() -> None:
    issues = lint(
        entry("a", "abbonati", "subscribers", line=2, source_forms=["abbonato"]),
        entry("b", "abbonato", "subscribers", line=3),
    )
    assert issues == [(3, "warning", "duplicate source form 'abbonato': also in entry 'a' (line 2)")]


def test_duplicates_are_found_across_apostrophe_and_hyphen_variants() -> None:
    issues = lint(
        entry("a", "diritti d'autore", "copyright", line=2), entry("b", "diritti d’autore", "rights", line=3)
    )
    assert [severity for _, severity, _ in issues] == ["error"]
    issues = lint(entry("a", "co-CEO", "co-CEO", line=2), entry("b", "co‑ceo", "co-CEO", line=3))
    assert [severity for _, severity, _ in issues] == ["error"]


def test_case_sensitive_entries_differing_in_case_do_not_collide() -> None:
    assert (
        lint(
            entry("a", "RAI", line=2, dnt=True, case_sensitive=True),
            entry("b", "Rai", line=3, dnt=True, case_sensitive=True),
        )
        == []
    )


def test_case_insensitive_entry_collides_with_case_sensitive_one() -> None:
    issues = lint(
        entry("a", "RAI", line=2, dnt=True, case_sensitive=True), entry("b", "rai", "rai music", line=3)
    )
    assert [(line, severity) for line, severity, _ in issues] == [(3, "error")]


def test_each_pair_is_reported_once() -> None:
    issues = lint(
        entry("a", "regista", "director", line=2, source_forms=["registi"]),
        entry("b", "regista", "filmmaker", line=3, source_forms=["registi"]),
    )
    assert len(issues) == 1


def test_form_listed_twice_within_an_entry() -> None:
    issues = lint(entry("a", "co-CEO", "co-CEO", line=2, source_forms=["co‑CEO"], case_sensitive=True))
    assert issues == [(2, "warning", "entry 'a': source_forms lists 'co‑CEO' twice (as matched)")]


def test_form_without_letters() -> None:
    issues = lint(entry("a", "regista", "director", line=2, forbidden=["--"]))
    assert issues == [(2, "error", "entry 'a': forbidden '--' has no letters or digits")]


def test_dnt_entry_with_another_target_is_a_warning() -> None:
    issues = lint(entry("a", "Cinecittà", "Cinecittà Studios", line=2, dnt=True, case_sensitive=True))
    assert issues == [
        (2, "warning", "entry 'a': do-not-translate entry has a different target 'Cinecittà Studios'")
    ]


def test_empty_glossary_is_a_warning() -> None:
    assert lint() == [(1, "warning", "the glossary has no entries")]


def test_issues_are_sorted_by_line_then_severity() -> None:
    issues = lint(
        entry("b", "regista", "", line=5, pos="noun"),
        entry("a", "montaggio", "editing", line=2, forbidden=["editing"]),
    )
    assert [(line, severity) for line, severity, _ in issues] == [
        (2, "error"),
        (5, "error"),
        (5, Severity.INFO),
    ]


# --- inflection suggestions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "pos", "expected"),
    [
        ("sceneggiatore", "noun", ("sceneggiatori", "sceneggiatrice", "sceneggiatrici")),
        ("scenografo", "noun", ("scenografi", "scenografa", "scenografe")),
        ("visivo", "adj", ("visivi", "visiva", "visive")),
        ("piattaforma", "noun", ("piattaforme",)),
        ("attrice", "noun", ("attrici", "attore", "attori")),
        ("attrice", "noun-f", ("attrici",)),
        ("regista", "noun", ("registi", "registe")),
        ("produzione", "noun", ("produzioni",)),
        ("montaggio", "noun-m", ("montaggi",)),
        ("videogioco", "noun-m", ("videogiochi",)),
        (
            "pre-visualizzare",
            "verb",
            tuple(f"pre-visualizz{e}" for e in ("a", "ano", "ato", "ata", "ati", "ate", "ando", "iamo")),
        ),
        ("prendere", "verb", ("prende", "prendono", "prenduto", "prendendo", "prendiamo")),
        ("dirigere", "verb", ("dirige", "dirigono", "diriguto", "dirigendo", "dirigiamo")),
        ("seguire", "verb", ("segue", "seguono", "seguito", "seguendo", "seguiamo")),
        ("trailer", "noun", ()),
        ("serie", "noun-inv", ()),
        ("re", "noun", ()),
    ],
)
def test_inflection_rules(word: str, pos: str, expected: tuple[str, ...]) -> None:
    assert inflections(word, pos, default_inflection_rules()) == expected


def test_longest_suffix_wins() -> None:
    rules = (InflectionRule("noun", "e", ("i",)), InflectionRule("noun", "zione", ("zioni",)))
    assert inflections("produzione", "noun", rules) == ("produzioni",)


def test_suggests_only_missing_forms() -> None:
    issues = lint(
        entry("s", "sceneggiatore", "screenwriter", line=2, pos="noun", source_forms=["sceneggiatori"])
    )
    assert issues == [
        (2, Severity.INFO, "entry 's' (noun): consider adding source forms sceneggiatrice, sceneggiatrici")
    ]


def test_no_suggestions_for_complete_dnt_case_sensitive_or_multiword_entries() -> None:
    assert lint(entry("a", "attrice", "actress", line=2, pos="noun-f", source_forms=["attrici"])) == []
    assert lint(entry("b", "Fiorello", line=2, pos="noun", dnt=True)) == []
    assert lint(entry("c", "CEO", "CEO", line=2, pos="noun", case_sensitive=True)) == []
    assert lint(entry("d", "effetto visivo", "visual effect", line=2, pos="noun")) == []
    assert lint(entry("e", "regista", "director", line=2, pos="")) == []


def test_suggestions_never_count_as_errors() -> None:
    issues = lint_glossary(Glossary(None, (entry("a", "regista", "director", pos="noun"),)))
    assert [issue.severity for issue in issues] == [Severity.INFO]


def test_rules_file_parsing_and_errors() -> None:
    rules = parse_inflection_rules("r.tsv", "# c\npos\tsuffix\treplacements\nnoun\tore\tori | rice\n")
    assert rules == (InflectionRule("noun", "ore", ("ori", "rice")),)
    with pytest.raises(InputError, match="expected pos<TAB>suffix<TAB>replacements") as caught:
        parse_inflection_rules("r.tsv", "pos\tsuffix\treplacements\nnoun\tore\n")
    assert caught.value.line == 2


def test_shipped_rules_cover_the_documented_suffixes() -> None:
    suffixes = {(rule.pos, rule.suffix) for rule in default_inflection_rules()}
    for pos in ("noun", "adj"):
        assert {(pos, "ore"), (pos, "o"), (pos, "e"), (pos, "ista")} <= suffixes
    assert {("noun", "a"), ("noun", "zione"), ("verb", "are"), ("verb", "ere"), ("verb", "ire")} <= suffixes


# --- CLI -----------------------------------------------------------------------------------------


def test_cli_lint_clean_file_exits_zero() -> None:
    result = CliRunner().invoke(glossary_cli, ["lint", str(FILM_TV)])
    assert result.exit_code == 0, result.output
    last = result.output.splitlines()[-1]
    assert last.startswith(f"{FILM_TV}: ") and " entries, 0 errors, 0 warnings, " in last


def test_cli_lint_errors_exit_two(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("regista,director\nregista,filmmaker\nsceneggiatore,screenwriter\n")
    result = CliRunner().invoke(glossary_cli, ["lint", str(path)])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"{path}:2: error: conflicting entries: 'regista' → 'filmmaker' here but → 'director' "
        "in entry 'regista' (line 1)",
        f"{path}: 3 entries, 1 error, 0 warnings, 0 suggestions",
    ]


def test_cli_lint_suggestions_do_not_fail(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(HEADER + "\nregista\tregista\tdirector\tregista|registi\tdirector\tnoun\tno\tno\t\t\n")
    result = CliRunner().invoke(glossary_cli, ["lint", str(path)])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"{path}:2: suggestion: entry 'regista' (noun): consider adding source forms registe",
        f"{path}: 1 entry, 0 errors, 0 warnings, 1 suggestion",
    ]
    result = CliRunner().invoke(glossary_cli, ["lint", "--no-suggestions", str(path)])
    assert result.output.splitlines() == [f"{path}: 1 entry, 0 errors, 0 warnings, 0 suggestions"]


def test_cli_lint_reports_a_malformed_file_as_an_error_line() -> None:
    path = FIXTURES / "bad-boolean.tsv"
    result = CliRunner().invoke(glossary_cli, ["lint", str(path)])
    assert result.exit_code == 2
    assert (
        result.output.splitlines()[0] == f"{path}:2: error: case_sensitive: expected yes or no, got 'maybe'"
    )
