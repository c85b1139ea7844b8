"""One run over a folder: read → segment → match glossary → translate → enforce → merge → write.

Each article is prepared on its own, so a bad file costs only that article. Translation happens once
for the whole run: every sentence that needs MT, deduplicated across articles, in one stream. The
model is loaded only when something needs translating, so a re-run with nothing changed is cheap.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import polib

from translate_news.documents.article import Article, read_article
from translate_news.documents.assemble import assemble_article
from translate_news.documents.inline import InlineSpan, restore_inline
from translate_news.documents.registry import format_named
from translate_news.documents.sources import Skipped, Source, collect_articles
from translate_news.errors import InputError
from translate_news.exchange.formats import FORMATS as EXCHANGE_FORMATS
from translate_news.exchange.formats import ArticleContext, ExchangeUnit, TMUnit
from translate_news.facts.localize import LocalizeSettings
from translate_news.fileio import output_lock, write_if_changed
from translate_news.glossary.match import Hit, Matcher, build_matcher, find_hits
from translate_news.glossary.model import Glossary, acceptable_targets, load_glossary
from translate_news.identity import sentence_key
from translate_news.memory.store import TranslationMemory, memory_path, safe_iso_date
from translate_news.mt.enforce import Translation, describe_translation
from translate_news.mt.engine import LENGTH_PENALTY, EngineOptions, SourceBudget
from translate_news.mt.packages import resolve_model
from translate_news.pipeline.executor import Executor, ExecutorSettings, TranslateJob, open_executor
from translate_news.pipeline.layout import ArticleFiles, article_files, find_article_files
from translate_news.review.catalog import (
    CatalogUnit,
    Decision,
    Draft,
    MergeStats,
    catalog_text,
    entry_status,
    human_pairs,
    merge_catalog,
    mt_provenance,
    plan_catalog,
    read_catalog,
)
from translate_news.segmentation.segment import Segment, missed_boundary, segment_article


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
    executor: ExecutorSettings = field(default_factory=ExecutorSettings)  # where MT runs: local or Ray


@dataclass
class RunSummary:
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
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


class Reporter:
    """What a run tells its user; the CLI supplies progress bars, tests use this silent default."""

    def error(self, error: InputError) -> None:
        pass

    def progress(self, label: str, total: int) -> Callable[[int], None]:
        return lambda n: None

    def done(self, label: str) -> None:
        pass


@dataclass
class Prepared:
    """An article read, segmented and matched, with its old catalog, ready to merge."""

    article: Article
    segments: list[Segment]
    units: list[CatalogUnit]
    plain: dict[str, tuple[str, tuple[InlineSpan, ...]]]  # msgid → MT input and markup spans
    hits: dict[str, tuple[Hit, ...]]  # msgid → glossary hits in the MT input
    phrases: dict[str, tuple[Hit, ...]]  # text inside Markdown spans → its glossary hits
    files: ArticleFiles
    old: polib.POFile | None
    source_path: str  # the article's identity: its path under the folder named, recorded in the PO
    source_root: Path  # the folder named on the command line (a file's own folder)


SOURCE_PATH_HEADER = "X-Source-Path"


def list_articles(folder: Path) -> list[Path]:
    """The articles directly in ``folder`` (what ``run FOLDER`` translates)."""
    if not folder.is_dir():
        raise InputError(folder, "no such folder of articles")
    return [source.path for source in collect_articles([folder])[0]]


def msgid_reference(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.name


def prepare(path: Path | Source, matcher: Matcher | None, output: Path) -> Prepared:
    source = path if isinstance(path, Source) else Source(path, "", path.name, path.parent)
    path = source.path
    article = read_article(path)
    if source.slug_prefix:
        article = replace(article, slug=source.slug_prefix + article.slug)
    segments = segment_article(article)
    ref = msgid_reference(path)
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
    units = [CatalogUnit(msgid, tuple(occ)) for msgid, occ in occurrences.items()]
    files = article_files(output, article.slug, article.format)
    old = read_catalog(files.po)
    return Prepared(article, segments, units, plain, hits, phrases, files, old, source.identity, source.root)


def _hits(matcher: Matcher | None, text: str) -> tuple[Hit, ...]:
    return tuple(find_hits(matcher, text)) if matcher is not None else ()


def run(config: RunConfig, reporter: Reporter | None = None) -> RunSummary:
    reporter = reporter or Reporter()
    started = time.perf_counter()
    summary = RunSummary()
    inputs = config.articles if isinstance(config.articles, tuple) else (config.articles,)
    sources, summary.skipped = collect_articles(inputs, config.recursive)
    glossary = load_glossary(config.glossary) if config.glossary else None
    matcher = build_matcher(glossary) if glossary else None
    with output_lock(config.output), TranslationMemory(memory_path(config.output)) as memory:
        prepared = _prepare_all(sources, matcher, config.output, summary, reporter)
        for item in prepared:
            _harvest_reviews(item, memory)
        plans = {
            item.article.slug: plan_catalog(item.old, [u.msgid for u in item.units]) for item in prepared
        }
        needed = [
            (item, msgid)
            for item in prepared
            for msgid, d in plans[item.article.slug].items()
            if d.kind != "keep"
        ]
        reviewed = memory.lookup_reviewed_many({msgid for _, msgid in needed})
        summary.from_memory = len(reviewed)
        # Ray starts only when something may need MT: an unchanged re-run stays cheap.
        executor = open_executor(config.executor if needed else ExecutorSettings())
        try:
            translations = _machine_translations(
                config, glossary, memory, needed, reviewed, summary, reporter, executor
            )
        finally:
            executor.close()
        for item in prepared:
            try:
                plan = plans[item.article.slug]
                stats, italian = _write_article(
                    item, plan, translations, reviewed, glossary, config.exchanges, config.localize
                )
            except OSError as exc:
                _failed(
                    InputError(exc.filename or item.files.folder, f"cannot write: {exc.strerror or exc}"),
                    summary,
                    reporter,
                )
                continue
            summary.articles += 1
            summary.segments += len(item.segments)
            summary.words += sum(len(s.text.split()) for s in item.segments)
            summary.long_segments += sum(missed_boundary(s.text) for s in item.segments)
            summary.kept += stats.kept
            summary.changed += stats.changed
            summary.obsoleted += stats.obsoleted
            summary.italian += italian
    summary.seconds = time.perf_counter() - started
    return summary


def _failed(error: InputError, summary: RunSummary, reporter: Reporter) -> None:
    summary.failed += 1
    summary.errors.append(str(error))
    reporter.error(error)


def _prepare_all(
    sources: Sequence[Source],
    matcher: Matcher | None,
    output: Path,
    summary: RunSummary,
    reporter: Reporter,
) -> list[Prepared]:
    """Every readable article; each bad one is reported and skipped, the rest go on."""
    by_slug: dict[str, list[Prepared]] = {}
    tick = reporter.progress("Segmenting", len(sources))
    for source in sources:
        try:
            item = prepare(source, matcher, output)
            by_slug.setdefault(item.article.slug, []).append(item)
        except InputError as exc:
            _failed(exc, summary, reporter)
        tick(1)
    reporter.done("Segmenting")
    prepared = []
    for slug, items in by_slug.items():
        owner = _slug_owner(items)
        for item in items:
            if item is owner:
                prepared.append(item)
                continue
            holder = _recorded_source(item.old) or (owner.source_path if owner else "another article")
            _failed(
                InputError(
                    item.article.path,
                    f"slug {slug!r} belongs to {holder} (output folder {item.files.folder}); rename this file"
                    + (" or give it a 'slug' in its front matter" if item.article.format == "md" else ""),
                ),
                summary,
                reporter,
            )
    order = {source.path: n for n, source in enumerate(sources)}
    return sorted(prepared, key=lambda p: order[p.article.path])


def _recorded_source(catalog: polib.POFile | None) -> str | None:
    return catalog.metadata.get(SOURCE_PATH_HEADER) or None if catalog is not None else None


def _slug_owner(items: Sequence[Prepared]) -> Prepared | None:
    """The article that owns a slug's output folder: the one its catalog records; a renamed article
    (its recorded file is gone, one claimant) takes it over; with no record, the one whose source
    snapshot it is, else the first by name. Everyone else is a newcomer and is refused."""
    recorded = _recorded_source(items[0].old)
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


def _harvest_reviews(item: Prepared, memory: TranslationMemory) -> None:
    """People's translations go to the memory first, so no later step can lose them: reviewed ones
    for reuse, unapproved edits as history only. A header date editors left as a template counts as
    no date (now)."""
    if item.old is None:
        return
    reviewer = item.old.metadata.get("Last-Translator", "")
    date = safe_iso_date(item.old.metadata.get("PO-Revision-Date", ""))
    pairs = human_pairs(item.old)
    slug = item.article.slug
    memory.add_reviewed_many(TMUnit(s, t, slug, reviewer, date) for s, t, st in pairs if st == "reviewed")
    memory.add_edits_many(TMUnit(s, t, slug, reviewer, date) for s, t, st in pairs if st == "in progress")


def mt_settings_key(model_key: str, options: EngineOptions) -> str:
    """Everything besides the glossary that changes a machine draft: a cached draft made with other
    settings (a quick ``--beam-size 1`` trial, a short decoding bound) is never reused."""
    from translate_news.mt.engine import resolve_device

    return (
        f"{model_key} beam={options.beam_size} max-len={options.max_decoding_length}"
        f" length-penalty={LENGTH_PENALTY} compute={options.compute_type}"
        f" device={resolve_device(options.device)}"
    )


ENFORCEMENT_VERSION = "3"  # bump when enforcement or repair rules change what a draft is (3: source names)


def _machine_translations(
    config: RunConfig,
    glossary: Glossary | None,
    memory: TranslationMemory,
    needed: Sequence[tuple[Prepared, str]],
    reviewed: dict[str, TMUnit],
    summary: RunSummary,
    reporter: Reporter,
    executor: Executor,
) -> dict[str, tuple[Translation, str]]:
    """plain source → (translation, provenance) for every sentence that needs MT, cached or new."""
    wanted: dict[str, tuple[Hit, ...]] = {}
    sentences: set[str] = set()  # what the summary counts; span phrases are extra MT inputs
    for item, msgid in needed:
        if msgid not in reviewed:
            text, spans = item.plain[msgid]
            sentences.add(text)
            wanted.setdefault(text, item.hits[msgid])
            for span in spans:  # translated alone, a span's text can be found in the sentence's MT
                phrase = text[span.start : span.end]
                wanted.setdefault(phrase, item.phrases[phrase])
    if not wanted:
        return {}
    model = resolve_model(config.model)
    glossary_key = glossary.version if glossary else "none"
    cache_key = mt_settings_key(model.key, config.engine)
    cache_glossary = f"{glossary_key} enforcement={ENFORCEMENT_VERSION}"
    cached = memory.get_mt_many(wanted, cache_key, cache_glossary)
    provenance = f"{model.key} glossary {glossary_key}"
    budget = SourceBudget(model)  # tells which cached drafts were translated in pieces
    out = {
        text: (describe_translation(glossary, text, wanted[text], target, budget), provenance)
        for text, target in cached.items()
    }
    summary.cached = len(sentences & cached.keys())
    missing = [text for text in wanted if text not in cached]
    if missing:
        from translate_news.facts.names import with_name_terms

        tick = reporter.progress("Translating", len(missing))
        # Source names join the glossary's terms as implicit ones: a dropped name is repaired too.
        enforced_glossary, enforced_hits = with_name_terms(glossary, missing, [wanted[t] for t in missing])
        job = TranslateJob(model, config.engine, enforced_glossary, config.engine.beam_size)
        results = executor.translate(
            job,
            missing,
            enforced_hits,
            tick,
            lambda done: memory.put_mt_many(((r.source, r.target) for r in done), cache_key, cache_glossary),
        )
        reporter.done("Translating")
        out.update((r.source, (r, provenance)) for r in results)
        summary.translated = len(sentences.intersection(missing))
    return out


def _drafts(
    item: Prepared,
    plan: dict[str, Decision],
    translations: dict[str, tuple[Translation, str]],
    reviewed: dict[str, TMUnit],
    glossary: Glossary | None,
    settings: LocalizeSettings | None = None,
) -> dict[str, Draft]:
    drafts: dict[str, Draft] = {}
    for msgid, decision in plan.items():
        if decision.kind == "keep":
            continue
        if msgid in reviewed:
            unit = reviewed[msgid]
            where = f" in {unit.article}" if unit.article else ""
            who = f" by {unit.reviewer}" if unit.reviewer else ""
            drafts[msgid] = Draft(unit.target, "tm", f"tm reviewed{where}{who} {unit.date}".rstrip())
            continue
        text, spans = item.plain[msgid]
        translation, provenance = translations[text]
        counterparts = _glossary_counterparts(glossary, item.hits[msgid])
        for span in spans:
            phrase = text[span.start : span.end]
            alone = translations[phrase][0].target.rstrip(".!?;:,")
            counterparts[phrase] = (*counterparts.get(phrase, ()), alone)
        escape = format_named(item.article.format).escape
        target, lost = restore_inline(text, spans, translation.target, counterparts, escape)
        hit_texts = [h.text for h in item.hits[msgid]]
        fmt = item.article.format
        target, localized, facts = _localized(glossary, fmt, msgid, target, hit_texts, settings)
        notes = [f"glossary: {applied}" for applied in translation.applied]
        notes += [f"localized: {change}" for change in localized]
        notes += [f"qa: {problem}" for problem in translation.problems]
        notes += [f"qa: markup not placed, restore it by hand: {span}" for span in lost]
        notes += [
            f"qa: {f.kind}: {f.term} → expected {f.expected}, found {f.found or '(nothing)'}" for f in facts
        ]
        if not target.strip():
            notes.append(f"qa: {NO_TRANSLATION}")
        if missed_boundary(msgid):
            notes.append("qa: segment over 400 characters with '. ' before a capital: a missed sentence end?")
        drafts[msgid] = Draft(
            target,
            "mt",
            mt_provenance(provenance, target),
            tuple(notes),
            complete=not translation.problems and not lost and not facts and bool(target.strip()),
        )
    return drafts


def _localized(
    glossary: Glossary | None,
    fmt: str,
    msgid: str,
    target: str,
    hit_texts: Sequence[str],
    settings: LocalizeSettings | None = None,
) -> tuple[str, tuple[str, ...], list]:
    """MT output with Italian number formats and quotes made English, the changes, and facts findings."""
    from translate_news.facts import localize
    from translate_news.qa.folder import fact_findings

    strip = format_named(fmt).strip_inline
    source, _ = strip(msgid)
    target, changes = localize(source, target, settings)
    plain_target, _ = strip(target)
    return target, changes, fact_findings("", "", source, plain_target, glossary, hit_texts)


def _glossary_counterparts(glossary: Glossary | None, hits: Iterable[Hit]) -> dict[str, tuple[str, ...]]:
    """Source term → target terms, so markup around a term can be put around its translation."""
    if glossary is None:
        return {}
    return {hit.text: acceptable_targets(glossary.by_id[hit.entry_id], hit.text) for hit in hits}


def _write_article(
    item: Prepared,
    plan: dict[str, Decision],
    translations: dict[str, tuple[Translation, str]],
    reviewed: dict[str, TMUnit],
    glossary: Glossary | None,
    exchanges: tuple[str, ...] = tuple(EXCHANGE_FORMATS),
    settings: LocalizeSettings | None = None,
) -> MergeStats:
    drafts = _drafts(item, plan, translations, reviewed, glossary, settings)
    metadata = {
        "Project-Id-Version": item.article.slug,
        "X-Source-File": item.files.source.name,
        SOURCE_PATH_HEADER: item.source_path,
    }
    catalog, stats = merge_catalog(item.old, item.units, plan, drafts, metadata)
    files = item.files
    # The catalog first, then the snapshot it was made from: if either write fails, ``build`` still
    # pairs the old snapshot with entries that translate it (old live or obsolete ones).
    write_if_changed(files.po, _catalog_text_keeping_date(catalog, item.old))
    write_if_changed(files.source, item.article.source)
    italian = write_outputs(item.article, item.segments, catalog, files, exchanges=exchanges)
    return stats, italian


def _catalog_text_keeping_date(catalog: polib.POFile, old: polib.POFile | None) -> str:
    """The catalog's text; ``POT-Creation-Date`` moves only when the source sentences changed."""
    if old is not None and old.metadata.get("POT-Creation-Date") and _sources(old) == _sources(catalog):
        catalog.metadata["POT-Creation-Date"] = old.metadata["POT-Creation-Date"]
    return catalog_text(catalog)


