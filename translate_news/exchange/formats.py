"""TSV, XLIFF 1.2 and 2.0, TMX 1.4: the files reviewers' CAT tools and other translation memories read.

Writers build the tree with lxml, so escaping is never hand-made; readers parse with no network,
no DTD and no entity expansion, and report every problem as ``file:line: message``. Markdown markup
and URLs travel as inline codes (``<g>``/``<x>`` in 1.2, ``<pc>``/``<ph>`` in 2.0) so CAT tools protect
them. Machine drafts are always marked as drafts, so no tool takes them for human work.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, get_args

from lxml import etree

from translate_news import __version__
from translate_news.errors import InputError

State = Literal["initial", "translated", "reviewed"]
STATES: tuple[State, ...] = get_args(State)

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
# Our own attributes (the article line) live in a foreign namespace, which XLIFF 2.0 allows on <unit>.
EXT_NS = "urn:translate-news:xliff"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_X = f"{{{XLIFF_NS}}}"
_XML_LANG = f"{{{XML_NS}}}lang"
_XML_SPACE = f"{{{XML_NS}}}space"
_LINE_ATTR = f"{{{EXT_NS}}}line"

# Drafts are "initial" (with a target) so no tool counts MT as translated; reviewed work is "final".
_TO_XLIFF_STATE = {"initial": "initial", "translated": "initial", "reviewed": "final"}
_FROM_XLIFF_STATE: dict[str, State] = {
    "initial": "initial",
    "translated": "translated",
    "reviewed": "reviewed",
    "final": "reviewed",
}
# XLIFF 1.2: drafts need review; signed-off/final (or approved="yes") is a translator's sign-off.
_TO_XLIFF12_STATE = {"translated": "needs-review-translation", "reviewed": "signed-off"}
_SIGNED_OFF_12 = frozenset({"signed-off", "final"})

# Code points XML 1.0 cannot carry even as character references.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ID_BODY = re.compile(r"[\w.\-]+")
_TMX_DATE = re.compile(r"\d{8}T\d{6}Z")


@dataclass(frozen=True)
class ExchangeUnit:
    """One segment as a reviewer sees it: ``initial`` has no target, ``translated`` is a machine
    draft, ``reviewed`` is human-approved."""

    id: str
    source: str
    target: str = ""
    state: State = "initial"
    notes: tuple[str, ...] = ()
    line: int | None = None

    def __post_init__(self) -> None:
        if self.state not in STATES:
            raise ValueError(
                f"unit {self.id!r}: state must be one of {', '.join(STATES)}, not {self.state!r}"
            )


TMStatus = Literal["reviewed", "draft"]


@dataclass(frozen=True)
class TMUnit:
    """A source/target pair; ``date`` is ISO 8601 (UTC, ``YYYY-MM-DDThh:mm:ssZ`` once read).

    ``status`` is "draft" for machine translation nobody approved: such a unit never becomes reviewed,
    and its ``reviewer`` names the MT model (``mt:<model>``).
    """

    source: str
    target: str
    article: str = ""
    reviewer: str = ""
    date: str = ""
    status: TMStatus = "reviewed"


@dataclass(frozen=True)
class TMXContents:
    """What ``read_tmx_contents`` found: the units, and what it had to change to read them."""

    units: tuple[TMUnit, ...]
    dropped_codes: int = 0  # inline codes (bpt/ept/ph/it/ut) whose markup was dropped, text kept
    future_dates: int = 0  # units dated in the future, clamped to now


# --- shared helpers -------------------------------------------------------------------------------


def strip_forbidden(text: str) -> str:
    """Drop code points XML 1.0 cannot represent (C0 controls other than tab/LF/CR, surrogates, FFFE/FFFF)."""
    return _FORBIDDEN.sub("", text)


def iso_date(value: str) -> str:
    """Canonical UTC ISO 8601 (``2024-05-03T14:02:00Z``) from ISO 8601 or TMX's ``YYYYMMDDThhmmssZ``.

    One spelling means dates compare as strings, and a TMX round trip gives back the same text.
    Naive times are taken as UTC. Raises ValueError for anything else.
    """
    text = value.strip()
    if _TMX_DATE.fullmatch(text):
        moment = datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    else:
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"not an ISO 8601 or TMX date: {value!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def tmx_date(value: str) -> str:
    """TMX's ``YYYYMMDDThhmmssZ`` for an ISO 8601 date."""
    return iso_date(value).replace("-", "").replace(":", "")


