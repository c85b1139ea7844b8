"""When two texts are the same sentence: Unicode and typographic variants of one text share a key.

An editor that re-saves an article in NFD, or turns ' into ’ and "…" into «…», has not changed any
sentence; reviewed work must not turn fuzzy for it. Nor has a page that writes ``&egrave;`` for è:
an HTML catalog made before msgids decoded entities keeps its reviewed entries. The key is used for
catalog identity and for the translation memory; the PO keeps the source's own bytes.
"""

from __future__ import annotations

import html
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


# An entity for a character; ``&lt;``, ``&gt;`` and ``&amp;`` (and their numeric forms) stay: they are
# how a catalog of HTML writes a literal ``<`` or ``&``, never the same text as the markup character.
_ENTITY = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_KEPT = frozenset("<>&")


def _decoded(match: regex.Match[str]) -> str:
    char = html.unescape(match[0])
    return match[0] if char in _KEPT or char == match[0] else char


def normalize_space(text: str) -> str:
    """Runs of whitespace (NBSP and line breaks included) as one space, ends trimmed."""
    return _SPACE.sub(" ", text).strip()


def sentence_key(text: str) -> str:
    """Entities decoded (not ``&lt;``/``&gt;``/``&amp;``), NFC, apostrophes and quotes folded to
    ASCII, whitespace collapsed."""
    if "&" in text:
        text = _ENTITY.sub(_decoded, text)
    return normalize_space(unicodedata.normalize("NFC", text).translate(_FOLD))
