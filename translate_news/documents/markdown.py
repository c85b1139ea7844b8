"""Markdown (.md): YAML front matter, then CommonMark blocks read with markdown-it-py.

markdown-it's block tokens carry ``.map`` (their source line range) and their inline text with the
container prefixes (``>``, list indentation) removed; each content line is found again in its source
line, so a block is an exact range of the source and every prefix, underline, fence and table pipe
stays outside it and is copied into the English article.

- headings (ATX and setext: ``Titolo`` over ``======``): the text is one segment; the first level-1
  heading is the title when the front matter has none;
- paragraphs, list items, block quotes at any depth: one block per run of lines whose prefixes are
  whitespace only; a line behind a ``>`` prefix starts a new block (the prefix must survive);
- tables: each cell is a block; pipes and the alignment row are copied;
- indented and fenced code, thematic breaks, link reference definitions: copied;
- HTML blocks: copied and noted (``Article.notes``): their text is not translated;
- footnote definitions ``[^1]: testo``: the text is a block, the label copied. CommonMark has no
  footnotes, and the footnote plugin (mdit-py-plugins) is not a dependency: without it a one-word
  ``[^1]: nota`` is a link reference definition that markdown-it swallows, so definition labels are
  masked as letters before parsing (same length, offsets unchanged) and handled here by rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import regex
from markdown_it import MarkdownIt
from markdown_it.token import Token

from translate_news.documents.article import (
    Article,
    Block,
    BlockKind,
    DocumentFormat,
    decode_article,
    slugify,
)
from translate_news.documents.codes import Close, Code, Open, Piece, url_pieces
from translate_news.documents.frontmatter import parse_front_matter
from translate_news.documents.inline import strip_inline
from translate_news.errors import InputError

__all__ = ["FORMAT", "markdown_blocks", "markdown_pieces", "parse_markdown"]

_FOOTNOTE_DEFINITION = regex.compile(r"^ {0,3}(\[\^[^\]\s]+\]:)[ \t]*", regex.MULTILINE)
_CONTAINER_PREFIX = regex.compile(r"^[ \t]*(?:>[ \t]?)*[ \t]*")
_LETTER = regex.compile(r"\p{L}")
_LINE_BREAK = regex.compile(r"<br\s*/?>", regex.IGNORECASE)
_PARSER = MarkdownIt("commonmark").enable("table")


@dataclass(frozen=True)
class _Lines:
    """The body's lines with their offsets in the whole source."""

    source: str
    masked: str  # footnote labels masked: what markdown-it reads
    starts: tuple[int, ...]
    first_line: int  # file line number of the body's first line, minus one
    footnotes: dict[int, int]  # body line index → offset where a footnote definition's text starts

    def text(self, index: int) -> str:
        end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.source)
        return self.masked[self.starts[index] : end]


def parse_markdown(path: Path, text: str) -> Article:
    try:
        front = parse_front_matter(text)
    except InputError as exc:
        raise InputError(path, exc.message, exc.line) from None
    has_title = any(block.kind == "title" for block in front.blocks)
    blocks, notes = markdown_blocks(text, front.body_start, has_title)
    slug = slugify(front.fields.get("slug") or path.stem)
    all_blocks = (*front.blocks, *blocks)
    if not all_blocks:
        raise InputError(path, "no text to translate")
    # "fine.<br>Poi": the splitter reads a line break as the space it stands for.
    view = _LINE_BREAK.sub(lambda m: " " * len(m.group()), text) if "<br" in text else ""
    return Article(path, slug, "md", text, all_blocks, front.fields, front.body_start, view, notes)


def markdown_blocks(
    text: str, body_start: int = 0, has_title: bool = False
) -> tuple[list[Block], tuple[str, ...]]:
    """Blocks of the Markdown body ``text[body_start:]`` and notes on what was copied untranslated."""
    masked = list(text)
    footnotes: dict[int, int] = {}
    body = text[body_start:]
    starts = [body_start]
    for index, char in enumerate(body):
        if char == "\n":
            starts.append(body_start + index + 1)
    line_of = {start: number for number, start in enumerate(starts)}
    for match in _FOOTNOTE_DEFINITION.finditer(body):
        label_start, label_end = body_start + match.start(1), body_start + match.end(1)
        masked[label_start:label_end] = "x" * (label_end - label_start)
        footnotes[line_of[body_start + match.start()]] = body_start + match.end()
    lines = _Lines(text, "".join(masked), tuple(starts), text.count("\n", 0, body_start), footnotes)
    tokens = _PARSER.parse(lines.masked[body_start:])
    return _Walker(lines, has_title).walk(tokens)


