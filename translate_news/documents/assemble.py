"""Assemble the English article: the source with each sentence's span replaced by its translation.

Everything outside the sentence spans (markup prefixes, blank lines, front-matter keys, code blocks)
is copied verbatim, so the English article keeps the input's structure exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from translate_news.documents.article import Article

if TYPE_CHECKING:  # segments are made from documents; only their type is needed here
    from translate_news.segmentation.segment import Segment


def _front_matter_value(source: str, start: int, end: int, text: str) -> str:
    """A translated front-matter value stays valid YAML: escape or quote as the source did."""
    quote = source[start - 1] if start > 0 and source[start - 1] in "\"'" else ""
    if quote == '"':
        return text.replace("\\", "\\\\").replace('"', '\\"')
    if quote == "'":
        return text.replace("'", "''")
    if any(ch in text for ch in ":#\"'") or text[:1] in "-[{&*!|>%@`":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def assemble_article(article: Article, segments: Sequence[Segment], targets: Mapping[str, str]) -> str:
    """``targets`` maps a segment id to its English text; a missing one keeps the Italian text."""
    pieces: list[str] = []
    pos = 0
    for seg in sorted(segments, key=lambda s: s.start):
        text = targets.get(seg.id)
        if not text:
            text = article.source[seg.start : seg.end]  # verbatim: already escaped as the source needs
        elif seg.start < article.body_start:
            text = _front_matter_value(article.source, seg.start, seg.end, text)
        elif article.blocks[seg.block].kind == "attribute":  # only double-quoted values are blocks
            text = text.replace('"', "&quot;")
        pieces.append(article.source[pos : seg.start])
        pieces.append(text)
        pos = seg.end
    pieces.append(article.source[pos:])
    return "".join(pieces)
