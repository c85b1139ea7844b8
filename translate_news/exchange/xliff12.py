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
from translate_news.documents.article import DocumentFormat
from translate_news.documents.registry import TEXT, format_of_datatype, format_of_file
from translate_news.errors import InputError
from translate_news.exchange.codes import (
    Close,
    Code,
    Open,
    Piece,
    code_table,
    coded_units,
    isolated_ids,
    our_id,
)
from translate_news.exchange.units import READ_DEFAULTS, ArticleContext, ExchangeUnit, ReadOptions, State
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
# Our notes (provenance, glossary, QA, a carried translation) are the tool's, as gettext's ``#.``
# comments are: ``from="developer"`` is what translate-toolkit's xliff2po keeps as ``#.``.
NOTES_FROM = "developer"
COMMENTS_FROM = "translator"  # a person's ``#`` comments: xliff2po gives them back as ``#``


def _build_12(element: etree._Element, pieces: Sequence[Piece]) -> None:
    """XLIFF 1.2 inline content: pairs as ``<g>``, standalone codes as ``<x>``, half a pair (its other
    half in another sentence) as ``<bx>``/``<ex>``; the markup itself lives in the skeleton (the
    PO's msgid)."""
    stack = [element]
    halves = isolated_ids(pieces)
    for piece in pieces:
        if isinstance(piece, str):
            append_text(stack[-1], piece, cp_tag=None)
        elif piece.code.id in halves:
            tag = "bx" if isinstance(piece, Open) else "ex"
            half = etree.SubElement(stack[-1], f"{_X12}{tag}", id=piece.code.id)  # no rid: no partner here
            if tag == "bx":
                half.set("ctype", piece.code.ctype)
        elif isinstance(piece, Open):
            stack.append(etree.SubElement(stack[-1], f"{_X12}g", id=piece.code.id, ctype=piece.code.ctype))
        elif isinstance(piece, Close):
            stack.pop()
        else:
            etree.SubElement(stack[-1], f"{_X12}x", id=piece.code.id, ctype=piece.code.ctype)


def _location(tu: etree._Element, original: str, line: int) -> None:
    """Where the sentence is in the Italian file, as a ``location`` context group: ``sourcefile``
    and ``linenumber`` both, the pair translate-toolkit (``xliff2po``: ``#: file:line``) and CAT
    tools that show a unit's context read; a line number alone is dropped by them."""
    group = etree.SubElement(tu, f"{_X12}context-group", purpose="location")  # a name must be unique
    for kind, text in (("sourcefile", original), ("linenumber", str(line))):
        context = etree.SubElement(group, f"{_X12}context")
        context.set("context-type", kind)
        context.text = text


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
    document_format: DocumentFormat = TEXT,
    copy_source: bool = False,
) -> str:
    """XLIFF 1.2 (strict), what Trados, memoQ, Okapi and translate-toolkit read; the markup of
    ``document_format`` becomes inline codes.

    Drafts are ``needs-review-translation`` (plus ``state-qualifier="leveraged-mt"`` while untouched);
    reviewed units are ``signed-off`` and ``approved="yes"``. Our notes are ``from="developer"``, a
    person's comments ``from="translator"``; each unit's place in ``original`` is a location context
    group. ``copy_source`` (the OmegaT profile): every ``<target>`` is the source with its codes,
    ``state="new"``, because OmegaT offers the text of ``<target>`` to translate.
    XLIFF 1.2 has no escape for XML-forbidden control characters, so they are dropped.
    """
    root = etree.Element(f"{_X12}xliff", nsmap={None: XLIFF12_NS}, version="1.2")
    file_el = etree.SubElement(
        root,
        f"{_X12}file",
        original=strip_forbidden(original),
        datatype=document_format.datatype,
    )
    file_el.set("source-language", source_lang)
    file_el.set("target-language", target_lang)
    header = etree.SubElement(file_el, f"{_X12}header")
    tool = etree.SubElement(
        header, f"{_X12}tool", {"tool-id": "translate-news", "tool-name": "translate-news"}
    )
    tool.set("tool-version", __version__)
    body = etree.SubElement(file_el, f"{_X12}body")
    for unit, unit_id, source_pieces, target_pieces in coded_units(units, document_format):
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
            _location(tu, strip_forbidden(original), unit.line)
        for origin, texts in ((NOTES_FROM, unit.notes), (COMMENTS_FROM, unit.comments)):
            for note in texts:
                etree.SubElement(tu, f"{_X12}note", {"from": origin}).text = strip_forbidden(note)
    return serialize(root)


