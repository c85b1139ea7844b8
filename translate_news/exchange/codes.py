"""Inline codes in exchange files: each unit's source and target as the pieces its input format makes.

The format (``DocumentFormat.pieces``, ``documents.codes``) says what is markup; XLIFF writers turn the
codes into ``<pc>``/``<ph>`` (2.0) or ``<g>``/``<x>``/``<bx>``/``<ex>`` (1.2), TMX into ``<bpt>``/
``<ept>``/``<ph>``/``<it>``, and readers turn them back into the markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from translate_news.documents.article import DocumentFormat
from translate_news.documents.codes import (
    Close,
    Code,
    Open,
    Piece,
    Single,
    code_table,
    isolated_ids,
    pieces_text,
    renumber_target,
)
from translate_news.exchange.units import ExchangeUnit

__all__ = [
    "Close",
    "Code",
    "Open",
    "Piece",
    "Single",
    "code_table",
    "coded_units",
    "isolated_ids",
    "markup_pieces",
    "our_id",
    "pieces_text",
    "target_pieces",
    "xliff_id",
]

_ID_BODY = re.compile(r"[\w.\-]+")


def markup_pieces(text: str, document_format: DocumentFormat) -> list[Piece]:
    """``text`` (in ``document_format``'s notation) as plain runs and codes."""
    return document_format.pieces(text)


def target_pieces(target: str, source_pieces: list[Piece], document_format: DocumentFormat) -> list[Piece]:
    """The target's codes take the ids of the source's codes with the same markup (in order); markup
    the source does not have stays plain text, so a reader can always resolve every id."""
    return renumber_target(document_format.pieces(target), code_table(source_pieces))


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
    units: Iterable[ExchangeUnit], document_format: DocumentFormat
) -> Iterator[tuple[ExchangeUnit, str, list[Piece], list[Piece]]]:
    """Each unit with its XML id and its source and target as pieces; refuses duplicate ids and an
    empty file, which no XLIFF schema allows."""
    seen: set[str] = set()
    for unit in units:
        unit_id = xliff_id(unit.id)
        if unit_id in seen:
            raise ValueError(f"duplicate unit id {unit.id!r}")
        seen.add(unit_id)
        source_pieces = document_format.pieces(unit.source)
        yield unit, unit_id, source_pieces, target_pieces(unit.target, source_pieces, document_format)
    if not seen:
        raise ValueError("an XLIFF file needs at least one unit")
