"""The run and the build: the driver that holds the run's state (the output lock, the translation
memory, the slugs taken so far) and streams articles through the stages chunk by chunk.

A run reads a bounded number of articles at a time (``RunConfig.chunk_size``): prepare → plan → memory
lookup → MT (through the executor; the MT cache written per finished batch) → drafts → write, before
it reads the next chunk. Nothing of an article is kept once its chunk is written, so memory does not
grow with the run, and a run killed at any point keeps every finished article and every finished MT
batch: the next run translates only what is left. Deduplication is run-wide through the MT cache.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from translate_news import defaults
from translate_news.documents.publish import unsafe_additions
from translate_news.documents.registry import format_named, read_article
from translate_news.documents.sources import Skipped, Source, list_sources
from translate_news.errors import InputError
from translate_news.exchange import FORMATS as EXCHANGE_FORMATS
from translate_news.exchange import TMUnit
from translate_news.facts.localize import LocalizeSettings
from translate_news.fileio import FileChanged, fingerprint, output_lock
from translate_news.glossary.match import Matcher, build_matcher
from translate_news.glossary.model import Glossary, load_glossary
from translate_news.layout import find_article_files, snapshot_of
from translate_news.memory.store import TranslationMemory, memory_path, safe_iso_date
from translate_news.mt.enforce import Translation
from translate_news.mt.engine import LENGTH_PENALTY, EngineOptions
from translate_news.pipeline import trust
from translate_news.pipeline.executor import Executor, ExecutorSettings, open_executor
from translate_news.pipeline.prepare import (
    Prepared,
    list_articles,
    prepare,
    recorded_source,
    reread_catalog,
    slug_owner,
)
from translate_news.pipeline.runrecord import (
    RecordedGlossary,
    RunRecord,
    file_sha256,
    finished,
    now_iso,
    write_record,
)
from translate_news.pipeline.translate import (
    ENFORCEMENT_VERSION,
    MTSetup,
    machine_translations,
    mt_settings_key,
)
from translate_news.pipeline.write import (
    Outputs,
    Unreviewed,
    entries_by_sentence,
    unreviewed_sentences,
    write_article,
    write_outputs,
)
from translate_news.provenance import person_name
from translate_news.review.catalog import (
    Decision,
    MergeStats,
    entry_text,
    human_pairs,
    plan_catalog,
    read_catalog,
)
from translate_news.segmentation.segment import missed_boundary, segment_article

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "ENFORCEMENT_VERSION",
    "Built",
    "Progress",
    "Reporter",
    "RunConfig",
    "RunSummary",
    "TakenSlugs",
    "build_output",
    "list_articles",
    "mt_settings_key",
    "prepare",
    "run",
    "write_outputs",
]

DEFAULT_CHUNK_SIZE = defaults.CHUNK_SIZE
WRITE_TRIES = 3  # merges into a catalog people keep saving while the run works, before it stops


@dataclass(frozen=True)
class RunConfig:
    articles: Path | tuple[Path, ...]  # files and folders
    output: Path
    glossary: Path | None
    model: Path | None = None
    engine: EngineOptions = field(default_factory=EngineOptions)
    recursive: bool = False  # walk subfolders; slugs get the relative folder as a prefix
    exchanges: tuple[str, ...] = tuple(EXCHANGE_FORMATS)  # names in exchange.FORMATS to write
    localize: LocalizeSettings = field(default_factory=LocalizeSettings)  # English style of MT output
    chunk_size: int = DEFAULT_CHUNK_SIZE  # articles read, translated and written at a time
    executor: ExecutorSettings = field(default_factory=ExecutorSettings)  # where MT runs: local or Ray
    repair_names: bool = True  # re-decode a draft that dropped a source name (False: a QA note only)
    glossary_origin: str = ""  # why this glossary (or none): kept in the run record for later commands


@dataclass
class RunSummary:
    """The run's counts. Sentence counts are unique per chunk and summed over chunks: a sentence
    translated in one chunk and met again in a later one counts once as machine-translated and then
    as from the MT cache (with one chunk, as with ``--chunk-size`` over the article count, they are
    unique over the run)."""

    articles: int = 0
    failed: int = 0
    segments: int = 0
    words: int = 0
    translated: int = 0  # unique sentences sent to MT
    cached: int = 0
    from_memory: int = 0
    kept: int = 0  # entries kept as people left them
    changed: int = 0  # sentences whose source changed: fuzzy with the previous msgid
    long_segments: int = 0  # segments over 400 characters with ". " + capital inside: a missed boundary?
    obsoleted: int = 0  # sentences gone from the source: obsolete entries
    italian: int = 0  # segments whose English article still shows the Italian (each has a QA note)
    refused: int = 0  # translations with unsafe markup (``documents.publish``): the page shows the Italian
    italian_targets: int = 0  # segments whose translation is the Italian source or mostly Italian
    retired: int = 0  # articles whose input format changed: the old snapshot and outputs removed
    trusted: int = 0  # articles whose files still held what the last run wrote: skipped (``trust``)
    chunks: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


@dataclass(frozen=True)
class Progress:
    """How far a run is, as the driver tells its reporter after each article and MT batch."""

    articles: int  # done: written or failed
    total: int  # articles in the run
    segments: int  # segments of the articles written
    translated: int  # sentences machine-translated so far, the chunk in flight included
    seconds: float  # since the run started


class Reporter:
    """What a run tells its user; the CLI shows progress on a terminal, tests use this silent default."""

    def error(self, error: InputError) -> None:
        pass

    def update(self, progress: Progress) -> None:
        pass

    def finish(self) -> None:
        pass


class _Tracker:
    """The driver's running counts for progress reports (the summary holds the finished ones)."""

    def __init__(self, reporter: Reporter, total: int, summary: RunSummary, started: float) -> None:
        self.reporter, self.total, self.summary, self.started = reporter, total, summary, started
        self.in_flight = 0  # MT sentences finished in the chunk being translated

    def tick(self, translated: int = 0) -> None:
        self.in_flight += translated
        s = self.summary
        self.reporter.update(
            Progress(
                s.articles + s.failed,
                self.total,
                s.segments,
                s.translated + self.in_flight,
                time.perf_counter() - self.started,
            )
        )


