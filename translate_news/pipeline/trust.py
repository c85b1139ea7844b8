"""Trust: a re-run skips an article whose files all hold the bytes the last run wrote for it.

The reviewer's loop re-runs a whole folder after every editing pass; re-reading, re-merging and
re-checking thousands of unchanged catalogs is work a hash can prove unnecessary. After each
article's write the run records, in the output folder's memory (``memory.store``, table
``trusted``), the SHA-256 of the input article's bytes, of every file it wrote (catalog, snapshot,
English article, exchange files), a key of every run input the outputs depend on (glossary bytes,
model, decoding and localization options, exchange formats, the tool's version, the source's folder
and slug prefix), and a digest of the memory's reviewed translations of the article's sentences (a
review harvested elsewhere would change the article's drafts).

A later run trusts the article only when every one of those is still the same, its slug is not taken
earlier in the run and no file of another input format is there; anything else, a person's edit to
any byte above all, takes the full path as before. Losing the table costs one full re-run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import polib

from translate_news import __version__
from translate_news.documents.sources import Source
from translate_news.exchange import TMUnit
from translate_news.fileio import Fingerprint, read_or_none
from translate_news.layout import article_files, other_formats
from translate_news.memory.store import TranslationMemory, TrustRow
from translate_news.pipeline.prepare import Prepared
from translate_news.pipeline.runrecord import RunRecord
from translate_news.review.catalog import human_state, is_plural

__all__ = [
    "Counts",
    "Trusted",
    "article_key",
    "candidates",
    "digest",
    "inputs_key",
    "kept_on_rerun",
    "reviewed_digest",
    "split_by_reviews",
    "trust_row",
]


@dataclass(frozen=True)
class Counts:
    """What the run summary counts for an article, as a full re-run of it would count them."""

    fmt: str
    segments: int = 0
    words: int = 0
    long_segments: int = 0
    kept: int = 0
    italian: int = 0
    refused: int = 0
    italian_targets: int = 0


@dataclass(frozen=True)
class Trusted:
    """An article whose files and source still hold what the last run recorded."""

    index: int  # its place in the chunk
    source: Source
    slug: str
    sentences: tuple[str, ...]
    reviewed: str
    counts: Counts


def digest(data: str | bytes | None) -> str | None:
    """SHA-256 of the bytes as written (text in UTF-8), the same as ``fileio.Fingerprint``."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return Fingerprint.of(raw).digest


def inputs_key(record: RunRecord, model_key: str, exchanges: Sequence[str]) -> str:
    """Every run-wide input the outputs depend on, hashed: a glossary edit, another model, beam size,
    localization style, exchange format list or translate-news version makes no article trusted."""
    payload = {
        "glossary": record.glossary.sha256,
        "model": dict(record.model),
        "model_key": model_key,
        "options": dict(record.options),
        "exchanges": list(exchanges),
        "tool": __version__,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def article_key(inputs: str, source: Source) -> str:
    """The run inputs plus where the source was found: its folder and slug prefix make its slug."""
    where = f"{inputs}\0{Path(source.root).absolute()}\0{source.slug_prefix}"
    return hashlib.sha256(where.encode("utf-8")).hexdigest()


def kept_on_rerun(catalog: polib.POFile) -> int:
    """How many live entries a re-run would keep as people left them (``plan_catalog``'s "keep")."""
    return sum(
        1
        for entry in catalog
        if entry.msgid
        and entry.msgctxt is None  # a variant a person added is not ours to plan (``_own_entries``)
        and not entry.obsolete
        and (human_state(entry) is not None or is_plural(entry))
    )


def reviewed_digest(sentences: Iterable[str], reviewed: Mapping[str, TMUnit]) -> str:
    """The memory's reviews of these sentences, hashed: one added or changed since changes it."""
    found = sorted(
        (s, u.target, u.article, u.reviewer, u.date)
        for s in set(sentences)
        if (u := reviewed.get(s)) is not None
    )
    return hashlib.sha256(json.dumps(found, ensure_ascii=False).encode("utf-8")).hexdigest()


def trust_row(
    item: Prepared, key: str, files: Sequence[tuple[str, str | None]], counts: Counts, reviewed: str
) -> TrustRow | None:
    """The row recorded after ``item`` was written; None when its source could not be fingerprinted."""
    source = item.source_read.digest
    if source is None:
        return None
    return TrustRow(
        item.source_path,
        key,
        item.article.slug,
        source,
        json.dumps(dict(files), sort_keys=True),
        json.dumps([u.msgid for u in item.units], ensure_ascii=False),
        reviewed,
        json.dumps(asdict(counts)),
    )


def candidates(
    sources: Sequence[Source], rows: Mapping[str, TrustRow], inputs: str, output: Path, taken: Container[str]
) -> list[Trusted]:
    """The chunk's articles whose source, files and inputs match their row (the reviews are checked
    by :func:`split_by_reviews`, once the chunk's changed catalogs are harvested)."""
    found = []
    for index, source in enumerate(sources):
        row = rows.get(source.identity)
        if row is None or row.key != article_key(inputs, source) or row.slug in taken:
            continue
        trusted = _matching(index, source, row, output)
        if trusted is not None:
            found.append(trusted)
    return found


def _matching(index: int, source: Source, row: TrustRow, output: Path) -> Trusted | None:
    try:
        if digest(read_or_none(source.path)) != row.source:
            return None
        counts = Counts(**json.loads(row.counts))
        files = article_files(output, row.slug, counts.fmt)
        recorded: dict[str, str | None] = json.loads(row.files)
        if any(digest(read_or_none(files.folder / name)) != sha for name, sha in recorded.items()):
            return None
        if other_formats(files):
            return None
        sentences = tuple(json.loads(row.sentences))
    except (OSError, ValueError, TypeError):  # unreadable now, or a row we cannot read: the full path
        return None
    return Trusted(index, source, row.slug, sentences, row.reviewed, counts)


def split_by_reviews(
    found: Sequence[Trusted], memory: TranslationMemory
) -> tuple[list[Trusted], list[Trusted]]:
    """(still trusted, stale): stale when the memory's reviews of its sentences changed since."""
    reviewed = memory.lookup_reviewed_many({s for t in found for s in t.sentences})
    trusted, stale = [], []
    for item in found:
        (trusted if reviewed_digest(item.sentences, reviewed) == item.reviewed else stale).append(item)
    return trusted, stale
