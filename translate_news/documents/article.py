"""Read an article (.txt or .md) into translatable blocks that keep their offsets in the source.

Everything that is not inside a block (markup prefixes, blank lines, front-matter keys, code) is
copied verbatim when the English article is assembled, so the output keeps the input's structure.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import regex

from translate_news.errors import InputError

ARTICLE_SUFFIXES = (".txt", ".md")  # this module's formats; every input format: formats.FORMATS
BlockKind = Literal["title", "heading", "paragraph", "item", "quote", "attribute"]

# A standalone .txt line is a heading when it is short and has no sentence-final punctuation.
HEADING_MAX_CHARS = 90
FINAL_PUNCTUATION = '.!?:;…»”"’)'

_MD_HEADING = regex.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")  # "## C#" keeps its "#"
_MD_ITEM = regex.compile(r"^([ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)(.*)$")
_MD_QUOTE = regex.compile(r"^([ \t]*>[ \t]?)(.*)$")
_MD_FENCE = regex.compile(r"^[ \t]*(```|~~~)")
_MD_RULE = regex.compile(r"^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$")
# "ROMA –", "(ANSA) -", "ore 8.05 -": a line opening with a dateline or a time is copy, not a title.
_DATELINE_START = regex.compile(
    r"(?:\(\p{Lu}[^()]{0,15}\)|[^\p{Ll}]+?|(?:[Oo]re\s+)?\d{1,2}[.:]\d{2})\s*[-–—]\s"
)
_FRONT_KEY = regex.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")


@dataclass(frozen=True)
class Block:
    """A run of translatable text: ``source[start:end]`` of its article."""

    kind: BlockKind
    start: int
    end: int
    line: int
    level: int = 0


@dataclass(frozen=True)
class Article:
    path: Path
    slug: str
    format: Literal["txt", "md", "html"]
    source: str
    blocks: tuple[Block, ...]
    front_matter: dict[str, str] = field(default_factory=dict)
    body_start: int = 0  # offset just after the front matter
    split_view: str = ""  # what the sentence splitter reads when markup must be masked (same length)

    @property
    def title(self) -> str:
        for block in self.blocks:
            if block.kind == "title":
                return self.source[block.start : block.end]
        return self.slug


def slugify(name: str) -> str:
    """ASCII, lowercase, dash-separated: stable across runs and safe as a folder name."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = regex.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or "article"


def decode_article(path: Path, raw: bytes) -> str:
    """UTF-8 (a BOM is tolerated) with newlines normalised; anything else is an InputError."""
    if not raw.strip():
        raise InputError(path, "empty file")
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise InputError(path, f"binary file (NUL byte at byte offset {nul}), expected UTF-8 text")
    bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0  # "utf-8-sig" would count offsets after it
    try:
        text = raw[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = bom + exc.start
        bad = raw[offset : offset + 1].hex()
        raise InputError(path, f"not valid UTF-8: byte 0x{bad} at byte offset {offset}") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_article(path: Path) -> Article:
    """Any registered input format (``formats.FORMATS``), chosen by the file's suffix."""
    from translate_news.documents.registry import format_for  # the registry imports this module

    document_format = format_for(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from None
    return document_format.parse(path, document_format.decode(path, raw))


def parse_article(path: Path, text: str) -> Article:
    """Decoded text of any registered format, chosen by the file's suffix."""
    from translate_news.documents.registry import format_for

    return format_for(path).parse(path, text)


def parse_text_or_markdown(path: Path, text: str) -> Article:
    if path.suffix.lower() == ".md":
        try:
            front, blocks, body_start = _parse_markdown(text)
        except InputError as exc:
            raise InputError(path, exc.message, exc.line) from None
        slug = slugify(front.get("slug") or path.stem)
        article = Article(path, slug, "md", text, tuple(blocks), front, body_start)
    else:
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


def _parse_front_matter(lines: list[tuple[int, int, str]]) -> tuple[dict[str, str], list[Block], int]:
    """Simple ``key: value`` YAML front matter; returns the fields, the title block, lines used."""
    if not lines or lines[0][2].strip() != "---":
        return {}, [], 0
    fields: dict[str, str] = {}
    blocks: list[Block] = []
    for index in range(1, len(lines)):
        start, number, line = lines[index]
        if line.strip() in ("---", "..."):
            return fields, blocks, index + 1
        match = _FRONT_KEY.match(line)
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2)
        v_start = start + match.start(2)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value, v_start = value[1:-1], v_start + 1
        fields[key] = value
        if key == "title" and value.strip():
            blocks.append(Block("title", v_start, v_start + len(value), number))
    raise InputError(None, "front matter opened with '---' is never closed", line=1)


def _parse_markdown(text: str) -> tuple[dict[str, str], list[Block], int]:
    lines = _lines(text)
    front, blocks, skip = _parse_front_matter(lines)
    body_start = lines[skip][0] if skip < len(lines) else len(text)
    has_title = bool(blocks)
    paragraph: list[tuple[int, int, str]] = []
    kind: BlockKind = "paragraph"
    in_fence = False

    def flush() -> None:
        if paragraph:
            start = paragraph[0][0]
            end = paragraph[-1][0] + len(paragraph[-1][2].rstrip())
            blocks.append(Block(kind, start, end, paragraph[0][1]))
            paragraph.clear()

    for start, number, line in lines[skip:]:
        if _MD_FENCE.match(line):
            flush()
            in_fence = not in_fence
            continue
        if in_fence or not line.strip() or _MD_RULE.match(line) or line.lstrip().startswith("<"):
            flush()
            continue
        heading = _MD_HEADING.match(line)
        if heading:
            flush()
            level = len(heading.group(1))
            block_kind: BlockKind = "title" if level == 1 and not has_title else "heading"
            if heading.group(2):
                has_title = has_title or block_kind == "title"
                h_start = start + heading.start(2)
                blocks.append(Block(block_kind, h_start, start + heading.end(2), number, level))
            continue
        item = _MD_ITEM.match(line) or _MD_QUOTE.match(line)
        if item:
            flush()
            kind = "item" if item.re is _MD_ITEM else "quote"
            content = item.group(2)
            if content.strip():
                lead = len(content) - len(content.lstrip())  # ">   testo": the block starts at "testo"
                paragraph.append((start + item.start(2) + lead, number, content[lead:]))
            continue
        if not paragraph:
            kind = "paragraph"
            start, _ = _trimmed(start, line)
            line = line.strip()
        paragraph.append((start, number, line))
    flush()
    return front, blocks, body_start
