"""The one hardened XML parser for every XML input (exchange files, TBX glossaries).

It lives on the ground floor because readers on two layers need it: the glossary's TBX importer
sits below the exchange formats. A file is data, never instructions: no DTD is loaded, no entity is
expanded, nothing is fetched, and huge trees are refused. Problems are one ``file:line: message``.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from translate_news.errors import InputError

__all__ = ["parse_xml", "parse_xml_bytes"]


def _parser(*, comments: bool) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=not comments,
        remove_pis=not comments,
    )


def parse_xml_bytes(path: Path | None, raw: bytes, *, comments: bool = True) -> etree._Element:
    """The root of ``raw``; ``comments=False`` drops comments and processing instructions (a reader
    that walks every element need not skip them)."""
    try:
        root = etree.fromstring(raw, _parser(comments=comments))
    except etree.XMLSyntaxError as exc:
        raise InputError(path, f"not well-formed XML: {exc.msg}", exc.lineno or None) from None
    if root is None:
        raise InputError(path, "empty XML document")
    return root


def parse_xml(path: Path, *, comments: bool = True) -> etree._Element:
    """The root of the XML file at ``path`` (see :func:`parse_xml_bytes`)."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    return parse_xml_bytes(path, raw, comments=comments)
