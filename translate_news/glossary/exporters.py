"""Write a Glossary for other tools: TBX v3 and TBX v2 ``martif`` (both lossless: our importer reads
them back equal) and DeepL CSV.

The TBX is TBX-Basic: ISO 30042:2019 in DCA style (v3), or the 2008 ``martif`` shape that
translate-toolkit and older CAT tools read (v2). Only TBX-Basic's picklist values are written (a proper
noun is ``noun`` with a ``part of speech: propn`` note: TBX-Basic has no properNoun). What TBX-Basic has
no data category for travels in places any TBX reader keeps: the entry id in the concept's ``id``
(``tn-`` prefix, so an importer tells our ids from another tool's ``c1``), do-not-translate and case
sensitivity as notes on the Italian language section, the entry's note as the concept's ``<note>``.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from lxml import etree

from translate_news.errors import InputError
from translate_news.glossary.model import Glossary, GlossaryEntry, decode_text, read_bytes

__all__ = [
    "CASE_INSENSITIVE_NOTE",
    "CASE_SENSITIVE_NOTE",
    "DNT_NOTE",
    "EXPORT_FORMATS",
    "POS_NOTE_PREFIX",
    "TBX_NS",
    "GlossaryWriter",
    "TbxPos",
    "concept_id",
    "deepl_losses",
    "entry_id_from_concept",
    "export_format_for",
    "pos_from_tbx",
    "tbx_pos",
    "write_deepl",
    "write_tbx",
    "write_tbx_martif",
]

TBX_NS = "urn:iso:std:iso:30042:ed-2"
TBX_BASIC_RNG = (
    "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/"
    "TBXcoreStructV03_TBX-Basic_integrated.rng"
)
ID_PREFIX = "tn-"
DNT_NOTE = "do not translate"
CASE_SENSITIVE_NOTE = "case-sensitive"
CASE_INSENSITIVE_NOTE = "case-insensitive"
POS_NOTE_PREFIX = "part of speech: "
POS_RESOURCE = "data/tbx-pos.tsv"
SOURCE_LANGUAGE = "it"
TARGET_LANGUAGE = "en"

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_STATUS = "{}Term-admn-sts"


# --- ids -----------------------------------------------------------------------------------------


def concept_id(entry_id: str) -> str:
    """An xml:id-safe, reversible spelling of an entry id: ``_`` → ``__``, ``+`` → ``_p``."""
    return ID_PREFIX + entry_id.replace("_", "__").replace("+", "_p")


def entry_id_from_concept(value: str) -> str | None:
    """The entry id ``concept_id`` spelled, or None for another tool's concept id."""
    if not value.startswith(ID_PREFIX):
        return None
    encoded, out, index = value.removeprefix(ID_PREFIX), [], 0
    while index < len(encoded):
        pair = encoded[index : index + 2]
        if pair in ("__", "_p"):
            out.append("_" if pair == "__" else "+")
            index += 2
        elif encoded[index] == "_":
            return None
        else:
            out.append(encoded[index])
            index += 1
    return "".join(out) or None


# --- part of speech ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TbxPos:
    """Our pos in TBX-Basic terms; ``noted`` when the triple alone would read back as another pos."""

    pos: str
    part_of_speech: str
    gender: str = ""
    term_type: str = ""
    noted: bool = False

    @property
    def triple(self) -> tuple[str, str, str]:
        return self.part_of_speech, self.gender, self.term_type


def parse_pos_table(path: Path, text: str) -> tuple[TbxPos, ...]:
    rows: list[TbxPos] = []
    seen: set[tuple[str, str, str]] = set()
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if cells[0] == "pos":
            continue
        if len(cells) != 4 or not cells[0] or not cells[1]:
            raise InputError(path, "expected pos<TAB>partOfSpeech<TAB>grammaticalGender<TAB>termType", number)
        row = TbxPos(*cells)
        rows.append(TbxPos(*cells, noted=row.triple in seen))
        seen.add(row.triple)
    return tuple(rows)


@functools.cache
def pos_table() -> tuple[TbxPos, ...]:
    resource = resources.files("translate_news").joinpath(POS_RESOURCE)
    with resources.as_file(resource) as path:
        return parse_pos_table(path, decode_text(path, read_bytes(path)))


