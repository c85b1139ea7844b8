"""TMX 1.4: translation memories in and out, and each article's pairs for other tools' memories.

TMX has no escape for XML-forbidden control characters, so they are dropped on writing. Reading takes
UTF-8 or UTF-16 (Trados), languages in any spelling (``it-IT``, ``IT``); inline codes give back their
markup when the header's ``datatype`` is one of our input formats' markup (``html``, ``x-markdown``)
and are dropped otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from lxml import etree

from translate_news import __version__
from translate_news.documents.article import DocumentFormat
from translate_news.documents.registry import format_of_datatype
from translate_news.errors import InputError
from translate_news.exchange.codes import Close, Open, Piece, isolated_ids, target_pieces
from translate_news.exchange.units import (
    READ_DEFAULTS,
    ArticleContext,
    ExchangeUnit,
    ReadOptions,
    TMStatus,
    TMUnit,
    clamp_future,
    iso_date,
    now_iso,
    tmx_date,
)
from translate_news.exchange.xml import (
    XML_LANG,
    append_text,
    inline_text,
    parse_xml,
    plain_text,
    serialize,
    strip_forbidden,
)
from translate_news.provenance import PERSON, Provenance, machine_author

CREATION_TOOL = "translate-news"
ARTICLE_PROP = "x-article"
STATUS_PROP = "x-status"
_TMX_CONTAINERS = frozenset({"hi"})
_TMX_CODES = frozenset({"bpt", "ept", "ph", "it", "ut"})
_TMX_TYPES = {"underlined": "ulined"}  # XLIFF 1.2's code kinds where TMX 1.4 spells them otherwise


@dataclass(frozen=True)
class TMXContents:
    """What ``read_tmx_contents`` found: the units, and what it had to change to read them."""

    units: tuple[TMUnit, ...]
    dropped_codes: int = 0  # inline codes (bpt/ept/ph/it/ut) whose markup was dropped, text kept
    future_dates: int = 0  # units dated in the future, clamped to now

    # A sequence of its units, as every registered reader returns.
    def __len__(self) -> int:
        return len(self.units)

    def __getitem__(self, index: int) -> TMUnit:
        return self.units[index]

    def __iter__(self) -> Iterator[TMUnit]:
        return iter(self.units)


def _primary(lang: str) -> str:
    """``it-IT``, ``IT``, ``it_it`` → ``it``: TMX files from other tools spell languages many ways."""
    return re.split(r"[-_]", lang.strip(), maxsplit=1)[0].lower()


def write_tmx(
    pairs: Iterable[TMUnit],
    *,
    source_lang: str = "it",
    target_lang: str = "en",
    creationtool: str = CREATION_TOOL,
    creationtoolversion: str = __version__,
    creationdate: str | None = None,
    document_format: DocumentFormat | None = None,
) -> str:
    """TMX 1.4 with every required header attribute; the article is a ``<prop type="x-article">`` and
    the review date/reviewer go in ``creation*``/``change*`` so other tools show them. A machine draft
    carries ``<prop type="x-status">draft</prop>`` and the model as ``creationid``; reviewed units
    carry no status, as every other tool writes them.

    TMX has no escape for XML-forbidden control characters, so they are dropped. ``creationdate``
    (ISO 8601) is left out unless given, so the same memory always exports the same bytes.
    With ``document_format`` (an article's own pairs), its markup becomes inline codes as in the XLIFF
    (``<bpt>``/``<ept>`` around text, ``<ph>`` standalone, ``<it>`` for half a pair, each holding the
    markup), and the header's ``datatype`` names the format, so a reader can rebuild the markup.
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
        datatype=document_format.datatype if document_format is not None else "plaintext",
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
        source: list[Piece] = [pair.source]
        target: list[Piece] = [pair.target]
        if document_format is not None:
            source = document_format.pieces(pair.source)
            target = target_pieces(pair.target, source, document_format)
        for lang, pieces in ((source_lang, source), (target_lang, target)):
            tuv = etree.SubElement(tu, "tuv")
            tuv.set(XML_LANG, lang)
            _build_seg(etree.SubElement(tuv, "seg"), pieces)
    return serialize(root)


def _build_seg(seg: etree._Element, pieces: Sequence[Piece]) -> None:
    """A ``<seg>``: text, and each code holding its markup (TMX's native code)."""
    halves = isolated_ids(pieces)
    for piece in pieces:
        if isinstance(piece, str):
            append_text(seg, piece, cp_tag=None)
            continue
        code = piece.code
        if code.id in halves:
            element = etree.SubElement(seg, "it", pos="begin" if isinstance(piece, Open) else "end")
        elif isinstance(piece, Open):
            element = etree.SubElement(seg, "bpt", i=code.id)
        elif isinstance(piece, Close):
            element = etree.SubElement(seg, "ept", i=code.id)
        else:
            element = etree.SubElement(seg, "ph")
        if not isinstance(piece, Close) or code.id in halves:
            element.set("x", code.id)
        if not isinstance(piece, Close):
            element.set("type", _TMX_TYPES.get(code.ctype, code.ctype))
        element.text = strip_forbidden(code.close or "" if isinstance(piece, Close) else code.open)
        element.tail = ""


def _seg_text(seg: etree._Element, path: Path, document_format: DocumentFormat | None) -> str:
    """A ``<seg>``'s text; with the format its header names, codes give back their markup (their
    native code) and text is written in the format's notation. Otherwise codes are dropped."""
    if document_format is None:
        return plain_text(seg, path, _TMX_CONTAINERS)

    def code(child: etree._Element, name: str) -> str:
        if name in _TMX_CONTAINERS:
            return _seg_text(child, path, document_format)
        return "".join(child.itertext()) if name in _TMX_CODES else ""

    return inline_text(seg, path, code, document_format.escape)


def read_tmx(path: Path, *, source_lang: str = "it", target_lang: str = "en") -> list[TMUnit]:
    """The ``source_lang``→``target_lang`` units of a TMX file (see ``read_tmx_contents``)."""
    return list(read_tmx_contents(path, source_lang=source_lang, target_lang=target_lang).units)


def read_tmx_contents(
    path: Path, *, source_lang: str = "it", target_lang: str = "en", now: str | None = None
) -> TMXContents:
    """The ``source_lang``→``target_lang`` pairs of a TMX file; languages match on their primary
    subtag in any case (``it-IT``, ``IT``), and ``<tu>`` lacking either language is skipped.

    UTF-8 or UTF-16 (with its BOM, as Trados writes). Inline codes (``bpt``/``ept``/``ph``/``it``/
    ``ut``) give back their markup where the header's ``datatype`` names a markup of ours (an
    article's TMX of HTML or Markdown); otherwise they are dropped with their markup and counted,
    their text kept. Dates are kept; a date more
    than a day past ``now`` (ISO 8601, defaults to the clock) is clamped to now (``clamp_future``),
    so it cannot win over every later review. ``<prop type="x-status">draft</prop>`` marks a machine draft.
    """
    path = Path(path)
    root = parse_xml(path)
    if root.tag != "tmx":
        raise InputError(path, f"not a TMX file (root element {root.tag!r})", root.sourceline)
    body = root.find("body")
    if root.find("header") is None or body is None:
        raise InputError(path, "a TMX file needs a <header> and a <body>", root.sourceline)
    today = iso_date(now) if now else now_iso()
    markup = _markup_of(root.find("header"))  # type: ignore[arg-type]
    want_source, want_target = _primary(source_lang), _primary(target_lang)
    units: list[TMUnit] = []
    found: set[str] = set()
    dropped = future = 0
    tus = body.findall("tu")
    for tu in tus:
        segs: dict[str, str] = {}
        codes = 0
        for tuv in tu.iterfind("tuv"):
            lang = tuv.get(XML_LANG) or tuv.get("lang")
            if not lang:
                raise InputError(path, "<tuv> without xml:lang", tuv.sourceline)
            seg = tuv.find("seg")
            if seg is None:
                raise InputError(path, "<tuv> without <seg>", tuv.sourceline)
            found.add(_primary(lang))
            if _primary(lang) not in segs:
                segs[_primary(lang)] = _seg_text(seg, path, markup)
                if markup is None and _primary(lang) in (want_source, want_target):
                    codes += sum(1 for el in seg.iter(*_TMX_CODES))
        if want_source not in segs or want_target not in segs:
            continue
        dropped += codes
        props = {p.get("type"): p.text or "" for p in tu.iterfind("prop")}
        date = _tu_date(tu, path)
        if date and clamp_future(date, today) != date:
            date, future = today, future + 1
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


def _markup_of(header: etree._Element) -> DocumentFormat | None:
    """The format whose markup the codes hold: the header's ``datatype`` when it names markup (HTML,
    Markdown); plain text only in our own files (a URL as ``<ph>``), as another tool's plain-text
    codes hold that tool's own notation."""
    markup = format_of_datatype(header.get("datatype", ""))
    if markup is not None and markup.datatype == "plaintext" and header.get("creationtool") != CREATION_TOOL:
        return None
    return markup


def _tu_date(tu: etree._Element, path: Path) -> str:
    raw = tu.get("changedate") or tu.get("creationdate")
    if not raw:
        return ""
    try:
        return iso_date(raw)
    except ValueError:
        raise InputError(path, f"bad date {raw!r}: expected YYYYMMDDThhmmssZ", tu.sourceline) from None


def _is_machine(unit: ExchangeUnit) -> bool:
    """A machine draft: made by ``mt…``, or an unreviewed target whose maker nobody recorded."""
    if unit.made_by:
        return unit.made_by == "mt" or unit.made_by.startswith("mt:")
    return unit.state == "translated"


def _tm_units(units: Sequence[ExchangeUnit], context: ArticleContext, status: TMStatus) -> list[TMUnit]:
    """The distinct pairs of ``status``: reviewed units (who reviewed them, when a name is known),
    or untouched machine drafts (their model as creator). A person's unfinished edit is neither."""
    pairs: dict[tuple[str, str], TMUnit] = {}
    for unit in units:
        if not unit.target:
            continue
        if status == "reviewed" and unit.state == "reviewed":
            who = "" if unit.made_by in ("", PERSON) else unit.made_by
        elif status == "draft" and unit.state != "reviewed" and _is_machine(unit):
            who = unit.made_by or _mt_model(unit.notes)
        else:
            continue
        pairs.setdefault(
            (unit.source, unit.target), TMUnit(unit.source, unit.target, context.article, who, "", status)
        )
    return list(pairs.values())


def _mt_model(notes: Sequence[str]) -> str:
    """``mt:<model>`` from a draft's ``origin: mt <model> glossary …`` note."""
    return machine_author(next(filter(None, map(Provenance.parse, notes)), None))


def _write_reviewed(units: Sequence[ExchangeUnit], context: ArticleContext) -> str:
    return write_tmx(_tm_units(units, context, "reviewed"), document_format=context.document_format)


def _write_drafts(units: Sequence[ExchangeUnit], context: ArticleContext) -> str:
    return write_tmx(_tm_units(units, context, "draft"), document_format=context.document_format)


def _read_units(path: Path, options: ReadOptions = READ_DEFAULTS) -> TMXContents:
    """The units, with what reading them changed (``tm import`` reports it)."""
    return read_tmx_contents(path, source_lang=options.source_lang, target_lang=options.target_lang)


class TmxFormat:
    """``<slug>.it-en.tmx``: the article's reviewed pairs only, so a tool may take them as human
    matches (OmegaT's ``tm/`` or ``tm/auto/``, any TM); machine drafts are in ``TmxDraftsFormat``."""

    name: ClassVar[str] = "tmx"
    suffix: ClassVar[str] = ".it-en.tmx"
    statuses: ClassVar[frozenset[TMStatus]] = frozenset({"reviewed"})
    write = staticmethod(_write_reviewed)

    read = staticmethod(_read_units)


class TmxDraftsFormat:
    """``<slug>.it-en.drafts.tmx``: the article's untouched machine drafts, each flagged
    ``x-status draft`` with ``creationid`` ``mt:<model>``, laid out for OmegaT's ``tm/mt/`` folder
    (whose matches OmegaT shows as machine translation, never as human ones). A person's unfinished
    edit is in neither TMX file: it is theirs, in the PO and the XLIFF, until they approve it."""

    name: ClassVar[str] = "tmx-drafts"
    suffix: ClassVar[str] = ".it-en.drafts.tmx"
    statuses: ClassVar[frozenset[TMStatus]] = frozenset({"draft"})
    write = staticmethod(_write_drafts)

    read = staticmethod(_read_units)
