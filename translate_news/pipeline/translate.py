"""Translate: the unique sentences a chunk needs, from the MT cache or through the executor.

The MT cache is the run's memory of what it translated: a sentence translated in an earlier chunk
(or an earlier, killed run) is a cache hit, so deduplication is run-wide without holding the run's
sentences. New translations are stored per finished batch, by the caller's single writer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from translate_news.exchange import TMUnit
from translate_news.glossary.match import Hit
from translate_news.glossary.model import Glossary
from translate_news.memory.store import TranslationMemory
from translate_news.mt.enforce import Translation, describe_translation
from translate_news.mt.engine import LENGTH_PENALTY, EngineOptions, SourceBudget
from translate_news.mt.packages import ModelInfo, resolve_model
from translate_news.pipeline.executor import Executor, TranslateJob
from translate_news.pipeline.prepare import Prepared

__all__ = ["ENFORCEMENT_VERSION", "MTCounts", "MTSetup", "machine_translations", "mt_settings_key"]


def mt_settings_key(model_key: str, options: EngineOptions, device: str | None = None) -> str:
    """Everything besides the glossary that changes a machine draft: a cached draft made with other
    settings (a quick ``--beam-size 1`` trial, a short decoding bound) is never reused. ``device``:
    where the translators decode (a Ray actor's GPU), default this machine's ``options.device``."""
    from translate_news.mt.engine import resolve_device

    return (
        f"{model_key} beam={options.beam_size} max-len={options.max_decoding_length}"
        f" length-penalty={LENGTH_PENALTY} compute={options.compute_type}"
        f" device={device or resolve_device(options.device)}"
    )


ENFORCEMENT_VERSION = "3"  # bump when enforcement or repair rules change what a draft is (3: source names)


@dataclass(frozen=True)
class MTSetup:
    """The run's model and cache keys, resolved on first use (a run with nothing to translate never
    opens the model) and then kept for every chunk."""

    model_path: Path | None
    options: EngineOptions
    glossary: Glossary | None
    repair_names: bool = True  # source names enforced as implicit terms; False: the facts check notes them

    @cached_property
    def model(self) -> ModelInfo:
        return resolve_model(self.model_path)

    @cached_property
    def budget(self) -> SourceBudget:
        return SourceBudget(self.model)  # tells which cached drafts were translated in pieces

    @property
    def glossary_key(self) -> str:
        return self.glossary.version if self.glossary else "none"

    def cache_key(self, executor: Executor) -> str:
        """The device comes from the executor: its translators may run where this machine's GPU
        (or lack of one) does not matter."""
        return mt_settings_key(self.model.key, self.options, executor.device(self.options))

    @property
    def cache_glossary(self) -> str:
        names = "" if self.repair_names else " names=unrepaired"  # such drafts never pass for repaired ones
        return f"{self.glossary_key} enforcement={ENFORCEMENT_VERSION}{names}"

    @property
    def provenance(self) -> str:
        return f"{self.model.key} glossary {self.glossary_key}"


@dataclass(frozen=True)
class MTCounts:
    """What a chunk's summary counts: unique sentences machine-translated and found in the cache
    (span phrases, extra MT inputs, are not counted)."""

    translated: int = 0
    cached: int = 0


def machine_translations(
    setup: MTSetup,
    memory: TranslationMemory,
    needed: Sequence[tuple[Prepared, str]],
    reviewed: Mapping[str, TMUnit],
    executor: Executor,
    tick: Callable[[int], None] | None = None,
) -> tuple[dict[str, tuple[Translation, str]], MTCounts]:
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
        return {}, MTCounts()
    glossary = setup.glossary
    cache_key, cache_glossary, provenance = setup.cache_key(executor), setup.cache_glossary, setup.provenance
    cached = memory.get_mt_many(wanted, cache_key, cache_glossary)
    budget = setup.budget if cached else None
    # Only a source that might not fit was ever cut; its count is cached with its draft.
    long = [text for text in cached if budget is not None and budget.might_exceed(text)]
    counts_cached = memory.get_mt_pieces_many(long, cache_key, cache_glossary) if long else {}
    out = {
        text: (
            describe_translation(
                glossary,
                text,
                wanted[text],
                target,
                budget,
                1 if text not in long else counts_cached.get(text),
            ),
            provenance,
        )
        for text, target in cached.items()
    }
    counts = MTCounts(cached=len(sentences & cached.keys()))
    missing = [text for text in wanted if text not in cached]
    if missing:
        from translate_news.facts.names import with_name_terms

        # Source names join the glossary's terms as implicit ones: a dropped name is repaired too.
        hits = [wanted[text] for text in missing]
        enforced_glossary, enforced_hits = (
            with_name_terms(glossary, missing, hits) if setup.repair_names else (glossary, hits)
        )
        job = TranslateJob(setup.model, setup.options, enforced_glossary)
        results = executor.translate(
            job,
            missing,
            enforced_hits,
            tick,
            lambda done: memory.put_mt_many(
                ((r.source, r.target) for r in done),
                cache_key,
                cache_glossary,
                {r.source: r.pieces for r in done if setup.budget.might_exceed(r.source)},
            ),
        )
        out.update((r.source, (r, provenance)) for r in results)
        counts = MTCounts(len(sentences.intersection(missing)), counts.cached)
    return out, counts
