"""The ``check`` report as text lines, Markdown and JSON: one set of findings, three readers."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate_news.fileio import write_atomic
from translate_news.findings import Finding, Severity
from translate_news.glossary.model import Glossary
from translate_news.qa.folder import CheckRun

__all__ = [
    "REPORT_WRITERS",
    "ReportFunction",
    "ReportWriter",
    "WrittenReport",
    "report_json",
    "report_markdown",
    "report_text",
    "write_reports",
]


def _errors(findings: Sequence[Finding]) -> int:
    return sum(f.severity == Severity.ERROR for f in findings)


def report_text(findings: Sequence[Finding]) -> str:
    """One line per finding, as ``check`` prints them: where, segment, severity, kind, the details."""
    return "".join(f"{f.where or f.article}: {f.segment}: {f.severity}: {_details(f)}\n" for f in findings)


def _details(f: Finding) -> str:
    """Kind, term, expected and found for the term and facts checks; the message for the others."""
    if not f.term:
        return f.message
    return f"{f.check}: {f.term} → expected {f.expected}" + (f", found {f.found}" if f.found else "")


def report_markdown(
    findings: Sequence[Finding],
    checked: int,
    glossary: Glossary,
    unreadable: Sequence[str] = (),
    choice: Mapping[str, Any] | None = None,
) -> str:
    """``choice``: the glossary choice as ``OutputGlossary.as_json`` has it (why this glossary, and its
    mismatches with the run record), so a reader of the report sees them too."""
    errors = _errors(findings)
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
    if choice is not None:
        lines += [f"Glossary chosen: {choice['from']}.", ""]
        lines += (
            [*(f"- warning: {warning}" for warning in choice["warnings"]), ""] if choice["warnings"] else []
        )
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
                str(f.where),
                f.msgid,
                f.severity,
                f.check,
                f.term,
                f.expected,
                f.found or "—",
            ]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _json_row(f: Finding) -> dict[str, str | bool]:
    """The report's row: its keys are a published format (``kind`` is the check that found it);
    ``implicit: true`` only on a finding about an implicit entry (a name from the source, no glossary row)."""
    row: dict[str, str | bool] = {
        "article": f.article,
        "segment": f.segment,
        "kind": f.check,
        "term": f.term,
        "expected": f.expected,
        "found": f.found,
        "severity": str(f.severity),
        "where": str(f.where),
        "msgid": f.msgid,
    }
    return {**row, "implicit": True} if f.implicit else row


def report_json(
    findings: Sequence[Finding],
    checked: int,
    glossary: Glossary,
    unreadable: Sequence[str] = (),
    choice: Mapping[str, Any] | None = None,
) -> str:
    data: dict[str, Any] = {
        "glossary": str(glossary.path) if glossary.path is not None else None,
        "glossary_version": glossary.version,
        "segments_checked": checked,
        "errors": _errors(findings),
        "warnings": sum(f.severity == Severity.WARNING for f in findings),
        "findings": [_json_row(f) for f in findings],
        "unreadable": list(unreadable),
    }
    if choice is not None:
        data["glossary_choice"] = dict(choice)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


ReportFunction = Callable[[Sequence[Finding], int, Glossary, Sequence[str], Mapping[str, Any] | None], str]


@dataclass(frozen=True)
class ReportWriter:
    """One report file ``check`` writes: its name, the suffix after the report's stem, and its writer."""

    name: str
    suffix: str
    write: ReportFunction


# Adding a report is its writer plus one line here; ``check`` writes every one.
REPORT_WRITERS: dict[str, ReportWriter] = {
    writer.name: writer
    for writer in (
        ReportWriter("markdown", ".md", report_markdown),
        ReportWriter("json", ".json", report_json),
    )
}


@dataclass(frozen=True)
class WrittenReport:
    name: str
    path: Path
    text: str


def write_reports(
    stem: Path, run: CheckRun, glossary: Glossary, choice: Mapping[str, Any] | None = None
) -> dict[str, WrittenReport]:
    """Every registered report of ``run`` beside ``stem`` (``qa-report.md``, ``qa-report.json``),
    each written atomically; by writer name."""
    unreadable = [str(error) for error in run.unreadable]
    written = {}
    for name, writer in REPORT_WRITERS.items():
        text = writer.write(run.findings, run.checked, glossary, unreadable, choice)
        path = stem.with_suffix(writer.suffix)
        write_atomic(path, text)
        written[name] = WrittenReport(name, path, text)
    return written
