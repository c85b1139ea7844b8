"""An XLIFF (1.2 or 2.0) edited in a CAT tool, merged back into its article's PO (``xliff import``).

The same safety rules as a reviewer's PO edit: a unit the translator signed off becomes reviewed; an
edited draft stays a draft (fuzzy); reviewed work in the PO is never overwritten silently. A reviewed
PO entry that differs from the XLIFF is a conflict when the PO is newer than the XLIFF (someone
reviewed it after the export) or when the XLIFF unit is only a draft; conflicts are reported and the
PO keeps its text. Units are matched by id (the content hash of the Italian sentence), so a sentence
that changed since the export is reported, never applied to the wrong entry. A repeated sentence has
one unit per occurrence: an edit on any copy applies when the edited copies agree; copies edited to
different texts are a conflict. A target that is the Italian source (a CAT tool's "copy source to
target") is an untouched unit, never a draft or a review.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polib

from translate_news import defaults
from translate_news.documents.publish import unsafe_additions
from translate_news.errors import InputError
from translate_news.exchange import FORMATS, XLIFF_READER, ExchangeUnit, ReadOptions, xliff12_translator
from translate_news.fileio import FileChanged, output_lock, write_if_unchanged
from translate_news.identity import sentence_key
from translate_news.layout import ArticleFiles, catalog_format, find_article_files
from translate_news.provenance import Carried
from translate_news.review.catalog import (
    catalog_text,
    entry_text,
    human_state,
    is_plural,
    is_reviewed,
    load_catalog,
)
from translate_news.segmentation.segment import segment_id

__all__ = ["XliffMerge", "import_xliff", "merge_units", "skeleton"]


@dataclass(frozen=True)
class XliffMerge:
    """What an import changed and what it refused."""

    reviewed: int = 0  # entries now reviewed (signed off in the CAT tool)
    drafts: int = 0  # draft entries whose text the translator edited (still fuzzy)
    unchanged: int = 0  # units left as exported (source copies included)
    conflicts: tuple[str, ...] = ()  # one line each, naming the unit and the PO line
    unsafe: tuple[str, ...] = ()  # targets merged that add unsafe markup: the English page will not take them
    source_copies: int = 0  # units whose target is the Italian source: untouched, never applied


def _by_unit_id(catalog: polib.POFile) -> dict[str, polib.POEntry]:
    return {segment_id(e.msgid, 1): e for e in catalog if e.msgid and not e.obsolete}


def skeleton(catalog: polib.POFile) -> dict[str, str]:
    """Unit id → Markdown source (the msgid): what XLIFF 1.2 ``<g>``/``<x>`` codes point into."""
    return {unit_id: entry.msgid for unit_id, entry in _by_unit_id(catalog).items()}


def _base_id(unit_id: str) -> str:
    """``3f9a0c12b4-2`` (the second occurrence of a sentence) → ``3f9a0c12b4``: one PO entry."""
    return unit_id.split("-", 1)[0]


Plain = Callable[[str], str]  # text with its inline markup (the codes) set aside


def _untouched(unit: ExchangeUnit, entry: polib.POEntry, plain: Plain) -> bool:
    """A copy the translator left as exported: no target, state new, the Italian copied to the target
    (a CAT tool's "copy source to target"), or the PO's own text without a new sign-off."""
    if unit.state == "initial" or not unit.target or copies_source(unit, plain):
        return True
    return unit.target == entry_text(entry) and (is_reviewed(entry) or unit.state != "reviewed")


def copies_source(unit: ExchangeUnit, plain: Plain = str) -> bool:
    """The target is the Italian source (codes set aside by ``plain``; quotes, spaces and case folded):
    nobody translated it, whatever its ``state`` says."""

    def key(text: str) -> str:
        return sentence_key(plain(text)).casefold()

    return key(unit.target) == key(unit.source)


def merge_units(catalog: polib.POFile, units: Sequence[ExchangeUnit], *, po_is_newer: bool) -> XliffMerge:
    """Apply translators' work to ``catalog`` in place; returns counts and conflicts.

    A sentence repeated in the article is one PO entry and several units (``id``, ``id-2`` …): an
    edit on any copy is applied when the edited copies agree (the others untouched); copies edited to
    different texts are a conflict and the entry is left for the reviewer."""
    entries = _by_unit_id(catalog)
    document_format = catalog_format(catalog)
    fmt = document_format.name

    def plain(text: str) -> str:
        return document_format.strip_inline(text)[0]

    unchanged = copied = 0
    conflicts: list[str] = []
    unsafe: list[str] = []
    copies: dict[str, list[ExchangeUnit]] = {}  # entry's unit id → its edited copies, in file order
    for unit in units:
        entry = entries.get(_base_id(unit.id))
        if entry is None or entry.msgid != unit.source:
            conflicts.append(f"unit {unit.id}: its Italian is not in the catalog (changed since the export?)")
            continue
        edits = copies.setdefault(_base_id(unit.id), [])
        if _untouched(unit, entry, plain):
            unchanged += 1
            copied += bool(unit.target) and copies_source(unit, plain)
        else:
            edits.append(unit)
    reviewed = drafts = 0
    for base, edits in copies.items():
        if not edits:
            continue
        entry = entries[base]
        outcome = _apply(entry, edits, po_is_newer)
        if outcome in ("reviewed", "draft"):
            reviewed += outcome == "reviewed"
            drafts += outcome == "draft"
            unsafe += [
                f"line {entry.linenum}: unit {edits[0].id}: {found.message}; "
                "build publishes the Italian sentence"
                for found in unsafe_additions(entry.msgid, entry_text(entry), fmt)
            ]
        else:
            conflicts.append(outcome)
    return XliffMerge(reviewed, drafts, unchanged, tuple(conflicts), tuple(unsafe), copied)


def _apply(entry: polib.POEntry, edits: Sequence[ExchangeUnit], po_is_newer: bool) -> str:
    """Put the edited copies' text in ``entry``: "reviewed", "draft", or the conflict line."""
    where = f"line {entry.linenum}: {entry.msgid[:60]!r}"
    targets = list(dict.fromkeys(unit.target for unit in edits))
    if len(targets) > 1:
        shown = "; ".join(f"{unit.id}: {unit.target[:40]!r}" for unit in edits)
        return (
            f"{where}: copies of this sentence were given different translations ({shown}); PO left as it is"
        )
    target = targets[0]
    signed_off = all(unit.state == "reviewed" for unit in edits)  # one copy still a draft: a draft
    state = human_state(entry)  # a person's text in the PO: reviewed, or an edit in progress
    if is_plural(entry) and target != entry_text(entry):
        return f"{where}: the PO entry is plural (msgstr[N]); PO keeps it, edit the forms in the PO"
    if state and target != entry_text(entry) and (po_is_newer or (state == "reviewed" and not signed_off)):
        what = "reviewed translation" if state == "reviewed" else "edit in progress"
        why = f"{'reviewed' if state == 'reviewed' else 'edited'} in the PO after the export"
        return f"{where}: PO keeps its {what} ({why if po_is_newer else 'the XLIFF has only a draft'})"
    if state and entry_text(entry) != target:
        entry.comment = "\n".join([*entry.comment.splitlines(), Carried(state, entry.msgstr).format()])
    if not is_plural(entry):
        entry.msgstr = target
    if signed_off:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
        return "reviewed"
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    return "draft"


def _article_for(path: Path, output: Path, slug: str | None) -> ArticleFiles:
    """The article the XLIFF belongs to (``<slug>.it-en[.xliff12].xlf`` or ``--article``); a file that
    is not there is named as missing first, whatever its name says about the article."""
    if not path.is_file():
        raise InputError(path, "no such file" if not path.exists() else "not a file")
    wanted = slug or path.name.split(".it-en.", 1)[0]
    for files in find_article_files(output):
        if files.slug == wanted:
            return files
    raise InputError(path, f"no article {wanted!r} in {output} (give --article SLUG)")


MERGE_TRIES = 3  # merges into a PO a reviewer keeps saving during the import, before it stops


def import_xliff(
    path: Path, output: Path, slug: str | None = None, translator: str | None = None
) -> tuple[Path, XliffMerge]:
    """Merge ``path`` into its article's PO under the output lock; the PO is written atomically.

    When entries change, ``Last-Translator`` names ``translator``, else the XLIFF's own translator
    (``xliff12_translator``), else ``defaults.XLIFF_TRANSLATOR``: a header that still named the
    machine would label the person's work as machine translation in every TMX exported from it.

    The write is a compare-and-swap: a PO a reviewer saved while the import worked is read again and
    the XLIFF merged into their version (their save makes the PO newer than the export); after
    ``MERGE_TRIES`` saves the import stops with one line, their PO kept and ours beside it.
    """
    with output_lock(output):
        files = _article_for(path, output, slug)
        po_path = files.po
        for attempt in range(1, MERGE_TRIES + 1):
            catalog, read = load_catalog(po_path)
            if catalog is None:
                raise InputError(po_path, "no catalog")
            markup = catalog_format(catalog)  # the format of the text the catalog's entries translate
            options = ReadOptions(skeleton=skeleton(catalog), document_format=markup)
            units = FORMATS[XLIFF_READER].read(path, options)
            po_is_newer = _mtime(po_path) > _mtime(path)
            result = merge_units(catalog, units, po_is_newer=po_is_newer)
            if not (result.reviewed or result.drafts):
                break
            catalog.metadata["PO-Revision-Date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")
            catalog.metadata["Last-Translator"] = (
                translator or xliff12_translator(path) or defaults.XLIFF_TRANSLATOR
            )
            try:
                write_if_unchanged(po_path, catalog_text(catalog), read, keep_ours=attempt == MERGE_TRIES)
                break
            except FileChanged as exc:
                if exc.kept is not None:
                    raise InputError(
                        po_path,
                        f"saved by someone {attempt} times during the import: kept as they saved it; "
                        f"the imported version is in {Path(exc.kept).name}",
                    ) from None
    return po_path, result


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
