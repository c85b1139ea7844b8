"""Translate segments so every glossary term found in the source comes out as the glossary says.

Argos models have no constraint support, so enforcement works from outside the model:
1. n-best: of the model's hypotheses, keep the best-scoring one that satisfies every matched entry;
2. repair: constrained continuation — the tokens before the faulty span plus the glossary target term
   go in as ``target_prefix`` and the model finishes the sentence. The faulty span is where a known
   forbidden variant starts, or else a target word that attends most to the source term; of those
   places and the term's forms, the one where the model finds the term most probable (one forward
   pass) is the one continued, so a repair round costs one decode per sentence, not one per guess;
3. last resort: a known forbidden variant is replaced by the target term in the text.
Glossary terms are repaired before implicit names, and a name never costs a glossary term: when no
candidate meets both, the most probable one that meets every glossary term wins (the facts check
reports the name). Whatever still fails is reported, and the PO entry stays fuzzy with a QA note.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import regex

from translate_news import defaults
from translate_news.findings import Finding, Severity
from translate_news.glossary.match import Hit, find_forbidden
from translate_news.glossary.model import Glossary, GlossaryEntry, acceptable_targets
from translate_news.glossary.rule import unmet_hits
from translate_news.mt.engine import Hypothesis
from translate_news.mt.long_sentences import Piece, split_to_budget

REPAIR_ROUNDS = 3
ATTENTION_CANDIDATES = 2  # target words tried as the start of a faulty span
FORMS_TRIED = 2  # target forms tried per term in a repair (canonical and, usually, plural)
_REPEATED_WORD = regex.compile(r"\b(\p{L}+)\s+\1\b", regex.IGNORECASE)


class CountsTokens(Protocol):
    """The model's source budget (``engine.SourceBudget``): ``tokens`` is None when unlimited."""

    tokens: int | None

    def might_exceed(self, text: str) -> bool: ...

    def count(self, text: str) -> int: ...


class TranslatesTokens(Protocol):
    def tokenize(self, texts: Sequence[str]) -> list[list[str]]: ...

    def translate_tokens(
        self,
        batch: Sequence[Sequence[str]],
        *,
        num_hypotheses: int = 1,
        target_prefix: Sequence[Sequence[str] | None] | None = None,
        return_attention: bool = False,
        greedy: bool = False,
    ) -> list[list[Hypothesis]]: ...

    def score_tokens(
        self, sources: Sequence[Sequence[str]], targets: Sequence[Sequence[str]]
    ) -> list[float]: ...

    def token_log_probs(
        self, sources: Sequence[Sequence[str]], targets: Sequence[Sequence[str]]
    ) -> list[list[float]]: ...


@dataclass(frozen=True)
class Translation:
    source: str
    target: str
    method: str  # "mt", "n-best", "prefix", "replace" or "unenforced"
    applied: tuple[str, ...] = ()  # "sceneggiatore → screenwriter"
    problems: tuple[Finding, ...] = field(default=())  # QA findings, written as ``qa:`` notes
    pieces: int = 1  # MT inputs the source was cut into (cached with the draft: a re-run does not cut)


def is_implicit(entry: GlossaryEntry) -> bool:
    return entry.implicit


def _unsatisfied(
    glossary: Glossary | None, hits: Sequence[Hit], text: str
) -> list[tuple[Hit, GlossaryEntry]]:
    return unmet_hits(glossary, hits, text)


def _has_terms(glossary: Glossary, hits: Sequence[Hit]) -> bool:
    """Whether a sentence has a glossary term to meet, not only implicit names."""
    return any(not is_implicit(glossary.by_id[hit.entry_id]) for hit in hits)