def run(config: RunConfig, reporter: Reporter | None = None) -> RunSummary:
    reporter = reporter or Reporter()
    started = time.perf_counter()
    summary = RunSummary()
    inputs = config.articles if isinstance(config.articles, tuple) else (config.articles,)
    sources, summary.skipped = list_sources(inputs, config.recursive)  # compact: see SourceList
    glossary = load_glossary(config.glossary) if config.glossary else None
    matcher = build_matcher(glossary) if glossary else None
    setup = MTSetup(config.model, config.engine, glossary, config.repair_names)
    executor = open_executor(config.executor)  # Ray connects on first use (a run with no articles never)
    tracker = _Tracker(reporter, len(sources), summary, started)
    for refused in _named_but_skipped(inputs, summary):
        _failed(InputError(refused.path, f"not an article: {refused.reason}"), summary, tracker)
    try:
        with output_lock(config.output), TranslationMemory(memory_path(config.output)) as memory:
            taken = TakenSlugs(memory)  # slugs whose output folder an article took earlier in this run
            # Before the first article: from here on the folder holds this run's drafts.
            record = run_record(config, glossary, setup)
            write_record(config.output, record)
            trust_key = _trust_key(record, setup, config)
            for chunk in sources.chunks(config.chunk_size):
                _run_chunk(
                    chunk, config, matcher, setup, memory, executor, taken, summary, tracker, trust_key
                )
                taken.flush()
                summary.chunks += 1
            write_record(config.output, finished(record))
    finally:
        executor.close()
        reporter.finish()
    summary.seconds = time.perf_counter() - started
    return summary


class TakenSlugs:
    """The slugs whose output folder an article took earlier in the run, as a set is used (``in``,
    ``add``, ``update``) but kept in the memory's ``run_slugs`` table: a run-wide set grew with the
    articles (issue 24: about 100 bytes a slug, 6 MB at 60,000). Only the chunk in hand's own slugs are
    held, until :meth:`flush` records them at its end."""

    def __init__(self, memory: TranslationMemory) -> None:
        self.memory = memory
        self.pending: set[str] = set()
        memory.clear_run_slugs()

    def __contains__(self, slug: object) -> bool:
        return slug in self.pending or (isinstance(slug, str) and self.memory.has_run_slug(slug))

    def add(self, slug: str) -> None:
        self.pending.add(slug)

    def update(self, slugs: Iterable[str]) -> None:
        self.pending.update(slugs)

    def flush(self) -> None:
        """Record the chunk's slugs in the memory, in one transaction, and let go of them here."""
        if self.pending:
            self.memory.add_run_slugs(self.pending)
            self.pending = set()


