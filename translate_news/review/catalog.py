"""The per-article gettext catalog and its merge rules, which keep reviewers' work safe.

States follow gettext: a fuzzy entry is a machine draft; a translated, non-fuzzy entry is reviewed.
Identity is the source sentence itself (the msgid), never its position, so inserting or moving a
sentence leaves every neighbour alone. Merging follows ``msgmerge --previous``:

- unchanged source, reviewed → kept exactly (msgstr, flags, translator comments);
- unchanged source, machine draft → refreshed, unless a person edited the draft (then kept);
- changed source → new MT, fuzzy, ``#| msgid`` the old source, the old translation in a comment;
- deleted source → obsolete (``#~``), never dropped; an obsolete entry whose source returns revives.

Whatever else ``msgfmt -c`` accepts is a person's and stays: a plural entry is kept as written (the
English article uses ``msgstr[0]``), a ``msgctxt`` variant beside the entry, ``# `` and ``#.`` comments
and ``#|`` lines (also on a draft we refresh), other flags. Sentences that differ only in what
:func:`sentence_key` folds (``'``/``’``) are matched by exact msgid first, so twins stay two entries.
"""

from __future__ import annotations

import copy
import difflib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import polib
import regex

from translate_news import __version__
from translate_news.errors import InputError
from translate_news.fileio import Fingerprint, fingerprint, read_or_none
from translate_news.identity import sentence_key
from translate_news.provenance import MACHINE_TRANSLATOR, Carried, HumanState, Origin, Provenance, note_kind
from translate_news.review.po_syntax import check_po_file

SIMILARITY_FOR_CHANGED = 0.5  # below this an unmatched old sentence counts as deleted, not changed
# Candidate predecessors per new sentence, by shared words, before any similarity is computed: keeps
# the changed-sentence match near-linear in the number of sentences.
_CANDIDATES = 8
_COMMON_WORD = 64  # a word shared by more old sentences than this says nothing about identity
_WORD = regex.compile(r"\w{4,}")


@dataclass(frozen=True)
class Draft:
    """A proposed translation for one source sentence, with the provenance a reviewer sees."""

    target: str
    provenance: Provenance  # mt translate-it_en@1.9 glossary 3fa9… #hash, or tm reviewed … by Ada
    notes: tuple[str, ...] = ()  # glossary terms applied, QA problems
    complete: bool = True  # False when QA found a problem: the entry stays fuzzy with a note

    @property
    def origin(self) -> Origin:
        return self.provenance.origin


@dataclass(frozen=True)
class CatalogUnit:
    """One distinct source sentence of an article, with every place it occurs."""

    msgid: str
    occurrences: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Decision:
    """What to do for one msgid before any MT runs.

    ``old`` is the entry of the same sentence (keep or refresh it); ``previous`` the old entry this
    sentence is a changed form of (``#| msgid``); ``carried`` the ``previous translation:`` comment
    lines that must reach the new entry: human translations of the sentences it replaces.
    """

    kind: Literal["keep", "refresh", "translate"]
    old: polib.POEntry | None = None
    previous: polib.POEntry | None = None
    carried: tuple[str, ...] = ()


@dataclass
class MergeStats:
    kept: int = 0
    changed: int = 0
    obsoleted: int = 0


def read_catalog(path: Path) -> polib.POFile | None:
    """The existing catalog, or None; a reviewer's syntax error names the file and line."""
    return load_catalog(path)[0]


_READ_TRIES = 5  # an editor saving again and again while we read: give up naming the file


def load_catalog(path: Path) -> tuple[polib.POFile | None, Fingerprint]:
    """The catalog and the fingerprint of the bytes it was parsed from, for a compare-and-swap write.

    The file is checked, parsed and read again; a save landing between those reads is read anew, so
    the fingerprint is always that of the catalog returned.
    """
    for _ in range(_READ_TRIES):
        try:
            data = read_or_none(path)
        except OSError as exc:
            raise InputError(path, f"cannot read PO file: {exc.strerror or exc}") from None
        if data is None:
            return None, Fingerprint.of(None)
        check_po_file(path, data)  # what msgfmt -c rejects is refused, never "repaired" by polib
        catalog = _parse_catalog(path)
        read = Fingerprint.of(data)
        if fingerprint(path) == read:
            return catalog, read
    raise InputError(path, f"kept changing while being read ({_READ_TRIES} tries); left untouched")


