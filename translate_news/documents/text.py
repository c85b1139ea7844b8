"""Plain text (.txt): blank lines separate paragraphs; a short line without final punctuation is a heading.

The first line is the title only when it looks like one (``_is_title``): wire copy and pasted text
often start straight with the story.
"""

from __future__ import annotations

from pathlib import Path

import regex

from translate_news.documents.article import Article, Block, DocumentFormat, decode_article, slugify
from translate_news.errors import InputError

__all__ = ["FORMAT", "HEADING_MAX_CHARS", "parse_text"]

# A standalone line is a heading when it is short and has no sentence-final punctuation.
HEADING_MAX_CHARS = 90
FINAL_PUNCTUATION = '.!?:;…»”"’)'
# "ROMA –", "(ANSA) -", "ore 8.05 -": a line opening with a dateline or a time is copy, not a title.
_DATELINE_START = regex.compile(
    r"(?:\(\p{Lu}[^()]{0,15}\)|[^\p{Ll}]+?|(?:[Oo]re\s+)?\d{1,2}[.:]\d{2})\s*[-–—]\s"
)


def parse_text(path: Path, text: str) -> Article:
    article = Article(path, slugify(path.stem), "txt", text, tuple(_parse_text(text)))
    if not article.blocks:
        raise InputError(path, "no text to translate")
    return article


def _lines(text: str) -> list[tuple[int, int, str]]:
    """(start offset, line number, line text) for each line, newline excluded."""
    out, offset = [], 0
    for number, line in enumerate(text.split("\n"), start=1):
        out.append((offset, number, line))
        offset += len(line) + 1
    return out


def _trimmed(start: int, line: str) -> tuple[int, int]:
    """Offsets of ``line`` without its surrounding whitespace."""
    stripped = line.strip()
    lead = len(line) - len(line.lstrip())
    return start + lead, start + lead + len(stripped)


def _is_heading(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) <= HEADING_MAX_CHARS and not stripped.endswith(tuple(FINAL_PUNCTUATION))


def _is_title(line: str, next_line: str | None) -> bool:
    """A .txt article's first line is its title only when it looks like one.

    Short, no sentence-final punctuation, starting like a headline (capital, digit, quote), not a
    byline or dateline, and standing alone: its own paragraph, or followed by a line that starts
    anew (a capital or a byline), which a hard-wrapped sentence's next line does not.
    """
    from translate_news.segmentation.sentences import is_byline_or_credit

    stripped = line.strip()
    if not _is_heading(stripped) or is_byline_or_credit(stripped):
        return False
    if not (stripped[0].isupper() or stripped[0].isdigit() or stripped[0] in "«“\"'‘"):
        return False
    if _DATELINE_START.match(stripped):
        return False
    if next_line is None:
        return True
    following = next_line.strip()
    return following[:1].isupper() or following[:1] in '«“"' or is_byline_or_credit(following)


def _parse_text(text: str) -> list[Block]:
    blocks: list[Block] = []
    paragraph: list[tuple[int, int, str]] = []

    def flush() -> None:
        if not paragraph:
            return
        first_start, first_no, first_line = paragraph[0]
        last_start, _, last_line = paragraph[-1]
        start, _ = _trimmed(first_start, first_line)
        _, end = _trimmed(last_start, last_line)
        if not blocks and _is_title(first_line, paragraph[1][2] if len(paragraph) > 1 else None):
            # The first line looks like a title; the rest of its paragraph is body text.
            t_start, t_end = _trimmed(first_start, first_line)
            blocks.append(Block("title", t_start, t_end, first_no))
            if len(paragraph) > 1:
                nxt_start, nxt_no, nxt_line = paragraph[1]
                blocks.append(Block("paragraph", _trimmed(nxt_start, nxt_line)[0], end, nxt_no))
        elif not blocks:
            blocks.append(Block("paragraph", start, end, first_no))  # wire copy, pasted text: no title
        elif len(paragraph) == 1 and _is_heading(first_line):
            blocks.append(Block("heading", start, end, first_no))
        else:
            blocks.append(Block("paragraph", start, end, first_no))
        paragraph.clear()

    for entry in _lines(text):
        if entry[2].strip():
            paragraph.append(entry)
        else:
            flush()
    flush()
    return blocks


FORMAT = DocumentFormat("txt", (".txt",), decode_article, parse_text)
