"""Prepare: one article read, segmented and matched against the glossary, with its old catalog.

Each article is prepared on its own, so a bad file costs only that article; who owns a slug's output
folder is decided here too, from what the folder's catalog records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import polib
import regex

from translate_news.documents.article import Article
from translate_news.documents.inline import InlineSpan
from translate_news.documents.registry import format_named, read_article
from translate_news.documents.sources import Source, collect_articles
from translate_news.errors import InputError
from translate_news.fileio import Fingerprint, fingerprint
from translate_news.glossary.match import Hit, Matcher, find_hits
from translate_news.layout import ArticleFiles, article_files
from translate_news.review.catalog import CatalogUnit, load_catalog
from translate_news.segmentation.segment import Segment, segment_article

__all__ = [
    "SOURCE_PATH_HEADER",
    "Prepared",
    "list_articles",
    "prepare",
    "recorded_source",
    "reread_catalog",
    "slug_owner",
]


@dataclass(frozen=True)
class Prepared:
    """An article read, segmented and matched, with its old catalog, ready to merge."""

    article: Article
    segments: tuple[Segment, ...]
    units: tuple[CatalogUnit, ...]
    plain: dict[str, tuple[str, tuple[InlineSpan, ...]]]  # msgid → MT input and markup spans
    hits: dict[str, tuple[Hit, ...]]  # msgid → glossary hits in the MT input
    phrases: dict[str, tuple[Hit, ...]]  # text inside Markdown spans → its glossary hits
    files: ArticleFiles
    old: polib.POFile | None
    source_path: str  # the article's identity: its path under the folder named, recorded in the PO
    source_root: Path  # the folder named on the command line (a file's own folder)
    po_read: Fingerprint  # the catalog's bytes as read: its write is a compare-and-swap against them
    english_read: Fingerprint  # the English article's bytes when the article was read, likewise
    # the input's bytes, taken before it is read: an edit meanwhile never passes for what was translated
    source_read: Fingerprint = Fingerprint(None)
    slug_prefix: str = ""  # the source's folder below the one named, as its slug's prefix


SOURCE_PATH_HEADER = "X-Source-Path"


def list_articles(folder: Path) -> list[Path]:
    """The articles directly in ``folder`` (what ``run FOLDER`` translates)."""
    if not folder.is_dir():
        raise InputError(folder, "no such folder of articles")
    return [source.path for source in collect_articles([folder])[0]]


# What a PO header value cannot hold: a line break (polib splits the header at every one
# ``str.splitlines`` knows), another control character, or a surrogate (a name not in UTF-8).
_UNRECORDABLE = regex.compile(r"[\p{Cc}\p{Cs}\u2028\u2029]")


def _escaped(text: str) -> str:
    """``text`` on one line: what the header cannot hold written as ``\\n``, ``\\x07``, ``\\udcff``."""
    return _UNRECORDABLE.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


def prepare(path: Path | Source, matcher: Matcher | None, output: Path) -> Prepared:
    source = path if isinstance(path, Source) else Source(path, "", path.name, path.parent)
    path = source.path
    bad = _UNRECORDABLE.search(source.identity)
    if bad is not None:
        raise InputError(
            _escaped(str(path)),
            f"the file name holds U+{ord(bad[0]):04X}, which the catalog's {SOURCE_PATH_HEADER} header "
            "cannot record: rename the file",
        )
    source_read = fingerprint(path)  # before the read (``pipeline.trust``)
    article = read_article(path)
    if source.slug_prefix:
        article = replace(article, slug=source.slug_prefix + article.slug)
    segments = segment_article(article)
    files = article_files(output, article.slug, article.format)
    ref = files.source.name  # "#: <slug>.it.txt:LINE": the snapshot beside the PO, never a cwd path
    occurrences: dict[str, list[tuple[str, str]]] = {}
    plain: dict[str, tuple[str, tuple[InlineSpan, ...]]] = {}
    hits: dict[str, tuple[Hit, ...]] = {}
    phrases: dict[str, tuple[Hit, ...]] = {}
    strip = format_named(article.format).strip_inline
    for seg in segments:
        occurrences.setdefault(seg.text, []).append((ref, str(seg.line)))
        if seg.text not in plain:
            text, spans = strip(seg.text)
            plain[seg.text] = (text, spans)
            hits[seg.text] = _hits(matcher, text)
            for span in spans:
                phrase = text[span.start : span.end]
                phrases[phrase] = _hits(matcher, phrase)
    units = tuple(CatalogUnit(msgid, tuple(occ)) for msgid, occ in occurrences.items())
    english_read = fingerprint(files.english)
    old, po_read = load_catalog(files.po)
    return Prepared(
        article,
        tuple(segments),
        units,
        plain,
        hits,
        phrases,
        files,
        old,
        source.identity,
        source.root,
        po_read,
        english_read,
        source_read,
        source.slug_prefix,
    )


def reread_catalog(item: Prepared) -> Prepared:
    """``item`` with the catalog as it is on disk now: a person saved it while the run worked, and
    their version is the newer input the run's drafts are merged into."""
    old, po_read = load_catalog(item.files.po)
    return replace(item, old=old, po_read=po_read)


def _hits(matcher: Matcher | None, text: str) -> tuple[Hit, ...]:
    return tuple(find_hits(matcher, text)) if matcher is not None else ()


def recorded_source(catalog: polib.POFile | None) -> str | None:
    return catalog.metadata.get(SOURCE_PATH_HEADER) or None if catalog is not None else None


def slug_owner(items: Sequence[Prepared]) -> Prepared | None:
    """The article that owns a slug's output folder: the one its catalog records; a renamed article
    (its recorded file is gone, one claimant) takes it over; with no record, the one whose source
    snapshot it is, else the first by name. Everyone else is a newcomer and is refused."""
    recorded = recorded_source(items[0].old)
    if recorded is not None:
        owner = next((i for i in items if i.source_path == recorded), None)
        if owner is None and len(items) == 1 and not (items[0].source_root / recorded).exists():
            owner = items[0]
        return owner
    snapshot = items[0].files.source
    if items[0].old is not None and snapshot.exists():
        text = snapshot.read_text(encoding="utf-8", errors="replace")
        same = [i for i in items if i.article.source == text]
        if same:
            return same[0]
    return items[0]