def _parse_catalog(path: Path) -> polib.POFile:
    try:
        return polib.pofile(str(path), encoding="utf-8", wrapwidth=0)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        message = str(exc)
        match = regex.search(r"line (\d+)", message)
        line = int(match.group(1)) if match else None
        detail = regex.sub(r"\s*\(line \d+\)", "", message).strip() or "malformed PO file"
        raise InputError(path, f"malformed PO file, left untouched: {detail}", line) from None


def is_plural(entry: polib.POEntry) -> bool:
    """An entry a person made plural (``msgid_plural``, ``msgstr[N]``): we never write one."""
    return entry.msgid_plural is not None and entry.msgid_plural != ""


def entry_text(entry: polib.POEntry) -> str:
    """The English an entry gives the article: its msgstr, or ``msgstr[0]`` of a plural entry (a news
    sentence is said once, so the singular form is the one a reader sees)."""
    if is_plural(entry):
        return entry.msgstr_plural.get(0, "")
    return entry.msgstr


def plural_texts(entry: polib.POEntry) -> list[str]:
    """Every non-empty form of a plural entry, in index order (none for a plain entry)."""
    if not is_plural(entry):
        return []
    return [text for _, text in sorted(entry.msgstr_plural.items()) if text]


def is_machine_draft(entry: polib.POEntry) -> bool:
    """A fuzzy entry still holding exactly the MT we wrote, so refreshing it loses nobody's work."""
    if is_plural(entry):
        return False  # its shape is a person's work, whatever its text
    provenance = provenance_of(entry)
    return provenance is not None and provenance.is_draft_of(entry.msgstr)


def is_reviewed(entry: polib.POEntry) -> bool:
    return bool(entry_text(entry)) and "fuzzy" not in entry.flags


def human_state(entry: polib.POEntry) -> HumanState | None:
    """Whether the msgstr is a person's work: approved (reviewed) or edited but not approved yet."""
    if not entry_text(entry) and not plural_texts(entry):
        return None
    if is_reviewed(entry):
        return "reviewed"
    return None if is_machine_draft(entry) else "in progress"


EntryStatus = Literal["reviewed", "fuzzy", "untranslated"]


def entry_status(entry: polib.POEntry) -> EntryStatus:
    """The three states reviewers see: reviewed, a fuzzy draft, or nothing yet."""
    if not entry_text(entry):
        return "untranslated"
    return "reviewed" if is_reviewed(entry) else "fuzzy"


def provenance_of(entry: polib.POEntry) -> Provenance | None:
    """The entry's ``origin:`` line as a value (None when it has none: a person's own entry)."""
    return next(filter(None, map(Provenance.parse, entry.comment.splitlines())), None)


def human_pairs(catalog: polib.POFile | None) -> list[tuple[str, str, HumanState]]:
    """Every (source, target, state) a person wrote in a catalog, obsolete entries included."""
    if catalog is None:
        return []
    found = []
    for entry in catalog:
        state = human_state(entry) if entry.msgid else None
        if state is not None and entry_text(entry):
            found.append((entry.msgid, entry_text(entry), state))
    return found


def carried_text(line: str) -> str | None:
    """The translation a ``previous translation:`` line carries, unescaped (None for other lines)."""
    carried = Carried.parse(line)
    return None if carried is None else carried.text


def carried_lines(entry: polib.POEntry) -> list[str]:
    """What an entry hands on when its sentence changes or splits: its own human translation and
    every human translation it already carries."""
    lines = [line for line in entry.comment.splitlines() if note_kind(line) == "previous"]
    state = human_state(entry)
    if state is not None:
        texts = plural_texts(entry) or [entry.msgstr]  # every form of a plural entry moves along
        lines += [Carried(state, text).format() for text in dict.fromkeys(texts)]
    return lines


