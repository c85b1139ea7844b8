"""QA over an output folder: what the catalogs say now, reviewers' edits included.

Per entry: the profile's checks from ``qa.checks.CHECKS`` (facts, the glossary rule, and under
``strict`` empty translations and missed sentence ends), on the text as a reader sees it. Across the
run: one source term rendered in different ways.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polib

from translate_news.documents.registry import DocumentFormat
from translate_news.errors import InputError
from translate_news.facts.extract import FigureOutOfRange
from translate_news.findings import Finding, Severity, Where
from translate_news.glossary.match import Hit, Matcher, build_matcher, find_hits
from translate_news.glossary.model import Glossary
from translate_news.glossary.rule import rendering
from translate_news.layout import catalog_format, find_article_files
from translate_news.qa.checks import SentencePair, checks_for, run_checks
from translate_news.review.catalog import entry_text, read_catalog
from translate_news.segmentation.segment import segment_id


@dataclass(frozen=True)
class CheckRun:
    """What ``check`` found, and the catalogs it could not read (each costs only its article)."""

    findings: tuple[Finding, ...]
    checked: int
    unreadable: tuple[InputError, ...] = ()


def check_folder(output: Path, glossary: Glossary, profile: str = "default") -> CheckRun:
    """Check every readable catalog under ``output``; unreadable ones are reported, not fatal."""
    catalogs: list[tuple[str, Path, polib.POFile]] = []
    unreadable: list[InputError] = []
    for files in find_article_files(output):
        try:
            catalog = read_catalog(files.po)
        except InputError as exc:
            unreadable.append(exc)
            continue
        if catalog is not None:
            catalogs.append((files.slug, files.po, catalog))
    findings, checked = check_catalogs(catalogs, glossary, profile, unreadable)
    return CheckRun(tuple(findings), checked, tuple(unreadable))


def check_output(output: Path, glossary: Glossary) -> tuple[list[Finding], int]:
    """Findings and the number of translated segments checked; a malformed catalog raises."""
    run = check_folder(output, glossary)
    if run.unreadable:
        raise run.unreadable[0]
    return list(run.findings), run.checked


def check_catalogs(
    catalogs: Sequence[tuple[str, Path, polib.POFile]],
    glossary: Glossary,
    profile: str = "default",
    unreadable: list[InputError] | None = None,
) -> tuple[list[Finding], int]:
    """Findings over (article slug, PO path, catalog) and the number of translated segments checked:
    the profile's checks per entry, then one term rendered in different ways across the run.

    A catalog holding a sentence that cannot be checked (a number beyond any real figure) costs only
    itself: none of its findings count, its error goes to ``unreadable`` (raised when None)."""
    matcher = build_matcher(glossary)
    names = checks_for(profile)
    findings: list[Finding] = []
    renderings: dict[str, Counter[str]] = defaultdict(Counter)
    where: dict[tuple[str, str], list[SentencePair]] = defaultdict(list)
    checked = 0
    for slug, po_path, catalog in catalogs:
        try:
            done = _check_catalog(slug, po_path, catalog, glossary, matcher, names)
        except InputError as exc:
            if unreadable is None:
                raise
            unreadable.append(exc)
            continue
        findings += done.findings
        checked += done.checked
        for term_id, key, seg in done.renderings:
            renderings[term_id][key] += 1
            where[(term_id, key)].append(seg)
    for term_id, counts in renderings.items():
        if len(counts) < 2 or all(_is_form(glossary, term_id, r) for r in counts):
            continue
        term = glossary.by_id[term_id]
        summary = ", ".join(f"{r} ×{n}" for r, n in counts.most_common())
        for found in counts:
            if _is_form(glossary, term_id, found):
                continue
            for seg in where[(term_id, found)]:
                message = f"inconsistent: {term.source} rendered as {found} ({summary})"
                findings.append(
                    seg.finding(
                        "inconsistent",
                        Severity.WARNING,
                        message,
                        term=term.source,
                        expected=summary,
                        found=found,
                    )
                )
    return findings, checked


@dataclass(frozen=True)
class _CatalogChecked:
    findings: list[Finding]
    checked: int
    renderings: list[tuple[str, str, SentencePair]]  # term id, how the entry renders it, the entry


def _check_catalog(
    slug: str,
    po_path: Path,
    catalog: polib.POFile,
    glossary: Glossary,
    matcher: Matcher,
    names: Sequence[str],
) -> _CatalogChecked:
    """One catalog's findings and glossary renderings; an entry that cannot be checked raises
    InputError naming its PO line."""
    document_format = catalog_format(catalog)
    strip = document_format.strip_inline
    findings: list[Finding] = []
    renderings: list[tuple[str, str, SentencePair]] = []
    checked = 0
    for entry in catalog:
        msgstr = entry_text(entry)  # msgstr[0] of a plural entry: what the English article shows
        if entry.obsolete or not entry.msgid or (not msgstr and "no-translation" not in names):
            continue
        checked += bool(msgstr)
        hits = tuple(find_hits(matcher, strip(entry.msgid)[0]))
        seg = sentence_pair(
            entry.msgid, msgstr, document_format, hits, slug, Where(str(po_path), entry.linenum)
        )
        try:
            findings += run_checks(seg, glossary, [n for n in names if msgstr or n == "no-translation"])
        except FigureOutOfRange as exc:
            raise InputError(po_path, f"not checked: {exc}", entry.linenum) from None
        if not msgstr:
            continue
        for hit in hits:
            term = glossary.by_id[hit.entry_id]
            found = rendering(term, hit, seg.target) or "(missing)"
            renderings.append((term.id, found if term.case_sensitive else found.lower(), seg))
    return _CatalogChecked(findings, checked, renderings)


def sentence_pair(
    msgid: str,
    msgstr: str,
    document_format: DocumentFormat,
    hits: tuple[Hit, ...],
    slug: str = "",
    where: Where | None = None,
) -> SentencePair:
    """One entry as the checks read it (inline markup stripped, as a reader sees it): the one place
    ``check`` and the run's notes on a person's text build it, so both say the same thing."""
    source, source_markup = document_format.strip_inline(msgid)
    target, target_markup = document_format.strip_inline(msgstr)
    return SentencePair(
        source,
        target,
        hits,
        slug,
        segment_id(msgid, 1),
        where or Where(),
        msgid,
        source_markup,
        target_markup,
        msgstr,
        document_format.name,
    )


def _is_form(glossary: Glossary, term_id: str, rendering: str) -> bool:
    """Different inflections of the glossary target (screenwriter, screenwriters) are consistent."""
    term = glossary.by_id[term_id]
    forms = term.target_forms + ((term.source, *term.source_forms) if term.dnt else ())
    return any(rendering.lower() == f.lower() for f in forms)
