"""Write: merge an article's drafts into its catalog and write everything derived from the catalog
(the exchange formats of the registry and the English article), each file atomically and only when
its bytes change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import polib

from translate_news.documents.article import Article
from translate_news.documents.assemble import assemble_article
from translate_news.documents.frontmatter import unwritable_in
from translate_news.documents.publish import unsafe_additions
from translate_news.documents.registry import format_named
from translate_news.errors import InputError
from translate_news.exchange import FORMATS as EXCHANGE_FORMATS
from translate_news.exchange import ArticleContext, ExchangeUnit, TMUnit, exchange_format
from translate_news.facts.localize import LocalizeSettings
from translate_news.fileio import Fingerprint, write_if_changed, write_if_unchanged
from translate_news.glossary.model import Glossary
from translate_news.identity import sentence_key
from translate_news.layout import ArticleFiles, other_formats
from translate_news.mt.enforce import Translation
from translate_news.pipeline.drafts import _drafts, person_qa_notes
from translate_news.pipeline.prepare import SOURCE_PATH_HEADER, Prepared
from translate_news.pipeline.trust import digest, kept_on_rerun
from translate_news.provenance import PERSON, machine_author
from translate_news.qa.checks import italian_target
from translate_news.review.catalog import (
    Decision,
    MergeStats,
    catalog_text,
    entry_status,
    entry_text,
    human_state,
    is_reviewed,
    merge_catalog,
    provenance_of,
)
from translate_news.segmentation.segment import Segment

__all__ = [
    "Outputs",
    "SentenceEntries",
    "Unreviewed",
    "entries_by_sentence",
    "unreviewed_sentences",
    "write_article",
    "write_outputs",
]


def _write_article(
    item: Prepared,
    plan: dict[str, Decision],
    translations: Mapping[str, tuple[Translation, str]],
    reviewed: Mapping[str, TMUnit],
    glossary: Glossary | None,
    exchanges: tuple[str, ...] = tuple(EXCHANGE_FORMATS),
    settings: LocalizeSettings | None = None,
    last_try: bool = True,
    *,
    recorded: Mapping[str, TMUnit] | None = None,
) -> tuple[MergeStats, Outputs]:
    """Merge and write one article. A catalog a person saved since the run read it raises
    :class:`FileChanged` before anything is written (the driver re-reads it and merges again; on the
    ``last_try`` the run's catalog goes beside theirs); so does an English article they saved, after
    the catalog is written (theirs stays, the run's goes beside it)."""
    drafts = _drafts(item, plan, translations, reviewed, glossary, settings)
    metadata = {
        "Project-Id-Version": item.article.slug,
        "X-Source-File": item.files.source.name,
        SOURCE_PATH_HEADER: item.source_path,
    }
    person_qa = person_qa_notes(item, plan, glossary)  # a person's text is checked, not the draft it replaced
    catalog, stats = merge_catalog(item.old, item.units, plan, drafts, metadata, person_qa)
    files = item.files
    # The catalog first, then the snapshot it was made from: if either write fails, ``build`` still
    # pairs the old snapshot with entries that translate it (old live or obsolete ones).
    text = _catalog_text_keeping_date(catalog, item.old)
    write_if_unchanged(files.po, text, item.po_read, keep_ours=last_try)
    write_if_changed(files.source, item.article.source)
    written = ((files.po.name, digest(text)), (files.source.name, digest(item.article.source)))
    outputs = write_outputs(
        item.article,
        item.segments,
        catalog,
        files,
        exchanges=exchanges,
        english=item.english_read,
        recorded=recorded,
    )
    # Last, once the catalog names the new snapshot: a run killed before this leaves both snapshots,
    # and ``build`` takes the one the catalog names. What people wrote is in the catalog and the memory.
    retired = 0
    for path in other_formats(files):
        path.unlink(missing_ok=True)
        retired += 1
    written += outputs.files
    return stats, replace(outputs, retired=retired, files=written, kept_on_rerun=kept_on_rerun(catalog))


def _catalog_text_keeping_date(catalog: polib.POFile, old: polib.POFile | None) -> str:
    """The catalog's text; ``POT-Creation-Date`` moves only when the source sentences changed."""
    if old is not None and old.metadata.get("POT-Creation-Date") and _sources(old) == _sources(catalog):
        catalog.metadata["POT-Creation-Date"] = old.metadata["POT-Creation-Date"]
    return catalog_text(catalog)


def _sources(catalog: polib.POFile) -> list[str]:
    """Sorted: an editor that sorts the entries (``msgcat --sort-output``) changes no sentence."""
    return sorted(entry.msgid for entry in catalog if entry.msgid and not entry.obsolete)


class SentenceEntries:
    """A catalog's entries as the English article looks them up: the entry of the exact sentence
    first (identity-folded twins, ``l'anno`` and ``l’anno``, each get their own text), else one of the
    same sentence key (a snapshot re-saved in other quotes or NFD); live entries over obsolete ones
    (a snapshot older than its catalog still finds its translations)."""

    def __init__(self, catalog: polib.POFile) -> None:
        self.exact: dict[str, polib.POEntry] = {}
        self.folded: dict[str, polib.POEntry] = {}
        for entry in catalog:
            if entry.msgid and entry.msgctxt is None:
                for index, key in ((self.exact, entry.msgid), (self.folded, sentence_key(entry.msgid))):
                    if key not in index or index[key].obsolete:
                        index[key] = entry

    def get(self, sentence: str) -> polib.POEntry | None:
        found = self.exact.get(sentence)
        if found is None or found.obsolete:
            folded = self.folded.get(sentence_key(sentence))
            if found is None or (folded is not None and not folded.obsolete):
                found = folded
        return found


UnreviewedState = Literal["machine draft", "unfinished edit", "untranslated"]


@dataclass(frozen=True)
class Unreviewed:
    """A sentence the English article would publish without a person's approval, where to find it."""

    line: int | None  # the PO entry's line; None when the catalog has no entry for the sentence
    msgid: str
    state: UnreviewedState  # our fuzzy draft, a person's fuzzy edit, or no translation in the catalog


def unreviewed_sentences(segments: Sequence[Segment], entries: SentenceEntries) -> tuple[Unreviewed, ...]:
    """The article's sentences whose entry is not reviewed (fuzzy or untranslated), each once, in
    document order: what ``build`` would publish as a draft, or the MT cache's text, or the Italian."""
    found: dict[str, Unreviewed] = {}
    for seg in segments:
        if seg.text in found:
            continue
        entry = entries.get(seg.text)
        if entry is not None and is_reviewed(entry):
            continue
        if entry is None or not entry_text(entry):
            state: UnreviewedState = "untranslated"
        else:
            state = "unfinished edit" if human_state(entry) == "in progress" else "machine draft"
        found[seg.text] = Unreviewed(entry.linenum if entry is not None else None, seg.text, state)
    return tuple(found.values())


def _entries_by_sentence(catalog: polib.POFile) -> SentenceEntries:
    return SentenceEntries(catalog)


@dataclass(frozen=True)
class Outputs:
    """What the English article shows untranslated: segments with no translation at all, and
    segments whose translation is the Italian source or mostly Italian words (a CAT tool's "copy
    source to target", an MT echo)."""

    italian: int = 0
    refused: int = 0  # translations adding unsafe markup (``documents.publish``): the page keeps the Italian
    italian_targets: int = 0
    retired: int = 0  # files of the article's former input format removed (x.html replaced by x.md)
    files: tuple[tuple[str, str | None], ...] = ()  # (name, SHA-256) of each file as written (``trust``)
    kept_on_rerun: int = 0  # entries an unchanged re-run would keep as people left them


def write_outputs(
    article: Article,
    segments: Sequence[Segment],
    catalog: polib.POFile,
    files: ArticleFiles,
    fallback: Mapping[str, str] | None = None,
    exchanges: tuple[str, ...] = tuple(EXCHANGE_FORMATS),
    *,
    english: Fingerprint,
    recorded: Mapping[str, TMUnit] | None = None,
) -> Outputs:
    """Everything derived from the catalog: each exchange format of the registry and the English article.

    ``english`` is what the English article held when the command read its inputs: a person's save
    since then is kept and the command's version written beside it (:class:`FileChanged` raised).

    The article's name in every file is the folder's slug, so ``run`` and ``build`` write the same bytes.
    An entry without a translation takes ``fallback`` (machine drafts by source), never the Italian;
    returns how many segments are left in Italian all the same, and how many translations are Italian.
    A translation that adds markup the page must not publish (``documents.publish``) is refused: the
    page keeps that Italian sentence, while the catalog and the exchange files keep the person's text
    for them to fix.

    ``recorded`` (the memory's reviews, by sentence) names who made a reviewed text in the exchange
    files, where the memory holds that very text; otherwise it is a person's, unnamed.
    """
    entries = _entries_by_sentence(catalog)
    fallback = fallback or {}
    units = []
    targets: dict[str, str] = {}
    italian = refused = italian_targets = 0
    document_format = format_named(article.format)
    strip = document_format.strip_inline
    for seg in segments:
        entry = entries.get(seg.text)
        target = entry_text(entry) if entry else ""
        status = entry_status(entry) if entry else "untranslated"
        if not target and fallback.get(seg.text):
            target, status = fallback[seg.text], "fuzzy"
        italian += not target
        italian_targets += bool(target) and italian_target(strip(seg.text)[0], strip(target)[0]) is not None
        if target and unsafe_additions(seg.text, target, article.format):
            refused += 1
        elif target:
            _check_writable(article, seg, target, files, entry)
            targets[seg.id] = document_format.for_page(target)
        state = {"reviewed": "reviewed", "fuzzy": "translated", "untranslated": "initial"}[status]
        notes = tuple(entry.comment.splitlines()) if entry else ()
        if not target:
            made_by = ""
        elif entry is not None and entry_text(entry):
            made_by = _made_by(entry, (recorded or {}).get(seg.text))
        else:
            made_by = "mt"  # a machine draft from the memory's cache
        comments = tuple(entry.tcomment.splitlines()) if entry is not None and entry.tcomment else ()
        units.append(
            ExchangeUnit(seg.id, seg.text, target, state, notes, seg.line, made_by=made_by, comments=comments)
        )
    context = ArticleContext(files.slug, files.source.name, document_format)
    written = []
    for name in exchanges:
        exchange = exchange_format(name)  # a format of the registry, or its --xliff-profile variant
        data = exchange.write(units, context)
        write_if_changed(files.folder / f"{files.slug}{exchange.suffix}", data)
        written.append((f"{files.slug}{exchange.suffix}", digest(data)))
    text = document_format.finish(assemble_article(article, segments, targets))
    write_if_unchanged(files.english, text, english, keep_ours=True)
    written.append((files.english.name, digest(text)))
    return Outputs(italian, refused, italian_targets, files=tuple(written))


def _made_by(entry: polib.POEntry, recorded: TMUnit | None) -> str:
    """Who made the entry's text, from what happened to it: our untouched machine draft says its
    model; anything else in the catalog is a person's (reviewed, or an edit not approved yet), named
    as the memory recorded them when it first saw this very text."""
    if human_state(entry) is None:
        return machine_author(provenance_of(entry))
    if recorded is not None and recorded.reviewer and recorded.target == entry_text(entry):
        return recorded.reviewer
    return PERSON


def _check_writable(
    article: Article, seg: Segment, target: str, files: ArticleFiles, entry: polib.POEntry | None
) -> None:
    """A front-matter translation with a control character its YAML scalar cannot hold (single-quoted
    or block style: no escapes) is refused with the PO line, before any file of the article is written
    from it; a double-quoted or plain value gets YAML escapes instead."""
    style = article.blocks[seg.block].style
    bad = unwritable_in(target, style) if style else None
    if bad is not None:
        raise InputError(
            files.po,
            f"the translation holds {bad}: YAML has no way to write that control character in the "
            "English front matter; remove it",
            entry.linenum if entry is not None else None,
        )


write_article = _write_article
entries_by_sentence = _entries_by_sentence
