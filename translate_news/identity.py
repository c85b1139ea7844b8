"""When two texts are the same sentence: Unicode and typographic variants of one text share a key.

An editor that re-saves an article in NFD, or turns ' into ’ and "…" into «…», has not changed any
sentence; reviewed work must not turn fuzzy for it. The key is used for catalog identity and for the
translation memory; the PO keeps the source's own bytes.
"""

from __future__ import annotations

import unicodedata

import regex

__all__ = ["sentence_key", "normalize_space"]

_SPACE = regex.compile(r"\s+")
_FOLD = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "‛": "'",
        "′": "'",
        "`": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "«": '"',
        "»": '"',
        "″": '"',
    }
)


def normalize_space(text: str) -> str:
    """Runs of whitespace (NBSP and line breaks included) as one space, ends trimmed."""
    return _SPACE.sub(" ", text).strip()


def sentence_key(text: str) -> str:
    """NFC, apostrophes and quotes folded to ASCII, whitespace collapsed."""
    return normalize_space(unicodedata.normalize("NFC", text).translate(_FOLD))