def run_record(config: RunConfig, glossary: Glossary | None, setup: MTSetup) -> RunRecord:
    """What this run uses, for ``check``, ``build`` and ``status`` to go by. The model is resolved as
    MT would resolve it (then kept); one that cannot be is recorded as asked for, with the reason, and
    fails only where MT needs it, as before."""
    path = config.glossary.resolve() if config.glossary is not None else None
    recorded = RecordedGlossary(
        str(path) if path is not None else None,
        file_sha256(path) if path is not None else None,
        glossary.version if glossary is not None else None,
        config.glossary_origin or ("--glossary" if path is not None else "--no-glossary"),
    )
    requested = str(config.model.resolve()) if config.model is not None else None
    try:
        info = setup.model
        model = {"name": info.name, "version": info.version, "path": str(info.path), "requested": requested}
    except InputError as exc:
        model = {"name": None, "version": None, "path": None, "requested": requested, "error": str(exc)}
    options = {
        "beam_size": config.engine.beam_size,
        "max_decoding_length": config.engine.max_decoding_length,
        "length_penalty": LENGTH_PENALTY,
        "compute_type": config.engine.compute_type,
        "device": config.engine.device,
        "executor": config.executor.name,
        "ray_gpus_per_actor": config.executor.gpus_per_actor,
        "name_repair": config.repair_names,
        "money_style": config.localize.money,
        "date_style": config.localize.date,
        "enforcement": ENFORCEMENT_VERSION,
    }
    return RunRecord(now_iso(), recorded, model, options)


def _trust_key(record: RunRecord, setup: MTSetup, config: RunConfig) -> str:
    """The run inputs an article's trust row must have been written with (``pipeline.trust``)."""
    try:
        model_key = setup.model.key
    except InputError:
        model_key = ""
    return trust.inputs_key(record, model_key, config.exchanges)


def _run_chunk(
    chunk: Sequence[Source],
    config: RunConfig,
    matcher: Matcher | None,
    setup: MTSetup,
    memory: TranslationMemory,
    executor: Executor,
    taken: TakenSlugs,
    summary: RunSummary,
    tracker: _Tracker,
    trust_key: str = "",
) -> None:
    """One chunk from reading to writing; nothing of it outlives the call but the summary's counts.

    Articles whose files still hold what the last run wrote are skipped (:func:`_trusted_first`).
    A catalog a person saved while the chunk was translated is read again and the chunk's drafts are
    merged into their version as a re-run would (their work harvested to the memory first); after
    ``WRITE_TRIES`` such saves the article stops with one line, both versions kept.
    """
    prepared = _trusted_first(chunk, config, matcher, memory, executor, taken, summary, tracker, trust_key)
    for attempt in range(1, WRITE_TRIES + 1):
        changed = _merge_and_write(
            prepared, config, setup, memory, executor, summary, tracker, attempt, trust_key
        )
        prepared = []
        for item in changed:
            try:
                prepared.append(reread_catalog(item))
            except InputError as exc:  # they saved a broken catalog: theirs stays, untouched
                _failed(exc, summary, tracker)
        if not prepared:
            return