def person_notes(entry: polib.POEntry) -> list[str]:
    """The ``#.`` lines a person (or their tool) added to an entry (none of our kinds): theirs, kept
    through every refresh, and moved along with the entry's other human work when its sentence changes."""
    return [line for line in entry.comment.splitlines() if line.strip() and note_kind(line) is None]


def _own_entries(old: polib.POFile | None) -> list[polib.POEntry]:
    """The entries our merge manages: not the header, not a msgctxt variant a person added."""
    return [e for e in old or () if e.msgid and e.msgctxt is None]


def plan_catalog(old: polib.POFile | None, msgids: Sequence[str]) -> dict[str, Decision]:
    """Decide per msgid: keep a person's translation, refresh a machine draft, or translate anew.

    Sentences are the same when their :func:`sentence_key` is (NFC, quotes folded), so a Unicode
    re-save changes nothing. A person's translation is what :func:`human_state` says it is.
    """
    matched = _match_entries(_own_entries(old), msgids)
    decisions: dict[str, Decision] = {}
    for msgid, entry in matched.items():
        keep = human_state(entry) is not None or is_plural(entry)
        decisions[msgid] = Decision("keep" if keep else "refresh", entry)
    # Old live entries no longer in the article: each may be the previous form of a new sentence, or
    # a sentence that was split or merged by the segmenter; what a person wrote in them moves along.
    # An identity-folded twin of a sentence still there is not an orphan: it stays its own entry.
    wanted = {sentence_key(m) for m in msgids}
    orphans = [e for e in _own_entries(old) if not e.obsolete and sentence_key(e.msgid) not in wanted]
    new = [m for m in msgids if m not in decisions]
    previous = _predecessors(new, orphans)
    carried: dict[str, list[str]] = {m: [] for m in new}
    index = _word_index(new)
    for orphan in orphans:
        lines = carried_lines(orphan)
        if not lines:
            continue
        for position in _sharing(index, orphan.msgid):
            msgid = new[position]
            if previous.get(msgid) is not orphan and (
                _contains(orphan.msgid, msgid) or _contains(msgid, orphan.msgid)
            ):
                carried[msgid].extend(lines)
    for msgid in new:
        before = previous.get(msgid)
        lines = [*(carried_lines(before) if before is not None else ()), *carried[msgid]]
        decisions[msgid] = Decision("translate", previous=before, carried=tuple(dict.fromkeys(lines)))
    return decisions


def _match_entries(entries: Sequence[polib.POEntry], msgids: Sequence[str]) -> dict[str, polib.POEntry]:
    """Each msgid's old entry: the entry of that exact msgid first, else one of the same
    :func:`sentence_key` that no exact msgid claimed (a Unicode re-save). Two identity-folded twins
    (``l'anno`` and ``l’anno``) are two entries: one never takes the other's text."""
    exact: dict[str, polib.POEntry] = {}
    folded: dict[str, list[polib.POEntry]] = {}
    for entry in entries:
        if entry.msgid not in exact or (exact[entry.msgid].obsolete and not entry.obsolete):
            exact[entry.msgid] = entry  # a live entry wins over an obsolete one of the same sentence
    wanted = set(msgids)
    for msgid, entry in exact.items():
        if msgid not in wanted:
            folded.setdefault(sentence_key(msgid), []).append(entry)
    for group in folded.values():  # live first, then a person's work, then file order
        group.sort(key=lambda e: (e.obsolete, human_state(e) is None))
    matched: dict[str, polib.POEntry] = {}
    for msgid in msgids:
        if msgid in exact:
            matched[msgid] = exact[msgid]
        elif group := folded.get(sentence_key(msgid)):
            matched[msgid] = group.pop(0)
    return matched


def _contains(outer: str, inner: str) -> bool:
    """A split or merge: one sentence's text lies inside the other's (keys compared, case folded and
    the final stop ignored: "A." + "B." joined as "A e b." holds both)."""
    outer_key = sentence_key(outer).casefold()
    inner_key = sentence_key(inner).casefold().rstrip(".!?;:… ")
    return len(inner_key) >= 12 and inner_key in outer_key


def _words(text: str) -> set[str]:
    return set(_WORD.findall(sentence_key(text).lower()))