def _problems(failures: Sequence[tuple[Hit, GlossaryEntry]]) -> tuple[Finding, ...]:
    """One ``term`` finding per unmet glossary term (implicit names are the facts check's to report)."""
    return tuple(
        Finding(
            "term",
            Severity.ERROR,
            f"glossary term not enforced: {hit.text} → expected {expected}",
            term=hit.text,
            expected=expected,
            entry=entry.id,
        )
        for hit, entry in failures
        if not is_implicit(entry)
        for expected in [" / ".join(acceptable_targets(entry, hit.text))]
    )


def _applied(glossary: Glossary | None, hits: Sequence[Hit]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for hit in hits if glossary is not None else ():
        entry = glossary.by_id[hit.entry_id]
        if is_implicit(entry):
            continue
        seen[f"{hit.text} → {acceptable_targets(entry, hit.text)[0]}" + (" (keep)" if entry.dnt else "")] = (
            None
        )
    return tuple(seen)


def _target_term(entry: GlossaryEntry, hit: Hit, at_start: bool, form: int = 0) -> str:
    """Target form number ``form`` (0 canonical, 1 usually the plural), capitalised at sentence start."""
    forms = acceptable_targets(entry, hit.text)
    term = forms[min(form, len(forms) - 1)]
    if at_start and not entry.dnt and not entry.case_sensitive and term[:1].islower():
        term = term[0].upper() + term[1:]
    return term


def _form_like(entry: GlossaryEntry, hit: Hit, found: str) -> int:
    """The target form whose English number matches a forbidden variant found (dubbers → voice actors)."""
    plural = found.lower().endswith("s")
    forms = acceptable_targets(entry, hit.text)
    return next((i for i, f in enumerate(forms) if f.lower().endswith("s") == plural), 0)


def _form_choices(entry: GlossaryEntry, hit: Hit, text: str) -> list[int]:
    """Target forms to try: the number of a forbidden variant in ``text`` if any, else let the model's
    score decide between the canonical form and the next one (usually the plural)."""
    if entry.dnt:
        return [0]
    forbidden = find_forbidden(entry, text)
    if forbidden:
        return [_form_like(entry, hit, text[forbidden[0][0] : forbidden[0][1]])]
    return list(range(min(FORMS_TRIED, len(entry.target_forms))))


def _word_starts(tokens: Sequence[str]) -> list[int]:
    return [i for i, token in enumerate(tokens) if i == 0 or token.startswith("\u2581")]


def _fault_cuts(
    engine: TranslatesTokens, hyp: Hypothesis, source: str, hit: Hit, entry: GlossaryEntry, kept: int = 0
) -> list[int]:
    """Candidate first tokens of the faulty span in ``hyp``, most likely first, at word starts from
    token ``kept`` on (the tokens an earlier repair round forced stay as they are).

    A known forbidden variant pins it down; otherwise the target words that attend most to the
    source term are candidates (small models align loosely, so more than one is tried).
    """
    starts = [start for start in _word_starts(hyp.tokens) if start >= kept]
    cuts: list[int] = []
    forbidden = find_forbidden(entry, hyp.text)
    if forbidden:
        text_so_far = ""
        for index, token in enumerate(hyp.tokens):
            text_so_far += token.replace("\u2581", " ")
            if len(text_so_far.strip()) > forbidden[0][0]:
                cuts += [max(s for s in starts if s <= index)] if starts and starts[0] <= index else []
                break
    if hyp.attention:
        src_tokens = engine.tokenize([source[: hit.start], source[: hit.end]])
        lo, hi = len(src_tokens[0]), max(len(src_tokens[1]), len(src_tokens[0]) + 1)
        bounds = [*starts, len(hyp.tokens)]
        mass = {
            start: sum(sum(row[lo:hi]) for row in hyp.attention[start:end])
            for start, end in zip(bounds, bounds[1:], strict=False)
        }
        cuts += sorted(mass, key=mass.__getitem__, reverse=True)[:ATTENTION_CANDIDATES]
    return list(dict.fromkeys(cuts)) or [max(kept, len(hyp.tokens))]


def _replace_forbidden(glossary: Glossary | None, hits: Sequence[Hit], text: str) -> str:
    for hit in hits if glossary is not None else ():
        entry = glossary.by_id[hit.entry_id]
        for start, end, _found in sorted(find_forbidden(entry, text), reverse=True):
            form = _form_like(entry, hit, text[start:end])
            term = _target_term(entry, hit, at_start=start == 0, form=form)
            text = text[:start] + term + text[end:]
    return text


def source_pieces(budget: CountsTokens | None, source: str, hits: Sequence[Hit]) -> tuple[Piece, ...]:
    """``source`` as the model can take it: itself, or pieces within the budget cut outside terms."""
    if budget is None or budget.tokens is None or not budget.might_exceed(source):
        return (Piece(0, len(source), source),)
    return split_to_budget(source, budget.count, budget.tokens, [(h.start, h.end) for h in hits])


def pieces_note(count: int) -> Finding:
    return Finding(
        "pieces", Severity.INFO, f"translated in {count} pieces: sentence longer than the model's limit"
    )


def translate_enforced(
    engine: TranslatesTokens,
    glossary: Glossary | None,
    sources: Sequence[str],
    hits: Sequence[Sequence[Hit]],
    *,
    num_hypotheses: int = defaults.BEAM_SIZE,
    progress: Callable[[int], None] | None = None,
    chunk: int = defaults.MT_BATCH,
    on_done: Callable[[Sequence[Translation]], None] | None = None,
) -> list[Translation]:
    """Translate ``sources`` (unique plain texts) with their glossary hits enforced.

    ``on_done`` receives translations as they are final (after each chunk, then after repair), so a
    caller can store them before the run ends: a killed run keeps the MT it had finished.

    A sentence over the model's budget is translated in pieces (each enforced on its own, with the
    terms inside it) and joined, with a QA note; every other sentence is untouched by this.
    """
    budget = getattr(engine, "budget", None)  # test doubles have none: every sentence goes whole
    split = [source_pieces(budget, s, h) for s, h in zip(sources, hits, strict=True)]
    if all(len(pieces) == 1 for pieces in split):
        return _translate_whole(
            engine, glossary, sources, hits, num_hypotheses, progress, chunk, on_done=on_done
        )
    flat_sources: list[str] = []
    flat_hits: list[tuple[Hit, ...]] = []
    weights: list[int] = []  # progress counts a sentence once, at its last piece
    for pieces, sentence_hits in zip(split, hits, strict=True):
        within = _hits_by_piece(sentence_hits, pieces) if len(pieces) > 1 else [tuple(sentence_hits)]
        for number, (piece, piece_hits) in enumerate(zip(pieces, within, strict=True)):
            flat_sources.append(piece.text)
            flat_hits.append(piece_hits)
            weights.append(int(number == len(pieces) - 1))
    whole = {s for s, pieces in zip(sources, split, strict=True) if len(pieces) == 1}

    def pass_whole(done: Sequence[Translation]) -> None:
        if on_done:
            on_done([t for t in done if t.source in whole])

    translated = iter(
        _translate_whole(
            engine,
            glossary,
            flat_sources,
            flat_hits,
            num_hypotheses,
            progress,
            chunk,
            weights=weights,
            on_done=pass_whole,
        )
    )
    out = []
    for source, pieces in zip(sources, split, strict=True):
        parts = [next(translated) for _ in pieces]
        out.append(parts[0] if len(parts) == 1 else _joined(source, pieces, parts))
    if on_done:
        on_done([t for t in out if t.source not in whole])
    return out


def _hits_by_piece(hits: Sequence[Hit], pieces: Sequence[Piece]) -> list[tuple[Hit, ...]]:
    """Each piece's hits, in its own offsets; a hit across a cut belongs to none. Hits are sorted once
    and each piece's are bisected: testing every hit against every piece was quadratic."""
    ordered = sorted(hits, key=lambda h: h.start)
    starts = [h.start for h in ordered]
    return [
        tuple(
            dataclasses.replace(h, start=h.start - piece.start, end=h.end - piece.start)
            for h in ordered[bisect_left(starts, piece.start) : bisect_left(starts, piece.end)]
            if h.end <= piece.end
        )
        for piece in pieces
    ]


def _joined(source: str, pieces: Sequence[Piece], parts: Sequence[Translation]) -> Translation:
    target = "".join(
        part.target + (" " if piece.gap else "") for piece, part in zip(pieces, parts, strict=True)
    )
    methods = {part.method for part in parts}
    joined = Translation(
        source,
        target.strip(),
        methods.pop() if len(methods) == 1 else "pieces",
        tuple(dict.fromkeys(a for part in parts for a in part.applied)),
        (*dict.fromkeys(p for part in parts for p in part.problems), pieces_note(len(pieces))),
        len(pieces),
    )
    return _with_repetition_check(joined)


def _translate_whole(
    engine: TranslatesTokens,
    glossary: Glossary | None,
    sources: Sequence[str],
    hits: Sequence[Sequence[Hit]],
    num_hypotheses: int,
    progress: Callable[[int], None] | None,
    chunk: int,
    weights: Sequence[int] | None = None,
    on_done: Callable[[Sequence[Translation]], None] | None = None,
) -> list[Translation]:
    results: list[Translation | None] = [None] * len(sources)
    order = sorted(range(len(sources)), key=lambda i: len(sources[i]))
    failed: dict[int, Sequence[Hypothesis]] = {}
    for begin in range(0, len(order), chunk):
        part = order[begin : begin + chunk]
        # Only sentences with glossary terms need an n-best list; the others take the top hypothesis.
        with_terms = [i for i in part if hits[i] and glossary is not None]
        plain = [i for i in part if not hits[i] or glossary is None]
        # With attention: a sentence whose n-best all fail is repaired from its top hypothesis, and the
        # attention locates the faulty span there without decoding the sentence again.
        decoded = [
            *zip(
                with_terms,
                engine.translate_tokens(
                    engine.tokenize([sources[i] for i in with_terms]),
                    num_hypotheses=max(1, num_hypotheses),
                    return_attention=True,
                )
                if with_terms
                else [],
                strict=True,
            ),
            *zip(plain, engine.translate_tokens(engine.tokenize([sources[i] for i in plain])), strict=True),
        ]
        for index, hyps in decoded:
            chosen = next((h for h in hyps if not _unsatisfied(glossary, hits[index], h.text)), None)
            if chosen is None:
                failed[index] = hyps
                continue
            method = "mt" if chosen is hyps[0] else "n-best"
            translation = Translation(sources[index], chosen.text, method, _applied(glossary, hits[index]))
            results[index] = _with_repetition_check(translation)
        if on_done:
            on_done([results[i] for i in part if results[i] is not None])  # type: ignore[misc]
        if progress:
            progress(len(part) if weights is None else sum(weights[i] for i in part))
    repaired = _repair(engine, glossary, sources, hits, failed)
    for index, translation in repaired.items():
        results[index] = _with_repetition_check(translation)
    if on_done and repaired:
        on_done([results[i] for i in repaired])  # type: ignore[misc]
    final = [r for r in results if r is not None]
    assert len(final) == len(sources)
    return final


@dataclass
class _Found:
    """One failed sentence's repair candidates as they turn up: those that meet every hit, and those
    that meet every glossary term but leave implicit names unmet (used only when none meets both)."""

    has_terms: bool  # the sentence has a glossary term (not only implicit names)
    full: list[tuple[str, str]] = field(default_factory=list)  # (text, method)
    partial: list[tuple[int, str, str]] = field(default_factory=list)  # (names unmet, text, method)

    def add(self, text: str, method: str, unmet: Sequence[tuple[Hit, GlossaryEntry]]) -> None:
        if not unmet:
            self.full.append((text, method))
        elif self.has_terms and all(is_implicit(entry) for _, entry in unmet):
            self.partial.append((len(unmet), text, method))

    def pool(self) -> list[tuple[str, str]]:
        """The candidates the model chooses among: every full one, else the partial ones that leave
        the fewest names unmet, where the first of the model's own n-best goes alone (n-best selection,
        as for a sentence without names); each text once, with the method that found it first."""
        options = self.full
        if not options and self.partial:
            fewest = min(unmet for unmet, _, _ in self.partial)
            options = [(text, method) for unmet, text, method in self.partial if unmet == fewest]
            own = [option for option in options if option[1] in ("mt", "n-best")]
            options = own[:1] or options
        methods: dict[str, str] = {}
        for text, method in options:
            methods.setdefault(text, method)
        return list(methods.items())


def _repair(
    engine: TranslatesTokens,
    glossary: Glossary | None,
    sources: Sequence[str],
    hits: Sequence[Sequence[Hit]],
    failed: dict[int, Sequence[Hypothesis]],
) -> dict[int, Translation]:
    """Candidates that satisfy the glossary, from the n-best, forced prefixes and replacing forbidden
    variants; the model scores them and the most probable wins. ``failed`` holds each sentence's
    n-best, the top one with its attention."""
    if not failed or glossary is None:
        return {}
    found = {index: _Found(_has_terms(glossary, hits[index])) for index in failed}

    def consider(index: int, text: str, method: str) -> None:
        found[index].add(text, method, _unsatisfied(glossary, hits[index], text))

    for index, hyps in failed.items():
        for rank, hyp in enumerate(hyps):
            consider(index, hyp.text, "mt" if rank == 0 else "n-best")
        consider(index, _replace_forbidden(glossary, hits[index], hyps[0].text), "replace")
    current = {index: hyps[0] for index, hyps in failed.items()}
    kept: dict[int, int] = {}  # tokens forced so far: a later round cuts after them, never into them
    pending = sorted(failed)  # every failed sentence gets one continuation, even with a replacement
    # Round 1 is each failed sentence's full repair: every guess ranked, the most probable continued
    # with the run's beam. Later rounds (a sentence's further terms and names) continue their first
    # guess greedily, after what round 1 forced, at about a third of a beam-4 decode's cost: what keeps
    # the worst case (every sentence failing every round) near twice a plain run (bench/README.md,
    # b+glossary). Greedy or unranked in round 1 too was cheaper still but worsened a demo pin.
    for round_number in range(REPAIR_ROUNDS):
        if not pending:
            break
        first = round_number == 0
        prefixes = _next_prefixes(
            engine, glossary, sources, hits, {i: current[i] for i in pending}, kept, rank=first
        )
        kept.update((index, len(prefix)) for index, prefix in prefixes.items())
        continued = engine.translate_tokens(
            engine.tokenize([sources[i] for i in pending]),
            num_hypotheses=1,
            target_prefix=[prefixes[i] for i in pending],
            return_attention=True,
            greedy=not first,
        )
        for index, hyps in zip(pending, continued, strict=True):
            consider(index, hyps[0].text, "prefix")
            current[index] = hyps[0]
        pending = [i for i in pending if not found[i].full]
    pools = {index: found[index].pool() for index in sorted(failed)}
    best = {index: pool[0] for index, pool in pools.items() if len(pool) == 1}  # no choice: no scoring
    scored = [(index, option) for index, pool in pools.items() if len(pool) > 1 for option in pool]
    scores = (
        engine.score_tokens(
            engine.tokenize([sources[index] for index, _ in scored]),
            engine.tokenize([text for _, (text, _) in scored]),
        )
        if scored
        else []
    )
    top: dict[int, float] = {}
    for (index, option), score in zip(scored, scores, strict=True):
        if index not in top or score > top[index]:
            top[index], best[index] = score, option
    out = {}
    for index in failed:
        applied = _applied(glossary, hits[index])
        if index in best:
            text, method = best[index]
        else:
            text, method = _replace_forbidden(glossary, hits[index], failed[index][0].text), "unenforced"
        problems = _problems(_unsatisfied(glossary, hits[index], text))
        out[index] = Translation(sources[index], text, method, applied, problems)
    return out


def _next_prefixes(
    engine: TranslatesTokens,
    glossary: Glossary,
    sources: Sequence[str],
    hits: Sequence[Sequence[Hit]],
    current: dict[int, Hypothesis],
    kept: dict[int, int],
    *,
    rank: bool,
) -> dict[int, list[str]]:
    """Each sentence's forced prefix for this round: its first unmet glossary term (implicit names
    after every glossary term) placed at a candidate start of the faulty span, in a form tried.

    With ``rank``, every such guess is scored and the one whose term tokens the model finds most
    probable after the words before them wins; else the first guess goes (the known wrong form's
    place, or the best-attended word; the term's first form tried). Scoring a prefix costs about as
    much per token as decoding one (the vocabulary projection dominates both), so a name, which has
    one form copied as written, is not ranked: it goes where it is best attended.
    """
    options: list[tuple[int, list[str], int]] = []  # (sentence, prefix tokens, tokens of the term)
    for index, hyp in current.items():
        unmet = _unsatisfied(glossary, hits[index], hyp.text)
        hit, entry = min(unmet, key=lambda pair: is_implicit(pair[1]))
        cuts = _fault_cuts(engine, hyp, sources[index], hit, entry, kept.get(index, 0))
        forms = _form_choices(entry, hit, hyp.text)
        if not rank:  # the first guess alone: its first place, its first form
            cuts, forms = cuts[:1], forms[:1]
        for cut in cuts[:1] if is_implicit(entry) else cuts:
            for form in forms:
                term = engine.tokenize([_target_term(entry, hit, at_start=cut == 0, form=form)])[0]
                options.append((index, [*hyp.tokens[:cut], *term], len(term)))
    choices = Counter(index for index, _, _ in options)
    ranked = [(index, prefix) for index, prefix, _ in options if choices[index] > 1]
    log_probs = iter(
        engine.token_log_probs(
            engine.tokenize([sources[index] for index, _ in ranked]), [prefix for _, prefix in ranked]
        )
        if ranked
        else []
    )
    best: dict[int, tuple[float, list[str]]] = {}
    for index, prefix, term_tokens in options:
        fit = 0.0
        if choices[index] > 1:
            term = next(log_probs)[len(prefix) - term_tokens : len(prefix)]
            fit = sum(term) / max(1, len(term))
        if index not in best or fit > best[index][0]:
            best[index] = (fit, prefix)
    return {index: prefix for index, (_, prefix) in best.items()}


def describe_translation(
    glossary: Glossary | None,
    source: str,
    hits: Sequence[Hit],
    target: str,
    budget: CountsTokens | None = None,
    pieces: int | None = None,
) -> Translation:
    """Re-derive what enforcement reports for a cached translation, without the engine. ``pieces``: how
    many pieces it was translated in, as cached with it; else ``budget``, when given, cuts it again
    (a draft cached before the count was)."""
    problems = _problems(_unsatisfied(glossary, hits, target))
    if pieces is None:
        pieces = len(source_pieces(budget, source, hits))
    if pieces > 1:
        problems = (*problems, pieces_note(pieces))
    translation = Translation(source, target, "cached", _applied(glossary, hits), problems, pieces)
    return _with_repetition_check(translation)


def _with_repetition_check(translation: Translation) -> Translation:
    match = _REPEATED_WORD.search(translation.target)
    if match is None:
        return translation
    problem = Finding("repeated-word", Severity.WARNING, f"repeated word: {match.group(0)!r}")
    if problem in translation.problems:
        return translation
    return Translation(
        translation.source,
        translation.target,
        translation.method,
        translation.applied,
        (*translation.problems, problem),
        translation.pieces,
    )