def _trusted_first(
    chunk: Sequence[Source],
    config: RunConfig,
    matcher: Matcher | None,
    memory: TranslationMemory,
    executor: Executor,
    taken: TakenSlugs,
    summary: RunSummary,
    tracker: _Tracker,
    trust_key: str,
) -> list[Prepared]:
    """The chunk's articles to prepare and write; the trusted ones are counted and skipped.

    A candidate (source, files and inputs as recorded) owns its slug, as its catalog records it; the
    others are prepared and their catalogs harvested first, so a review one of them brings to the
    memory makes a candidate that would take it stale, and stale ones are prepared too."""
    rows = memory.trusted_many(source.identity for source in chunk) if trust_key else {}
    found = trust.candidates(chunk, rows, trust_key, config.output, taken) if rows else []
    if not found:
        return _prepare_all(chunk, matcher, config.output, executor, taken, summary, tracker)
    taken.update(t.slug for t in found)
    skip = {t.index for t in found}
    rest = [source for n, source in enumerate(chunk) if n not in skip]
    prepared = _prepare_all(rest, matcher, config.output, executor, taken, summary, tracker)
    for item in prepared:
        _harvest_reviews(item, memory)
    trusted, stale = trust.split_by_reviews(found, memory)
    for t in trusted:
        summary.trusted += 1
        _count_article(t.counts, summary)
        tracker.tick()
    for item in executor.map_ordered(
        partial(_prepare_task, matcher, config.output), [t.source for t in stale]
    ):
        if isinstance(item, InputError):
            _failed(item, summary, tracker)
        else:
            prepared.append(item)
    order = {source.path: n for n, source in enumerate(chunk)}
    return sorted(prepared, key=lambda p: order[p.article.path])


def _article_counts(item: Prepared, outputs: Outputs, kept: int) -> trust.Counts:
    """What the summary counts for one written article (``kept``: entries kept as people left them)."""
    return trust.Counts(
        item.article.format,
        len(item.segments),
        sum(len(s.text.split()) for s in item.segments),
        sum(missed_boundary(s.text) for s in item.segments),
        kept,
        outputs.italian,
        outputs.refused,
        outputs.italian_targets,
    )


def _count_article(counts: trust.Counts, summary: RunSummary) -> None:
    """One article in the summary, written now or trusted from the last run alike."""
    summary.articles += 1
    summary.segments += counts.segments
    summary.words += counts.words
    summary.long_segments += counts.long_segments
    summary.kept += counts.kept
    summary.italian += counts.italian
    summary.refused += counts.refused
    summary.italian_targets += counts.italian_targets


def _record_trust(
    written: Sequence[tuple[Prepared, Outputs]],
    failed: Sequence[Prepared],
    memory: TranslationMemory,
    trust_key: str,
) -> None:
    """After a chunk's writes: what each article's files now hold, for the next run to trust; an
    article that failed loses its row (its next run takes the full path)."""
    if failed:
        memory.forget_trusted_many(item.source_path for item in failed)
    if not written or not trust_key:
        return
    reviewed = memory.lookup_reviewed_many({u.msgid for item, _ in written for u in item.units})
    rows = []
    for item, outputs in written:
        counts = _article_counts(item, outputs, outputs.kept_on_rerun)
        digest = trust.reviewed_digest((u.msgid for u in item.units), reviewed)
        row = trust.trust_row(
            item, trust.article_key(trust_key, _source_of(item)), outputs.files, counts, digest
        )
        if row is not None:
            rows.append(row)
    memory.put_trusted_many(rows)


def _source_of(item: Prepared) -> Source:
    return Source(item.article.path, item.slug_prefix, item.source_path, item.source_root)


