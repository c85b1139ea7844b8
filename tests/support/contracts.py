"""The contract suites, run by the documents and exchange tests on every registered input format and by
the inline-codes tests on a throwaway format (README's recipe: one module plus one registry entry).

``check_contract``: an input format's blocks rebuild the input exactly, and assembling replaces exactly
the segments. ``check_exchange_contract``: an exchange format writes plain units and the input format's
marked ones (``MARKED``) validly, codes as codes, and reads them back.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from support import VALIDATOR
from translate_news.documents.article import Article, DocumentFormat
from translate_news.documents.assemble import assemble_article
from translate_news.documents.registry import MODULES
from translate_news.exchange import FORMATS, TSV_COLUMNS, ArticleContext, ExchangeUnit, TMUnit, read_xliff12
from translate_news.exchange.xml import XML_LANG
from translate_news.segmentation.segment import Segment, segment_article

__all__ = [
    "MARKED",
    "UNITS",
    "check_contract",
    "check_exchange_contract",
    "input_formats",
    "rebuild",
    "validate",
]

# --- input formats: blocks and segments ------------------------------------------------------------


def rebuild(article: Article) -> str:
    pieces, pos = [], 0
    for block in article.blocks:
        assert pos <= block.start < block.end <= len(article.source), block
        piece = article.source[block.start : block.end]
        assert piece == piece.strip() and piece, block
        pieces += [article.source[pos : block.start], piece]
        pos = block.end
    return "".join(pieces) + article.source[pos:]


def check_contract(article: Article) -> list[Segment]:
    assert rebuild(article) == article.source
    segments = segment_article(article)
    source = article.source
    for seg in segments:
        block = article.blocks[seg.block]
        assert block.start <= seg.start < seg.end <= block.end
    identity = {seg.id: source[seg.start : seg.end] for seg in segments}
    assert assemble_article(article, segments, identity) == source
    # Markers without spaces or markup: the English is the source with exactly the segments replaced.
    ordered = sorted(segments, key=lambda s: s.start)
    markers = {seg.id: f"⟦{n}⟧" for n, seg in enumerate(ordered)}
    expected, pos = [], 0
    for seg in ordered:
        expected += [source[pos : seg.start], markers[seg.id]]
        pos = seg.end
    expected.append(source[pos:])
    assert assemble_article(article, segments, markers) == "".join(expected)
    return segments


# --- exchange formats: plain and marked units, validated and read back ---------------------------


VALIDATED_SUFFIXES = (".xlf", ".tmx", ".po")

UNITS = (
    ExchangeUnit("a1b2c3d4e5", "Il festival di Venezia apre oggi.", "", "initial", (), 1),
    ExchangeUnit(
        "b2c3d4e5f6",
        'Il 5 & 6 maggio <b> "Draghi" ha detto: «Non è finita» 🎬',
        'On 5 & 6 May <b> "Draghi" said: "It is not over" 🎬',
        "translated",
        ("origin: mt fixture-1.0 glossary 3fa9", "qa: check the quote"),
        3,
    ),
    ExchangeUnit("c3d4e5f6a7", "La regista ha vinto.", "The director won.", "reviewed", (), 5),
    ExchangeUnit("c3d4e5f6a7-2", "La regista ha vinto.", "The director won.", "reviewed", (), 9),
)
# Sentences with each input format's inline markup, as the catalog holds them (msgid, msgstr).
MARKED: dict[str, tuple[ExchangeUnit, ...]] = {
    "txt": (
        ExchangeUnit(
            "f6a7b8c9d0",
            "Il sito https://example.org/a?b=1 apre.",
            "The site https://example.org/a?b=1 opens.",
            "translated",
        ),
    ),
    "md": (
        ExchangeUnit(
            "d4e5f6a7b8",
            "Un film **molto** atteso e *bello*.",
            "A **much** awaited, *fine* film.",
            "translated",
        ),
        ExchangeUnit(
            "e5f6a7b8c9", "Il comando `make` e _così_ via.", "The `make` command and _so_ on.", "reviewed"
        ),
        ExchangeUnit(
            "a7b8c9d0e1",
            "Leggi [il sito](https://example.org/x).",
            "Read [the site](https://example.org/x).",
            "translated",
        ),
    ),
    "html": (
        ExchangeUnit(
            "b8c9d0e1f2",
            'Il film <a href="/f?id=3&amp;v=2" title="Perch&eacute;">Nebbia</a> è <b>già <em>qui</em></b>.',
            'The film <a href="/f?id=3&amp;v=2" title="Perch&eacute;">Nebbia</a> is <b>so <em>here</em></b>.',
            "translated",
        ),
        ExchangeUnit(
            "c9d0e1f2a3",
            'Tom &amp; Jerry, 3 &lt; 5<br>e <img src="a.png" alt="x"> <!-- nota --> fine.',
            'Tom &amp; Jerry, 3 &lt; 5<br>and <img src="a.png" alt="x"> <!-- nota --> end.',
            "reviewed",
        ),
        ExchangeUnit(
            "d0e1f2a3b4",
            "fine della frase.</em> E poi <b>apre",
            "end of the sentence.</em> Then <b>opens",
            "translated",
        ),
    ),
}


def input_formats() -> list[DocumentFormat]:
    return [module.FORMAT for module in MODULES]


def validate(path: Path) -> subprocess.CompletedProcess[str]:
    if not VALIDATOR.is_file():
        pytest.skip(f"independent validator not found at {VALIDATOR}")
    return subprocess.run(
        [sys.executable, str(VALIDATOR), str(path)], capture_output=True, text=True, check=False
    )


def _expected(
    units: tuple[ExchangeUnit, ...], context: ArticleContext, kind: type, statuses: frozenset[str]
) -> list[object]:
    """What a reader of ``kind`` values must give back: every unit, or a TM's distinct pairs of the
    statuses its format holds (a TMX of reviewed pairs, or one of machine drafts)."""
    if kind is ExchangeUnit:
        return [(u.id, u.source, u.target, u.state) for u in units]
    pairs = {}
    for u in units:
        status = "reviewed" if u.state == "reviewed" else "draft"
        if u.target and status in statuses:
            pairs.setdefault((u.source, u.target), (u.source, u.target, context.article, status))
    return list(pairs.values())


def _core(value: object) -> tuple[object, ...]:
    if isinstance(value, ExchangeUnit):
        return (value.id, value.source, value.target, value.state)
    assert isinstance(value, TMUnit), f"a reader returned {type(value).__name__}"
    return (value.source, value.target, value.article, value.status)


def check_exchange_contract(tmp_path: Path, name: str, document_format: DocumentFormat) -> None:
    """Exchange format ``name`` on plain units and ``document_format``'s marked ones: valid, codes as
    codes, read back to the same units (XLIFF 1.2's markup lives in the skeleton: the PO's msgids)."""
    fmt = FORMATS[name]
    people = document_format.for_people  # how the catalog writes any text in this format
    units = tuple(replace(u, source=people(u.source), target=people(u.target)) for u in UNITS)
    units += MARKED[document_format.name]
    original = f"festival.it{document_format.suffixes[0]}"
    context = ArticleContext("festival", original, document_format)
    path = tmp_path / f"festival{fmt.suffix}"
    path.write_text(fmt.write(units, context), encoding="utf-8")
    statuses = getattr(fmt, "statuses", frozenset({"reviewed", "draft"}))  # what a TM format holds

    if path.suffix in VALIDATED_SUFFIXES:
        result = validate(path)
        assert result.returncode == 0, result.stdout + result.stderr
        _assert_codes_are_codes(path, units, document_format, statuses)
    else:  # TSV: RFC 4180 as Python's csv reads it, with the documented header
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t"))
        assert tuple(rows[0]) == TSV_COLUMNS
        assert [row[1] for row in rows[1:]] == [u.source for u in units]

    if name == "xliff12":
        values = read_xliff12(path, skeleton={u.id: u.source for u in units})
    else:
        values = fmt.read(path)
    kind = ExchangeUnit if all(isinstance(value, ExchangeUnit) for value in values) else TMUnit
    assert [_core(value) for value in values] == _expected(units, context, kind, statuses)


def _assert_codes_are_codes(
    path: Path, units: tuple[ExchangeUnit, ...], document_format: DocumentFormat, statuses: frozenset[str]
) -> None:
    """Every code of every source is an inline element of the file, and no markup is left as text."""
    root = etree.parse(str(path)).getroot()
    sources = [el for el in root.iter() if etree.QName(el).localname == "source"]
    if not sources:  # TMX: the Italian <seg>s
        sources = [tuv.find("seg") for tuv in root.iter("tuv") if tuv.get(XML_LANG) == "it"]
    if path.suffix == ".tmx":  # a TM holds each distinct pair of its statuses that has a target
        distinct: dict[tuple[str, str], ExchangeUnit] = {}
        for u in units:
            if u.target and ("reviewed" if u.state == "reviewed" else "draft") in statuses:
                distinct.setdefault((u.source, u.target), u)
        units = tuple(distinct.values())
    by_text: dict[str, etree._Element] = {}
    for unit, element in zip(units, sources, strict=True):
        by_text[unit.source] = element
    for unit in units:
        element = by_text[unit.source]
        codes = [p for p in document_format.pieces(unit.source) if not isinstance(p, str)]
        inline = [el for el in element.iterdescendants() if etree.QName(el).localname != "cp"]
        # XLIFF: one element per code (a pair is one <g>/<pc>); TMX: one per piece (<bpt>…<ept>).
        wanted = len(codes) if path.suffix == ".tmx" else len({piece.code.id for piece in codes})
        assert len(inline) == wanted, (unit.source, etree.tostring(element))
        text = "".join(element.itertext()) if path.suffix != ".tmx" else _tmx_text(element)
        for code in codes:
            for markup in (code.code.open, code.code.close or ""):
                if len(markup) > 1 and markup.startswith("<"):
                    assert markup not in text, (markup, text)


def _tmx_text(seg: etree._Element) -> str:
    """A TMX seg's text without its codes' native content."""
    return (seg.text or "") + "".join(child.tail or "" for child in seg)
