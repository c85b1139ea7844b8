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

from translate_news.catalog import read_catalog
from translate_news.glossary import Glossary, acceptable_targets
from translate_news.glossary_match import build_matcher, find_forbidden, find_hits, find_target_term
from translate_news.inline import strip_inline
from translate_news.layout import find_article_files
from translate_news.segment import segment_id

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    article: str
    segment: str
    kind: str  # missing-term, forbidden-variant, dnt-altered, inconsistent
    term: str
    expected: str
    found: str
    severity: Severity
    where: str = ""  # PO file and line of the entry, where the reviewer looks
    msgid: str = ""


def check_output(output: Path, glossary: Glossary) -> tuple[list[Finding], int]:
    """Findings and the number of translated segments checked."""
    matcher = build_matcher(glossary)
    findings: list[Finding] = []
    renderings: dict[str, Counter[str]] = defaultdict(Counter)
    where: dict[tuple[str, str], list[tuple[str, str, dict[str, str]]]] = defaultdict(list)
    checked = 0
    for files in find_article_files(output):
        catalog = read_catalog(files.po)
        for entry in catalog or ():
            if entry.obsolete or not entry.msgid or not entry.msgstr:
                continue
            checked += 1
            source, _ = strip_inline(entry.msgid)
            target, _ = strip_inline(entry.msgstr)
            seg = segment_id(entry.msgid, 1)
            at = {"where": f"{files.po}:{entry.linenum}", "msgid": entry.msgid}
            for hit in find_hits(matcher, source):
                term = glossary.by_id[hit.entry_id]
                expected = " / ".join(acceptable_targets(term, hit.text))
                span = find_target_term(term, target, hit.text)
                forbidden = find_forbidden(term, target)
                if span is None:
                    kind = "dnt-altered" if term.dnt else "missing-term"
                    found = forbidden[0][2] if forbidden else ""
                    findings.append(Finding(files.slug, seg, kind, hit.text, expected, found, "error", **at))
                    rendering = found or "(missing)"
                else:
                    rendering = target[span[0] : span[1]]
                for _start, _end, variant in forbidden:
                    if span is not None:
                        findings.append(
                            Finding(
                                files.slug,
                                seg,
                                "forbidden-variant",
                                hit.text,
                                expected,
                                variant,
                                "error",
                                **at,
                            )
                        )
                key = rendering if term.case_sensitive else rendering.lower()
                renderings[term.id][key] += 1
                where[(term.id, key)].append((files.slug, seg, at))
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


def _is_form(glossary: Glossary, term_id: str, rendering: str) -> bool:
    """Different inflections of the glossary target (screenwriter, screenwriters) are consistent."""
    term = glossary.by_id[term_id]
    forms = term.target_forms + ((term.source, *term.source_forms) if term.dnt else ())
    return any(rendering.lower() == f.lower() for f in forms)


def report_markdown(findings: Sequence[Finding], checked: int, glossary: Glossary) -> str:
    errors = sum(f.severity == "error" for f in findings)
    lines = [
        "# Terminology check",
        "",
        f"Glossary `{glossary.path}` (version {glossary.version}); {checked} translated segments checked;",
        f"{errors} errors, {len(findings) - errors} warnings.",
        "",
    ]
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


def report_json(findings: Sequence[Finding], checked: int, glossary: Glossary) -> str:
    data = {
        "glossary": str(glossary.path),
        "glossary_version": glossary.version,
        "segments_checked": checked,
        "errors": sum(f.severity == "error" for f in findings),
        "warnings": sum(f.severity == "warning" for f in findings),
        "findings": [asdict(f) for f in findings],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
