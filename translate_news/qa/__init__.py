"""Quality checks: the checks of one sentence in one registry (``CHECKS``, with profiles), checking an
output folder, and the report writers. Every result is a ``translate_news.findings.Finding``, on the
ground floor, so the layers below (glossary lint, enforcement, facts) build findings without importing
the checks.
"""

from __future__ import annotations

from translate_news.findings import Finding, Severity, Where
from translate_news.qa.checks import CHECKS, Check, SentencePair, checks_for, run_checks
from translate_news.qa.folder import CheckRun, check_catalogs, check_folder, check_output
from translate_news.qa.report import REPORT_WRITERS, report_json, report_markdown, report_text, write_reports

__all__ = [
    "CHECKS",
    "REPORT_WRITERS",
    "Check",
    "CheckRun",
    "Finding",
    "SentencePair",
    "Severity",
    "Where",
    "check_catalogs",
    "check_folder",
    "check_output",
    "checks_for",
    "report_json",
    "report_markdown",
    "report_text",
    "write_reports",
    "run_checks",
]
