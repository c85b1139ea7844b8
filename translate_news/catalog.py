"""The per-article gettext catalog and its merge rules, which keep reviewers' work safe.

States follow gettext: a fuzzy entry is a machine draft; a translated, non-fuzzy entry is reviewed.
Identity is the source sentence itself (the msgid), never its position, so inserting or moving a
sentence leaves every neighbour alone. Merging follows ``msgmerge --previous``:

- unchanged source, reviewed → kept exactly (msgstr, flags, translator comments);
- unchanged source, machine draft → refreshed, unless a person edited the draft (then kept);
- changed source → new MT, fuzzy, ``#| msgid`` the old source, the old translation in a comment;
- deleted source → obsolete (``#~``), never dropped; an obsolete entry whose source returns revives.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import polib
import regex

from translate_news import __version__
from translate_news.errors import InputError

ORIGIN_PREFIX = "origin: "
PREVIOUS_PREFIX = "previous translation: "
QA_PREFIX = "qa: "
SIMILARITY_FOR_CHANGED = 0.5  # below this an unmatched old sentence counts as deleted, not changed

Origin = Literal["mt", "tm"]


@dataclass(frozen=True)
class Draft:
    """A proposed translation for one source sentence, with the provenance a reviewer sees."""

    target: str
    origin: Origin
    provenance: str  # "mt translate-it_en@1.9 glossary 3fa9…" or "tm reviewed 2026-11-02 by Ada"
    notes: tuple[str, ...] = ()  # glossary terms applied, QA problems
    complete: bool = True  # False when QA found a problem: the entry stays fuzzy with a note


@dataclass(frozen=True)
class CatalogUnit:
    """One distinct source sentence of an article, with every place it occurs."""

    msgid: str
    occurrences: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Decision:
    """What to do for one msgid before any MT runs."""

    kind: Literal["keep", "refresh", "translate"]
    old: polib.POEntry | None = None
    previous: polib.POEntry | None = None  # for a changed sentence: the old entry it replaces


@dataclass
class MergeStats:
    kept: int = 0
    refreshed: int = 0
    new: int = 0
    changed: int = 0
    obsoleted: int = 0
    revived: int = 0


def read_catalog(path: Path) -> polib.POFile | None:
    """The existing catalog, or None; a reviewer's syntax error names the file and line."""
    if not path.exists():
        return None
    try:
        return polib.pofile(str(path), encoding="utf-8", wrapwidth=0)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        message = str(exc)
        match = regex.search(r"line (\d+)", message)
        line = int(match.group(1)) if match else None
        detail = regex.sub(r"\s*\(line \d+\)", "", message).strip() or "malformed PO file"
        raise InputError(path, f"malformed PO file, left untouched: {detail}", line) from None


def draft_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def mt_provenance(source: str, target: str) -> str:
    """``mt <model> glossary <version> #<hash of the draft>``: the hash tells an untouched draft."""
    return f"mt {source} #{draft_hash(target)}"


def is_machine_draft(entry: polib.POEntry) -> bool:
    """A fuzzy entry still holding exactly the MT we wrote, so refreshing it loses nobody's work."""
    provenance = provenance_of(entry)
    return provenance.startswith("mt ") and provenance.endswith(f"#{draft_hash(entry.msgstr)}")


def is_reviewed(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr) and "fuzzy" not in entry.flags


EntryStatus = Literal["reviewed", "fuzzy", "untranslated"]


def entry_status(entry: polib.POEntry) -> EntryStatus:
    """The three states reviewers see: reviewed, a fuzzy draft, or nothing yet."""
    if not entry.msgstr:
        return "untranslated"
    return "reviewed" if is_reviewed(entry) else "fuzzy"


def provenance_of(entry: polib.POEntry) -> str:
    for line in entry.comment.splitlines():
        if line.startswith(ORIGIN_PREFIX):
            return line[len(ORIGIN_PREFIX) :]
    return ""


def reviewed_pairs(catalog: polib.POFile | None) -> list[tuple[str, str]]:
    """Every reviewed (source, target) in a catalog, obsolete entries included: reviewers' work."""
    if catalog is None:
        return []
    return [(e.msgid, e.msgstr) for e in catalog if e.msgid and is_reviewed(e)]


def plan_catalog(
    old: polib.POFile | None,
    msgids: Sequence[str],
    is_machine_draft: Callable[[polib.POEntry], bool],
) -> dict[str, Decision]:
    """Decide per msgid: keep a person's translation, refresh a machine draft, or translate anew.

    ``is_machine_draft`` tells whether a fuzzy entry's msgstr is still exactly what MT wrote.
    """
    current = {e.msgid: e for e in old if e.msgid} if old is not None else {}
    wanted = set(msgids)
    decisions: dict[str, Decision] = {}
    for msgid in msgids:
        entry = current.get(msgid)
        if entry is None:
            continue
        if is_reviewed(entry) or (entry.msgstr and not is_machine_draft(entry)):
            decisions[msgid] = Decision("keep", entry)
        else:
            decisions[msgid] = Decision("refresh", entry)
    # Old live entries no longer in the article: each may be the previous form of a new sentence.
    orphans = [e for e in current.values() if e.msgid not in wanted and not e.obsolete]
    for msgid in msgids:
        if msgid in decisions:
            continue
        previous = _most_similar(msgid, orphans)
        if previous is not None:
            orphans.remove(previous)
        decisions[msgid] = Decision("translate", previous=previous)
    return decisions


