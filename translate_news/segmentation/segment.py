"""Cut an article's blocks into sentence segments that keep their offsets in the source."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass

import regex

from translate_news.documents.article import Article
from translate_news.documents.registry import format_named
from translate_news.identity import normalize_space
from translate_news.segmentation.sentences import split_sentences

__all__ = ["Segment", "missed_boundary", "normalize_space", "segment_article", "segment_id"]

# A segment this long with ". " before a capital inside it is most likely two sentences glued together.
MISSED_BOUNDARY_CHARS = 400
_PERIOD_CAPITAL = regex.compile(r"\.\s+[«“\"'(]*\p{Lu}")


@dataclass(frozen=True)
class Segment:
    """One sentence: ``article.source[start:end]``; ``text`` is it with whitespace collapsed, as people
    read it (``DocumentFormat.for_people``: an HTML entity as its character): the msgid."""

    id: str
    text: str
    start: int
    end: int
    line: int
    block: int


def missed_boundary(text: str) -> bool:
    """QA sign of a missed sentence end: over 400 characters and ". " followed by a capital inside."""
    return len(text) > MISSED_BOUNDARY_CHARS and _PERIOD_CAPITAL.search(text) is not None


def segment_id(text: str, occurrence: int) -> str:
    """Content-based id: inserting or moving a sentence never renumbers its neighbours."""
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    return digest if occurrence == 1 else f"{digest}-{occurrence}"


def segment_article(article: Article) -> list[Segment]:
    segments: list[Segment] = []
    seen: Counter[str] = Counter()
    source = article.source
    view = article.split_view or source  # HTML: tags and entities masked, same offsets
    for_people = format_named(article.format).for_people
    for index, block in enumerate(article.blocks):
        text = view[block.start : block.end]
        spans = [(0, len(text))] if block.kind in ("title", "heading") else split_sentences(text)
        for start, end in spans:
            abs_start, abs_end = block.start + start, block.start + end
            sentence = for_people(normalize_space(source[abs_start:abs_end]))
            if not sentence:
                continue
            seen[sentence] += 1
            line = block.line + source.count("\n", block.start, abs_start)
            segments.append(
                Segment(segment_id(sentence, seen[sentence]), sentence, abs_start, abs_end, line, index)
            )
    return segments