def _sources(catalog: polib.POFile) -> list[str]:
    """Sorted: an editor that sorts the entries (``msgcat --sort-output``) changes no sentence."""
    return sorted(entry.msgid for entry in catalog if entry.msgid and not entry.obsolete)


NO_TRANSLATION = "no translation: the English article keeps the Italian sentence"


def _entries_by_sentence(catalog: polib.POFile) -> dict[str, polib.POEntry]:
    """Catalog entries by sentence key, live ones over obsolete ones (a snapshot older than its
    catalog still finds its translations)."""
    entries: dict[str, polib.POEntry] = {}
    for entry in catalog:
        if entry.msgid and entry.msgctxt is None:
            key = sentence_key(entry.msgid)
            if key not in entries or entries[key].obsolete:
                entries[key] = entry
    return entries


def write_outputs(
    article: Article,
    segments: Sequence[Segment],
    catalog: polib.POFile,
    files: ArticleFiles,
    fallback: Mapping[str, str] | None = None,
    exchanges: tuple[str, ...] = tuple(EXCHANGE_FORMATS),
) -> int:
    """Everything derived from the catalog: each exchange format of the registry and the English article.

    The article's name in every file is the folder's slug, so ``run`` and ``build`` write the same bytes.
    An entry without a translation takes ``fallback`` (machine drafts by source), never the Italian;
    returns how many segments are left in Italian all the same.
    """
    entries = _entries_by_sentence(catalog)
    fallback = fallback or {}
    units = []
    targets: dict[str, str] = {}
    italian = 0
    for seg in segments:
        entry = entries.get(sentence_key(seg.text))
        target = entry.msgstr if entry else ""
        status = entry_status(entry) if entry else "untranslated"
        if not target and fallback.get(seg.text):
            target, status = fallback[seg.text], "fuzzy"
        italian += not target
        if target:
            targets[seg.id] = target
        state = {"reviewed": "reviewed", "fuzzy": "translated", "untranslated": "initial"}[status]
        notes = tuple(entry.comment.splitlines()) if entry else ()
        units.append(ExchangeUnit(seg.id, seg.text, target, state, notes, seg.line))
    context = ArticleContext(files.slug, files.source.name, article.format == "md")
    for name in exchanges:
        exchange = EXCHANGE_FORMATS[name]
        write_if_changed(files.folder / f"{files.slug}{exchange.suffix}", exchange.write(units, context))
    english = format_named(article.format).finish(assemble_article(article, segments, targets))
    write_if_changed(files.english, english)
    return italian


@dataclass(frozen=True)
class Built:
    english: Path
    italian: int  # segments still in Italian: no translation in the catalog nor in the MT cache


def build_output(
    output: Path,
    on_error: Callable[[InputError], None] | None = None,
    exchanges: tuple[str, ...] = tuple(EXCHANGE_FORMATS),
) -> list[Built]:
    """Re-assemble every English article from its catalog: the catalog's translation (reviewed or
    draft), else a cached machine draft of the sentence, never the Italian unless neither exists.

    A bad catalog or snapshot raises; with ``on_error`` it is reported and only its article skipped.
    """
    built = []
    memory_file = memory_path(output)
    for files in find_article_files(output):
        try:
            catalog = read_catalog(files.po)
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
        entries = _entries_by_sentence(catalog)
        missing = [s.text for s in segments if not (e := entries.get(sentence_key(s.text))) or not e.msgstr]
        fallback: dict[str, str] = {}
        if missing and memory_file.exists():
            with TranslationMemory(memory_file, create=False) as memory:
                fallback = memory.any_mt_many(missing)
        italian = write_outputs(article, segments, catalog, files, fallback, exchanges)
        built.append(Built(files.english, italian))
    return built