def _primary(lang: str) -> str:
    """``it-IT``, ``IT``, ``it_it`` → ``it``: TMX files from other tools spell languages many ways."""
    return re.split(r"[-_]", lang.strip(), maxsplit=1)[0].lower()


def _serialize(root: etree._Element) -> str:
    body = etree.tostring(root, encoding="unicode", pretty_print=True)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}'


def _parse(path: Path) -> etree._Element:
    """Parse without DTD, network or entity expansion: an exchange file is data, never instructions."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(path, f"not well-formed XML: {exc.msg}", exc.lineno) from None
    if root is None:
        raise InputError(path, "empty XML document")
    return root


def _inline_text(element: etree._Element, path: Path, containers: frozenset[str]) -> str:
    """The text of a mixed-content element: codes are dropped, ``containers`` are entered, and
    XLIFF ``<cp hex>`` becomes its character."""
    parts = [element.text or ""]
    for child in element:
        if child.tag is etree.Entity:
            raise InputError(path, f"entity reference {child.text} is not supported", child.sourceline)
        if isinstance(child.tag, str):
            name = etree.QName(child).localname
            if name == "cp":
                parts.append(_code_point(child, path))
            elif name in containers:
                parts.append(_inline_text(child, path, containers))
        parts.append(child.tail or "")
    return "".join(parts)


def _code_point(element: etree._Element, path: Path) -> str:
    value = element.get("hex", "")
    try:
        return chr(int(value, 16))
    except (ValueError, OverflowError):
        raise InputError(path, f"<cp hex={value!r}> is not a code point", element.sourceline) from None


# --- inline codes ---------------------------------------------------------------------------------

_URL = re.compile(r"(?:https?|ftp)://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?»”\"']")
# Markdown delimiters → XLIFF 1.2 ``ctype``; without a skeleton a reader rebuilds them from this.
_PAIR_CTYPE = {"**": "bold", "__": "x-md-strong", "*": "italic", "_": "x-md-em", "`": "x-md-code"}
_CTYPE_OPEN = {ctype: open_ for open_, ctype in _PAIR_CTYPE.items()}


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


def _code_table(pieces: Sequence[Piece]) -> dict[str, Code]:
    return {p.code.id: p.code for p in pieces if isinstance(p, Open | Single)}


def _target_pieces(target: str, source_codes: Mapping[str, Code], markdown: bool) -> list[Piece]:
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


# --- XLIFF 2.0 ------------------------------------------------------------------------------------


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


def _our_id(xml_id: str) -> str:
    return xml_id[1:] if xml_id.startswith("s") else xml_id


def _set_inline(element: etree._Element, text: str) -> None:
    """Set text, writing XML-forbidden code points as XLIFF ``<cp hex>`` so nothing is lost."""
    _append_text(element, text, cp_tag=f"{_X}cp")


def _append_text(element: etree._Element, text: str, *, cp_tag: str | None) -> None:
    """Append ``text`` after ``element``'s last child (or as its text); forbidden code points become
    ``cp_tag`` elements (XLIFF 2.0) or are dropped where the format has no escape (``cp_tag`` None)."""
    pieces = _FORBIDDEN.split(text)
    chars = _FORBIDDEN.findall(text)
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


def _data_ids(code: Code) -> tuple[str, str]:
    return f"d{code.id}", f"d{code.id}e"


def _build_20(element: etree._Element, pieces: Sequence[Piece]) -> None:
    """XLIFF 2.0 inline content: pairs as ``<pc>``, standalone codes as ``<ph>``, both pointing at
    ``<originalData>`` so the markup is carried in the file itself."""
    stack = [element]
    for piece in pieces:
        if isinstance(piece, str):
            _append_text(stack[-1], piece, cp_tag=f"{_X}cp")
        elif isinstance(piece, Open):
            start, end = _data_ids(piece.code)
            pc = etree.SubElement(stack[-1], f"{_X}pc", id=piece.code.id, dataRefStart=start, dataRefEnd=end)
            pc.set("type", "link" if piece.code.ctype in ("link", "x-md-image") else "fmt")
            stack.append(pc)
        elif isinstance(piece, Close):
            stack.pop()
        else:
            ph = etree.SubElement(stack[-1], f"{_X}ph", id=piece.code.id, dataRef=_data_ids(piece.code)[0])
            ph.set("type", "link")
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
                data.set(_XML_SPACE, "preserve")
                _set_inline(data, native)


def write_xliff(
    units: Iterable[ExchangeUnit],
    *,
    source_lang: str = "it",
    target_lang: str = "en",
    original: str,
    markdown: bool = False,
) -> str:
    """One XLIFF 2.0 ``<file>`` with one ``<unit>``/``<segment>`` per unit, for CAT-tool review.

    ``canResegment="no"`` keeps tools from splitting our sentences, which would break the ids. Drafts
    are ``initial`` with a target, reviewed units ``final``. ``markdown`` makes Markdown markup inline
    codes (URLs always are).
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
    for unit, unit_id, source_pieces, target_pieces in _coded_units(units, markdown):
        unit_el = etree.SubElement(file_el, f"{_X}unit", id=unit_id)
        if unit.line is not None:
            unit_el.set(_LINE_ATTR, str(unit.line))
        if unit.notes:
            notes_el = etree.SubElement(unit_el, f"{_X}notes")
            for note in unit.notes:
                etree.SubElement(notes_el, f"{_X}note").text = strip_forbidden(note)
        _original_data(unit_el, _code_table(source_pieces).values())
        segment = etree.SubElement(unit_el, f"{_X}segment", state=_TO_XLIFF_STATE[unit.state])
        source = etree.SubElement(segment, f"{_X}source")
        source.set(_XML_SPACE, "preserve")
        _build_20(source, source_pieces)
        # XLIFF requires a <target> for every state but "initial".
        if unit.target or unit.state != "initial":
            target = etree.SubElement(segment, f"{_X}target")
            target.set(_XML_SPACE, "preserve")
            _build_20(target, target_pieces)
    return _serialize(root)


