"""Every option default of a run, in one place: the CLI shows them, and the stages' own values
(``EngineOptions``, ``RunConfig``, ``ExecutorSettings``) start from them. Nothing is imported here, so
the CLI reads them without loading the stages (``--help`` stays fast)."""

from __future__ import annotations

from typing import Final

__all__ = [
    "BEAM_SIZE",
    "CHUNK_SIZE",
    "COMPUTE_TYPE",
    "DATE_STYLE",
    "DEVICE",
    "EXECUTOR",
    "MAX_DECODING_LENGTH",
    "MONEY_STYLE",
    "MT_BATCH",
    "RAY_TIMEOUT",
    "THREADS",
    "XLIFF_TRANSLATOR",
]

BEAM_SIZE = 4  # Argos's own beam, so our drafts match what Argos users get
THREADS = 0  # one per core (never CTranslate2's own 0, which is 35-50x slower on these machines)
DEVICE = "cpu"
COMPUTE_TYPE = "default"
MAX_DECODING_LENGTH = 256
MONEY_STYLE: Final = "symbol"  # Final: type checkers read the literal, as the settings declare
DATE_STYLE: Final = "keep"
EXECUTOR = "local"
CHUNK_SIZE = 200  # articles per chunk: bounded memory, and batches still big enough for MT
MT_BATCH = 256  # sentences enforced per batch, in this process and on each Ray actor alike
RAY_TIMEOUT = 60.0  # seconds to reach a cluster, and for the first translator to get its resources
# xliff import's Last-Translator when neither --translator nor the XLIFF names one: never the machine.
XLIFF_TRANSLATOR = "CAT-tool translator (xliff import)"
