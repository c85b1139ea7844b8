"""Check a glossary for what would make enforcement ambiguous or wrong, and suggest missing forms.

Errors make enforcement unreliable (two targets for one source, a target that is also forbidden);
warnings are probably mistakes; suggestions are Italian inflections the entry may be missing,
derived from the suffix rules in ``translate_news/data/inflection-rules.it.tsv``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import regex

from translate_news.errors import InputError
from translate_news.findings import Finding, Severity, Where
from translate_news.glossary.match import has_word, match_key
from translate_news.glossary.model import FORM_SEPARATOR, Glossary, GlossaryEntry, decode_text, read_bytes

# Lint's words for the three severities: an info finding is a suggestion (a form to consider adding).
LABELS: dict[Severity, str] = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "suggestion",
}
RULES_RESOURCE = "data/inflection-rules.it.tsv"

_SINGLE_WORD = regex.compile(r"^[\p{L}\p{M}-]+$")
_MIN_STEM = 2


def lint_line(finding: Finding) -> str:
    """``file:line: severity: message``, as compilers and editors read it."""
    return f"{finding.where}: {LABELS[finding.severity]}: {finding.message}"


@dataclass(frozen=True)
class InflectionRule:
    """Words of ``pos`` ending in ``suffix`` also take each ending in ``replacements``."""

    pos: str
    suffix: str
    replacements: tuple[str, ...]


# --- inflection rules ----------------------------------------------------------------------------


def parse_inflection_rules(path: str | Path, text: str) -> tuple[InflectionRule, ...]:
    """Rows of pos, suffix, |-separated replacements after a header; ``#`` lines are comments."""
    rules = []
    header_seen = False
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if not header_seen:
            header_seen = True
            if cells == ["pos", "suffix", "replacements"]:
                continue
        if len(cells) != 3 or not all(cells):
            raise InputError(path, "expected pos<TAB>suffix<TAB>replacements", number)
        replacements = tuple(part.strip() for part in cells[2].split(FORM_SEPARATOR) if part.strip())
        rules.append(InflectionRule(cells[0].lower(), cells[1], replacements))
    return tuple(rules)


@functools.cache
def default_inflection_rules() -> tuple[InflectionRule, ...]:
    resource = resources.files("translate_news").joinpath(RULES_RESOURCE)
    with resources.as_file(resource) as path:
        return parse_inflection_rules(path, decode_text(path, read_bytes(path)))


def inflections(word: str, pos: str, rules: tuple[InflectionRule, ...]) -> tuple[str, ...]:
    """The forms the longest matching suffix rule for ``pos`` gives ``word`` (lowercase suffixes)."""
    lowered = word.lower()
    matching = [
        rule
        for rule in rules
        if rule.pos == pos and lowered.endswith(rule.suffix) and len(word) - len(rule.suffix) >= _MIN_STEM
    ]
    if not matching:
        return ()
    rule = max(matching, key=lambda candidate: len(candidate.suffix))
    stem = word[: len(word) - len(rule.suffix)]
    return tuple(stem + replacement for replacement in rule.replacements)


# --- checks --------------------------------------------------------------------------------------


def _issue(glossary: Glossary, entry: GlossaryEntry, severity: Severity, message: str) -> Finding:
    return _finding(glossary, entry.line, severity, message)


def _finding(glossary: Glossary, line: int, severity: Severity, message: str) -> Finding:
    return Finding("lint", severity, message, Where(str(glossary.path or "<glossary>"), line))