def _coded_units(
    units: Iterable[ExchangeUnit], markdown: bool
) -> Iterable[tuple[ExchangeUnit, str, list[Piece], list[Piece]]]:
    """Each unit with its XML id and its source and target as pieces; refuses duplicate ids and an
    empty file, which no XLIFF schema allows."""
    seen: set[str] = set()
    for unit in units:
        unit_id = xliff_id(unit.id)
        if unit_id in seen:
            raise ValueError(f"duplicate unit id {unit.id!r}")
        seen.add(unit_id)
        source_pieces = markup_pieces(unit.source, markdown)
        yield unit, unit_id, source_pieces, _target_pieces(unit.target, _code_table(source_pieces), markdown)
    if not seen:
        raise ValueError("an XLIFF file needs at least one unit")


_XLIFF_CONTAINERS = frozenset({"pc", "mrk"})
_STATE_RANK = {state: rank for rank, state in enumerate(STATES)}


def read_xliff(
    path: Path, *, skeleton: Mapping[str, str] | None = None, markdown: bool = False
) -> list[ExchangeUnit]:
    """Units of an XLIFF 2.0 or 1.2 file in document order, inline codes turned back into markup.

    XLIFF 2.0 carries its markup in ``<originalData>``. XLIFF 1.2 ``<g>``/``<x>`` codes point into a
    skeleton: ``skeleton`` maps unit ids to their Markdown source (the PO's msgids); without it,
    emphasis is rebuilt from ``ctype`` and a link keeps its text only.
    """
    path = Path(path)
    root = _parse(path)
    if root.tag == f"{{{XLIFF12_NS}}}xliff":
        return _read_xliff12(root, path, skeleton or {}, markdown)
    if root.tag != f"{_X}xliff":
        raise InputError(path, f"not an XLIFF 1.2 or 2.0 file (root element {root.tag!r})", root.sourceline)
    units: list[ExchangeUnit] = []
    seen: set[str] = set()
    for unit_el in root.iter(f"{_X}unit"):
        unit = _read_unit(unit_el, path)
        if unit.id in seen:
            raise InputError(path, f"duplicate unit id {unit.id!r}", unit_el.sourceline)
        seen.add(unit.id)
        units.append(unit)
    return units