def _word_index(texts: Sequence[str]) -> dict[str, list[int]]:
    """Word → positions of the texts holding it."""
    index: dict[str, list[int]] = {}
    for position, text in enumerate(texts):
        for word in _words(text):
            index.setdefault(word, []).append(position)
    return index


def _sharing(index: Mapping[str, Sequence[int]], text: str) -> Counter[int]:
    """Positions of indexed texts sharing a telling word with ``text``, by how many they share."""
    shared: Counter[int] = Counter()
    for word in _words(text):
        postings = index.get(word, ())
        if len(postings) <= _COMMON_WORD:
            shared.update(postings)
    return shared


def _predecessors(new: Sequence[str], orphans: Sequence[polib.POEntry]) -> dict[str, polib.POEntry]:
    """Each new sentence's most similar vanished sentence (ratio ≥ 0.5), each old one used once.

    Candidates come from an index of the words they share, so the cost grows with the number of
    sentences rather than with their product.
    """
    index = _word_index([e.msgid for e in orphans])
    taken: set[int] = set()
    found: dict[str, polib.POEntry] = {}
    for msgid in new:
        shared = _sharing(index, msgid)
        candidates = [p for p, _ in shared.most_common() if p not in taken]
        best, best_ratio = None, SIMILARITY_FOR_CHANGED
        for position in candidates[:_CANDIDATES]:
            matcher = difflib.SequenceMatcher(None, msgid, orphans[position].msgid, autojunk=False)
            if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio >= best_ratio:
                best, best_ratio = position, ratio
        if best is not None:
            taken.add(best)
            found[msgid] = orphans[best]
    return found


def _copy(entry: polib.POEntry, **changes: object) -> polib.POEntry:
    """A copy of ``entry`` (every field, ``#| msgid_plural`` too) with ``changes``: the merge never
    edits the catalog it read."""
    new = copy.deepcopy(entry)
    for name, value in changes.items():
        setattr(new, name, value)
    return new


def _comment(draft: Draft, extra: Sequence[str] = ()) -> str:
    lines = [draft.provenance.format(), *draft.notes, *dict.fromkeys(extra)]
    return "\n".join(line for line in lines if line)


# Our lines that describe the draft's making and come before its ``qa:`` notes (``_comment``'s order).
_LEADING_KINDS = frozenset({"origin", "glossary", "localized"})


def with_qa_notes(comment: str, notes: Sequence[str]) -> str:
    """``comment`` with its ``qa:`` lines replaced by ``notes``, every other line kept in its order.

    The notes go where the first old ``qa:`` line was, else after our leading ``origin:``/``glossary:``/
    ``localized:`` lines, so the same notes give the same bytes run after run."""
    lines = comment.splitlines()
    kinds = [note_kind(line) for line in lines]
    at = next((n for n, kind in enumerate(kinds) if kind == "qa"), None)
    if at is None:
        at = next((n for n, kind in enumerate(kinds) if kind not in _LEADING_KINDS), len(lines))
    before = [line for line, kind in zip(lines[:at], kinds[:at], strict=True) if kind != "qa"]
    after = [line for line, kind in zip(lines[at:], kinds[at:], strict=True) if kind != "qa"]
    return "\n".join([*before, *dict.fromkeys(notes), *after])


def _entry_key(entry: polib.POEntry) -> str:
    """An old entry's identity is its whole text: two entries alike in every byte are one (skipping
    the copy of one that was merged loses nothing), and the key survives pickling, unlike ``id()``."""
    return entry.__unicode__(wrapwidth=0)