def _most_similar(msgid: str, candidates: Sequence[polib.POEntry]) -> polib.POEntry | None:
    best, best_ratio = None, SIMILARITY_FOR_CHANGED
    for entry in candidates:
        matcher = difflib.SequenceMatcher(None, msgid, entry.msgid, autojunk=False)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio >= best_ratio:
            best, best_ratio = entry, ratio
    return best


def _comment(draft: Draft, extra: Sequence[str] = ()) -> str:
    lines = [ORIGIN_PREFIX + draft.provenance, *draft.notes, *extra]
    return "\n".join(line for line in lines if line)


def _preserved_lines(entry: polib.POEntry, prefix: str) -> list[str]:
    return [line for line in entry.comment.splitlines() if line.startswith(prefix)]


def merge_catalog(
    old: polib.POFile | None,
    units: Sequence[CatalogUnit],
    decisions: Mapping[str, Decision],
    drafts: Mapping[str, Draft],
    metadata: Mapping[str, str],
) -> tuple[polib.POFile, MergeStats]:
    """Build the new catalog in document order; no reviewed translation is ever dropped."""
    stats = MergeStats()
    catalog = polib.POFile(wrapwidth=0, encoding="utf-8")
    catalog.metadata = _header(old, metadata)
    used_old: set[int] = set()
    for unit in units:
        decision = decisions[unit.msgid]
        if decision.kind == "keep":
            entry = decision.old
            assert entry is not None
            used_old.add(id(entry))
            stats.revived += entry.obsolete
            entry.obsolete = False
            entry.occurrences = list(unit.occurrences)
            catalog.append(entry)
            stats.kept += 1
            continue
        draft = drafts[unit.msgid]
        entry = polib.POEntry(msgid=unit.msgid, msgstr=draft.target, occurrences=list(unit.occurrences))
        if draft.origin == "mt" or not draft.complete:
            entry.flags.append("fuzzy")
        if decision.kind == "refresh" and decision.old is not None:
            old_entry = decision.old
            used_old.add(id(old_entry))
            stats.revived += old_entry.obsolete
            entry.tcomment = old_entry.tcomment
            entry.previous_msgid = old_entry.previous_msgid
            entry.comment = _comment(draft, _preserved_lines(old_entry, PREVIOUS_PREFIX))
            stats.refreshed += 1
        elif decision.previous is not None:
            previous = decision.previous
            used_old.add(id(previous))
            entry.previous_msgid = previous.msgid
            if "fuzzy" not in entry.flags:
                entry.flags.append("fuzzy")  # the sentence changed: a person must look again
            extra = [PREVIOUS_PREFIX + previous.msgstr] if previous.msgstr else []
            if is_reviewed(previous):
                extra = [PREVIOUS_PREFIX + "(reviewed) " + previous.msgstr]
            entry.comment = _comment(draft, extra)
            entry.tcomment = previous.tcomment
            stats.changed += 1
        else:
            entry.comment = _comment(draft)
            stats.new += 1
        catalog.append(entry)
    if old is not None:
        for entry in old:
            if not entry.msgid or id(entry) in used_old:
                continue
            if not entry.obsolete:
                stats.obsoleted += 1
            entry.obsolete = True
            entry.occurrences = []
            catalog.append(entry)
    return catalog, stats


# Header fields this program owns; every other field (X-Poedit-*, X-Generator once set, Language-Team…)
# is kept as the file has it, because editors maintain them.
_OWN_HEADERS = frozenset(
    {"Project-Id-Version", "POT-Creation-Date", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"}
)


def _header(old: polib.POFile | None, metadata: Mapping[str, str]) -> dict[str, str]:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")
    header = {
        "Project-Id-Version": metadata.get("Project-Id-Version", "translate-news"),
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": now,
        "PO-Revision-Date": now,
        "Last-Translator": "translate-news (machine translation)",
        "Language-Team": "English",
        "Language": "en",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
        "X-Generator": f"translate-news {__version__}",
        "X-Source-Language": "it",
    }
    if old is not None:
        # Reviewers' editors maintain these; never overwrite or drop what a person or a tool set.
        header.update({k: v for k, v in old.metadata.items() if k not in _OWN_HEADERS and v})
    header.update({k: v for k, v in metadata.items() if k != "Project-Id-Version"})
    return header


# A tool (Babel, xgettext-like passes) may mark prose containing "%" as a format string; msgfmt -c
# then rejects the catalog. Our msgids are news sentences, never format strings.
FORMAT_FLAG_NOTE = "note: removed the {flag} flag a tool added: this is prose, not a format string"


def drop_format_flags(catalog: polib.POFile) -> int:
    """Remove ``*-format`` flags (``no-*-format`` stays) with a note on the entry; returns how many."""
    removed = 0
    for entry in catalog:
        for flag in [f for f in entry.flags if f.endswith("-format") and not f.startswith("no-")]:
            entry.flags.remove(flag)
            entry.comment = "\n".join([*entry.comment.splitlines(), FORMAT_FLAG_NOTE.format(flag=flag)])
            removed += 1
    return removed


def catalog_text(catalog: polib.POFile) -> str:
    """The PO text, wrapped as GNU gettext wraps (79 columns), so an editor save changes no line."""
    from translate_news.po_wrap import wrap_po

    drop_format_flags(catalog)
    catalog.wrapwidth = 0
    text = str(catalog)
    return wrap_po(text + ("" if text.endswith("\n") else "\n"))