def _text_20(element: etree._Element, path: Path, natives: Mapping[str, str]) -> str:
    """Mixed XLIFF 2.0 content as markup: ``<pc>``/``<ph>`` become their original data."""
    parts = [element.text or ""]
    for child in element:
        if child.tag is etree.Entity:
            raise InputError(path, f"entity reference {child.text} is not supported", child.sourceline)
        if isinstance(child.tag, str):
            name = etree.QName(child).localname
            if name == "cp":
                parts.append(_code_point(child, path))
            elif name in _XLIFF_CONTAINERS:
                inner = _text_20(child, path, natives)
                if name == "pc":
                    inner = natives.get(child.get("dataRefStart", ""), "") + inner
                    inner += natives.get(child.get("dataRefEnd", ""), "")
                parts.append(inner)
            elif name == "ph":
                parts.append(natives.get(child.get("dataRef", ""), ""))
        parts.append(child.tail or "")
    return "".join(parts)


def _read_unit(unit_el: etree._Element, path: Path) -> ExchangeUnit:
    line_no = unit_el.sourceline
    xml_id = unit_el.get("id")
    if not xml_id:
        raise InputError(path, "<unit> without an id", line_no)
    line_attr = unit_el.get(_LINE_ATTR)
    try:
        line = int(line_attr) if line_attr is not None else None
    except ValueError:
        raise InputError(path, f"unit {xml_id!r}: line {line_attr!r} is not a number", line_no) from None
    notes = tuple(_inline_text(note, path, frozenset()) for note in unit_el.iterfind(f"{_X}notes/{_X}note"))
    natives = {
        data.get("id", ""): _inline_text(data, path, frozenset())
        for data in unit_el.iterfind(f"{_X}originalData/{_X}data")
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
        source = _text_20(source_el, path, natives)
        target_el = part.find(f"{_X}target")
        sources.append(source)
        if part.tag == f"{_X}ignorable":
            # An ignorable without a target stands for itself in the translation.
            targets.append(source if target_el is None else _text_20(target_el, path, natives))
            continue
        if target_el is not None:
            has_target = True
            targets.append(_text_20(target_el, path, natives))
        raw_state = part.get("state", "initial")
        if raw_state not in _FROM_XLIFF_STATE:
            raise InputError(path, f"unit {xml_id!r}: unknown segment state {raw_state!r}", part.sourceline)
        state = _FROM_XLIFF_STATE[raw_state]
        # "initial" with a target is how we (and others) write a draft.
        states.append("translated" if state == "initial" and target_el is not None else state)
    if not states:
        raise InputError(path, f"unit {xml_id!r} has no <segment>", line_no)
    return ExchangeUnit(
        id=_our_id(xml_id),
        source="".join(sources),
        target="".join(targets) if has_target else "",
        state=min(states, key=_STATE_RANK.__getitem__),
        notes=notes,
        line=line,
    )


# --- XLIFF 1.2 ------------------------------------------------------------------------------------

_X12 = f"{{{XLIFF12_NS}}}"
_NATIVE_12 = frozenset({"bpt", "ept", "ph", "it"})  # codes whose content is the native markup


def _build_12(element: etree._Element, pieces: Sequence[Piece]) -> None:
    """XLIFF 1.2 inline content: pairs as ``<g>``, standalone codes as ``<x>`` (the markup itself
    lives in the skeleton: the PO's msgid)."""
    stack = [element]
    for piece in pieces:
        if isinstance(piece, str):
            _append_text(stack[-1], piece, cp_tag=None)
        elif isinstance(piece, Open):
            stack.append(etree.SubElement(stack[-1], f"{_X12}g", id=piece.code.id, ctype=piece.code.ctype))
        elif isinstance(piece, Close):
            stack.pop()
        else:
            etree.SubElement(stack[-1], f"{_X12}x", id=piece.code.id, ctype=piece.code.ctype)


def write_xliff12(
    units: Iterable[ExchangeUnit],
    *,
    source_lang: str = "it",
    target_lang: str = "en",
    original: str,
    markdown: bool = False,
) -> str:
    """XLIFF 1.2 (strict), what OmegaT, Trados, memoQ and translate-toolkit read.

    Drafts are ``needs-review-translation``; reviewed units are ``signed-off`` and ``approved="yes"``.
    XLIFF 1.2 has no escape for XML-forbidden control characters, so they are dropped.
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
    for unit, unit_id, source_pieces, target_pieces in _coded_units(units, markdown):
        tu = etree.SubElement(body, f"{_X12}trans-unit", id=unit_id)
        tu.set(_XML_SPACE, "preserve")
        if unit.state == "reviewed":
            tu.set("approved", "yes")
        _build_12(etree.SubElement(tu, f"{_X12}source"), source_pieces)
        if unit.target or unit.state != "initial":
            target = etree.SubElement(tu, f"{_X12}target", state=_TO_XLIFF12_STATE.get(unit.state, "new"))
            _build_12(target, target_pieces)
        if unit.line is not None:
            group = etree.SubElement(tu, f"{_X12}context-group", purpose="location")
            context = etree.SubElement(group, f"{_X12}context")
            context.set("context-type", "linenumber")
            context.text = str(unit.line)
        for note in unit.notes:
            etree.SubElement(tu, f"{_X12}note").text = strip_forbidden(note)
    return _serialize(root)


def _text_12(element: etree._Element, path: Path, table: Mapping[str, Code]) -> str:
    """Mixed XLIFF 1.2 content as markup: ``<g>``/``<x>`` from the skeleton's codes (or ``ctype``),
    ``<bpt>``/``<ept>``/``<ph>``/``<it>`` from their native content; ``<sub>`` is left out."""
    parts = [element.text or ""]
    for child in element:
        if child.tag is etree.Entity:
            raise InputError(path, f"entity reference {child.text} is not supported", child.sourceline)
        if isinstance(child.tag, str):
            name = etree.QName(child).localname
            code = table.get(child.get("id", ""))
            if name == "g":
                inner = _text_12(child, path, table)
                if code is not None and code.close is not None:
                    inner = code.open + inner + code.close
                elif child.get("ctype") in _CTYPE_OPEN:
                    delimiter = _CTYPE_OPEN[child.get("ctype", "")]
                    inner = delimiter + inner + delimiter
                parts.append(inner)
            elif name == "mrk":
                parts.append(_text_12(child, path, table))
            elif name == "x" and code is not None:
                parts.append(code.open)
            elif name in _NATIVE_12:
                parts.append("".join(child.itertext(tag=etree.Element)) if name != "ph" else child.text or "")
        parts.append(child.tail or "")
    return "".join(parts)


def _read_xliff12(
    root: etree._Element, path: Path, skeleton: Mapping[str, str], markdown: bool
) -> list[ExchangeUnit]:
    units: list[ExchangeUnit] = []
    seen: set[str] = set()
    for tu in root.iter(f"{_X12}trans-unit"):
        xml_id = tu.get("id")
        if not xml_id:
            raise InputError(path, "<trans-unit> without an id", tu.sourceline)
        unit_id = _our_id(xml_id)
        if unit_id in seen:
            raise InputError(path, f"duplicate unit id {unit_id!r}", tu.sourceline)
        seen.add(unit_id)
        source_el = tu.find(f"{_X12}source")
        if source_el is None:
            raise InputError(path, f"trans-unit {xml_id!r} without <source>", tu.sourceline)
        table = _code_table(markup_pieces(skeleton[unit_id], markdown)) if unit_id in skeleton else {}
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
        notes = tuple(_inline_text(note, path, frozenset()) for note in tu.iterfind(f"{_X12}note"))
        units.append(ExchangeUnit(unit_id, _text_12(source_el, path, table), target, state, notes, line))
    return units


# --- TMX 1.4 --------------------------------------------------------------------------------------

ARTICLE_PROP = "x-article"
STATUS_PROP = "x-status"
_TMX_CONTAINERS = frozenset({"hi"})
_TMX_CODES = frozenset({"bpt", "ept", "ph", "it", "ut"})


def write_tmx(
    pairs: Iterable[TMUnit],
    *,
    source_lang: str = "it",
    target_lang: str = "en",
    creationtool: str = "translate-news",
    creationtoolversion: str = __version__,
    creationdate: str | None = None,
) -> str:
    """TMX 1.4 with every required header attribute; the article is a ``<prop type="x-article">`` and
    the review date/reviewer go in ``creation*``/``change*`` so other tools show them. A machine draft
    carries ``<prop type="x-status">draft</prop>`` and the model as ``creationid``; reviewed units
    carry no status, as every other tool writes them.

    TMX has no escape for XML-forbidden control characters, so they are dropped. ``creationdate``
    (ISO 8601) is left out unless given, so the same memory always exports the same bytes.
    """
    root = etree.Element("tmx", version="1.4")
    header = etree.SubElement(
        root,
        "header",
        creationtool=creationtool,
        creationtoolversion=creationtoolversion,
        segtype="sentence",
        adminlang="en",
        srclang=source_lang,
        datatype="plaintext",
    )
    header.set("o-tmf", creationtool)
    if creationdate:
        header.set("creationdate", tmx_date(creationdate))
    body = etree.SubElement(root, "body")
    for pair in pairs:
        tu = etree.SubElement(body, "tu")
        if pair.date:
            stamp = tmx_date(pair.date)
            tu.set("creationdate", stamp)
            tu.set("changedate", stamp)
        if pair.reviewer:
            reviewer = strip_forbidden(pair.reviewer)
            tu.set("creationid", reviewer)
            tu.set("changeid", reviewer)
        if pair.article:
            etree.SubElement(tu, "prop", type=ARTICLE_PROP).text = strip_forbidden(pair.article)
        if pair.status == "draft":
            etree.SubElement(tu, "prop", type=STATUS_PROP).text = "draft"
        for lang, text in ((source_lang, pair.source), (target_lang, pair.target)):
            tuv = etree.SubElement(tu, "tuv")
            tuv.set(_XML_LANG, lang)
            etree.SubElement(tuv, "seg").text = strip_forbidden(text)
    return _serialize(root)


def read_tmx(path: Path, *, source_lang: str = "it", target_lang: str = "en") -> list[TMUnit]:
    """The ``source_lang``→``target_lang`` units of a TMX file (see ``read_tmx_contents``)."""
    return list(read_tmx_contents(path, source_lang=source_lang, target_lang=target_lang).units)


def read_tmx_contents(
    path: Path, *, source_lang: str = "it", target_lang: str = "en", now: str | None = None
) -> TMXContents:
    """The ``source_lang``→``target_lang`` pairs of a TMX file; languages match on their primary
    subtag in any case (``it-IT``, ``IT``), and ``<tu>`` lacking either language is skipped.

    UTF-8 or UTF-16 (with its BOM, as Trados writes). Inline codes (``bpt``/``ept``/``ph``/``it``/
    ``ut``) are dropped with their markup and counted, their text kept. Dates are kept; a date in the
    future (``now``, ISO 8601, defaults to the clock) is clamped to now, so it cannot win over every
    later review. ``<prop type="x-status">draft</prop>`` marks a machine draft.
    """
    path = Path(path)
    root = _parse(path)
    if root.tag != "tmx":
        raise InputError(path, f"not a TMX file (root element {root.tag!r})", root.sourceline)
    body = root.find("body")
    if root.find("header") is None or body is None:
        raise InputError(path, "a TMX file needs a <header> and a <body>", root.sourceline)
    limit = iso_date(now) if now else datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    want_source, want_target = _primary(source_lang), _primary(target_lang)
    units: list[TMUnit] = []
    found: set[str] = set()
    dropped = future = 0
    tus = body.findall("tu")
    for tu in tus:
        segs: dict[str, str] = {}
        codes = 0
        for tuv in tu.iterfind("tuv"):
            lang = tuv.get(_XML_LANG) or tuv.get("lang")
            if not lang:
                raise InputError(path, "<tuv> without xml:lang", tuv.sourceline)
            seg = tuv.find("seg")
            if seg is None:
                raise InputError(path, "<tuv> without <seg>", tuv.sourceline)
            found.add(_primary(lang))
            if _primary(lang) not in segs:
                segs[_primary(lang)] = _inline_text(seg, path, _TMX_CONTAINERS)
                if _primary(lang) in (want_source, want_target):
                    codes += sum(1 for el in seg.iter(*_TMX_CODES))
        if want_source not in segs or want_target not in segs:
            continue
        dropped += codes
        props = {p.get("type"): p.text or "" for p in tu.iterfind("prop")}
        date = _tu_date(tu, path)
        if date > limit:
            date, future = limit, future + 1
        units.append(
            TMUnit(
                source=segs[want_source],
                target=segs[want_target],
                article=props.get(ARTICLE_PROP, ""),
                reviewer=tu.get("changeid") or tu.get("creationid") or "",
                date=date,
                status="draft" if props.get(STATUS_PROP, "").strip().lower() == "draft" else "reviewed",
            )
        )
    if tus and not units:
        languages = ", ".join(sorted(found)) or "none"
        raise InputError(path, f"no {want_source}→{want_target} units (languages found: {languages})")
    return TMXContents(tuple(units), dropped, future)


def _tu_date(tu: etree._Element, path: Path) -> str:
    raw = tu.get("changedate") or tu.get("creationdate")
    if not raw:
        return ""
    try:
        return iso_date(raw)
    except ValueError:
        raise InputError(path, f"bad date {raw!r}: expected YYYYMMDDThhmmssZ", tu.sourceline) from None


# --- TSV ------------------------------------------------------------------------------------------

TSV_COLUMNS = ("id", "source", "target", "status", "article")
_TSV_STATUS = {"initial": "untranslated", "translated": "fuzzy", "reviewed": "reviewed"}
_FROM_TSV_STATUS: dict[str, State] = {status: state for state, status in _TSV_STATUS.items()}


def _tsv_cell(text: str) -> str:
    """RFC 4180 quoting with a tab delimiter: a cell holding a tab, quote or line break (CR too, which
    Python's csv writer leaves bare) is quoted, its quotes doubled."""
    if any(char in text for char in '\t"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def write_tsv(units: Iterable[ExchangeUnit], *, article: str) -> str:
    """Tab-separated with RFC 4180 quoting (Python's csv, pandas and spreadsheets read it back as
    written). ``article`` is the slug, the same value as the TMX ``x-article``."""
    rows = [TSV_COLUMNS]
    rows += [(unit.id, unit.source, unit.target, _TSV_STATUS[unit.state], article) for unit in units]
    return "".join("\t".join(_tsv_cell(cell) for cell in row) + "\n" for row in rows)


def read_tsv(path: Path) -> list[ExchangeUnit]:
    """Units of a TSV written by ``write_tsv`` (the header row names the columns)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read as UTF-8: {exc}") from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", strict=True)
    units: list[ExchangeUnit] = []
    try:
        header = next(reader, None)
        if header is None or tuple(header[:4]) != TSV_COLUMNS[:4]:
            raise InputError(path, f"expected the header row {' '.join(TSV_COLUMNS)}", 1)
        for row in reader:
            if len(row) < 4 or row[3] not in _FROM_TSV_STATUS:
                raise InputError(path, "expected id, source, target and a known status", reader.line_num)
            units.append(ExchangeUnit(row[0], row[1], row[2], _FROM_TSV_STATUS[row[3]]))
    except csv.Error as exc:
        raise InputError(path, f"malformed TSV: {exc}", reader.line_num) from None
    return units


# --- registry -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleContext:
    """What every per-article writer may need besides the units."""

    article: str  # the slug: one value from run and build alike
    original: str  # the source file name
    markdown: bool = False


@dataclass(frozen=True)
class ExchangeFormat:
    """One per-article exchange file: its name after the slug, its writer and its reader."""

    suffix: str
    write: Callable[[Sequence[ExchangeUnit], ArticleContext], str]
    read: Callable[[Path], Sequence[object]] = field(repr=False)


def _write_tmx_units(units: Sequence[ExchangeUnit], context: ArticleContext) -> str:
    """Reviewed pairs plain, machine drafts flagged draft with their model as creator."""
    pairs: dict[tuple[str, str], TMUnit] = {}
    for unit in units:
        if not unit.target:
            continue
        status: TMStatus = "reviewed" if unit.state == "reviewed" else "draft"
        reviewer = _mt_model(unit.notes) if status == "draft" else ""
        pairs.setdefault(
            (unit.source, unit.target),
            TMUnit(unit.source, unit.target, context.article, reviewer, "", status),
        )
    return write_tmx(pairs.values())


def _mt_model(notes: Sequence[str]) -> str:
    """``mt:<model>`` from a draft's ``origin: mt <model> glossary …`` note."""
    from translate_news.review.provenance import Provenance  # review/ reads exchange files

    for note in notes:
        provenance = Provenance.parse(note)
        if provenance is not None and provenance.origin == "mt":
            return "mt:" + provenance.detail.split(" ", 1)[0]
    return "mt"


FORMATS: dict[str, ExchangeFormat] = {
    "tsv": ExchangeFormat(".it-en.tsv", lambda units, c: write_tsv(units, article=c.article), read_tsv),
    "xliff": ExchangeFormat(
        ".it-en.xlf",
        lambda units, c: write_xliff(units, original=c.original, markdown=c.markdown),
        read_xliff,
    ),
    "xliff12": ExchangeFormat(
        ".it-en.xliff12.xlf",
        lambda units, c: write_xliff12(units, original=c.original, markdown=c.markdown),
        read_xliff,
    ),
    "tmx": ExchangeFormat(".it-en.tmx", _write_tmx_units, read_tmx),
}
# ``--xliff``: which XLIFF versions of FORMATS are written.
XLIFF_VERSIONS: dict[str, frozenset[str]] = {
    "2.0": frozenset({"xliff"}),
    "1.2": frozenset({"xliff12"}),
    "both": frozenset({"xliff", "xliff12"}),
}


def formats_with_xliff(version: str) -> tuple[str, ...]:
    """Names in FORMATS to write when only XLIFF ``version`` ("2.0", "1.2" or "both") is wanted."""
    unwanted = XLIFF_VERSIONS["both"] - XLIFF_VERSIONS[version]
    return tuple(name for name in FORMATS if name not in unwanted)
