"""XLIFF 1.2 (strict) in two profiles: what Okapi, Trados, memoQ and translate-toolkit read, and what
OmegaT reads.

Markup travels as ``<g>``/``<x>`` codes whose native text is the skeleton (the PO's msgids). Default
profile: tools take ``<source>`` as the text to translate and ``<target>`` as the current translation,
so drafts are ``needs-review-translation`` (``state-qualifier="leveraged-mt"`` while the target is still
the machine's), reviewed units ``signed-off`` and ``approved="yes"``. OmegaT profile: OmegaT 3.6
translates the text of ``<target>`` and skips ``<source>``, so every target is a copy of the source,
codes included, ``state="new"``; drafts and reviewed text reach OmegaT as TMX files instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import ClassVar

from lxml import etree

from translate_news import __version__
from translate_news.errors import InputError
from translate_news.exchange.codes import (
    CTYPE_OPEN,
    Close,
    Code,
    Open,
    Piece,
    code_table,
    coded_units,
    markup_pieces,
    our_id,
)
from translate_news.exchange.units import ArticleContext, ExchangeUnit, State
from translate_news.exchange.xml import (
    XML_SPACE,
    append_text,
    inline_text,
    parse_xml,
    plain_text,
    serialize,
    strip_forbidden,
)
from translate_news.provenance import Provenance

XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
_X12 = f"{{{XLIFF12_NS}}}"
_NATIVE_12 = frozenset({"bpt", "ept", "ph", "it"})  # codes whose content is the native markup
# XLIFF 1.2: drafts need review; signed-off/final (or approved="yes") is a translator's sign-off.
_TO_XLIFF12_STATE = {"translated": "needs-review-translation", "reviewed": "signed-off"}
_SIGNED_OFF_12 = frozenset({"signed-off", "final"})


def _build_12(element: etree._Element, pieces: Sequence[Piece]) -> None:
    """XLIFF 1.2 inline content: pairs as ``<g>``, standalone codes as ``<x>`` (the markup itself
    lives in the skeleton: the PO's msgid)."""
    stack = [element]
    for piece in pieces:
        if isinstance(piece, str):
            append_text(stack[-1], piece, cp_tag=None)
        elif isinstance(piece, Open):
            stack.append(etree.SubElement(stack[-1], f"{_X12}g", id=piece.code.id, ctype=piece.code.ctype))
        elif isinstance(piece, Close):
            stack.pop()
        else:
            etree.SubElement(stack[-1], f"{_X12}x", id=piece.code.id, ctype=piece.code.ctype)


def is_untouched_mt(unit: ExchangeUnit) -> bool:
    """Whether the target is still exactly what the MT model wrote (its ``origin: mt`` note's hash)."""
    found = (Provenance.parse(note) for note in unit.notes)
    return unit.state == "translated" and any(p is not None and p.is_draft_of(unit.target) for p in found)


def write_xliff12(
    units: Iterable[ExchangeUnit],
    *,
    source_lang: str = "it",
    target_lang: str = "en",
    original: str,
    markdown: bool = False,
    copy_source: bool = False,
) -> str:
    """XLIFF 1.2 (strict): drafts ``needs-review-translation`` (plus ``state-qualifier="leveraged-mt"``
    while untouched), reviewed units ``signed-off`` and ``approved="yes"``.

    ``copy_source`` (the OmegaT profile): every ``<target>`` is the source with its codes, ``state="new"``,
    because OmegaT offers the text of ``<target>`` to translate. XLIFF 1.2 has no escape for
    XML-forbidden control characters, so they are dropped.
    """
    root = etree.Element(f"{_X12}xliff", nsmap={None: XLIFF12_NS}, version="1.2")
    file_el = etree.SubElement(
        root,
        f"{_X12}file",
        original=strip_forbidden(original),
        datatype="x-markdown" if markdown else "plaintext",
    )
    file_el.set("source-language", source_lang)
    file_el.set("target-language", target_lang)
    header = etree.SubElement(file_el, f"{_X12}header")
    tool = etree.SubElement(
        header, f"{_X12}tool", {"tool-id": "translate-news", "tool-name": "translate-news"}
    )
    tool.set("tool-version", __version__)
    body = etree.SubElement(file_el, f"{_X12}body")
    for unit, unit_id, source_pieces, target_pieces in coded_units(units, markdown):
        tu = etree.SubElement(body, f"{_X12}trans-unit", id=unit_id)
        tu.set(XML_SPACE, "preserve")
        if unit.state == "reviewed" and not copy_source:
            tu.set("approved", "yes")
        _build_12(etree.SubElement(tu, f"{_X12}source"), source_pieces)
        if copy_source:
            _build_12(etree.SubElement(tu, f"{_X12}target", state="new"), source_pieces)
        elif unit.target or unit.state != "initial":
            target = etree.SubElement(tu, f"{_X12}target", state=_TO_XLIFF12_STATE.get(unit.state, "new"))
            if is_untouched_mt(unit):
                target.set("state-qualifier", "leveraged-mt")
            _build_12(target, target_pieces)
        if unit.line is not None:
            group = etree.SubElement(tu, f"{_X12}context-group", purpose="location")
            context = etree.SubElement(group, f"{_X12}context")
            context.set("context-type", "linenumber")
            context.text = str(unit.line)
        for note in unit.notes:
            etree.SubElement(tu, f"{_X12}note").text = strip_forbidden(note)
    return serialize(root)


def _text_12(element: etree._Element, path: Path, table: Mapping[str, Code]) -> str:
    """Mixed XLIFF 1.2 content as markup: ``<g>``/``<x>`` from the skeleton's codes (or ``ctype``),
    ``<bpt>``/``<ept>``/``<ph>``/``<it>`` from their native content; ``<sub>`` is left out."""

    def code(child: etree._Element, name: str) -> str:
        known = table.get(child.get("id", ""))
        if name == "g":
            inner = _text_12(child, path, table)
            if known is not None and known.close is not None:
                return known.open + inner + known.close
            if child.get("ctype") in CTYPE_OPEN:
                delimiter = CTYPE_OPEN[child.get("ctype", "")]
                return delimiter + inner + delimiter
            return inner
        if name == "mrk":
            return _text_12(child, path, table)
        if name == "x" and known is not None:
            return known.open
        if name in _NATIVE_12:
            return "".join(child.itertext(tag=etree.Element)) if name != "ph" else child.text or ""
        return ""

    return inline_text(element, path, code)


def read_xliff12_root(
    root: etree._Element, path: Path, skeleton: Mapping[str, str], markdown: bool
) -> list[ExchangeUnit]:
    units: list[ExchangeUnit] = []
    seen: set[str] = set()
    for tu in root.iter(f"{_X12}trans-unit"):
        xml_id = tu.get("id")
        if not xml_id:
            raise InputError(path, "<trans-unit> without an id", tu.sourceline)
        unit_id = our_id(xml_id)
        if unit_id in seen:
            raise InputError(path, f"duplicate unit id {unit_id!r}", tu.sourceline)
        seen.add(unit_id)
        source_el = tu.find(f"{_X12}source")
        if source_el is None:
            raise InputError(path, f"trans-unit {xml_id!r} without <source>", tu.sourceline)
        table = code_table(markup_pieces(skeleton[unit_id], markdown)) if unit_id in skeleton else {}
        target_el = tu.find(f"{_X12}target")
        target = _text_12(target_el, path, table) if target_el is not None else ""
        if target_el is None or not target:
            state: State = "initial"
        elif tu.get("approved") == "yes" or target_el.get("state") in _SIGNED_OFF_12:
            state = "reviewed"
        else:
            state = "translated"
        line_el = tu.find(f"{_X12}context-group/{_X12}context[@context-type='linenumber']")
        line = int(line_el.text) if line_el is not None and (line_el.text or "").strip().isdigit() else None
        notes = tuple(plain_text(note, path) for note in tu.iterfind(f"{_X12}note"))
        units.append(ExchangeUnit(unit_id, _text_12(source_el, path, table), target, state, notes, line))
    return units


def read_xliff12(
    path: Path, *, skeleton: Mapping[str, str] | None = None, markdown: bool = False
) -> list[ExchangeUnit]:
    """Units of an XLIFF 1.2 file (``read_xliff`` takes either version)."""
    path = Path(path)
    root = parse_xml(path)
    if root.tag != f"{_X12}xliff":
        raise InputError(path, f"not an XLIFF 1.2 file (root element {root.tag!r})", root.sourceline)
    return read_xliff12_root(root, path, skeleton or {}, markdown)


def xliff12_translator(path: Path) -> str | None:
    """Who worked on the file, as a PO ``Last-Translator``: the last ``<phase>`` naming a
    ``contact-name`` (with its ``contact-email``), as Trados and Okapi write it; None when no phase does."""
    root = parse_xml(path)
    named = [phase for phase in root.iter(f"{_X12}phase") if (phase.get("contact-name") or "").strip()]
    if not named:
        return None
    name, email = named[-1].get("contact-name", "").strip(), (named[-1].get("contact-email") or "").strip()
    return f"{name} <{email}>" if email else name


class Xliff12Format:
    """``<slug>.it-en.xliff12.xlf``: XLIFF 1.2, default profile (tools that translate ``<source>``)."""

    name: ClassVar[str] = "xliff12"
    suffix: ClassVar[str] = ".it-en.xliff12.xlf"

    @staticmethod
    def write(units: Sequence[ExchangeUnit], context: ArticleContext) -> str:
        return write_xliff12(units, original=context.original, markdown=context.markdown)

    @staticmethod
    def read(path: Path) -> Sequence[ExchangeUnit]:
        return read_xliff12(path)


class Xliff12OmegatFormat(Xliff12Format):
    """The same file for OmegaT (``--xliff-profile omegat``): targets are copies of the source."""

    name: ClassVar[str] = "xliff12-omegat"

    @staticmethod
    def write(units: Sequence[ExchangeUnit], context: ArticleContext) -> str:
        return write_xliff12(units, original=context.original, markdown=context.markdown, copy_source=True)
