"""The industry glossary: entries, the canonical TSV format, and the version that keys cached MT.

One row per concept, tab-separated, header first; multi-valued columns are separated by ``|``.
Every text field is NFC with single spaces, so equal glossaries serialise to equal bytes and
``version`` (a hash of that serialisation) changes exactly when the content does.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import regex

from translate_news.errors import InputError

COLUMNS = (
    "id",
    "source",
    "target",
    "source_forms",
    "target_forms",
    "pos",
    "case_sensitive",
    "dnt",
    "forbidden",
    "note",
)
HEADER = "\t".join(COLUMNS)
FORM_SEPARATOR = "|"
VERSION_CHARS = 12

_TRUE = frozenset({"yes", "true", "1"})
_FALSE = frozenset({"no", "false", "0", ""})
_ID = regex.compile(r"^[\p{L}\p{N}][\p{L}\p{N}._+-]*$")
_SPACE = regex.compile(r"\s+")
_BOM = b"\xef\xbb\xbf"
# Ids of implicit entries (source names, ``facts.names``): matched, enforced and checked like glossary
# terms, never written to a glossary file. A real glossary id cannot contain ":" (``_ID``).
IMPLICIT_PREFIX = "implicit:"


@dataclass(frozen=True)
class GlossaryEntry:
    """One concept. ``source_forms``/``target_forms`` start with ``source``/``target``."""

    id: str
    source: str
    target: str
    source_forms: tuple[str, ...]
    target_forms: tuple[str, ...]
    pos: str = ""
    case_sensitive: bool = False
    dnt: bool = False
    forbidden: tuple[str, ...] = ()
    note: str = ""
    line: int = field(default=0, compare=False)
    implicit: bool = False  # a source name enforced for one call (facts.names), never from a glossary file


@dataclass(frozen=True)
class Glossary:
    """Entries in file order; ``version`` changes whenever any serialised field changes."""

    path: Path | None = field(compare=False)
    entries: tuple[GlossaryEntry, ...]
    version: str = field(init=False)
    by_id: Mapping[str, GlossaryEntry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, GlossaryEntry] = {}
        for entry in self.entries:
            if entry.id in index:
                raise ValueError(f"duplicate id {entry.id!r}")
            index[entry.id] = entry
        object.__setattr__(self, "by_id", MappingProxyType(index))
        object.__setattr__(self, "version", glossary_version(self.entries))

    def __reduce__(self) -> tuple[type[Glossary], tuple[Path | None, tuple[GlossaryEntry, ...]]]:
        """Pickle the fields a caller gives; the index is rebuilt (a mappingproxy cannot be pickled),
        so a glossary can cross to a worker process."""
        return (Glossary, (self.path, self.entries))

    def get(self, entry_id: str) -> GlossaryEntry | None:
        return self.by_id.get(entry_id)


def clean_text(text: str) -> str:
    """NFC with whitespace runs collapsed: the only shape a TSV cell (and a cache key) can hold."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for item in items if item))


def _forms(first: str, forms: Iterable[str]) -> tuple[str, ...]:
    cleaned = [clean_text(form) for form in forms]
    bad = [form for form in cleaned if FORM_SEPARATOR in form]
    if bad:
        raise ValueError(f"a form cannot contain {FORM_SEPARATOR!r}: {bad[0]!r}")
    return _unique([first, *cleaned])


def make_entry(
    id: str,
    source: str,
    target: str = "",
    *,
    source_forms: Iterable[str] = (),
    target_forms: Iterable[str] = (),
    pos: str = "",
    case_sensitive: bool = False,
    dnt: bool = False,
    forbidden: Iterable[str] = (),
    note: str = "",
    line: int = 0,
) -> GlossaryEntry:
    """Build a normalised entry, or raise ValueError naming what a TSV row could not represent.

    A do-not-translate entry with no target gets its source as target, so consumers never special-case it.
    """
    entry_id = clean_text(id)
    if not _ID.match(entry_id):
        raise ValueError(f"bad id {id!r}: use letters, digits and . _ + - (starting with a letter or digit)")
    source = clean_text(source)
    if not source:
        raise ValueError("empty source")
    target = clean_text(target) or (source if dnt else "")
    return GlossaryEntry(
        id=entry_id,
        source=source,
        target=target,
        source_forms=_forms(source, source_forms),
        target_forms=_forms(target, target_forms),
        pos=clean_text(pos).lower(),
        case_sensitive=case_sensitive,
        dnt=dnt,
        forbidden=_forms("", forbidden),
        note=clean_text(note),
        line=line,
    )


