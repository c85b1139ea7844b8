"""Turn the glossaries other tools export (DeepL/Google CSV or TSV, OmegaT, TBX v2 and v3) into a Glossary.

Ids are slugs of the Italian term, so re-importing an updated export keeps every id that still exists;
a TBX concept that ``glossary export`` wrote (id ``tn-…``) keeps its id and flags exactly.
Entries whose English equals the Italian (SAG-AFTRA → SAG-AFTRA) or that a TBX note marks
"do not translate" become do-not-translate entries; a term with a capital after its first letter
(an acronym or brand: WGA, YouTube, co-CEO) becomes case-sensitive.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import regex
from lxml import etree

from translate_news.errors import InputError
from translate_news.glossary.exporters import (
    CASE_INSENSITIVE_NOTE,
    CASE_SENSITIVE_NOTE,
    DNT_NOTE,
    POS_NOTE_PREFIX,
    entry_id_from_concept,
    pos_from_tbx,
)
from translate_news.glossary.match import match_key
from translate_news.glossary.model import (
    COLUMNS,
    Glossary,
    GlossaryEntry,
    clean_text,
    decode_text,
    make_entry,
    parse_glossary,
    read_bytes,
)
from translate_news.xmlparse import parse_xml_bytes

__all__ = [
    "FORMATS",
    "SOURCE_LANGUAGE",
    "TARGET_LANGUAGE",
    "GlossaryReader",
    "case_variant_sources",
    "detect_format",
    "import_glossary",
    "looks_case_sensitive",
    "parse_omegat",
    "parse_our_columns",
    "parse_tbx",
    "parse_two_column",
    "slug_id",
]

SOURCE_LANGUAGE = "it"
TARGET_LANGUAGE = "en"

_LANGUAGE_CODE = regex.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]{2,8})*$", regex.IGNORECASE)
_HEADER_NAMES = {
    "source": "source",
    "source term": "source",
    "term": "source",
    "italian": "source",
    "italiano": "source",
    "target": "target",
    "target term": "target",
    "translation": "target",
    "english": "target",
    "inglese": "target",
    "pos": "pos",
    "part of speech": "pos",
    "description": "note",
    "note": "note",
    "notes": "note",
    "comment": "note",
    "source_lang": "source_lang",
    "target_lang": "target_lang",
}
_DNT_NOTE = regex.compile(r"(?i:\bdo\s+not\s+translate\b|\bdon['’]t\s+translate\b)|\bDNT\b")
_DNT_NOTE_TYPES = frozenset({"transferComment", "descrip", "note", "definition", "usageNote", "context"})
_FORBIDDEN_STATUS = frozenset({"deprecatedTerm", "supersededTerm"})
_PREFERRED_STATUS = frozenset({"preferredTerm", "standardizedTerm"})
_STATUS_TYPES = frozenset({"administrativeStatus", "normativeAuthorization"})
_NOTE_TYPES = frozenset({"definition", "note", "usageNote", "explanation"})
_TBX_POS = {"noun": "noun", "verb": "verb", "adjective": "adj", "adverb": "adv", "propernoun": "propn"}
_TERM_CONTAINERS = frozenset({"tig", "ntig", "termSec"})
_GENERIC_ELEMENTS = frozenset({"termNote", "descrip", "admin", "note", "transac", "transacNote"})
_CATEGORIES = _STATUS_TYPES | _DNT_NOTE_TYPES | _NOTE_TYPES | {"partOfSpeech"}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class _Row:
    """One imported concept before ids and flags are decided; a concept translate-news exported
    brings its ``id`` and flags, which are then taken as they are."""

    line: int
    source: str
    target: str
    source_forms: tuple[str, ...] = ()
    target_forms: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    pos: str = ""
    note: str = ""
    dnt: bool = False
    id: str = ""
    case_sensitive: bool | None = None


# --- ids and flags -------------------------------------------------------------------------------


def slug_id(term: str) -> str:
    """ASCII, lowercase, dash-separated; '+' is spelled out so Disney and Disney+ differ."""
    ascii_term = unicodedata.normalize("NFKD", term.replace("+", " plus ")).encode("ascii", "ignore").decode()
    return regex.sub(r"[^a-z0-9]+", "-", ascii_term.lower()).strip("-") or "term"


def looks_case_sensitive(term: str) -> bool:
    """An upper-case letter after the first character marks an acronym or a brand."""
    return any(char.isupper() for char in term[1:])


def _unique_ids(sources: Iterable[str], taken: Iterable[str] = ()) -> list[str]:
    taken = set(taken)
    out = []
    for source in sources:
        base = slug_id(source)
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}-{number}"
        taken.add(candidate)
        out.append(candidate)
    return out


def _merge_duplicates(rows: Iterable[_Row]) -> list[_Row]:
    """Drop rows that repeat an earlier row's source and target exactly (exports often do); rows with
    their own id are distinct entries."""
    seen: set[tuple[str, str]] = set()
    out = []
    for row in rows:
        key = (clean_text(row.source), clean_text(row.target))
        if row.id:
            out.append(row)
            continue
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


def _merge_spellings(rows: Sequence[_Row]) -> list[_Row]:
    """Rows of one term spelled with another apostrophe or hyphen (l'Oscar, l’Oscar) and the same
    target, pos and note become one entry's source forms, as our export wrote them: as separate
    entries lint would call them duplicate sources. Rows with their own id stay as they are."""
    first: dict[tuple[str, str, str, str], int] = {}
    out: list[_Row] = []
    for row in rows:
        key = (match_key(clean_text(row.source), True), clean_text(row.target), row.pos, row.note)
        if row.id or key not in first:
            if not row.id:
                first[key] = len(out)
            out.append(row)
            continue
        kept = out[first[key]]
        forms = (*(kept.source_forms or (kept.source,)), *(row.source_forms or (row.source,)))
        out[first[key]] = replace(kept, source_forms=forms)
    return out


def case_variant_sources(sources: Sequence[str]) -> frozenset[str]:
    """Sources another source differs from only in case (Rai and RAI).

    A format without a case column (DeepL or Google CSV, OmegaT) that lists both spellings as keys
    treats case as significant, as our DeepL export does for one case-sensitive entry's forms; read
    either spelling as case-insensitive and lint would call the pair a duplicate source.
    """
    spellings: dict[str, set[str]] = {}
    for source in sources:
        spellings.setdefault(match_key(source, False), set()).add(match_key(source, True))
    return frozenset(source for source in sources if len(spellings.get(match_key(source, False), ())) > 1)


def _entry(entry_id: str, row: _Row, case_variants: frozenset[str] = frozenset()) -> GlossaryEntry:
    source, target = clean_text(row.source), clean_text(row.target)
    dnt = row.dnt if row.id else row.dnt or source == target
    if row.case_sensitive is not None:
        case_sensitive = row.case_sensitive
    else:
        forms = {clean_text(form) for form in (source, *row.source_forms)}
        case_sensitive = looks_case_sensitive(source) or not forms.isdisjoint(case_variants)
    return make_entry(
        entry_id,
        source,
        target,
        source_forms=row.source_forms,
        target_forms=row.target_forms,
        pos=row.pos,
        case_sensitive=case_sensitive,
        dnt=dnt,
        forbidden=row.forbidden,
        note=row.note,
        line=row.line,
    )


def _glossary(path: Path, rows: Iterable[_Row]) -> Glossary:
    rows = _merge_spellings(_merge_duplicates(rows))
    if not rows:
        raise InputError(path, f"no {SOURCE_LANGUAGE}→{TARGET_LANGUAGE} term pairs found")
    explicit = [row.id for row in rows if row.id]
    slugs = iter(_unique_ids((row.source for row in rows if not row.id), explicit))
    case_variants = case_variant_sources(
        [clean_text(form) for row in rows for form in (row.source, *row.source_forms)]
    )
    entries = []
    first_line: dict[str, int] = {}
    for row in rows:
        entry_id = row.id or next(slugs)
        if entry_id in first_line:
            raise InputError(
                path, f"duplicate id {entry_id!r} (first on line {first_line[entry_id]})", row.line
            )
        first_line[entry_id] = row.line
        try:
            entries.append(_entry(entry_id, row, case_variants))
        except ValueError as exc:
            raise InputError(path, str(exc), row.line) from None
    return Glossary(path, tuple(entries))


# --- two-column CSV/TSV (DeepL, Google) ----------------------------------------------------------


def _language(cell: str) -> str | None:
    match = _LANGUAGE_CODE.match(cell.strip())
    return match.group(1).lower() if match else None


def _header_columns(cells: list[str]) -> dict[str, int] | None:
    """Column roles if ``cells`` is a header row (names, or language codes as Google writes them)."""
    languages = [_language(cell) for cell in cells]
    if SOURCE_LANGUAGE in languages[:2] and TARGET_LANGUAGE in languages[:2]:
        roles = {"source": languages.index(SOURCE_LANGUAGE), "target": languages.index(TARGET_LANGUAGE)}
        for index, cell in enumerate(cells[2:], start=2):
            role = _HEADER_NAMES.get(cell.strip().lower())
            if role in ("pos", "note"):
                roles.setdefault(role, index)
        return roles
    names = [_HEADER_NAMES.get(cell.strip().lower()) for cell in cells]
    if names[:2] != ["source", "target"]:
        return None
    roles = {}
    for index, role in enumerate(names):
        if role is not None:
            roles.setdefault(role, index)
    return roles


def _sniff_delimiter(text: str) -> str:
    first = next((line for line in text.split("\n") if line.strip()), "")
    counts = {delimiter: first.count(delimiter) for delimiter in ("\t", ",", ";")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _csv_records(path: Path, text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) for each non-blank record, quoted newlines included."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    line = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield line, cells
            line = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(path, f"malformed CSV: {exc}", reader.line_num) from None


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


def _deepl_languages(path: Path, line: int, cells: list[str]) -> None:
    """DeepL's 4-column rows carry the language pair; refuse a pair we do not translate."""
    source, target = (_language(cell) for cell in cells[2:4])
    if source is None or target is None:
        raise InputError(
            path, "expected source,target[,note] or DeepL's source,target,source_lang,target_lang", line
        )
    if (source, target) != (SOURCE_LANGUAGE, TARGET_LANGUAGE):
        raise InputError(
            path, f"glossary is {source}→{target}, expected {SOURCE_LANGUAGE}→{TARGET_LANGUAGE}", line
        )


def _two_column_row(path: Path, line: int, cells: list[str], roles: dict[str, int] | None) -> _Row:
    if roles is None:
        if len(cells) < 2 or len(cells) > 4:
            raise InputError(path, f"expected 2 to 4 columns (source, target, …), found {len(cells)}", line)
        if len(cells) == 4:
            _deepl_languages(path, line, cells)
            roles = {"source": 0, "target": 1}
        else:
            roles = {"source": 0, "target": 1, "note": 2}
    source = clean_text(_cell(cells, roles.get("source")))
    target = clean_text(_cell(cells, roles.get("target")))
    if not source:
        raise InputError(path, "empty source term", line)
    if not target:
        raise InputError(path, f"empty target term for {source!r}", line)
    return _Row(
        line, source, target, pos=_cell(cells, roles.get("pos")), note=_cell(cells, roles.get("note"))
    )


def parse_two_column(path: str | Path, text: str, delimiter: str | None = None) -> Glossary:
    """DeepL or Google glossary: source,target per row, with or without a header row."""
    path = Path(path)
    rows: list[_Row] = []
    roles: dict[str, int] | None = None
    for index, (line, cells) in enumerate(_csv_records(path, text, delimiter or _sniff_delimiter(text))):
        if index == 0:
            roles = _header_columns(cells)
            if roles is not None:
                continue
        rows.append(_two_column_row(path, line, cells, roles))
    return _glossary(path, rows)


# --- OmegaT --------------------------------------------------------------------------------------


def parse_omegat(path: str | Path, text: str) -> Glossary:
    """OmegaT glossary: source<TAB>target[<TAB>comment] per line; ``#`` lines are comments."""
    path = Path(path)
    rows = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 2 or not cells[0].strip() or not cells[1].strip():
            raise InputError(path, "expected source<TAB>target[<TAB>comment]", number)
        rows.append(_Row(number, cells[0], cells[1], note=" ".join(cells[2:])))
    return _glossary(path, rows)


# --- TBX -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Term:
    text: str
    language: str
    status: str = ""
    pos: str = ""
    notes: tuple[str, ...] = ()


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _text(element: etree._Element) -> str:
    """Element text without entity references: they are never resolved."""
    return clean_text("".join(element.itertext(tag=etree.Element)))


def _category(element: etree._Element) -> tuple[str, str] | None:
    """(data category, value) in either TBX style, ``<termNote type="X">`` or ``<basic:X>``; else None."""
    local = _local(element)
    if local in _GENERIC_ELEMENTS:
        return element.get("type") or local, _text(element)
    if local in _CATEGORIES:
        return local, _text(element)
    return None


def _tbx_status(value: str) -> str:
    return value.removesuffix("-admn-sts").strip()


def _terms(container: etree._Element, language: str) -> Iterator[_Term]:
    for group in container:
        if _local(group) not in _TERM_CONTAINERS:
            continue
        term = next(group.iter("{*}term"), None)
        if term is None or not _text(term):
            continue
        status, pos, notes = "", "", []
        for element in group.iter():
            category = _category(element)
            if category is None:
                continue
            kind, value = category
            if kind in _STATUS_TYPES:
                status = _tbx_status(value)
            elif kind == "partOfSpeech":
                pos = _TBX_POS.get(value.lower(), "")
            elif value:
                notes.append(f"{kind}:{value}")
        yield _Term(_text(term), language, status, pos, tuple(notes))


def _is_dnt_note(note: str) -> bool:
    kind, _, value = note.partition(":")
    return kind in _DNT_NOTE_TYPES and bool(_DNT_NOTE.search(value))


def _concept_notes(concept: etree._Element) -> list[str]:
    """``kind:value`` notes on the concept or a language section, outside any term."""
    notes = []
    for element in concept.iter():
        category = _category(element)
        if category is None or not category[1]:
            continue
        if any(_local(parent) in _TERM_CONTAINERS for parent in element.iterancestors()):
            continue
        notes.append(f"{category[0]}:{category[1]}")
    return notes


def _by_status(terms: list[_Term]) -> list[_Term]:
    """Preferred first, then admitted or unmarked, then forbidden; stable within each group."""
    rank = {status: 0 for status in _PREFERRED_STATUS} | {status: 2 for status in _FORBIDDEN_STATUS}
    return sorted(terms, key=lambda term: rank.get(term.status, 1))


def _tbx_row(line: int, terms: list[_Term], notes: list[str]) -> _Row | None:
    italian = _by_status([term for term in terms if term.language == SOURCE_LANGUAGE])
    english = _by_status([term for term in terms if term.language == TARGET_LANGUAGE])
    all_notes = notes + [note for term in terms for note in term.notes]
    dnt = any(_is_dnt_note(note) for note in all_notes)
    if not italian or not (english or dnt):
        return None
    allowed = [term.text for term in english if term.status not in _FORBIDDEN_STATUS]
    forbidden = [term.text for term in english if term.status in _FORBIDDEN_STATUS]
    described = [
        note.partition(":")[2]
        for note in all_notes
        if note.partition(":")[0] in _NOTE_TYPES and not _is_dnt_note(note)
    ]
    return _Row(
        line,
        italian[0].text,
        allowed[0] if allowed else "",
        source_forms=tuple(term.text for term in italian),
        target_forms=tuple(allowed),
        forbidden=tuple(forbidden),
        pos=next((term.pos for term in italian if term.pos), ""),
        note="; ".join(dict.fromkeys(described)),
        dnt=dnt,
    )


def _term_categories(group: etree._Element) -> dict[str, str]:
    return dict(category for element in group.iter() if (category := _category(element)) is not None)


def _our_row(entry_id: str, concept: etree._Element) -> _Row | None:
    """A concept ``glossary export`` wrote, read exactly: the concept's notes are the entry's note,
    the Italian section's notes its flags, the Italian preferred term's categories its pos."""
    note = "; ".join(text for child in concept if _local(child) == "note" and (text := _text(child)))
    flags: set[str] = set()
    pos_note = ""
    pos_triple: tuple[str, str, str] | None = None
    terms: list[_Term] = []
    for section in concept:
        if _local(section) not in ("langSec", "langSet"):
            continue
        language = _language(section.get(_XML_LANG) or section.get("lang") or "") or ""
        for child in section:
            kind = _local(child)
            if kind == "note" and language == SOURCE_LANGUAGE:
                text = _text(child)
                if text.startswith(POS_NOTE_PREFIX):
                    pos_note = text.removeprefix(POS_NOTE_PREFIX)
                else:
                    flags.add(text)
            elif kind in _TERM_CONTAINERS:
                term = next(child.iter("{*}term"), None)
                if term is None or not _text(term):
                    continue
                categories = _term_categories(child)
                if language == SOURCE_LANGUAGE and pos_triple is None:
                    pos_triple = tuple(  # type: ignore[assignment]
                        categories.get(name, "") for name in ("partOfSpeech", "grammaticalGender", "termType")
                    )
                terms.append(
                    _Term(_text(term), language, _tbx_status(categories.get("administrativeStatus", "")))
                )
    italian = _by_status([term for term in terms if term.language == SOURCE_LANGUAGE])
    english = _by_status([term for term in terms if term.language == TARGET_LANGUAGE])
    if not italian:
        return None
    allowed = [term.text for term in english if term.status not in _FORBIDDEN_STATUS]
    preferred = [term.text for term in english if term.status in _PREFERRED_STATUS]
    return _Row(
        concept.sourceline or 0,
        italian[0].text,
        preferred[0] if preferred else "",
        source_forms=tuple(term.text for term in italian),
        target_forms=tuple(allowed),
        forbidden=tuple(term.text for term in english if term.status in _FORBIDDEN_STATUS),
        pos=pos_note or (pos_from_tbx(*pos_triple) if pos_triple else ""),
        note=note,
        dnt=DNT_NOTE in flags,
        id=entry_id,
        case_sensitive=CASE_SENSITIVE_NOTE in flags or (False if CASE_INSENSITIVE_NOTE in flags else None),
    )


def parse_tbx(path: str | Path, raw: bytes) -> Glossary:
    """TBX v2 (``martif``/``termEntry``/``langSet``/``tig``) or v3 (``tbx``/``conceptEntry``/``langSec``).

    Entities are never resolved and nothing is fetched, so a hostile file can neither read local
    files nor expand itself.
    """
    path = Path(path)
    root = parse_xml_bytes(path, raw, comments=False)
    version = _local(root)
    if version == "martif":
        concept_tag, language_tag = "termEntry", "langSet"
    elif version == "tbx":
        concept_tag, language_tag = "conceptEntry", "langSec"
    else:
        raise InputError(
            path,
            f"not TBX: root element <{version}>, expected <martif> (TBX v2) or <tbx> (TBX v3)",
            root.sourceline,
        )
    rows = []
    for concept in root.iter(f"{{*}}{concept_tag}"):
        our_id = entry_id_from_concept(concept.get("id") or "")
        if our_id is not None:
            if (our_row := _our_row(our_id, concept)) is not None:
                rows.append(our_row)
            continue
        terms = []
        for section in concept.iter(f"{{*}}{language_tag}"):
            language = _language(section.get(_XML_LANG) or section.get("lang") or "")
            if language is None:
                raise InputError(path, f"<{language_tag}> without a valid xml:lang", section.sourceline)
            terms.extend(_terms(section, language))
        row = _tbx_row(concept.sourceline or 0, terms, _concept_notes(concept))
        if row is not None:
            rows.append(row)
    return _glossary(path, rows)


# --- detection -----------------------------------------------------------------------------------


def _decode(path: Path, raw: bytes) -> str:
    """UTF-8, or UTF-16 with a BOM as spreadsheet programs sometimes export."""
    if raw.startswith(_UTF16_BOMS):
        try:
            return raw.decode("utf-16").replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError as exc:
            raise InputError(path, f"not valid UTF-16 at byte offset {exc.start}") from None
    return decode_text(path, raw)


def _is_canonical(text: str) -> bool:
    first = next(
        (line for line in text.split("\n") if line.strip() and not line.lstrip().startswith("#")), ""
    )
    return tuple(cell.strip().lower() for cell in first.split("\t")) == COLUMNS


def _our_header(text: str) -> list[str] | None:
    """The column names of a tab-separated header made of our own columns (at least 3, with source and
    target, in any order): a trimmed canonical file, never a DeepL two-column one."""
    first = next(
        (line for line in text.split("\n") if line.strip() and not line.lstrip().startswith("#")), ""
    )
    names = [cell.strip().lower() for cell in first.split("\t")]
    if len(names) >= 3 and set(names) <= set(COLUMNS) and {"source", "target"} <= set(names):
        return names if len(set(names)) == len(names) else None
    return None


def parse_our_columns(path: str | Path, text: str) -> Glossary:
    """A TSV with some of our columns: missing columns are empty (ids from the Italian term), then
    read exactly as the canonical format, line numbers kept."""
    path = Path(path)
    names = _our_header(text) or []
    lines = text.split("\n")
    header_at = next(i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#"))
    rows = [
        (i, dict(zip(names, line.split("\t"), strict=False)))
        for i, line in enumerate(lines)
        if i > header_at and line.strip() and not line.lstrip().startswith("#")
    ]
    ids = _unique_ids(row.get("source", "") for _, row in rows)
    out = list(lines)
    out[header_at] = "\t".join(COLUMNS)
    for (index, row), fallback in zip(rows, ids, strict=True):
        row.setdefault("id", fallback)
        row.setdefault("source_forms", "")
        out[index] = "\t".join(row.get(column, "") for column in COLUMNS)
    return parse_glossary(path, "\n".join(out))


# --- registry ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GlossaryReader:
    """One import format: its name (``--format``), the suffixes that name it when its content does not,
    and its reader of the file's bytes."""

    name: str
    suffixes: tuple[str, ...]
    read: Callable[[Path, bytes], Glossary]


def _read_canonical(path: Path, raw: bytes) -> Glossary:
    return parse_glossary(path, _decode(path, raw))


def _read_columns(path: Path, raw: bytes) -> Glossary:
    return parse_our_columns(path, _decode(path, raw))


def _read_csv(path: Path, raw: bytes) -> Glossary:
    return parse_two_column(path, _decode(path, raw))


def _read_tsv(path: Path, raw: bytes) -> Glossary:
    return parse_two_column(path, _decode(path, raw), "\t")


def _read_omegat(path: Path, raw: bytes) -> Glossary:
    return parse_omegat(path, _decode(path, raw))


# Adding a format is its reader plus one line here; ``detect_format`` tries content, then suffixes.
FORMATS: dict[str, GlossaryReader] = {
    reader.name: reader
    for reader in (
        GlossaryReader("canonical", (), _read_canonical),
        GlossaryReader("columns", (), _read_columns),  # a TSV with some of our columns
        GlossaryReader("csv", (".csv",), _read_csv),
        GlossaryReader("tsv", (".tsv",), _read_tsv),
        GlossaryReader("omegat", (".txt", ".utf8", ".tab"), _read_omegat),
        GlossaryReader("tbx", (".tbx", ".xml"), parse_tbx),
    )
}


def _format_by_suffix(suffix: str) -> str | None:
    return next((reader.name for reader in FORMATS.values() if suffix in reader.suffixes), None)


def detect_format(path: Path, raw: bytes) -> str:
    """By content where it is unambiguous (XML, our own header), else by extension."""
    head = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<" or (raw.startswith(_UTF16_BOMS) and raw.decode("utf-16", "ignore").lstrip()[:1] == "<"):
        return "tbx"
    suffix = path.suffix.lower()
    by_suffix = _format_by_suffix(suffix)
    if by_suffix == "tbx":
        return "tbx"
    text = _decode(path, raw)
    if _is_canonical(text):
        return "canonical"
    if _our_header(text) is not None:
        return "columns"
    if by_suffix is not None:
        return by_suffix
    raise InputError(
        path, f"cannot tell the glossary format from {suffix or 'no extension'!r}: give --format"
    )


def import_glossary(path: str | Path, format: str | None = None) -> Glossary:
    """Read any supported glossary; ``format`` is a name in FORMATS, or None to detect it."""
    path = Path(path)
    if format is not None and format not in FORMATS:
        raise InputError(path, f"unknown glossary format {format!r}: expected one of {', '.join(FORMATS)}")
    raw = read_bytes(path)
    if not raw.strip():
        raise InputError(path, "empty file")
    return FORMATS[format or detect_format(path, raw)].read(path, raw)