def _merge_and_write(
    prepared: Sequence[Prepared],
    config: RunConfig,
    setup: MTSetup,
    memory: TranslationMemory,
    executor: Executor,
    summary: RunSummary,
    tracker: _Tracker,
    attempt: int,
    trust_key: str = "",
) -> list[Prepared]:
    """Harvest, plan, translate and write ``prepared``; returns the articles whose catalog a person
    saved since it was read (nothing of theirs written yet), to merge again."""
    for item in prepared:
        _harvest_reviews(item, memory)
    plans = {item.article.slug: plan_catalog(item.old, [u.msgid for u in item.units]) for item in prepared}
    needed = [
        (item, msgid)
        for item in prepared
        for msgid, d in plans[item.article.slug].items()
        if d.kind != "keep"
    ]
    reviewed = _publishable(memory.lookup_reviewed_many({msgid for _, msgid in needed}), needed)
    # who the memory records made each sentence's reviewed text, for the exchange files to say so
    recorded = memory.lookup_reviewed_many({unit.msgid for item in prepared for unit in item.units})
    summary.from_memory += len(reviewed)
    tracker.in_flight = 0
    translations, counts = machine_translations(setup, memory, needed, reviewed, executor, tracker.tick)
    summary.translated += counts.translated
    summary.cached += counts.cached
    tracker.in_flight = 0
    last_try = attempt == WRITE_TRIES
    write = partial(
        _write_task,
        _WriteSettings(setup.glossary, config.exchanges, config.localize, last_try),
    )
    jobs = (_write_job(item, plans[item.article.slug], translations, reviewed, recorded) for item in prepared)
    changed = []
    done: list[tuple[Prepared, Outputs]] = []
    failed: list[Prepared] = []
    for item, written in zip(prepared, executor.map_ordered(write, jobs), strict=True):
        if isinstance(written, FileChanged) and written.kept is None:
            changed.append(item)
            continue
        if isinstance(written, FileChanged):
            failed.append(item)
            _failed(_changed_error(written), summary, tracker)
            continue
        if isinstance(written, InputError):
            failed.append(item)
            _failed(written, summary, tracker)
            continue
        stats, outputs = written
        done.append((item, outputs))
        _count_article(_article_counts(item, outputs, stats.kept), summary)
        summary.changed += stats.changed
        summary.obsoleted += stats.obsoleted
        summary.retired += bool(outputs.retired)
        tracker.tick()
    _record_trust(done, failed + changed, memory, trust_key)
    return changed


def _changed_error(changed: FileChanged) -> InputError:
    """One line for a file a person saved while the command worked: theirs kept, ours beside it."""
    return InputError(
        changed.path,
        "saved by someone while translate-news worked: kept as they saved it; "
        f"the version translate-news made is in {Path(changed.kept or '').name}",
    )


def _publishable(reviewed: dict[str, TMUnit], needed: Sequence[tuple[Prepared, str]]) -> dict[str, TMUnit]:
    """Reviewed translations the memory may carry to these articles: not one whose markup the page
    would refuse (``documents.publish``); MT drafts those sentences instead. The memory keeps it."""
    unsafe = {
        msgid
        for item, msgid in needed
        if msgid in reviewed and unsafe_additions(msgid, reviewed[msgid].target, item.article.format)
    }
    return {msgid: unit for msgid, unit in reviewed.items() if msgid not in unsafe}


def _named_but_skipped(inputs: Sequence[Path], summary: RunSummary) -> list[Skipped]:
    """A file named on the command line that cannot be an article is the user's mistake, not an
    archive's clutter: it is taken out of the skipped list to fail as bad input (one line, exit 2 or 3)."""
    named = {str(path) for path in inputs if path.is_file()}
    refused = [s for s in summary.skipped if s.path in named]
    summary.skipped = [s for s in summary.skipped if s.path not in named]
    return refused


def _failed(error: InputError, summary: RunSummary, tracker: _Tracker) -> None:
    summary.failed += 1
    summary.errors.append(str(error))
    tracker.reporter.error(error)
    tracker.tick()


def _prepare_all(
    sources: Sequence[Source],
    matcher: Matcher | None,
    output: Path,
    executor: Executor,
    taken: TakenSlugs,
    summary: RunSummary,
    tracker: _Tracker,
) -> list[Prepared]:
    """Every readable article of a chunk; each bad one is reported and skipped, the rest go on.

    A slug taken earlier in the run refuses every later claimant, named from the catalog it wrote (the
    slugs alone, in the memory, not a map to their owners: the run keeps nothing per article it can
    read back);
    within the chunk, ``slug_owner`` decides from what the output folder's catalog records.
    """
    by_slug: dict[str, list[Prepared]] = {}
    for item in executor.map_ordered(partial(_prepare_task, matcher, output), sources):
        if isinstance(item, InputError):
            _failed(item, summary, tracker)
            continue
        summary.skipped += [Skipped(str(item.article.path), note) for note in item.article.notes]
        by_slug.setdefault(item.article.slug, []).append(item)
    prepared = []
    for slug, items in by_slug.items():
        owner = None if slug in taken else slug_owner(items)
        if owner is not None:
            taken.add(slug)
        for item in items:
            if item is owner:
                prepared.append(item)
                continue
            holder = _slug_holder(item, owner, slug in taken)
            _failed(
                InputError(
                    item.article.path,
                    f"slug {slug!r} belongs to {holder} (output folder {item.files.folder}); rename this file"
                    + (
                        " or give it a 'slug' in its front matter"
                        if format_named(item.article.format).front_matter
                        else ""
                    ),
                ),
                summary,
                tracker,
            )
    order = {source.path: n for n, source in enumerate(sources)}
    return sorted(prepared, key=lambda p: order[p.article.path])