def merge_catalog(
    old: polib.POFile | None,
    units: Sequence[CatalogUnit],
    decisions: Mapping[str, Decision],
    drafts: Mapping[str, Draft],
    metadata: Mapping[str, str],
    person_qa: Mapping[str, Sequence[str]] | None = None,
) -> tuple[polib.POFile, MergeStats]:
    """Build a new catalog in document order; no text a person wrote is ever dropped.

    ``person_qa`` holds, per kept msgid whose text is a person's, the ``qa:`` notes of that text: they
    replace the entry's ``qa:`` lines (the draft's, or an earlier run's), every other line kept."""
    stats = MergeStats()
    catalog = polib.POFile(wrapwidth=0, encoding="utf-8")
    catalog.metadata = _header(old, metadata)
    if old is not None:
        catalog.header = old.header  # a translator's header comments (credits, copyright) are theirs
    used_old: set[str] = set()  # old entries merged into a new one, by content (never by id())
    for unit in units:
        decision = decisions[unit.msgid]
        if decision.kind == "keep":
            assert decision.old is not None
            used_old.add(_entry_key(decision.old))
            kept = _copy(decision.old, msgid=unit.msgid, occurrences=list(unit.occurrences), obsolete=False)
            if person_qa is not None and unit.msgid in person_qa:
                kept.comment = with_qa_notes(kept.comment, person_qa[unit.msgid])
            catalog.append(kept)
            stats.kept += 1
            continue
        draft = drafts[unit.msgid]
        flags = ["fuzzy"] if draft.origin == "mt" or not draft.complete else []
        entry = polib.POEntry(
            msgid=unit.msgid, msgstr=draft.target, occurrences=list(unit.occurrences), flags=flags
        )
        if decision.kind == "refresh" and decision.old is not None:
            old_entry = decision.old
            used_old.add(_entry_key(old_entry))
            entry.tcomment = old_entry.tcomment
            entry.previous_msgctxt = old_entry.previous_msgctxt
            entry.previous_msgid = old_entry.previous_msgid
            entry.previous_msgid_plural = old_entry.previous_msgid_plural
            entry.comment = _comment(draft, [*carried_lines(old_entry), *person_notes(old_entry)])
            entry.flags += [f for f in old_entry.flags if f != "fuzzy" and f not in entry.flags]
        else:
            extra = list(decision.carried)
            if decision.previous is not None:
                used_old.add(_entry_key(decision.previous))
                entry.previous_msgid = decision.previous.msgid
                entry.tcomment = decision.previous.tcomment
                extra += person_notes(decision.previous)  # a person's #. notes go with their words
                if "fuzzy" not in entry.flags:
                    entry.flags.append("fuzzy")  # the sentence changed: a person must look again
                stats.changed += 1
            entry.comment = _comment(draft, extra)
        catalog.append(entry)
    live = {e.msgid for e in catalog}
    for entry in old or ():
        if not entry.msgid or _entry_key(entry) in used_old:
            continue
        if entry.msgctxt is not None:
            catalog.append(_copy(entry))  # a variant a person added: theirs, kept as it is
            continue
        if entry.msgid in live:
            continue  # the same msgid twice (obsolete and live): the live entry is authoritative
        # A folded twin of a live sentence (' for ’) is a sentence of its own: its text stays in an
        # obsolete entry, which revives if that spelling returns.
        live.add(entry.msgid)
        stats.obsoleted += not entry.obsolete
        catalog.append(_copy(entry, obsolete=True, occurrences=[]))
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
        "Last-Translator": MACHINE_TRANSLATOR,
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
# then rejects the catalog. Our msgids are news sentences, never format strings. No flag we could
# write instead helps Babel: its Message re-derives python-format from the msgid text whatever the
# file says (no-python-format included), so `pybabel compile` reports "3,5% già" (read as "% g") on
# fuzzy entries too; tests/review/test_babel_compile.py pins what holds and the README gives the workaround.
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
    """The PO text, wrapped as GNU gettext wraps (79 columns), so an editor save changes no line.

    Obsolete entries keep their ``#.`` comments (polib drops them; GNU gettext does not), so a
    carried human translation survives its sentence's deletion.
    """
    from translate_news.review.po_wrap import wrap_po

    drop_format_flags(catalog)
    entries = [catalog.metadata_as_entry(), *(e for e in catalog if not e.obsolete)]
    parts = [e.__unicode__(0) for e in entries]
    for entry in catalog.obsolete_entries():
        comments = "".join(f"#. {line}\n" for line in entry.comment.splitlines())
        parts.append(comments + entry.__unicode__(0))
    header = "".join(
        "#\n" if not line else f"#{line}\n" if line[:1] in ",:" else f"# {line}\n"
        for line in catalog.header.split("\n")
    )  # as polib writes it
    text = header + "\n".join(parts)
    return wrap_po(text if text.endswith("\n") else text + "\n")