def _text_12(
    element: etree._Element, path: Path, table: Mapping[str, Code], document_format: DocumentFormat
) -> str:
    """Mixed XLIFF 1.2 content as markup: ``<g>``/``<x>``/``<bx>``/``<ex>`` from the skeleton's codes
    (or rebuilt from ``ctype`` by the format), ``<bpt>``/``<ept>``/``<ph>``/``<it>`` from their native
    content; ``<sub>`` is left out. Text is written in the format's notation."""

    def code(child: etree._Element, name: str) -> str:
        known = table.get(child.get("id", ""))
        rebuilt = document_format.rebuild(child.get("ctype", ""))
        if name == "g":
            inner = _text_12(child, path, table, document_format)
            if known is not None and known.close:
                return known.open + inner + known.close
            if rebuilt is not None and rebuilt[1] is not None:
                return rebuilt[0] + inner + rebuilt[1]
            return inner
        if name == "mrk":
            return _text_12(child, path, table, document_format)
        if name == "bx":
            return known.open if known is not None else (rebuilt[0] if rebuilt is not None else "")
        if name == "ex":
            return known.close or "" if known is not None else ""
        if name == "x":
            return known.open if known is not None else (rebuilt[0] if rebuilt is not None else "")
        if name in _NATIVE_12:
            return "".join(child.itertext(tag=etree.Element)) if name != "ph" else child.text or ""
        return ""

    return inline_text(element, path, code, document_format.escape)


def read_xliff12_root(
    root: etree._Element, path: Path, skeleton: Mapping[str, str], document_format: DocumentFormat
) -> list[ExchangeUnit]:
    """The units; the file's own ``datatype``, where it names a format of ours, says how its text is
    written: a file of an HTML article exported as ``plaintext`` (before HTML markup became codes)
    holds the markup as text, and is read as it was written."""
    file_el = root.find(f"{_X12}file")
    declared = format_of_datatype(file_el.get("datatype", "")) if file_el is not None else None
    document_format = declared or document_format
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
        table = code_table(document_format.pieces(skeleton[unit_id])) if unit_id in skeleton else {}
        target_el = tu.find(f"{_X12}target")
        target = _text_12(target_el, path, table, document_format) if target_el is not None else ""
        if target_el is None or not target:
            state: State = "initial"
        elif tu.get("approved") == "yes" or target_el.get("state") in _SIGNED_OFF_12:
            state = "reviewed"
        else:
            state = "translated"
        line_el = tu.find(f"{_X12}context-group/{_X12}context[@context-type='linenumber']")
        line = int(line_el.text) if line_el is not None and (line_el.text or "").strip().isdigit() else None
        notes = tuple(plain_text(note, path) for note in tu.iterfind(f"{_X12}note"))
        units.append(
            ExchangeUnit(
                unit_id, _text_12(source_el, path, table, document_format), target, state, notes, line
            )
        )
    return units


def read_xliff12(
    path: Path, *, skeleton: Mapping[str, str] | None = None, document_format: DocumentFormat | None = None
) -> list[ExchangeUnit]:
    """Units of an XLIFF 1.2 file (``read_xliff`` takes either version); ``document_format`` is by
    default the one of the file's ``original`` name."""
    path = Path(path)
    root = parse_xml(path)
    if root.tag != f"{_X12}xliff":
        raise InputError(path, f"not an XLIFF 1.2 file (root element {root.tag!r})", root.sourceline)
    if document_format is None:
        file_el = root.find(f"{_X12}file")
        document_format = format_of_file(file_el.get("original", "") if file_el is not None else "")
    return read_xliff12_root(root, path, skeleton or {}, document_format)


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
        return write_xliff12(units, original=context.original, document_format=context.document_format)

    @staticmethod
    def read(path: Path, options: ReadOptions = READ_DEFAULTS) -> Sequence[ExchangeUnit]:
        return read_xliff12(path, skeleton=options.skeleton, document_format=options.document_format)


class Xliff12OmegatFormat(Xliff12Format):
    """The same file for OmegaT (``--xliff-profile omegat``): targets are copies of the source."""

    name: ClassVar[str] = "xliff12-omegat"

    @staticmethod
    def write(units: Sequence[ExchangeUnit], context: ArticleContext) -> str:
        return write_xliff12(
            units, original=context.original, document_format=context.document_format, copy_source=True
        )
