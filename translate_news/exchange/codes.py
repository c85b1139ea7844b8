"""Inline codes: Markdown markup and URLs as protected codes, so CAT tools keep them.

``markup_pieces`` splits text into plain runs and codes; XLIFF writers turn the codes into ``<pc>``/
``<ph>`` (2.0) or ``<g>``/``<x>`` (1.2) and readers turn them back into the markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from translate_news.exchange.units import ExchangeUnit

_ID_BODY = re.compile(r"[\w.\-]+")

_URL = re.compile(r"(?:https?|ftp)://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?»”\"']")
# Markdown delimiters → XLIFF 1.2 ``ctype``; without a skeleton a reader rebuilds them from this.
_PAIR_CTYPE = {"**": "bold", "__": "x-md-strong", "*": "italic", "_": "x-md-em", "`": "x-md-code"}
CTYPE_OPEN = {ctype: open_ for open_, ctype in _PAIR_CTYPE.items()}


@dataclass(frozen=True)
class Code:
    """One protected piece of markup: a pair (``open``…``close`` around text) or a standalone code."""

    id: str
    open: str
    close: str | None = None  # None: a standalone code (a URL)

    @property
    def ctype(self) -> str:
        if self.close is None:
            return "x-url"
        if self.open in ("[", "!["):
            return "link" if self.open == "[" else "x-md-image"
        return _PAIR_CTYPE.get(self.open, "x-md-markup")


@dataclass(frozen=True)
class Open:
    code: Code


@dataclass(frozen=True)
class Close:
    code: Code


@dataclass(frozen=True)
class Single:
    code: Code


Piece = str | Open | Close | Single


def _url_pieces(text: str, codes: list[Code]) -> list[Piece]:
    pieces: list[Piece] = []
    pos = 0
    for match in _URL.finditer(text):
        pieces.append(text[pos : match.start()])
        code = Code(str(len(codes) + 1), match.group())
        codes.append(code)
        pieces.append(Single(code))
        pos = match.end()
    pieces.append(text[pos:])
    return [piece for piece in pieces if piece != ""]


def markup_pieces(text: str, markdown: bool) -> list[Piece]:
    """Text split into plain runs and codes: Markdown emphasis, code spans and links (outermost only)
    when ``markdown``, and URLs always. Codes are numbered from 1 in order of their opening."""
    from translate_news.documents.inline import strip_inline

    codes: list[Code] = []
    if not markdown:
        return _url_pieces(text, codes)
    plain, spans = strip_inline(text)
    pieces: list[Piece] = []
    pos = 0
    for span in spans:
        pieces += _url_pieces(plain[pos : span.start], codes)
        code = Code(str(len(codes) + 1), span.open, span.close)
        codes.append(code)
        pieces.append(Open(code))
        inner = plain[span.start : span.end]
        pieces += [inner] if span.open == "`" else _url_pieces(inner, codes)
        pieces.append(Close(code))
        pos = span.end
    pieces += _url_pieces(plain[pos:], codes)
    return pieces


def code_table(pieces: Sequence[Piece]) -> dict[str, Code]:
    return {p.code.id: p.code for p in pieces if isinstance(p, Open | Single)}


def target_pieces(target: str, source_codes: Mapping[str, Code], markdown: bool) -> list[Piece]:
    """The target's codes take the ids of the source's codes with the same markup (in order); markup
    the source does not have stays plain text, so a reader can always resolve every id."""
    free: dict[tuple[str, str | None], list[Code]] = {}
    for code in source_codes.values():
        free.setdefault((code.open, code.close), []).append(code)
    out: list[Piece] = []
    renamed: dict[str, Code] = {}
    for piece in markup_pieces(target, markdown):
        if isinstance(piece, str):
            out.append(piece)
        elif isinstance(piece, Open | Single):
            matches = free.get((piece.code.open, piece.code.close))
            if matches:
                renamed[piece.code.id] = matches.pop(0)
                out.append(type(piece)(renamed[piece.code.id]))
            else:
                out.append(piece.code.open)
        elif piece.code.id in renamed:
            out.append(Close(renamed[piece.code.id]))
        else:
            out.append(piece.code.close or "")
    return out


def pieces_text(pieces: Iterable[Piece]) -> str:
    """The markup text the pieces stand for."""
    out = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
        elif isinstance(piece, Close):
            out.append(piece.code.close or "")
        else:
            out.append(piece.code.open)
    return "".join(out)


def xliff_id(unit_id: str) -> str:
    """Our segment id as an XML NCName: ids starting with a digit (hex digests) get an ``s`` prefix.

    Ids that already start with ``s`` (or any non-letter) are prefixed too, so reading simply strips
    one leading ``s`` and every id round-trips.
    """
    if not _ID_BODY.fullmatch(unit_id):
        raise ValueError(f"unit id {unit_id!r} must be letters, digits, '.', '-' or '_'")
    first = unit_id[0]
    needs_prefix = first == "s" or not (first.isalpha() or first == "_")
    return f"s{unit_id}" if needs_prefix else unit_id


def our_id(xml_id: str) -> str:
    return xml_id[1:] if xml_id.startswith("s") else xml_id


def coded_units(
    units: Iterable[ExchangeUnit], markdown: bool
) -> Iterator[tuple[ExchangeUnit, str, list[Piece], list[Piece]]]:
    """Each unit with its XML id and its source and target as pieces; refuses duplicate ids and an
    empty file, which no XLIFF schema allows."""
    seen: set[str] = set()
    for unit in units:
        unit_id = xliff_id(unit.id)
        if unit_id in seen:
            raise ValueError(f"duplicate unit id {unit.id!r}")
        seen.add(unit_id)
        source_pieces = markup_pieces(unit.source, markdown)
        yield unit, unit_id, source_pieces, target_pieces(unit.target, code_table(source_pieces), markdown)
    if not seen:
        raise ValueError("an XLIFF file needs at least one unit")