def tbx_pos(pos: str) -> TbxPos | None:
    """How ``pos`` is written; a pos the table lacks becomes ``other`` with a note."""
    if not pos:
        return None
    return next((row for row in pos_table() if row.pos == pos), TbxPos(pos, "other", noted=True))


def pos_from_tbx(part_of_speech: str, gender: str, term_type: str) -> str:
    triple = (part_of_speech, gender, term_type)
    return next((row.pos for row in pos_table() if row.triple == triple and not row.noted), "")


# --- TBX -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Dialect:
    """The element names that differ between TBX v3 (DCA) and TBX v2 (``martif``); the rest is shared."""

    namespace: str
    tbx: str
    tbxHeader: str  # each field is named after the v3 element it spells
    conceptEntry: str
    langSec: str
    termSec: str

    def sub(self, parent: etree._Element, tag: str, text: str = "", **attributes: str) -> etree._Element:
        """A child named by its v3 name, spelled in this dialect."""
        name = getattr(self, tag, tag)
        qualified = f"{{{self.namespace}}}{name}" if self.namespace else name
        element = etree.SubElement(parent, qualified, attributes)
        if text:
            element.text = text
        return element


_V3 = _Dialect(TBX_NS, "tbx", "tbxHeader", "conceptEntry", "langSec", "termSec")
_V2 = _Dialect("", "martif", "martifHeader", "termEntry", "langSet", "tig")


def _term_sec(
    d: _Dialect, lang_sec: etree._Element, term: str, status: str, pos: TbxPos | None, *, italian: bool
) -> None:
    term_sec = d.sub(lang_sec, "termSec")
    d.sub(term_sec, "term", term)
    if pos is not None:
        d.sub(term_sec, "termNote", pos.part_of_speech, type="partOfSpeech")
        if italian and pos.gender:
            d.sub(term_sec, "termNote", pos.gender, type="grammaticalGender")
        if pos.term_type:
            d.sub(term_sec, "termNote", pos.term_type, type="termType")
    d.sub(term_sec, "termNote", _STATUS.format(status), type="administrativeStatus")


def _concept(d: _Dialect, body: etree._Element, entry: GlossaryEntry) -> None:
    concept = d.sub(body, "conceptEntry", id=concept_id(entry.id))
    if entry.note:
        d.sub(concept, "note", entry.note)
    pos = tbx_pos(entry.pos)
    italian = d.sub(concept, "langSec", **{_XML_LANG: SOURCE_LANGUAGE})
    if entry.dnt:
        d.sub(italian, "note", DNT_NOTE)
    d.sub(italian, "note", CASE_SENSITIVE_NOTE if entry.case_sensitive else CASE_INSENSITIVE_NOTE)
    if pos is not None and pos.noted:
        d.sub(italian, "note", POS_NOTE_PREFIX + pos.pos)
    for index, form in enumerate(entry.source_forms):
        _term_sec(d, italian, form, "preferred" if index == 0 else "admitted", pos, italian=True)
    if not (entry.target_forms or entry.forbidden):
        return
    english = d.sub(concept, "langSec", **{_XML_LANG: TARGET_LANGUAGE})
    for index, form in enumerate(entry.target_forms):
        status = "preferred" if index == 0 and entry.target else "admitted"
        _term_sec(d, english, form, status, pos, italian=False)
    for form in entry.forbidden:
        _term_sec(d, english, form, "deprecated", pos, italian=False)


def _tbx_tree(d: _Dialect, glossary: Glossary, attributes: dict[str, str]) -> etree._Element:
    """The document in dialect ``d``: a header naming the glossary, one concept per entry."""
    root = etree.Element(
        f"{{{d.namespace}}}{d.tbx}" if d.namespace else d.tbx,
        {**attributes, "type": "TBX-Basic", _XML_LANG: SOURCE_LANGUAGE},
        nsmap={None: d.namespace} if d.namespace else None,
    )
    name = glossary.path.name if glossary.path else "glossary"
    description = (
        f"translate-news glossary {name}, version {glossary.version}, {SOURCE_LANGUAGE}→{TARGET_LANGUAGE}"
    )
    source_desc = d.sub(d.sub(d.sub(root, "tbxHeader"), "fileDesc"), "sourceDesc")
    d.sub(source_desc, "p", description)
    body = d.sub(d.sub(root, "text"), "body")
    for entry in glossary.entries:
        try:
            _concept(d, body, entry)
        except ValueError as exc:
            raise InputError(
                glossary.path, f"entry {entry.id!r} cannot be written as XML: {exc}", entry.line or None
            ) from None
    return root


