"""Translate segments so every glossary term found in the source comes out as the glossary says.

Argos models have no constraint support, so enforcement works from outside the model:
1. n-best: of the model's hypotheses, keep the best-scoring one that satisfies every matched entry;
2. repair: constrained continuation — the tokens before the faulty span plus the glossary target term
   go in as ``target_prefix`` and the model finishes the sentence. The faulty span is where a known
   forbidden variant starts, or else the target token that attends most to the source term;
3. last resort: a known forbidden variant is replaced by the target term in the text.
Whatever still fails is reported, and the PO entry stays fuzzy with a QA note.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import regex

from translate.engine import Hypothesis
from translate.glossary import Glossary, GlossaryEntry, acceptable_targets
from translate.glossary_match import Hit, find_forbidden, find_target_term

REPAIR_ROUNDS = 3
_REPEATED_WORD = regex.compile(r"\b(\p{L}+)\s+\1\b", regex.IGNORECASE)


class TranslatesTokens(Protocol):
    def tokenize(self, texts: Sequence[str]) -> list[list[str]]: ...

    def translate_tokens(
        self,
        batch: Sequence[Sequence[str]],
        *,
        num_hypotheses: int = 1,
        target_prefix: Sequence[Sequence[str] | None] | None = None,
        return_attention: bool = False,
    ) -> list[list[Hypothesis]]: ...


@dataclass(frozen=True)
class Translation:
    source: str
    target: str
    method: str  # "mt", "n-best", "prefix", "replace" or "unenforced"
    applied: tuple[str, ...] = ()  # "sceneggiatore → screenwriter"
    problems: tuple[str, ...] = field(default=())


def _unsatisfied(
    glossary: Glossary | None, hits: Sequence[Hit], text: str
) -> list[tuple[Hit, GlossaryEntry]]:
    bad = []
    for hit in hits if glossary is not None else ():
        entry = glossary.by_id[hit.entry_id]
        if find_target_term(entry, text, hit.text) is None or find_forbidden(entry, text):
            bad.append((hit, entry))
    return bad


def _problems(failures: Sequence[tuple[Hit, GlossaryEntry]]) -> tuple[str, ...]:
    return tuple(
        f"glossary term not enforced: {hit.text} → expected {' / '.join(acceptable_targets(entry, hit.text))}"
        for hit, entry in failures
    )


def _applied(glossary: Glossary | None, hits: Sequence[Hit]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for hit in hits if glossary is not None else ():
        entry = glossary.by_id[hit.entry_id]
        seen[f"{hit.text} → {acceptable_targets(entry, hit.text)[0]}" + (" (keep)" if entry.dnt else "")] = (
            None
        )
    return tuple(seen)


def _target_term(entry: GlossaryEntry, hit: Hit, at_start: bool) -> str:
    term = acceptable_targets(entry, hit.text)[0]
    if at_start and not entry.dnt and not entry.case_sensitive and term[:1].islower():
        term = term[0].upper() + term[1:]
    return term


def _fault_token(
    engine: TranslatesTokens, hyp: Hypothesis, source: str, hit: Hit, entry: GlossaryEntry
) -> int:
    """Index of the first target token of the faulty span in ``hyp``."""
    text_so_far = ""
    forbidden = find_forbidden(entry, hyp.text)
    if forbidden:
        cut = forbidden[0][0]
        for index, token in enumerate(hyp.tokens):
            text_so_far += token.replace("\u2581", " ")
            if len(text_so_far.strip()) > cut:
                return index
    if hyp.attention:
        src_tokens = engine.tokenize([source[: hit.start], source[: hit.end]])
        lo, hi = len(src_tokens[0]), max(len(src_tokens[1]), len(src_tokens[0]) + 1)
        for index, row in enumerate(hyp.attention):
            if row and lo <= max(range(len(row)), key=row.__getitem__) < hi:
                return index
    return len(hyp.tokens)


def _replace_forbidden(glossary: Glossary, hits: Sequence[Hit], text: str) -> str:
    for hit in hits:
        entry = glossary.by_id[hit.entry_id]
        for start, end, _found in sorted(find_forbidden(entry, text), reverse=True):
            term = _target_term(entry, hit, at_start=start == 0)
            text = text[:start] + term + text[end:]
    return text


def translate_enforced(
    engine: TranslatesTokens,
    glossary: Glossary | None,
    sources: Sequence[str],
    hits: Sequence[Sequence[Hit]],
    *,
    num_hypotheses: int = 4,
    progress: Callable[[int], None] | None = None,
    chunk: int = 256,
) -> list[Translation]:
    """Translate ``sources`` (unique plain texts) with their glossary hits enforced."""
    results: list[Translation | None] = [None] * len(sources)
    order = sorted(range(len(sources)), key=lambda i: len(sources[i]))
    best: dict[int, Hypothesis] = {}
    for begin in range(0, len(order), chunk):
        part = order[begin : begin + chunk]
        tokens = engine.tokenize([sources[i] for i in part])
        need = max(1, num_hypotheses)
        for index, hyps in zip(part, engine.translate_tokens(tokens, num_hypotheses=need), strict=True):
            chosen = next((h for h in hyps if not _unsatisfied(glossary, hits[index], h.text)), None)
            if chosen is not None:
                method = "mt" if chosen is hyps[0] or not hits[index] else "n-best"
                results[index] = Translation(
                    sources[index], chosen.text, method, _applied(glossary, hits[index])
                )
            else:
                best[index] = hyps[0]
        if progress:
            progress(len(part))
    pending = sorted(best)
    if pending:
        # The top hypothesis again, now with attention, to locate the faulty span (failures are few).
        redecoded = engine.translate_tokens(
            engine.tokenize([sources[i] for i in pending]), num_hypotheses=1, return_attention=True
        )
        best.update((i, hyps[0]) for i, hyps in zip(pending, redecoded, strict=True))
    for _ in range(REPAIR_ROUNDS):
        if not pending:
            break
        prefixes = []
        for index in pending:
            hit, entry = _unsatisfied(glossary, hits[index], best[index].text)[0]
            cut = _fault_token(engine, best[index], sources[index], hit, entry)
            term = _target_term(entry, hit, at_start=cut == 0)
            prefixes.append(list(best[index].tokens[:cut]) + engine.tokenize([term])[0])
        repaired = engine.translate_tokens(
            engine.tokenize([sources[i] for i in pending]),
            num_hypotheses=1,
            target_prefix=prefixes,
            return_attention=True,
        )
        still = []
        for index, hyps in zip(pending, repaired, strict=True):
            hyp = hyps[0]
            if _unsatisfied(glossary, hits[index], hyp.text):
                best[index] = hyp
                still.append(index)
            else:
                results[index] = Translation(
                    sources[index], hyp.text, "prefix", _applied(glossary, hits[index])
                )
        pending = still
    for index in pending:
        text = _replace_forbidden(glossary, hits[index], best[index].text)
        failures = _unsatisfied(glossary, hits[index], text)
        problems = _problems(failures)
        method = "replace" if not failures else "unenforced"
        results[index] = Translation(sources[index], text, method, _applied(glossary, hits[index]), problems)
    final = [r for r in results if r is not None]
    assert len(final) == len(sources)
    return [_with_repetition_check(r) for r in final]


def describe_translation(
    glossary: Glossary | None, source: str, hits: Sequence[Hit], target: str
) -> Translation:
    """Re-derive what enforcement reports for a cached translation, without the engine."""
    if glossary is None or not hits:
        return Translation(source, target, "mt")
    problems = _problems(_unsatisfied(glossary, hits, target))
    return Translation(source, target, "cached", _applied(glossary, hits), problems)


def _with_repetition_check(translation: Translation) -> Translation:
    match = _REPEATED_WORD.search(translation.target)
    if match is None or translation.method in ("mt",):
        return translation
    problem = f"repeated word after glossary repair: {match.group(0)!r}"
    return Translation(
        translation.source,
        translation.target,
        translation.method,
        translation.applied,
        (*translation.problems, problem),
    )