def _prepare_task(matcher: Matcher | None, output: Path, source: Source) -> Prepared | InputError:
    """``prepare`` as an executor task: a bad article comes back as its error, so it costs only itself
    (an exception raised on a worker would end the chunk's stream)."""
    try:
        return prepare(source, matcher, output)
    except InputError as exc:
        return exc


@dataclass(frozen=True)
class _WriteSettings:
    """What every write task of a run shares (sent to a worker once per chunk)."""

    glossary: Glossary | None
    exchanges: tuple[str, ...]
    localize: LocalizeSettings
    last_try: bool = True  # a catalog saved meanwhile: keep the run's version beside it, no more merging


@dataclass(frozen=True)
class _WriteJob:
    """One article to write, with only the MT and memory results its own sentences need."""

    item: Prepared
    plan: dict[str, Decision]
    translations: dict[str, tuple[Translation, str]]
    reviewed: dict[str, TMUnit]
    recorded: dict[str, TMUnit] = field(default_factory=dict)  # the memory's reviews of its sentences


def _write_job(
    item: Prepared,
    plan: dict[str, Decision],
    translations: Mapping[str, tuple[Translation, str]],
    reviewed: Mapping[str, TMUnit],
    recorded: Mapping[str, TMUnit] | None = None,
) -> _WriteJob:
    texts = {text for text, _ in item.plain.values()} | item.phrases.keys()
    recorded = recorded or {}
    return _WriteJob(
        item,
        plan,
        {text: translations[text] for text in texts if text in translations},
        {msgid: reviewed[msgid] for msgid in plan if msgid in reviewed},
        {msgid: recorded[msgid] for msgid in plan if msgid in recorded},
    )


_Written = tuple[MergeStats, Outputs] | InputError | FileChanged


def _write_task(settings: _WriteSettings, job: _WriteJob) -> _Written:
    """``write_article`` as an executor task; a failed write comes back as one line naming the file,
    a file a person saved meanwhile as :class:`FileChanged` for the driver to merge or report."""
    item = job.item
    try:
        return write_article(
            item,
            job.plan,
            job.translations,
            job.reviewed,
            settings.glossary,
            settings.exchanges,
            settings.localize,
            settings.last_try,
            recorded=job.recorded,
        )
    # a person's save meanwhile; a figure beyond any real one, a translation YAML cannot hold
    except (FileChanged, InputError) as exc:
        return exc
    except OSError as exc:
        return InputError(exc.filename or item.files.folder, f"cannot write: {exc.strerror or exc}")


def _slug_holder(item: Prepared, owner: Prepared | None, taken: bool) -> str:
    """Who has the output folder ``item`` is refused: this chunk's owner, else whom its catalog
    records (for a slug taken earlier in the run, the article that wrote it, unless that write failed)."""
    if owner is not None:
        return owner.source_path
    recorded = recorded_source(item.old)
    if taken:
        return recorded if recorded and recorded != item.source_path else "an earlier article of this run"
    return recorded or "another article"


def _harvest_reviews(item: Prepared, memory: TranslationMemory) -> None:
    """People's translations go to the memory first, so no later step can lose them: reviewed ones
    for reuse, unapproved edits as history only. A header date editors left as a template counts as
    no date (now). Who made a text is recorded when the memory first sees it (``Last-Translator``
    then); our own machine-translation header names nobody, so a person is never credited to it."""
    if item.old is None:
        return
    reviewer = person_name(item.old.metadata.get("Last-Translator", ""))
    date = safe_iso_date(item.old.metadata.get("PO-Revision-Date", ""))
    pairs = human_pairs(item.old)
    slug = item.article.slug
    memory.add_reviewed_many(TMUnit(s, t, slug, reviewer, date) for s, t, st in pairs if st == "reviewed")
    memory.add_edits_many(TMUnit(s, t, slug, reviewer, date) for s, t, st in pairs if st == "in progress")