def write_tbx(glossary: Glossary) -> bytes:
    """TBX-Basic v3: one conceptEntry per entry; every form a term, forbidden variants deprecated."""
    root = _tbx_tree(_V3, glossary, {"style": "dca"})
    root.addprevious(
        etree.ProcessingInstruction(
            "xml-model",
            f'href="{TBX_BASIC_RNG}" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"',
        )
    )
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_tbx_martif(glossary: Glossary) -> bytes:
    """TBX-Basic v2 (``martif``/``termEntry``/``langSet``/``tig``), the shape translate-toolkit and
    tools that predate TBX v3 read; the same content as ``write_tbx``, so it too reads back equal."""
    root = _tbx_tree(_V2, glossary, {})
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --- DeepL CSV -----------------------------------------------------------------------------------


def _deepl_rows(entries: Iterable[GlossaryEntry]) -> list[tuple[str, str]]:
    """One row per Italian form → the entry's English; DeepL refuses a source twice, so the first wins."""
    rows: dict[str, str] = {}
    for entry in entries:
        if entry.target:
            for form in entry.source_forms:
                rows.setdefault(form, entry.target)
    return list(rows.items())


def write_deepl(glossary: Glossary) -> bytes:
    """DeepL's glossary CSV: ``source,target`` rows, RFC 4180 quoting, no header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(_deepl_rows(glossary.entries))
    return out.getvalue().encode("utf-8")


def deepl_losses(glossary: Glossary) -> tuple[str, ...]:
    """What DeepL's two columns cannot hold, as 'N things' phrases (empty when nothing is lost)."""
    entries = glossary.entries
    written = {form for form, _ in _deepl_rows(entries)}
    counts = {
        "forbidden variants": sum(len(entry.forbidden) for entry in entries),
        "notes": sum(bool(entry.note) for entry in entries),
        "other English forms": sum(max(len(entry.target_forms) - 1, 0) for entry in entries if entry.target),
        "entries without English": sum(not entry.target for entry in entries),
        "Italian forms already given by an earlier entry": sum(
            len(entry.source_forms) for entry in entries if entry.target
        )
        - len(written),
        "parts of speech": sum(bool(entry.pos) for entry in entries),
    }
    return tuple(f"{count} {what}" for what, count in counts.items() if count)


# --- registry ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GlossaryWriter:
    """One export format: its file suffix, its writer, and what the format cannot hold."""

    name: str
    suffix: str
    write: Callable[[Glossary], bytes]
    losses: Callable[[Glossary], tuple[str, ...]]


def _lossless(glossary: Glossary) -> tuple[str, ...]:
    return ()


EXPORT_FORMATS: dict[str, GlossaryWriter] = {
    "tbx": GlossaryWriter("tbx", ".tbx", write_tbx, _lossless),
    "tbx-martif": GlossaryWriter("tbx-martif", ".martif.tbx", write_tbx_martif, _lossless),
    "deepl": GlossaryWriter("deepl", ".csv", write_deepl, deepl_losses),
}


def export_format_for(path: Path, name: str | None = None) -> GlossaryWriter:
    """The named format, else the one with the longest suffix ``path`` ends with (``x.martif.tbx`` is
    tbx-martif, ``x.tbx`` tbx)."""
    if name is not None:
        return EXPORT_FORMATS[name]
    suffix = path.suffix.lower()
    by_length = sorted(EXPORT_FORMATS.values(), key=lambda writer: -len(writer.suffix))
    for writer in by_length:
        if path.name.lower().endswith(writer.suffix):
            return writer
    expected = ", ".join(f"{writer.suffix} ({writer.name})" for writer in EXPORT_FORMATS.values())
    raise InputError(
        path, f"cannot tell the export format from {suffix or 'no extension'!r}: use {expected} or --format"
    )
