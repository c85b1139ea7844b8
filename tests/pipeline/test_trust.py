"""An unchanged re-run trusts an article by the hashes of what the last run wrote (pipeline/trust.py),
and everything that could change an article's outputs takes it off that path: a person's edit to its
catalog, a source edit, a deleted output, a glossary or options change, a review harvested from
another article. No timings: the counts say which path each article took."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import polib
from support import FIXTURE_MODEL, GLOSSARY

from translate_news.facts.localize import LocalizeSettings
from translate_news.memory.store import TranslationMemory, memory_path
from translate_news.mt.engine import EngineOptions
from translate_news.pipeline.runner import RunConfig, RunSummary, run
from translate_news.pipeline.runrecord import RecordedGlossary, RunRecord
from translate_news.pipeline.trust import inputs_key

SHARED = "Il festival apre domani a Roma."
REVIEWED = "The film festival opens tomorrow in Rome."
ARTICLES = {
    "alfa.txt": f"Il festival di Roma\n\n{SHARED} La giuria ha scelto dieci film italiani.\n",
    "beta.txt": f"Il pubblico del festival\n\n{SHARED} Il pubblico ha applaudito a lungo in sala.\n",
    "gamma.txt": "Il botteghino di marzo\n\nGli incassi sono cresciuti del 7,2% a marzo.\n",
}


def _setup(tmp_path: Path, **changes: object) -> RunConfig:
    articles = tmp_path / "articles"
    if not articles.exists():
        articles.mkdir()
        for name, text in ARTICLES.items():
            (articles / name).write_text(text, encoding="utf-8")
    config = RunConfig(articles, tmp_path / "out", GLOSSARY, FIXTURE_MODEL, EngineOptions(threads=1))
    return dataclasses.replace(config, **changes)


def _outputs(out: Path) -> dict[Path, tuple[bytes, int]]:
    return {
        p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(out.glob("*/*")) if p.parent.name != ".tm"
    }


def _counts(summary: RunSummary) -> tuple[int, ...]:
    s = summary
    return (
        s.articles,
        s.segments,
        s.words,
        s.kept,
        s.changed,
        s.obsoleted,
        s.italian,
        s.refused,
        s.long_segments,
    )


def _review(po_path: Path, msgid: str, text: str) -> None:
    po = polib.pofile(str(po_path), wrapwidth=0)
    entry = po.find(msgid)
    assert entry is not None
    entry.msgstr = text
    entry.flags = [f for f in entry.flags if f != "fuzzy"]
    po.save()


def test_unchanged_rerun_trusts_every_article_and_counts_as_a_full_one(tmp_path: Path) -> None:
    config = _setup(tmp_path)
    first = run(config)
    _review(
        config.output / "gamma" / "gamma.en.po", "Gli incassi sono cresciuti del 7,2% a marzo.", "Up 7.2%."
    )
    second = run(config)  # gamma's catalog changed: merged again; the others are trusted
    assert first.trusted == 0 and second.trusted == 2 and second.kept == 1
    before = _outputs(config.output)
    third = run(config)
    assert third.trusted == 3 and third.translated == third.cached == 0 and third.failed == 0
    assert _outputs(config.output) == before  # not one byte nor mtime changed
    with TranslationMemory(memory_path(config.output)) as memory:
        memory.forget_trusted_many(ARTICLES)
    full = run(config)  # the same folder through the full path counts the same
    assert full.trusted == 0 and _counts(full) == _counts(third) and full.kept == 1
    assert _outputs(config.output) == before


def test_a_persons_edit_to_a_catalog_takes_the_full_path(tmp_path: Path) -> None:
    config = _setup(tmp_path)
    run(config)
    po = config.output / "alfa" / "alfa.en.po"
    _review(po, "La giuria ha scelto dieci film italiani.", "The jury picked ten Italian films.")
    again = run(config)
    assert again.trusted == 2 and again.kept == 1
    assert "The jury picked ten Italian films." in (config.output / "alfa" / "alfa.en.txt").read_text()
    with TranslationMemory(memory_path(config.output)) as memory:  # harvested
        assert memory.lookup_reviewed("La giuria ha scelto dieci film italiani.") is not None


def test_a_review_in_another_article_reaches_an_otherwise_trusted_one(tmp_path: Path) -> None:
    config = _setup(tmp_path)
    run(config)
    _review(config.output / "alfa" / "alfa.en.po", SHARED, REVIEWED)
    again = run(config)
    assert again.trusted == 1  # gamma; beta's shared sentence has a review in the memory now
    beta = polib.pofile(str(config.output / "beta" / "beta.en.po"))
    assert beta.find(SHARED).msgstr == REVIEWED
    assert run(config).trusted == 3


def test_a_source_edit_a_deleted_output_and_an_edited_english_article_are_redone(tmp_path: Path) -> None:
    config = _setup(tmp_path)
    run(config)
    gamma = config.articles / "gamma.txt"  # type: ignore[operator]
    gamma.write_text(ARTICLES["gamma.txt"] + "\nIl mercato cresce ancora.\n", encoding="utf-8")
    tmx = config.output / "beta" / "beta.it-en.tmx"
    kept_tmx = tmx.read_bytes()
    tmx.unlink()
    english = config.output / "alfa" / "alfa.en.txt"
    kept_english = english.read_bytes()
    english.write_text("someone's own page\n", encoding="utf-8")
    again = run(config)
    assert again.trusted == 0 and again.translated >= 1
    assert tmx.read_bytes() == kept_tmx and english.read_bytes() == kept_english
    assert "Il mercato cresce ancora." in (config.output / "gamma" / "gamma.en.po").read_text()
    assert run(config).trusted == 3


def test_a_glossary_or_option_change_trusts_nothing(tmp_path: Path) -> None:
    glossary = tmp_path / "glossary.tsv"
    shutil.copyfile(GLOSSARY, glossary)
    config = _setup(tmp_path, glossary=glossary)
    run(config)
    assert run(config).trusted == 3
    glossary.write_text(glossary.read_text(encoding="utf-8") + "# a note\n", encoding="utf-8")
    assert run(config).trusted == 0
    assert run(config).trusted == 3
    wider = dataclasses.replace(config, engine=EngineOptions(threads=1, beam_size=2))
    assert run(wider).trusted == 0
    words = dataclasses.replace(wider, localize=LocalizeSettings(money="words"))
    assert run(words).trusted == 0
    assert run(dataclasses.replace(words, exchanges=("xliff",))).trusted == 0


def test_another_model_is_another_key() -> None:
    glossary = RecordedGlossary(None, None, None, "--no-glossary")
    record = RunRecord("2026-12-07T18:00:00Z", glossary, {"name": "a", "version": "1", "path": "/m/a"}, {})
    other = dataclasses.replace(record, model={"name": "a", "version": "1", "path": "/m/b"})
    assert inputs_key(record, "a@1", ("xliff",)) != inputs_key(other, "a@1", ("xliff",))
    assert inputs_key(record, "a@1", ("xliff",)) != inputs_key(record, "a@2", ("xliff",))
    assert inputs_key(record, "a@1", ("xliff",)) == inputs_key(
        dataclasses.replace(record, started="x"), "a@1", ("xliff",)
    )
