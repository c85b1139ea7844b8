"""Wrap a PO file's strings as GNU gettext does by default (msgcat, msgmerge: 79 columns).

Editors (Poedit, Weblate, msgcat) rewrap on save; if we wrote other line breaks, every run after an
editor save would rewrite lines nobody changed. Break opportunities are Unicode line breaks (UAX #14
as uniseg reads it, computed fast by :mod:`translate_news.review.linebreak`) plus gettext's break
after a letter's full stop before a letter (``Dott.|ssa``); a line holds at most 77 columns between
its quotes, trailing space included; a string that does not fit on its keyword's line starts with
``""``; each ``\\n`` ends a line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import polib

from translate_news.review.linebreak import line_break_units

PAGE_WIDTH = 79
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\t": "\\t", "\r": "\\r", "\n": "\\n"})
_AFTER_DOT = re.compile(r"(?<=[^\W\d_]\.)(?=[^\W\d_])")
_FIELD = re.compile(r'^(?P<prefix>(?:#[~|] )?)(?P<keyword>msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "')


def _escape(text: str) -> str:
    return text.translate(_ESCAPES)


_CHAR_WIDTHS: dict[str, int] = {}


def _char_width(char: str) -> int:
    width = _CHAR_WIDTHS.get(char)
    if width is None:
        combining = unicodedata.combining(char)
        width = _CHAR_WIDTHS[char] = (
            0 if combining else 2 if unicodedata.east_asian_width(char) in "WF" else 1
        )
    return width


def _width(text: str) -> int:
    if text.isascii():  # no combining or wide character in ASCII
        return len(text)
    return sum(map(_char_width, text))


# gettext's libunistring keeps UAX #14's older rule LB15 "QU SP* × OP" (no break between a quotation
# mark, spaces and an opening bracket), which newer Unicode (and uniseg) dropped.
_QUOTES = "\"'«»‘’‚‛“”„‟‹›"
_OPENING = "([{"


def _units(text: str) -> Iterator[str]:
    pending = ""
    for unit in line_break_units(text):
        for part in _AFTER_DOT.split(unit):
            if pending and part[:1] in _OPENING and pending.rstrip(" ")[-1:] in _QUOTES:
                pending += part
                continue
            if pending:
                yield pending
            pending = part
    if pending:
        yield pending


def wrap_field(keyword: str, value: str, width: int = PAGE_WIDTH) -> list[str]:
    """``keyword "value"`` as gettext writes it within ``width`` columns."""
    portions = re.findall(r"[^\n]*\n|[^\n]+$", value) or [""]
    single = f'{keyword} "{_escape(value)}"'
    if len(portions) == 1 and _width(single) <= width:
        return [single]
    lines = [f'{keyword} ""']
    for portion in portions:
        line, line_width = "", 0  # a running width: re-measuring the whole line per unit is quadratic
        for unit in _units(portion):
            piece = _escape(unit)
            piece_width = _width(piece)
            if line and line_width + piece_width > width - 2:
                lines.append(f'"{line}"')
                line, line_width = piece, piece_width
            else:
                line += piece
                line_width += piece_width
        if line:
            lines.append(f'"{line}"')
    return lines


def _wrap_references(line: str) -> list[str]:
    """``#:`` lines greedily within the page width, as gettext does."""
    out, current = [], "#:"
    for ref in line[2:].split():
        if current != "#:" and len(current) + 1 + len(ref) > PAGE_WIDTH:
            out.append(current)
            current = "#:"
        current += " " + ref
    return [*out, current]


def wrap_po(text: str) -> str:
    """Re-wrap unwrapped PO text (polib with ``wrapwidth=0``) the way gettext would."""
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        match = _FIELD.match(line)
        if line.startswith("#: "):
            out.extend(_wrap_references(line))
            index += 1
            continue
        if match is None:
            out.append(line)
            index += 1
            continue
        prefix = match.group("prefix")
        quoted = [line[match.end() - 1 :]]
        index += 1
        while index < len(lines) and lines[index].startswith(f'{prefix}"'):
            quoted.append(lines[index][len(prefix) :])
            index += 1
        value = "".join(polib.unescape(part.strip()[1:-1]) for part in quoted)
        width = PAGE_WIDTH - len(prefix)
        out.extend(prefix + wrapped for wrapped in wrap_field(match.group("keyword"), value, width))
    return "\n".join(out)
