"""XLIFF 2.0 and TMX 1.4: the two files reviewers' CAT tools and other translation memories understand.

Writers build the tree with lxml, so escaping is never hand-made; readers parse with no network,
no DTD and no entity expansion, and report every problem as ``file:line: message``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
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

# XLIFF 2.0 has four states; "final" is a stronger "reviewed", so both read back as ours.
_TO_XLIFF_STATE = {"initial": "initial", "translated": "translated", "reviewed": "reviewed"}
_FROM_XLIFF_STATE: dict[str, State] = {
    "initial": "initial",
    "translated": "translated",
    "reviewed": "reviewed",
    "final": "reviewed",
}

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


@dataclass(frozen=True)
class TMUnit:
    """A reviewed source/target pair; ``date`` is ISO 8601 (UTC, ``YYYY-MM-DDThh:mm:ssZ`` once read)."""

    source: str
    target: str
    article: str = ""
    reviewer: str = ""
    date: str = ""


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
    pieces = _FORBIDDEN.split(text)
    element.text = pieces[0]
    for char, tail in zip(_FORBIDDEN.findall(text), pieces[1:], strict=True):
        cp = etree.SubElement(element, f"{_X}cp", hex=f"{ord(char):04X}")
        cp.tail = tail


def write_xliff(
    units: Iterable[ExchangeUnit], *, source_lang: str = "it", target_lang: str = "en", original: str
) -> str:
    """One XLIFF 2.0 ``<file>`` with one ``<unit>``/``<segment>`` per unit, for CAT-tool review.

    ``canResegment="no"`` keeps tools from splitting our sentences, which would break the ids.
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
    seen: set[str] = set()
    for unit in units:
        unit_id = xliff_id(unit.id)
        if unit_id in seen:
            raise ValueError(f"duplicate unit id {unit.id!r}")
        seen.add(unit_id)
        unit_el = etree.SubElement(file_el, f"{_X}unit", id=unit_id)
        if unit.line is not None:
            unit_el.set(_LINE_ATTR, str(unit.line))
        if unit.notes:
            notes_el = etree.SubElement(unit_el, f"{_X}notes")
            for note in unit.notes:
                etree.SubElement(notes_el, f"{_X}note").text = strip_forbidden(note)
        segment = etree.SubElement(unit_el, f"{_X}segment", state=_TO_XLIFF_STATE[unit.state])
        source = etree.SubElement(segment, f"{_X}source")
        source.set(_XML_SPACE, "preserve")
        _set_inline(source, unit.source)
        # XLIFF requires a <target> for every state but "initial".
        if unit.target or unit.state != "initial":
            target = etree.SubElement(segment, f"{_X}target")
            target.set(_XML_SPACE, "preserve")
            _set_inline(target, unit.target)
    if not seen:
        raise ValueError("an XLIFF file needs at least one unit")
    return _serialize(root)


_XLIFF_CONTAINERS = frozenset({"pc", "mrk"})
_STATE_RANK = {state: rank for rank, state in enumerate(STATES)}


def read_xliff(path: Path) -> list[ExchangeUnit]:
    """Units of an XLIFF 2.0 file in document order; a unit a tool split into several segments is
    joined back, with the least advanced state of its segments."""
    path = Path(path)
    root = _parse(path)
    if root.tag == f"{{{XLIFF12_NS}}}xliff":
        raise InputError(path, "XLIFF 1.2 is not supported: save the file as XLIFF 2.0", root.sourceline)
    if root.tag != f"{_X}xliff":
        raise InputError(path, f"not an XLIFF 2.0 file (root element {root.tag!r})", root.sourceline)
    units: list[ExchangeUnit] = []
    seen: set[str] = set()
    for unit_el in root.iter(f"{_X}unit"):
        unit = _read_unit(unit_el, path)
        if unit.id in seen:
            raise InputError(path, f"duplicate unit id {unit.id!r}", unit_el.sourceline)
        seen.add(unit.id)
        units.append(unit)
    return units


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
        source = _inline_text(source_el, path, _XLIFF_CONTAINERS)
        target_el = part.find(f"{_X}target")
        sources.append(source)
        if part.tag == f"{_X}ignorable":
            # An ignorable without a target stands for itself in the translation.
            targets.append(source if target_el is None else _inline_text(target_el, path, _XLIFF_CONTAINERS))
            continue
        if target_el is not None:
            has_target = True
            targets.append(_inline_text(target_el, path, _XLIFF_CONTAINERS))
        raw_state = part.get("state", "initial")
        if raw_state not in _FROM_XLIFF_STATE:
            raise InputError(path, f"unit {xml_id!r}: unknown segment state {raw_state!r}", part.sourceline)
        states.append(_FROM_XLIFF_STATE[raw_state])
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


# --- TMX 1.4 --------------------------------------------------------------------------------------

ARTICLE_PROP = "x-article"
_TMX_CONTAINERS = frozenset({"hi"})


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
    the review date/reviewer go in ``creation*``/``change*`` so other tools show them.

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
        for lang, text in ((source_lang, pair.source), (target_lang, pair.target)):
            tuv = etree.SubElement(tu, "tuv")
            tuv.set(_XML_LANG, lang)
            etree.SubElement(tuv, "seg").text = strip_forbidden(text)
    return _serialize(root)


def read_tmx(path: Path, *, source_lang: str = "it", target_lang: str = "en") -> list[TMUnit]:
    """The ``source_lang``→``target_lang`` pairs of a TMX file; languages match on their primary
    subtag in any case (``it-IT``, ``IT``), and ``<tu>`` lacking either language is skipped."""
    path = Path(path)
    root = _parse(path)
    if root.tag != "tmx":
        raise InputError(path, f"not a TMX file (root element {root.tag!r})", root.sourceline)
    body = root.find("body")
    if root.find("header") is None or body is None:
        raise InputError(path, "a TMX file needs a <header> and a <body>", root.sourceline)
    want_source, want_target = _primary(source_lang), _primary(target_lang)
    units: list[TMUnit] = []
    found: set[str] = set()
    tus = body.findall("tu")
    for tu in tus:
        segs: dict[str, str] = {}
        for tuv in tu.iterfind("tuv"):
            lang = tuv.get(_XML_LANG) or tuv.get("lang")
            if not lang:
                raise InputError(path, "<tuv> without xml:lang", tuv.sourceline)
            seg = tuv.find("seg")
            if seg is None:
                raise InputError(path, "<tuv> without <seg>", tuv.sourceline)
            found.add(_primary(lang))
            segs.setdefault(_primary(lang), _inline_text(seg, path, _TMX_CONTAINERS))
        if want_source not in segs or want_target not in segs:
            continue
        units.append(
            TMUnit(
                source=segs[want_source],
                target=segs[want_target],
                article=next(
                    (p.text or "" for p in tu.iterfind("prop") if p.get("type") == ARTICLE_PROP), ""
                ),
                reviewer=tu.get("changeid") or tu.get("creationid") or "",
                date=_tu_date(tu, path),
            )
        )
    if tus and not units:
        languages = ", ".join(sorted(found)) or "none"
        raise InputError(path, f"no {want_source}→{want_target} units (languages found: {languages})")
    return units


def _tu_date(tu: etree._Element, path: Path) -> str:
    raw = tu.get("changedate") or tu.get("creationdate")
    if not raw:
        return ""
    try:
        return iso_date(raw)
    except ValueError:
        raise InputError(path, f"bad date {raw!r}: expected YYYYMMDDThhmmssZ", tu.sourceline) from None
