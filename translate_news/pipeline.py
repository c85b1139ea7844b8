"""One run over a folder: read → segment → match glossary → translate → enforce → merge → write.

Each article is prepared on its own, so a bad file costs only that article. Translation happens once
for the whole run: every sentence that needs MT, deduplicated across articles, in one stream. The
model is loaded only when something needs translating, so a re-run with nothing changed is cheap.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import polib

from translate_news.article import Article, read_article
from translate_news.assemble import assemble_article
from translate_news.catalog import (
    CatalogUnit,
    Decision,
    Draft,
    MergeStats,
    catalog_text,
    entry_status,
    is_machine_draft,
    merge_catalog,
    mt_provenance,
    plan_catalog,
    read_catalog,
    reviewed_pairs,
)
from translate_news.enforce import Translation, describe_translation, translate_enforced
from translate_news.engine import EngineOptions
from translate_news.errors import InputError
from translate_news.exchange import ExchangeUnit, TMUnit, write_tmx, write_xliff
from translate_news.fileio import output_lock, write_if_changed
from translate_news.formats import format_named
from translate_news.glossary import Glossary, acceptable_targets, load_glossary
from translate_news.glossary_match import Hit, Matcher, build_matcher, find_hits
from translate_news.inline import InlineSpan, restore_inline
from translate_news.inputs import Skipped, Source, collect_articles
from translate_news.layout import ArticleFiles, article_files, find_article_files
from translate_news.memory import TranslationMemory, memory_path
from translate_news.models import resolve_model
from translate_news.segment import Segment, segment_article


@dataclass(frozen=True)
class RunConfig:
    articles: Path | tuple[Path, ...]  # files and folders
    output: Path
    glossary: Path | None
    model: Path | None = None
    engine: EngineOptions = field(default_factory=EngineOptions)
    recursive: bool = False  # walk subfolders; slugs get the relative folder as a prefix


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
    obsoleted: int = 0  # sentences gone from the source: obsolete entries
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


def prepare(path: Path, matcher: Matcher | None, output: Path, slug_prefix: str = "") -> Prepared:
    article = read_article(path)
    if slug_prefix:
        article = replace(article, slug=slug_prefix + article.slug)
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
    return Prepared(article, segments, units, plain, hits, phrases, files, read_catalog(files.po))


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
            id(item): plan_catalog(item.old, [u.msgid for u in item.units], is_machine_draft)
            for item in prepared
        }
        needed = [
            (item, msgid) for item in prepared for msgid, d in plans[id(item)].items() if d.kind != "keep"
        ]
        reviewed = memory.lookup_reviewed_many({msgid for _, msgid in needed})
        summary.from_memory = len(reviewed)
        translations = _machine_translations(config, glossary, memory, needed, reviewed, summary, reporter)
        for item in prepared:
            try:
                stats = _write_article(item, plans[id(item)], translations, reviewed, glossary)
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
            summary.kept += stats.kept
            summary.changed += stats.changed
            summary.obsoleted += stats.obsoleted
    summary.seconds = time.perf_counter() - started
    return summary


def _failed(error: InputError, summary: RunSummary, reporter: Reporter) -> None:
    summary.failed += 1
    summary.errors.append(str(error))
    reporter.error(error)


def _prepare_all(
    sources: Sequence[Source], matcher: Matcher | None, output: Path, summary: RunSummary, reporter: Reporter
) -> list[Prepared]:
    """Every readable article; each bad one is reported and skipped, the rest go on."""
    prepared: list[Prepared] = []
    seen_slugs: dict[str, Path] = {}
    tick = reporter.progress("Segmenting", len(sources))
    for source in sources:
        path = source.path
        try:
            item = prepare(path, matcher, output, source.slug_prefix)
            if item.article.slug in seen_slugs:
                raise InputError(
                    path, f"slug {item.article.slug!r} already used by {seen_slugs[item.article.slug]}"
                )
            seen_slugs[item.article.slug] = path
            prepared.append(item)
        except InputError as exc:
            _failed(exc, summary, reporter)
        tick(1)
    reporter.done("Segmenting")
    return prepared


def _harvest_reviews(item: Prepared, memory: TranslationMemory) -> None:
    """Reviewed entries go to the memory first, so no later step can lose them."""
    if item.old is None:
        return
    reviewer = item.old.metadata.get("Last-Translator", "")
    date = item.old.metadata.get("PO-Revision-Date", "")
    memory.add_reviewed_many(
        TMUnit(s, t, item.article.slug, reviewer, date) for s, t in reviewed_pairs(item.old)
    )


def _machine_translations(
    config: RunConfig,
    glossary: Glossary | None,
    memory: TranslationMemory,
    needed: Sequence[tuple[Prepared, str]],
    reviewed: dict[str, TMUnit],
    summary: RunSummary,
    reporter: Reporter,
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
    cached = memory.get_mt_many(wanted, model.key, glossary_key)
    provenance = f"{model.key} glossary {glossary_key}"
    out = {
        text: (describe_translation(glossary, text, wanted[text], target), provenance)
        for text, target in cached.items()
    }
    summary.cached = len(sentences & cached.keys())
    missing = [text for text in wanted if text not in cached]
    if missing:
        from translate_news.engine import Engine

        engine = Engine(model, config.engine)
        tick = reporter.progress("Translating", len(missing))
        results = translate_enforced(
            engine,
            glossary,
            missing,
            [wanted[t] for t in missing],
            num_hypotheses=config.engine.beam_size,
            progress=tick,
        )
        reporter.done("Translating")
        memory.put_mt_many(((r.source, r.target) for r in results), model.key, glossary_key)
        out.update((r.source, (r, provenance)) for r in results)
        summary.translated = len(sentences.intersection(missing))
    return out


def _drafts(
    item: Prepared,
    plan: dict[str, Decision],
    translations: dict[str, tuple[Translation, str]],
    reviewed: dict[str, TMUnit],
    glossary: Glossary | None,
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
        notes = [f"glossary: {applied}" for applied in translation.applied]
        notes += [f"qa: {problem}" for problem in translation.problems]
        notes += [f"qa: markup not placed, restore it by hand: {span}" for span in lost]
        drafts[msgid] = Draft(
            target,
            "mt",
            mt_provenance(provenance, target),
            tuple(notes),
            complete=not translation.problems and not lost,
        )
    return drafts


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
) -> MergeStats:
    drafts = _drafts(item, plan, translations, reviewed, glossary)
    metadata = {"Project-Id-Version": item.article.title[:80], "X-Source-File": item.files.source.name}
    catalog, stats = merge_catalog(item.old, item.units, plan, drafts, metadata)
    files = item.files
    write_if_changed(files.source, item.article.source)
    write_if_changed(files.po, _catalog_text_keeping_date(catalog, item.old))
    write_outputs(item.article, item.segments, catalog, files)
    return stats


def _catalog_text_keeping_date(catalog: polib.POFile, old: polib.POFile | None) -> str:
    """The catalog's text; when nothing but the creation date changed, the old date is kept."""
    fresh = catalog_text(catalog)
    if old is None or "POT-Creation-Date" not in old.metadata:
        return fresh
    date = catalog.metadata["POT-Creation-Date"]
    catalog.metadata["POT-Creation-Date"] = old.metadata["POT-Creation-Date"]
    unchanged = catalog_text(catalog)
    if unchanged == catalog_text(old):
        return unchanged
    catalog.metadata["POT-Creation-Date"] = date
    return fresh


