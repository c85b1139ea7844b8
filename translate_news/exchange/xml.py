"""The one walker over mixed (inline) content every exchange reader uses; parsing is the package's one
hardened parser (:mod:`translate_news.xmlparse`: no DTD, no network, no entity expansion).
Writers build trees with lxml, so escaping is never hand-made.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from translate_news.errors import InputError
from translate_news.xmlparse import parse_xml

__all__ = [
    "FORBIDDEN",
    "XML_LANG",
    "XML_NS",
    "XML_SPACE",
    "CodeText",
    "append_text",
    "code_point",
    "inline_text",
    "parse_xml",
    "plain_text",
    "serialize",
    "strip_forbidden",
]

XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"
XML_SPACE = f"{{{XML_NS}}}space"

# Code points XML 1.0 cannot carry even as character references.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# What an inline element stands for in the text: (element, its local name) → text (its tail is added).
CodeText = Callable[[etree._Element, str], str]


def strip_forbidden(text: str) -> str:
    """Drop code points XML 1.0 cannot represent (C0 controls other than tab/LF/CR, surrogates, FFFE/FFFF)."""
    return FORBIDDEN.sub("", text)


def serialize(root: etree._Element) -> str:
    body = etree.tostring(root, encoding="unicode", pretty_print=True)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}'


def _same(text: str) -> str:
    return text


def inline_text(
    element: etree._Element, path: Path, code: CodeText, escape: Callable[[str], str] = _same
) -> str:
    """The text of a mixed-content element: each child element is replaced by ``code(child, name)``
    and followed by its tail; comments keep only their tail; an entity reference is refused.
    ``escape`` writes the text (never a code's markup) in the notation of the markup it sits in."""
    parts = [escape(element.text or "")]
    for child in element:
        if child.tag is etree.Entity:
            raise InputError(path, f"entity reference {child.text} is not supported", child.sourceline)
        if isinstance(child.tag, str):
            parts.append(code(child, etree.QName(child).localname))
        parts.append(escape(child.tail or ""))
    return "".join(parts)


def plain_text(element: etree._Element, path: Path, containers: frozenset[str] = frozenset()) -> str:
    """The text with codes dropped, ``containers`` entered, and XLIFF ``<cp hex>`` as its character."""

    def code(child: etree._Element, name: str) -> str:
        if name == "cp":
            return code_point(child, path)
        return plain_text(child, path, containers) if name in containers else ""

    return inline_text(element, path, code)


def code_point(element: etree._Element, path: Path) -> str:
    """The character of an XLIFF 2.0 ``<cp hex>``; a surrogate (half of a UTF-16 pair, no character
    alone: no UTF-8 file can hold it) or NUL (ends a string in C tools and msgfmt) is refused."""
    value = element.get("hex", "")
    try:
        char = chr(int(value, 16))
    except (ValueError, OverflowError):
        raise InputError(path, f"<cp hex={value!r}> is not a code point", element.sourceline) from None
    if char == "\0" or "\ud800" <= char <= "\udfff":
        kind = "NUL" if char == "\0" else "a surrogate"
        raise InputError(path, f"<cp hex={value!r}> is {kind}, not a character", element.sourceline)
    return char


def append_text(element: etree._Element, text: str, *, cp_tag: str | None) -> None:
    """Append ``text`` after ``element``'s last child (or as its text); forbidden code points become
    ``cp_tag`` elements (XLIFF 2.0) or are dropped where the format has no escape (``cp_tag`` None)."""
    pieces = FORBIDDEN.split(text)
    chars = FORBIDDEN.findall(text)
    if cp_tag is None:
        pieces, chars = ["".join(pieces)], []
    for index, piece in enumerate(pieces):
        if index:
            cp = etree.SubElement(element, cp_tag, hex=f"{ord(chars[index - 1]):04X}")
            cp.tail = ""
        if len(element):
            element[-1].tail = (element[-1].tail or "") + piece
        else:
            element.text = (element.text or "") + piece
