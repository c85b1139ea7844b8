"""Inline codes: a sentence in its format's notation as plain runs and protected pieces of markup.

Each ``DocumentFormat`` declares how its markup becomes pieces (``DocumentFormat.pieces``); exchange
writers turn the pieces into XLIFF/TMX codes and readers turn codes back into the markup, without
knowing any format. ``pieces_text`` of a format's pieces is always the text they came from.

A pair whose other half is in another sentence (an HTML element a sentence boundary cuts) is an
``Open`` without its ``Close`` or a ``Close`` without its ``Open``: XLIFF 1.2 writes it as
``<bx/>``/``<ex/>``, XLIFF 2.0 as an isolated ``<sc/>``/``<ec/>``, TMX as ``<it>``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "Close",
    "Code",
    "Open",
    "Piece",
    "Single",
    "code_table",
    "isolated_ids",
    "pieces_text",
    "renumber_target",
    "url_pieces",
]

_URL = re.compile(r"(?:https?|ftp)://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?»”\"']")


@dataclass(frozen=True)
class Code:
    """One protected piece of markup: a pair (``open``…``close`` around text) or a standalone code.

    ``ctype`` is the XLIFF 1.2 kind (``bold``, ``link``, ``lb``, ``x-…``): what a reader without the
    original markup rebuilds from (``DocumentFormat.ctype_markup``). ``text`` is what a standalone
    code stands for when it has text of its own (a URL): shown by tools, never translated.
    """

    id: str
    open: str
    close: str | None = None  # None: a standalone code (a URL, a line break)
    ctype: str = "x-url"


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


def url_pieces(text: str, codes: list[Code]) -> list[Piece]:
    """``text`` with its URLs as standalone codes numbered after ``codes`` (which grows)."""
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


def code_table(pieces: Sequence[Piece]) -> dict[str, Code]:
    """Every code of ``pieces`` by id (a half pair too)."""
    return {p.code.id: p.code for p in pieces if not isinstance(p, str)}


def isolated_ids(pieces: Sequence[Piece]) -> frozenset[str]:
    """Ids of the pairs whose other half is not in ``pieces`` (cut by a sentence boundary)."""
    opened = {p.code.id for p in pieces if isinstance(p, Open)}
    closed = {p.code.id for p in pieces if isinstance(p, Close)}
    return frozenset(opened ^ closed)


def _same(text: str) -> str:
    return text


def pieces_text(pieces: Iterable[Piece], escape: Callable[[str], str] = _same) -> str:
    """The markup text the pieces stand for; ``escape`` writes a plain run in the format's notation
    (``DocumentFormat.escape``: HTML's ``&lt;``), so a format's pieces give back the sentence."""
    out = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(escape(piece))
        elif isinstance(piece, Close):
            out.append(piece.code.close or "")
        else:
            out.append(piece.code.open)
    return "".join(out)


def renumber_target(pieces: Sequence[Piece], source_codes: Mapping[str, Code]) -> list[Piece]:
    """A target's pieces with the ids of the source's codes of the same markup (in order); markup the
    source does not have stays plain text, so a reader can always resolve every id."""
    free: dict[tuple[str, str | None], list[Code]] = {}
    for code in source_codes.values():
        free.setdefault((code.open, code.close), []).append(code)
    out: list[Piece] = []
    renamed: dict[str, Code] = {}
    opened: set[str] = set()
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
        elif isinstance(piece, Close) and piece.code.id in opened:
            known = renamed.get(piece.code.id)
            out.append(Close(known) if known is not None else piece.code.close or "")
        else:
            if isinstance(piece, Open):
                opened.add(piece.code.id)
            matches = free.get((piece.code.open, piece.code.close))
            if matches:
                renamed[piece.code.id] = matches.pop(0)
                out.append(type(piece)(renamed[piece.code.id]))
            else:
                out.append(pieces_text([piece]))
    return out
