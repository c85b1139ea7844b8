"""The run, one module per stage: ``prepare`` (read, segment, match; slug ownership), ``translate`` (MT
and its cache), ``drafts`` (what each sentence gets), ``write`` (merge and write every output) and
``runner`` (the driver: chunks of articles streamed through the stages; ``build`` reassembles from
reviewed catalogs). ``executor`` is where stages run. The output layout is ``translate_news.layout``,
on the ground floor: review, QA and the CLI read it without importing the run.
"""

from __future__ import annotations

from translate_news.pipeline.prepare import Prepared, prepare
from translate_news.pipeline.runner import (
    DEFAULT_CHUNK_SIZE,
    Progress,
    Reporter,
    RunConfig,
    RunSummary,
    build_output,
    run,
)

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "Prepared",
    "Progress",
    "Reporter",
    "RunConfig",
    "RunSummary",
    "build_output",
    "prepare",
    "run",
]
