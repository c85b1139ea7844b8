"""Every value that crosses a stage pickles to an equal value (and hashes alike where hashable), so a
stage can run in another process (Ray, multiprocessing) and results can be keyed by content."""

from __future__ import annotations

import pickle
from dataclasses import fields, is_dataclass
from pathlib import Path

import pytest
from support import FIXTURE_MODEL, GLOSSARY

from translate_news.documents.registry import format_named, read_article
from translate_news.documents.sources import collect_articles
from translate_news.exchange import FORMATS, ArticleContext
from translate_news.facts.localize import LocalizeSettings
from translate_news.glossary.match import build_matcher, find_hits
from translate_news.glossary.model import load_glossary
from translate_news.mt.enforce import translate_enforced
from translate_news.mt.engine import Engine, EngineOptions
from translate_news.mt.packages import resolve_model
from translate_news.pipeline.executor import TranslateJob
from translate_news.pipeline.runner import RunConfig, prepare, run
from translate_news.provenance import mt_provenance
from translate_news.review.catalog import Draft, plan_catalog
from translate_news.segmentation.segment import segment_article

ARTICLE = """Il nuovo film del regista

Il regista ha presentato il film a Roma. Lo sceneggiatore era in sala con la produttrice.

Il film esce in ottobre.
"""

# Values whose every field is hashable: they can key a dict or a cache in any process.
HASHABLE = {
    "Source",
    "Block",
    "Segment",
    "Hit",
    "GlossaryEntry",
    "Glossary",
    "Matcher",
    "CatalogUnit",
    "Draft",
    "Hypothesis",
    "Translation",
    "ExchangeUnit",
    "TMUnit",
    "LocalizeSettings",
    "EngineOptions",
    "RunConfig",
    "ModelInfo",
    "TranslateJob",
    "ArticleContext",
}


def _stage_values(tmp: Path) -> dict[str, object]:
    articles = tmp / "articles"
    articles.mkdir()
    (articles / "regista.txt").write_text(ARTICLE, encoding="utf-8")
    output = tmp / "output"
    options = EngineOptions(threads=1)
    config = RunConfig(articles, output, GLOSSARY, FIXTURE_MODEL, options, localize=LocalizeSettings("words"))
    summary = run(config)
    assert summary.articles == 1 and not summary.errors

    glossary = load_glossary(GLOSSARY)
    matcher = build_matcher(glossary)
    source = collect_articles([articles])[0][0]
    article = read_article(source.path)
    segments = segment_article(article)
    prepared = prepare(source, matcher, output)  # with the catalog the run wrote as its old catalog
    assert prepared.old is not None
    plan = plan_catalog(prepared.old, [unit.msgid for unit in prepared.units])
    hits = tuple(find_hits(matcher, segments[1].text))
    assert hits

    model = resolve_model(FIXTURE_MODEL)
    engine = Engine(model, options)
    hypothesis = engine.translate_tokens(engine.tokenize([segments[1].text]), num_hypotheses=2)[0][0]
    translation = translate_enforced(engine, glossary, [segments[1].text], [hits], num_hypotheses=2)[0]
    draft = Draft(translation.target, mt_provenance("fixture", translation.target), ("qa: x",))

    files = prepared.files
    exchange_units = FORMATS["tsv"].read(files.folder / f"{files.slug}{FORMATS['tsv'].suffix}")
    drafts = FORMATS["tmx-drafts"]  # nothing is reviewed yet: the drafts are the TM units
    tm_units = drafts.read(files.folder / f"{files.slug}{drafts.suffix}")
    return {
        "Source": source,
        "Article": article,
        "Block": article.blocks[0],
        "Segment": segments[1],
        "Hit": hits[0],
        "GlossaryEntry": glossary.entries[0],
        "Glossary": glossary,
        "Matcher": matcher,
        "Prepared": prepared,
        "CatalogUnit": prepared.units[0],
        "Decision": next(iter(plan.values())),
        "Draft": draft,
        "Hypothesis": hypothesis,
        "Translation": translation,
        "ExchangeUnit": exchange_units[1],
        "TMUnit": tm_units[0],
        "LocalizeSettings": config.localize,
        "EngineOptions": options,
        "RunConfig": config,
        "ModelInfo": model,
        "TranslateJob": TranslateJob(model, options, glossary),
        "ArticleContext": ArticleContext(files.slug, files.source.name, format_named(article.format)),
    }


@pytest.fixture(scope="module")
def stage_values(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    return _stage_values(tmp_path_factory.mktemp("values"))


def test_every_stage_value_is_a_frozen_dataclass(stage_values: dict[str, object]) -> None:
    for name, value in stage_values.items():
        assert is_dataclass(value) and type(value).__name__ == name
        assert type(value).__dataclass_params__.frozen, f"{name} is not frozen"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "name",
    [
        "Source", "Article", "Block", "Segment", "Hit", "GlossaryEntry", "Glossary", "Matcher",
        "Prepared", "CatalogUnit", "Decision", "Draft", "Hypothesis", "Translation", "ExchangeUnit",
        "TMUnit", "LocalizeSettings", "EngineOptions", "RunConfig", "ModelInfo", "TranslateJob",
        "ArticleContext",
    ],
)  # fmt: skip
def test_value_survives_pickle(stage_values: dict[str, object], name: str) -> None:
    value = stage_values[name]
    copy = pickle.loads(pickle.dumps(value))
    assert copy == value
    assert copy is not value
    if name in HASHABLE:
        assert hash(copy) == hash(value)


def test_unpickled_matcher_still_matches(stage_values: dict[str, object]) -> None:
    """The compiled patterns are not pickled but rebuilt from their sources: the copy must work."""
    matcher = stage_values["Matcher"]
    copy = pickle.loads(pickle.dumps(matcher))
    text = "Lo sceneggiatore e il regista."
    assert find_hits(copy, text) == find_hits(matcher, text)  # type: ignore[arg-type]
    assert [hit.text for hit in find_hits(copy, text)] == ["sceneggiatore", "regista"]  # type: ignore[arg-type]


def test_unpickled_glossary_keeps_its_index_and_version(stage_values: dict[str, object]) -> None:
    glossary = stage_values["Glossary"]
    copy = pickle.loads(pickle.dumps(glossary))
    assert copy.version == glossary.version  # type: ignore[attr-defined]
    entry = glossary.entries[0]  # type: ignore[attr-defined]
    assert copy.get(entry.id) == entry
    assert copy.path == glossary.path  # type: ignore[attr-defined]


def test_matchers_are_equal_by_content(stage_values: dict[str, object]) -> None:
    """Two matchers built from the same glossary are one cache key; a different glossary is another."""
    glossary = stage_values["Glossary"]
    assert build_matcher(glossary) == stage_values["Matcher"]  # type: ignore[arg-type]
    smaller = type(glossary)(None, glossary.entries[1:])  # type: ignore[attr-defined,operator]
    assert build_matcher(smaller) != stage_values["Matcher"]


def test_no_field_is_a_mappingproxy(stage_values: dict[str, object]) -> None:
    """A mappingproxy is what made Glossary and Matcher unpicklable; it may only be a derived field."""
    for name, value in stage_values.items():
        for f in fields(value):  # type: ignore[arg-type]
            if f.init:
                assert type(getattr(value, f.name)).__name__ != "mappingproxy", f"{name}.{f.name}"
