"""Quality checks: one ``Finding``/``Severity`` for every result, the checks of one sentence in one
registry (``CHECKS``, with profiles), checking an output folder, and the report writers.

``findings`` is imported eagerly: facts, glossary and enforcement build findings and are themselves
imported by the checks, so the rest loads on first use (no import cycle).
"""

from __future__ import annotations

import importlib
from typing import Any

from translate_news.qa.findings import Finding, Severity, Where

_LAZY = {
    "CHECKS": "checks",
    "Check": "checks",
    "SentencePair": "checks",
    "checks_for": "checks",
    "run_checks": "checks",
    "CheckRun": "folder",
    "check_catalogs": "folder",
    "check_folder": "folder",
    "check_output": "folder",
    "REPORT_WRITERS": "report",
    "report_json": "report",
    "report_markdown": "report",
    "report_text": "report",
}

__all__ = ["Finding", "Severity", "Where", *_LAZY]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
