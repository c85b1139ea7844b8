"""Terminology QA over an output folder: what the catalogs say now, reviewers' edits included.

Per segment: a glossary term found in the source whose target form is missing, a forbidden variant
used, a do-not-translate term altered. Across the run: one source term rendered in different ways.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

import polib

from translate_news.documents.registry import FORMATS, MARKDOWN, DocumentFormat
from translate_news.errors import InputError
from translate_news.facts import check_facts
from translate_news.glossary.match import build_matcher, find_forbidden, find_hits, find_target_term
from translate_news.glossary.model import Glossary, acceptable_targets
from translate_news.pipeline.layout import find_article_files
from translate_news.review.catalog import read_catalog
from translate_news.segmentation.segment import segment_id

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    article: str
    segment: str
    kind: str  # missing-term, forbidden-variant, dnt-altered, inconsistent; facts: number, money, date, …
    term: str
    expected: str
    found: str
    severity: Severity
    where: str = ""  # PO file and line of the entry, where the reviewer looks
    msgid: str = ""


@dataclass(frozen=True)
class CheckRun:
    """What ``check`` found, and the catalogs it could not read (each costs only its article)."""

    findings: tuple[Finding, ...]
    checked: int
    unreadable: tuple[InputError, ...] = ()


def check_folder(output: Path, glossary: Glossary) -> CheckRun:
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
    findings, checked = check_catalogs(catalogs, glossary)
    return CheckRun(tuple(findings), checked, tuple(unreadable))


def check_output(output: Path, glossary: Glossary) -> tuple[list[Finding], int]:
    """Findings and the number of translated segments checked; a malformed catalog raises."""
    run = check_folder(output, glossary)
    if run.unreadable:
        raise run.unreadable[0]
    return list(run.findings), run.checked


def check_catalogs(
    catalogs: Sequence[tuple[str, Path, polib.POFile]], glossary: Glossary
) -> tuple[list[Finding], int]:
    """Findings over (article slug, PO path, catalog) and the number of translated segments checked."""
    matcher = build_matcher(glossary)
    findings: list[Finding] = []
    renderings: dict[str, Counter[str]] = defaultdict(Counter)
    where: dict[tuple[str, str], list[tuple[str, str, dict[str, str]]]] = defaultdict(list)
    checked = 0
    for slug, po_path, catalog in catalogs:
        strip = _source_format(catalog).strip_inline
        for entry in catalog:
            if entry.obsolete or not entry.msgid or not entry.msgstr:
                continue
            checked += 1
            source, _ = strip(entry.msgid)
            target, _ = strip(entry.msgstr)
            seg = segment_id(entry.msgid, 1)
            at = {"where": f"{po_path}:{entry.linenum}", "msgid": entry.msgid}
            hits = find_hits(matcher, source)
            findings += fact_findings(slug, seg, source, target, glossary, [h.text for h in hits], **at)
            for hit in hits:
                term = glossary.by_id[hit.entry_id]
                expected = " / ".join(acceptable_targets(term, hit.text))
                span = find_target_term(term, target, hit.text)
                forbidden = find_forbidden(term, target)
                if span is None:
                    kind = "dnt-altered" if term.dnt else "missing-term"
                    found = forbidden[0][2] if forbidden else ""
                    findings.append(Finding(slug, seg, kind, hit.text, expected, found, "error", **at))
                    rendering = found or "(missing)"
                else:
                    rendering = target[span[0] : span[1]]
                for _start, _end, variant in forbidden:
                    if span is not None:
                        findings.append(
                            Finding(
                                slug, seg, "forbidden-variant", hit.text, expected, variant, "error", **at
                            )
                        )
                key = rendering if term.case_sensitive else rendering.lower()
                renderings[term.id][key] += 1
                where[(term.id, key)].append((slug, seg, at))
    for term_id, counts in renderings.items():
        if len(counts) < 2 or all(_is_form(glossary, term_id, r) for r in counts):
            continue
        term = glossary.by_id[term_id]
        summary = ", ".join(f"{r} ×{n}" for r, n in counts.most_common())
        for rendering in counts:
            if _is_form(glossary, term_id, rendering):
                continue
            for slug, seg, at in where[(term_id, rendering)]:
                findings.append(
                    Finding(slug, seg, "inconsistent", term.source, summary, rendering, "warning", **at)
                )
    return findings, checked


def _source_format(catalog: polib.POFile) -> DocumentFormat:
    """The article's input format, from the catalog header: checks must read the text as a reader sees
    it (HTML entities decoded, tags gone), not ``&#8211;`` as a hashtag. Markdown for older catalogs."""
    suffix = Path(catalog.metadata.get("X-Source-File", "")).suffix.lower()
    return FORMATS.get(suffix, MARKDOWN)


def fact_findings(
    article: str,
    segment: str,
    source: str,
    target: str,
    glossary: Glossary | None,
    hit_texts: Sequence[str],
    where: str = "",
    msgid: str = "",
) -> list[Finding]:
    """Facts checks (numbers, money, dates, times, addresses, names) of one entry; glossary DNT terms
    count as names, and a name the glossary check already covers is not reported twice."""
    known = frozenset(e.source for e in glossary.entries if e.dnt) if glossary else frozenset()
    return [
        Finding(article, segment, f.kind, f.text, f.expected, f.found, f.severity, where, msgid)
        for f in check_facts(source, target, known)
        if not (f.kind == "name" and any(f.text in text or text in f.text for text in hit_texts))
    ]


def _is_form(glossary: Glossary, term_id: str, rendering: str) -> bool:
    """Different inflections of the glossary target (screenwriter, screenwriters) are consistent."""
    term = glossary.by_id[term_id]
    forms = term.target_forms + ((term.source, *term.source_forms) if term.dnt else ())
    return any(rendering.lower() == f.lower() for f in forms)


def report_markdown(
    findings: Sequence[Finding], checked: int, glossary: Glossary, unreadable: Sequence[str] = ()
) -> str:
    errors = sum(f.severity == "error" for f in findings)
    lines = [
        "# Terminology and facts check",
        "",
        (
            f"Glossary `{glossary.path}` (version {glossary.version}); "
            if glossary.path is not None
            else "No glossary (facts checks only); "
        )
        + f"{checked} translated segments checked;",
        f"{errors} errors, {len(findings) - errors} warnings.",
        "",
    ]
    if unreadable:
        lines += ["Not checked (catalog unreadable):", "", *(f"- {problem}" for problem in unreadable), ""]
    if findings:
        lines += [
            "| article | segment | PO file:line | msgid | severity | kind | term | expected | found |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for f in findings:
            cells = [
                f.article,
                f.segment,
                f.where,
                f.msgid,
                f.severity,
                f.kind,
                f.term,
                f.expected,
                f.found or "—",
            ]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def report_json(
    findings: Sequence[Finding], checked: int, glossary: Glossary, unreadable: Sequence[str] = ()
) -> str:
    data = {
        "glossary": str(glossary.path) if glossary.path is not None else None,
        "glossary_version": glossary.version,
        "segments_checked": checked,
        "errors": sum(f.severity == "error" for f in findings),
        "warnings": sum(f.severity == "warning" for f in findings),
        "findings": [asdict(f) for f in findings],
        "unreadable": list(unreadable),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
