"""The run, one module per stage: ``prepare`` (read, segment, match; slug ownership), ``translate`` (MT
and its cache), ``drafts`` (what each sentence gets), ``write`` (merge and write every output) and
``runner`` (the driver: chunks of articles streamed through the stages; ``build`` reassembles from
reviewed catalogs). ``executor`` is where stages run.
"""

from __future__ import annotations

import importlib
from typing import Any

# Exported lazily (PEP 562): importing ``translate_news.pipeline.layout`` (the CLI's xliff and check
# commands do) must not import the runner and its stages, or ``translate-news --help`` pays for them.
_HOMES = {
    "ArticleFiles": "layout",
    "article_files": "layout",
    "find_article_files": "layout",
    "Prepared": "prepare",
    "prepare": "prepare",
    "DEFAULT_CHUNK_SIZE": "runner",
    "Progress": "runner",
    "Reporter": "runner",
    "RunConfig": "runner",
    "RunSummary": "runner",
    "build_output": "runner",
    "run": "runner",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)


__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "ArticleFiles",
    "Prepared",
    "Progress",
    "Reporter",
    "RunConfig",
    "RunSummary",
    "article_files",
    "build_output",
    "find_article_files",
    "prepare",
    "run",
]