class _Walker:
    """Turns the token stream into blocks, tracking the containers a paragraph sits in."""

    def __init__(self, lines: _Lines, has_title: bool) -> None:
        self.lines = lines
        self.has_title = has_title
        self.blocks: list[Block] = []
        self.notes: list[str] = []

    def walk(self, tokens: list[Token]) -> tuple[list[Block], tuple[str, ...]]:
        containers: list[BlockKind] = []
        heading: Token | None = None
        in_table = False
        for token in tokens:
            kind = token.type
            if kind == "blockquote_open":
                containers.append("quote")
            elif kind == "list_item_open":
                containers.append("item")
            elif kind in ("blockquote_close", "list_item_close"):
                containers.pop()
            elif kind == "heading_open":
                heading = token
            elif kind == "heading_close":
                heading = None
            elif kind == "table_open":
                in_table = True
                self.table(token)
            elif kind == "table_close":
                in_table = False
            elif kind == "html_block" and token.map:
                line = self.lines.first_line + token.map[0] + 1
                self.notes.append(f"line {line}: HTML block copied untranslated")
            elif kind == "inline" and token.map and not in_table:
                if heading is not None:
                    self.heading(token, heading, bool(containers))
                else:
                    self.paragraph(token, containers[-1] if containers else "paragraph")
        return self.blocks, tuple(self.notes)

    def heading(self, inline: Token, heading: Token, contained: bool) -> None:
        level = int(heading.tag[1])
        kind: BlockKind = "heading"
        if level == 1 and not contained and not self.has_title and inline.content.strip():
            kind, self.has_title = "title", True
        for start, end in self.runs(inline):
            self.add(kind, start, end, level)

    def paragraph(self, inline: Token, kind: BlockKind) -> None:
        for start, end in self.runs(inline):
            self.add(kind, start, end)

    def runs(self, inline: Token) -> list[tuple[int, int]]:
        """Source ranges of the inline text: consecutive lines join unless a non-blank prefix (``>``)
        or a footnote label stands between them."""
        first, last = inline.map  # type: ignore[misc]
        content = inline.content.split("\n")
        runs: list[list[int]] = []
        for index in range(first, last):
            wanted = content[index - first] if len(content) == last - first else self.lines.text(index)
            found = self.locate(index, wanted)
            if found is None:
                continue
            start, end = found
            footnote = self.lines.footnotes.get(index)
            if footnote is not None:
                start = max(start, footnote)
            gap = self.lines.source[runs[-1][1] : start] if runs else ""
            if runs and not gap.strip() and footnote is None:
                runs[-1][1] = end
            else:
                runs.append([start, end])
        return [(start, end) for start, end in runs if start < end]

    def locate(self, index: int, wanted: str) -> tuple[int, int] | None:
        """The trimmed content of body line ``index``: where markdown-it's text for it sits."""
        line = self.lines.text(index)
        base = self.lines.starts[index]
        wanted = wanted.strip()
        body = line.rstrip()
        if not wanted:
            return None
        if body.endswith(wanted):
            start = len(body) - len(wanted)
        elif wanted in line:
            start = line.index(wanted)
            body = line[: start + len(wanted)]
        else:  # tabs expanded by markdown-it: fall back to the line without its container prefix
            start = _CONTAINER_PREFIX.match(line).end()  # type: ignore[union-attr]
        if start >= len(body):
            return None
        return base + start, base + len(body)

    def table(self, table: Token) -> None:
        first, last = table.map  # type: ignore[misc]
        for index in range(first, last):
            if index == first + 1:
                continue  # the alignment row
            line = self.lines.text(index)
            base = self.lines.starts[index]
            for start, end in _cells(line, _CONTAINER_PREFIX.match(line).end()):  # type: ignore[union-attr]
                if _LETTER.search(line[start:end]):
                    self.add("paragraph", base + start, base + end, style="cell")

    def add(self, kind: BlockKind, start: int, end: int, level: int = 0, style: str = "") -> None:
        line = self.lines.source.count("\n", 0, start) + 1
        self.blocks.append(Block(kind, start, end, line, level, style))


def _cells(line: str, pos: int) -> list[tuple[int, int]]:
    """Trimmed ranges of a table row's cells: split at pipes not escaped by a backslash."""
    bounds = [pos - 1]
    escaped = False
    for index in range(pos, len(line)):
        char = line[index]
        if char == "|" and not escaped:
            bounds.append(index)
        escaped = char == "\\" and not escaped
    bounds.append(len(line))
    cells = []
    for left, right in zip(bounds, bounds[1:], strict=False):
        piece = line[left + 1 : right]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            cells.append((left + 1 + lead, left + 1 + len(piece.rstrip())))
    return cells


# Markdown delimiters → XLIFF 1.2 ``ctype``; without the original markup a reader rebuilds them from it.
_PAIR_CTYPE = {"**": "bold", "__": "x-md-strong", "*": "italic", "_": "x-md-em", "`": "x-md-code"}
_CTYPE_PAIR = {ctype: delimiter for delimiter, ctype in _PAIR_CTYPE.items()}


def _ctype(open_: str) -> str:
    if open_ in ("[", "!["):
        return "link" if open_ == "[" else "x-md-image"
    return _PAIR_CTYPE.get(open_, "x-md-markup")


def markdown_pieces(text: str) -> list[Piece]:
    """Emphasis, code spans and links (outermost only) as paired codes, URLs as standalone ones;
    codes are numbered from 1 in order of their opening."""
    codes: list[Code] = []
    plain, spans = strip_inline(text)
    pieces: list[Piece] = []
    pos = 0
    for span in spans:
        pieces += url_pieces(plain[pos : span.start], codes)
        code = Code(str(len(codes) + 1), span.open, span.close, _ctype(span.open))
        codes.append(code)
        pieces.append(Open(code))
        inner = plain[span.start : span.end]
        pieces += [inner] if span.open == "`" else url_pieces(inner, codes)
        pieces.append(Close(code))
        pos = span.end
    pieces += url_pieces(plain[pos:], codes)
    return pieces


def _rebuild(ctype: str) -> tuple[str, str | None] | None:
    delimiter = _CTYPE_PAIR.get(ctype)
    return None if delimiter is None else (delimiter, delimiter)


FORMAT = DocumentFormat(
    "md",
    (".md",),
    decode_article,
    parse_markdown,
    strip_inline,
    pieces=markdown_pieces,
    rebuild=_rebuild,
    front_matter=True,
    datatype="x-markdown",
)