def _entry_issues(glossary: Glossary, entry: GlossaryEntry) -> Iterator[Finding]:
    name = f"entry {entry.id!r}"
    if not entry.target and not entry.dnt:
        yield _issue(
            glossary, entry, Severity.ERROR, f"{name}: empty target (set dnt to yes to keep the source)"
        )
    cs = entry.case_sensitive
    allowed = {match_key(form, cs) for form in entry.target_forms}
    for form in entry.forbidden:
        if match_key(form, cs) in allowed:
            yield _issue(
                glossary, entry, Severity.ERROR, f"{name}: {form!r} is both a target form and forbidden"
            )
    if entry.dnt and entry.target != entry.source:
        yield _issue(
            glossary,
            entry,
            Severity.WARNING,
            f"{name}: do-not-translate entry has a different target {entry.target!r}",
        )
    for column, forms in (
        ("source_forms", entry.source_forms),
        ("target_forms", entry.target_forms),
        ("forbidden", entry.forbidden),
    ):
        seen: set[str] = set()
        for form in forms:
            if not has_word(form):
                yield _issue(
                    glossary, entry, Severity.ERROR, f"{name}: {column} {form!r} has no letters or digits"
                )
            key = match_key(form, cs)
            if key in seen:
                yield _issue(
                    glossary, entry, Severity.WARNING, f"{name}: {column} lists {form!r} twice (as matched)"
                )
            seen.add(key)


def _same_target(first: GlossaryEntry, second: GlossaryEntry) -> bool:
    return match_key(first.target, False) == match_key(second.target, False)


def _overlap(first: GlossaryEntry, first_form: str, second: GlossaryEntry, second_form: str) -> bool:
    """Whether some text would match both forms: exact when both entries are case-sensitive."""
    exact = first.case_sensitive and second.case_sensitive
    return match_key(first_form, exact) == match_key(second_form, exact)


def _cross_entry_issues(glossary: Glossary) -> Iterator[Finding]:
    """Report each pair of entries sharing a source form once, on the later entry."""
    by_key: dict[str, list[tuple[GlossaryEntry, str]]] = {}
    reported: set[tuple[str, str]] = set()
    for entry in glossary.entries:
        for form in entry.source_forms:
            earlier = by_key.setdefault(match_key(form, False), [])
            for other, other_form in earlier:
                pair = (other.id, entry.id)
                if other.id == entry.id or pair in reported or not _overlap(other, other_form, entry, form):
                    continue
                reported.add(pair)
                where = f"entry {other.id!r} (line {other.line})"
                if not _same_target(other, entry):
                    targets = f"→ {entry.target!r} here but → {other.target!r}"
                    yield _issue(
                        glossary, entry, Severity.ERROR, f"conflicting entries: {form!r} {targets} in {where}"
                    )
                elif form == entry.source and other_form == other.source:
                    yield _issue(glossary, entry, Severity.ERROR, f"duplicate source {form!r}: also {where}")
                else:
                    yield _issue(
                        glossary, entry, Severity.WARNING, f"duplicate source form {form!r}: also in {where}"
                    )
            earlier.append((entry, form))


def _suggestions(
    glossary: Glossary, entry: GlossaryEntry, rules: tuple[InflectionRule, ...]
) -> Iterator[Finding]:
    if entry.dnt or entry.case_sensitive or not _SINGLE_WORD.match(entry.source):
        return
    have = {match_key(form, False) for form in entry.source_forms}
    missing = [
        form for form in inflections(entry.source, entry.pos, rules) if match_key(form, False) not in have
    ]
    if missing:
        message = f"entry {entry.id!r} ({entry.pos}): consider adding source forms {', '.join(missing)}"
        yield _issue(glossary, entry, Severity.INFO, message)


def lint_glossary(glossary: Glossary, rules: tuple[InflectionRule, ...] | None = None) -> list[Finding]:
    """All findings, by line, errors before warnings before suggestions on the same line."""
    rules = default_inflection_rules() if rules is None else rules
    issues: list[Finding] = []
    if not glossary.entries:
        issues.append(_finding(glossary, 1, Severity.WARNING, "the glossary has no entries"))
    for entry in glossary.entries:
        issues.extend(_entry_issues(glossary, entry))
        issues.extend(_suggestions(glossary, entry, rules))
    issues.extend(_cross_entry_issues(glossary))
    return sorted(issues, key=lambda issue: (issue.where.line, -issue.severity.rank))