def write_outputs(
    article: Article, segments: Sequence[Segment], catalog: polib.POFile, files: ArticleFiles
) -> None:
    """Everything derived from the catalog: TSV, XLIFF, TMX and the English article."""
    entries = {e.msgid: e for e in catalog if not e.obsolete}
    rows = ["id\tsource\ttarget\tstatus"]
    units = []
    targets: dict[str, str] = {}
    for seg in segments:
        entry = entries.get(seg.text)
        target = entry.msgstr if entry else ""
        status = entry_status(entry) if entry else "untranslated"
        rows.append("\t".join([seg.id, _tsv_cell(seg.text), _tsv_cell(target), status]))
        if target:
            targets[seg.id] = target
        state = {"reviewed": "reviewed", "fuzzy": "translated", "untranslated": "initial"}[status]
        notes = tuple(entry.comment.splitlines()) if entry else ()
        units.append(ExchangeUnit(seg.id, seg.text, target, state, notes, seg.line))
    write_if_changed(files.tsv, "\n".join(rows) + "\n")
    write_if_changed(files.xliff, write_xliff(units, original=files.source.name))
    pairs = [TMUnit(u.source, u.target, article.slug) for u in units if u.target]
    write_if_changed(files.tmx, write_tmx(_unique(pairs)))
    write_if_changed(files.english, assemble_article(article, segments, targets))


def _unique(pairs: Sequence[TMUnit]) -> list[TMUnit]:
    seen: dict[tuple[str, str], TMUnit] = {}
    for pair in pairs:
        seen.setdefault((pair.source, pair.target), pair)
    return list(seen.values())


def _tsv_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def build_output(output: Path) -> list[str]:
    """Re-assemble every English article from its catalog (reviewed first, MT as fallback)."""
    built = []
    for files in find_article_files(output):
        catalog = read_catalog(files.po)
        if catalog is None or not files.source.exists():
            raise InputError(
                files.folder, "no source snapshot next to the catalog: run 'translate-news run' first"
            )
        article = read_article(files.source)
        write_outputs(article, segment_article(article), catalog, files)
        built.append(files.english.as_posix())
    return built