def dnt_names(glossary: Glossary | None) -> frozenset[str]:
    """The do-not-translate terms, which count as source names: name extraction takes them as names
    for enforcement and for the name check alike, so both read them from here."""
    return frozenset(e.source for e in glossary.entries if e.dnt) if glossary else frozenset()


def acceptable_targets(entry: GlossaryEntry, matched_source: str) -> tuple[str, ...]:
    """What a translation may contain for a hit; a do-not-translate term may stay as it was written."""
    if entry.dnt:
        return _unique([clean_text(matched_source), entry.source, *entry.target_forms])
    return entry.target_forms


# --- canonical TSV -------------------------------------------------------------------------------


def _row(entry: GlossaryEntry) -> str:
    cells = (
        entry.id,
        entry.source,
        entry.target,
        FORM_SEPARATOR.join(entry.source_forms),
        FORM_SEPARATOR.join(entry.target_forms),
        entry.pos,
        "yes" if entry.case_sensitive else "no",
        "yes" if entry.dnt else "no",
        FORM_SEPARATOR.join(entry.forbidden),
        entry.note,
    )
    return "\t".join(cells)


def dump_entries(entries: Iterable[GlossaryEntry]) -> str:
    return "".join(f"{line}\n" for line in (HEADER, *(_row(entry) for entry in entries)))


def dump_glossary(glossary: Glossary) -> str:
    """The canonical TSV: ``load_glossary`` of it gives back an equal Glossary."""
    return dump_entries(glossary.entries)


def glossary_version(entries: Iterable[GlossaryEntry]) -> str:
    return hashlib.sha256(dump_entries(entries).encode("utf-8")).hexdigest()[:VERSION_CHARS]


def _line_at(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def decode_text(path: str | Path, raw: bytes) -> str:
    """UTF-8 (a BOM is tolerated) with newlines normalised; errors name the line and byte offset."""
    if not raw.strip():
        raise InputError(path, "empty file")
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise InputError(
            path, f"binary file (NUL byte at byte offset {nul}), expected UTF-8 text", _line_at(raw, nul)
        )
    skip = len(_BOM) if raw.startswith(_BOM) else 0
    try:
        text = raw[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = skip + exc.start
        raise InputError(
            path, f"not valid UTF-8: byte 0x{raw[offset]:02x} at byte offset {offset}", _line_at(raw, offset)
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from None


def _bool(column: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"{column}: expected yes or no, got {value.strip()!r}")


def _split(value: str) -> list[str]:
    return value.split(FORM_SEPARATOR)


def _parse_row(cells: list[str], line: int) -> GlossaryEntry:
    row = dict(zip(COLUMNS, cells, strict=True))
    dnt = _bool("dnt", row["dnt"])
    return make_entry(
        row["id"],
        row["source"],
        row["target"],
        source_forms=_split(row["source_forms"]),
        target_forms=_split(row["target_forms"]),
        pos=row["pos"],
        case_sensitive=_bool("case_sensitive", row["case_sensitive"]),
        dnt=dnt,
        forbidden=_split(row["forbidden"]),
        note=row["note"],
        line=line,
    )


def _is_skipped(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def parse_glossary(path: str | Path, text: str) -> Glossary:
    """Parse canonical TSV text; blank lines and ``#`` comment lines are ignored."""
    entries: list[GlossaryEntry] = []
    first_line: dict[str, int] = {}
    header_seen = False
    for number, line in enumerate(text.split("\n"), start=1):
        if _is_skipped(line):
            continue
        cells = line.split("\t")
        if not header_seen:
            if tuple(cell.strip().lower() for cell in cells) != COLUMNS:
                raise InputError(
                    path, f"expected the header row: {', '.join(COLUMNS)} (tab-separated)", number
                )
            header_seen = True
            continue
        if len(cells) != len(COLUMNS):
            raise InputError(
                path, f"expected {len(COLUMNS)} tab-separated columns, found {len(cells)}", number
            )
        try:
            entry = _parse_row(cells, number)
        except ValueError as exc:
            raise InputError(path, str(exc), number) from None
        if entry.id in first_line:
            raise InputError(
                path, f"duplicate id {entry.id!r} (first on line {first_line[entry.id]})", number
            )
        first_line[entry.id] = number
        entries.append(entry)
    if not header_seen:
        raise InputError(path, "no header row: the file has only comments")
    return Glossary(Path(path), tuple(entries))


def load_glossary(path: str | Path) -> Glossary:
    path = Path(path)
    return parse_glossary(path, decode_text(path, read_bytes(path)))
