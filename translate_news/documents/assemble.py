"""Assemble the English article: the source with each sentence's span replaced by its translation.

Everything outside the sentence spans (markup prefixes, blank lines, front-matter keys, code blocks)
is copied verbatim, so the English article keeps the input's structure exactly. Front-matter values
are written in their YAML scalar's style, so the English front matter stays valid YAML.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

import regex

from translate_news.documents.article import Article, Block
from translate_news.documents.frontmatter import english_value, escape_segment


class Segment(Protocol):
    """What assembly reads of a segment (``segmentation.Segment``, a layer above documents): its block,
    its place in the block's text, and its id."""

    block: int
    start: int
    end: int
    id: str


def assemble_article(article: Article, segments: Sequence[Segment], targets: Mapping[str, str]) -> str:
    """``targets`` maps a segment id to its English text; a missing one keeps the Italian text."""
    by_block: dict[int, list[Segment]] = {}
    for seg in segments:
        by_block.setdefault(seg.block, []).append(seg)
    pieces: list[str] = []
    pos = 0
    for index in sorted(by_block, key=lambda i: article.blocks[i].start):
        block = article.blocks[index]
        english = _block_english(article, block, by_block[index], targets)
        if english is not None:
            pieces += [article.source[pos : block.start], english]
            pos = block.end
    pieces.append(article.source[pos:])
    return "".join(pieces)


def _block_english(
    article: Article, block: Block, segments: Sequence[Segment], targets: Mapping[str, str]
) -> str | None:
    """The block with its translated sentences spliced in; None when none of them is translated."""
    pieces: list[str] = []
    pos = block.start
    changed = False
    for seg in sorted(segments, key=lambda s: s.start):
        verbatim = article.source[seg.start : seg.end]  # already written as the source needs
        text = targets.get(seg.id) or verbatim
        if text != verbatim:
            changed = True
            if block.style == "cell":  # a bare pipe would split the table cell
                text = regex.sub(r"(?<!\\)\|", r"\\|", text)
            elif block.style:
                text = escape_segment(text, block.style)
            elif block.kind == "attribute":  # only double-quoted values are blocks
                text = text.replace('"', "&quot;")
        pieces += [article.source[pos : seg.start], text]
        pos = seg.end
    if not changed:
        return None
    pieces.append(article.source[pos : block.end])
    english = "".join(pieces)
    return english_value(english, block.style) if block.style else english
