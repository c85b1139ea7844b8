"""XLIFF 2.0: one ``<file>`` of ``<unit>``s for CAT-tool review; its markup travels in ``<originalData>``.

Machine drafts are ``initial`` with a target, so no tool counts MT as translated; reviewed work is
``final``. The reader also takes XLIFF 1.2 (``read_xliff`` is what ``xliff import`` calls).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import ClassVar

from lxml import etree

from translate_news.documents.article import DocumentFormat
from translate_news.documents.registry import TEXT, format_of_file
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
from translate_news.exchange.units import (
    READ_DEFAULTS,
    STATES,
    ArticleContext,
    ExchangeUnit,
    ReadOptions,
    State,
)
from translate_news.exchange.xliff12 import XLIFF12_NS, read_xliff12_root
from translate_news.exchange.xml import (
    XML_SPACE,
    append_text,
    code_point,
    inline_text,
    parse_xml,
    plain_text,
    serialize,
    strip_forbidden,
)

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
# Our own attributes (the article line) live in a foreign namespace, which XLIFF 2.0 allows on <unit>.
EXT_NS = "urn:translate-news:xliff"
_X = f"{{{XLIFF_NS}}}"
_LINE_ATTR = f"{{{EXT_NS}}}line"

# Drafts are "initial" (with a target) so no tool counts MT as translated; reviewed work is "final".
_TO_XLIFF_STATE = {"initial": "initial", "translated": "initial", "reviewed": "final"}
_FROM_XLIFF_STATE: dict[str, State] = {
    "initial": "initial",
    "translated": "translated",
    "reviewed": "reviewed",
    "final": "reviewed",
}
_XLIFF_CONTAINERS = frozenset({"pc", "mrk"})
_STATE_RANK = {state: rank for rank, state in enumerate(STATES)}


def _set_inline(element: etree._Element, text: str) -> None:
    """Set text, writing XML-forbidden code points as XLIFF ``<cp hex>`` so nothing is lost."""
    append_text(element, text, cp_tag=f"{_X}cp")


def _data_ids(code: Code) -> tuple[str, str]:
    return f"d{code.id}", f"d{code.id}e"


def _code_type(code: Code) -> str:
    return "link" if code.ctype in ("link", "x-md-image", "image") else "fmt"


def _build_20(element: etree._Element, pieces: Sequence[Piece]) -> None:
    """XLIFF 2.0 inline content: pairs as ``<pc>``, standalone codes as ``<ph>``, half a pair (its
    other half in another sentence) as an isolated ``<sc>``/``<ec>``, all pointing at
    ``<originalData>`` so the markup is carried in the file itself."""
    stack = [element]
    halves = isolated_ids(pieces)
    for piece in pieces:
        if isinstance(piece, str):
            append_text(stack[-1], piece, cp_tag=f"{_X}cp")
        elif piece.code.id in halves:
            start, end = _data_ids(piece.code)
            opening = isinstance(piece, Open)
            half = etree.SubElement(
                stack[-1],
                f"{_X}{'sc' if opening else 'ec'}",
                id=piece.code.id,
                dataRef=start if opening else end,
            )
            half.set("isolated", "yes")
            half.set("type", _code_type(piece.code))
        elif isinstance(piece, Open):
            start, end = _data_ids(piece.code)
            pc = etree.SubElement(stack[-1], f"{_X}pc", id=piece.code.id, dataRefStart=start, dataRefEnd=end)
            pc.set("type", _code_type(piece.code))
            stack.append(pc)
        elif isinstance(piece, Close):
            stack.pop()
        else:
            ph = etree.SubElement(stack[-1], f"{_X}ph", id=piece.code.id, dataRef=_data_ids(piece.code)[0])
            ph.set("type", "link" if piece.code.ctype == "x-url" else _code_type(piece.code))
            ph.set("disp", strip_forbidden(piece.code.open))


def _original_data(unit_el: etree._Element, codes: Iterable[Code]) -> None:
    codes = list(codes)
    if not codes:
        return
    data_el = etree.SubElement(unit_el, f"{_X}originalData")
    for code in codes:
        start, end = _data_ids(code)
        for data_id, native in ((start, code.open), (end, code.close)):
            if native is not None:
                data = etree.SubElement(data_el, f"{_X}data", id=data_id)
                data.set(XML_SPACE, "preserve")
                _set_inline(data, native)


def write_xliff(
    units: Iterable[ExchangeUnit],
    *,
    source_lang: str = "it",
    target_lang: str = "en",
    original: str,
    document_format: DocumentFormat = TEXT,
) -> str:
    """One XLIFF 2.0 ``<file>`` with one ``<unit>``/``<segment>`` per unit, for CAT-tool review.

    ``canResegment="no"`` keeps tools from splitting our sentences, which would break the ids. Drafts
    are ``initial`` with a target, reviewed units ``final``. The markup of ``document_format`` becomes
    inline codes (URLs always are).
    """
    root = etree.Element(
        f"{_X}xliff",
        nsmap={None: XLIFF_NS, "tn": EXT_NS},
        version="2.0",
        srcLang=source_lang,
        trgLang=target_lang,
    )
    file_el = etree.SubElement(root, f"{_X}file", id="f1", original=strip_forbidden(original))
    file_el.set("canResegment", "no")
    for unit, unit_id, source_pieces, target_pieces in coded_units(units, document_format):
        unit_el = etree.SubElement(file_el, f"{_X}unit", id=unit_id)
        if unit.line is not None:
            unit_el.set(_LINE_ATTR, str(unit.line))
        if unit.notes or unit.comments:
            notes_el = etree.SubElement(unit_el, f"{_X}notes")
            # category: where translate-toolkit's XLIFF 2.0 storage reads a note's origin
            for category, texts in (("developer", unit.notes), ("translator", unit.comments)):
                for note in texts:
                    etree.SubElement(notes_el, f"{_X}note", category=category).text = strip_forbidden(note)
        _original_data(unit_el, code_table(source_pieces).values())
        segment = etree.SubElement(unit_el, f"{_X}segment", state=_TO_XLIFF_STATE[unit.state])
        source = etree.SubElement(segment, f"{_X}source")
        source.set(XML_SPACE, "preserve")
        _build_20(source, source_pieces)
        # XLIFF requires a <target> for every state but "initial".
        if unit.target or unit.state != "initial":
            target = etree.SubElement(segment, f"{_X}target")
            target.set(XML_SPACE, "preserve")
            _build_20(target, target_pieces)
    return serialize(root)


def read_xliff(
    path: Path, *, skeleton: Mapping[str, str] | None = None, document_format: DocumentFormat | None = None
) -> list[ExchangeUnit]:
    """Units of an XLIFF 2.0 or 1.2 file in document order, inline codes turned back into markup.

    XLIFF 2.0 carries its markup in ``<originalData>``. XLIFF 1.2 ``<g>``/``<x>`` codes point into a
    skeleton: ``skeleton`` maps unit ids to their source (the PO's msgids); without it, codes are
    rebuilt from ``ctype`` by the format (emphasis) and a link keeps its text only.
    ``document_format`` (by default the one of the file's ``original`` name) says how text is written.
    """
    path = Path(path)
    root = parse_xml(path)
    if document_format is None:
        file_el = next(root.iter(f"{{{XLIFF12_NS}}}file", f"{_X}file"), None)
        document_format = format_of_file(file_el.get("original", "") if file_el is not None else "")
    if root.tag == f"{{{XLIFF12_NS}}}xliff":
        return read_xliff12_root(root, path, skeleton or {}, document_format)
    if root.tag != f"{_X}xliff":
        raise InputError(path, f"not an XLIFF 1.2 or 2.0 file (root element {root.tag!r})", root.sourceline)
    units: list[ExchangeUnit] = []
    seen: set[str] = set()
    for unit_el in root.iter(f"{_X}unit"):
        unit = _read_unit(unit_el, path, document_format)
        if unit.id in seen:
            raise InputError(path, f"duplicate unit id {unit.id!r}", unit_el.sourceline)
        seen.add(unit.id)
        units.append(unit)
    return units


def _text_20(
    element: etree._Element, path: Path, natives: Mapping[str, str], document_format: DocumentFormat
) -> str:
    """Mixed XLIFF 2.0 content as markup: ``<pc>``/``<ph>``/``<sc>``/``<ec>`` become their original
    data; text is written in the format's notation."""

    def code(child: etree._Element, name: str) -> str:
        if name == "cp":
            return document_format.escape(code_point(child, path))
        if name in _XLIFF_CONTAINERS:
            inner = _text_20(child, path, natives, document_format)
            if name == "pc":
                inner = natives.get(child.get("dataRefStart", ""), "") + inner
                inner += natives.get(child.get("dataRefEnd", ""), "")
            return inner
        return natives.get(child.get("dataRef", ""), "") if name in ("ph", "sc", "ec") else ""

    return inline_text(element, path, code, document_format.escape)


def _read_unit(unit_el: etree._Element, path: Path, document_format: DocumentFormat) -> ExchangeUnit:
    line_no = unit_el.sourceline
    xml_id = unit_el.get("id")
    if not xml_id:
        raise InputError(path, "<unit> without an id", line_no)
    line_attr = unit_el.get(_LINE_ATTR)
    try:
        line = int(line_attr) if line_attr is not None else None
    except ValueError:
        raise InputError(path, f"unit {xml_id!r}: line {line_attr!r} is not a number", line_no) from None
    notes = tuple(plain_text(note, path) for note in unit_el.iterfind(f"{_X}notes/{_X}note"))
    natives = {
        data.get("id", ""): plain_text(data, path) for data in unit_el.iterfind(f"{_X}originalData/{_X}data")
    }
    sources: list[str] = []
    targets: list[str] = []
    states: list[State] = []
    has_target = False
    for part in unit_el:
        if part.tag not in (f"{_X}segment", f"{_X}ignorable"):
            continue
        source_el = part.find(f"{_X}source")
        if source_el is None:
            raise InputError(
                path, f"unit {xml_id!r}: <{etree.QName(part).localname}> without <source>", part.sourceline
            )
        source = _text_20(source_el, path, natives, document_format)
        target_el = part.find(f"{_X}target")
        sources.append(source)
        if part.tag == f"{_X}ignorable":
            # An ignorable without a target stands for itself in the translation.
            targets.append(
                source if target_el is None else _text_20(target_el, path, natives, document_format)
            )
            continue
        if target_el is not None:
            has_target = True
            targets.append(_text_20(target_el, path, natives, document_format))
        raw_state = part.get("state", "initial")
        if raw_state not in _FROM_XLIFF_STATE:
            raise InputError(path, f"unit {xml_id!r}: unknown segment state {raw_state!r}", part.sourceline)
        state = _FROM_XLIFF_STATE[raw_state]
        # "initial" with a target is how we (and others) write a draft.
        states.append("translated" if state == "initial" and target_el is not None else state)
    if not states:
        raise InputError(path, f"unit {xml_id!r} has no <segment>", line_no)
    return ExchangeUnit(
        id=our_id(xml_id),
        source="".join(sources),
        target="".join(targets) if has_target else "",
        state=min(states, key=_STATE_RANK.__getitem__),
        notes=notes,
        line=line,
    )


class Xliff20Format:
    """``<slug>.it-en.xlf``: XLIFF 2.0."""

    name: ClassVar[str] = "xliff"
    suffix: ClassVar[str] = ".it-en.xlf"

    @staticmethod
    def write(units: Sequence[ExchangeUnit], context: ArticleContext) -> str:
        return write_xliff(units, original=context.original, document_format=context.document_format)

    @staticmethod
    def read(path: Path, options: ReadOptions = READ_DEFAULTS) -> Sequence[ExchangeUnit]:
        """Either XLIFF version (``xliff import`` reads what a CAT tool saved, whatever its name)."""
        return read_xliff(path, skeleton=options.skeleton, document_format=options.document_format)