@dataclass(frozen=True)
class Built:
    """One article ``build`` went through: written, or withheld by ``reviewed_only``."""

    english: Path
    italian: int  # segments still in Italian: no translation in the catalog nor in the MT cache
    refused: int = 0  # translations refused for unsafe markup (``documents.publish``): Italian on the page
    italian_targets: int = 0  # segments whose translation is the Italian source or mostly Italian
    po: Path | None = None  # the catalog the lines of ``unreviewed`` are in
    sentences: int = 0  # distinct sentences of the article
    unreviewed: tuple[Unreviewed, ...] = ()  # published as drafts (or, withheld, why)
    written: bool = True  # False: ``reviewed_only`` refused it, none of its files written or changed


def build_output(
    output: Path,
    on_error: Callable[[InputError], None] | None = None,
    exchanges: tuple[str, ...] = tuple(EXCHANGE_FORMATS),
    reviewed_only: bool = False,
) -> list[Built]:
    """Re-assemble every English article from its catalog: the catalog's translation (reviewed or
    draft), else a cached machine draft of the sentence, never the Italian unless neither exists or
    the translation adds unsafe markup (``documents.publish``; counted in ``Built.refused``).

    Each article's unreviewed sentences (a machine draft, a person's unfinished edit, no translation)
    are listed in ``Built.unreviewed``; with ``reviewed_only`` an article that has any is not written
    at all (``Built.written`` False), so a draft never reaches a page published from this folder.

    A bad catalog or snapshot raises; with ``on_error`` it is reported and only its article skipped.
    The output lock is held throughout: a run or an import of the same folder waits its turn.
    """
    with output_lock(output):
        return _build_articles(output, on_error, exchanges, reviewed_only)


def _build_articles(
    output: Path,
    on_error: Callable[[InputError], None] | None,
    exchanges: tuple[str, ...],
    reviewed_only: bool,
) -> list[Built]:
    """``build_output`` once the folder is ours."""
    built = []
    memory_file = memory_path(output)
    for files in find_article_files(output):
        try:
            english = fingerprint(files.english)  # before the catalog: a later save is a person's
            catalog = read_catalog(files.po)
            snapshot = snapshot_of(files, catalog)
            if snapshot.english != files.english:  # the catalog names another format's snapshot
                english = fingerprint(snapshot.english)
            files = snapshot
            if catalog is None or not files.source.exists():
                raise InputError(
                    files.folder, "no source snapshot next to the catalog: run 'translate-news run' first"
                )
            article = read_article(files.source)
        except InputError as exc:
            if on_error is None:
                raise
            on_error(exc)
            continue
        segments = segment_article(article)
        entries = entries_by_sentence(catalog)
        unreviewed = unreviewed_sentences(segments, entries)
        sentences = len({s.text for s in segments})
        if reviewed_only and unreviewed:
            built.append(Built(files.english, 0, 0, 0, files.po, sentences, unreviewed, written=False))
            continue
        missing = [s.text for s in segments if not (e := entries.get(s.text)) or not entry_text(e)]
        fallback: dict[str, str] = {}
        recorded: dict[str, TMUnit] = {}
        if memory_file.exists():
            with TranslationMemory(memory_file, create=False) as memory:
                fallback = memory.any_mt_many(missing) if missing else {}
                recorded = memory.lookup_reviewed_many({s.text for s in segments})
        try:
            outputs = write_outputs(
                article, segments, catalog, files, fallback, exchanges, english=english, recorded=recorded
            )
        except FileChanged as exc:
            if on_error is None:
                raise _changed_error(exc) from None
            on_error(_changed_error(exc))
            continue
        except OSError as exc:  # an unwritable article folder costs that article, not the build
            error = InputError(exc.filename or files.folder, f"cannot write: {exc.strerror or exc}")
            if on_error is None:
                raise error from None
            on_error(error)
            continue
        except InputError as exc:
            if on_error is None:
                raise
            on_error(exc)
            continue
        built.append(
            Built(
                files.english,
                outputs.italian,
                outputs.refused,
                outputs.italian_targets,
                files.po,
                sentences,
                unreviewed,
            )
        )
    return built
