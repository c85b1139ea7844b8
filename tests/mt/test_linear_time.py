"""Hostile input costs time proportional to its length: doubling tests that count operations."""

from __future__ import annotations

import random
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import polib
import pytest
from support import FIXTURE_MODEL

from translate_news.glossary.match import Hit
from translate_news.mt.enforce import translate_enforced
from translate_news.mt.engine import EngineOptions, Hypothesis
from translate_news.mt.long_sentences import split_to_budget

WORDS = ["il", "regista", "ha", "presentato", "la", "serie", "al", "festival", "con", "Marco", "Rossi"]


class CountingSpans(Sequence[tuple[int, int]]):
    """Glossary-term spans that count every span read: a cut tested against every term is quadratic."""

    def __init__(self, spans: list[tuple[int, int]], counter: list[int]) -> None:
        self._spans, self._counter = spans, counter

    def __len__(self) -> int:
        return len(self._spans)

    def __getitem__(self, index):  # noqa: ANN001, ANN204
        self._counter[0] += 1
        return self._spans[index]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        for span in self._spans:
            self._counter[0] += 1
            yield span


def cutting_work(words: int) -> int:
    """Characters tokenized plus term spans read while cutting a ``words``-word sentence without
    punctuation, with a glossary term every ten words."""
    rng = random.Random(words)
    sentence = " ".join(rng.choice(WORDS) for _ in range(words))
    starts = [i for i in range(len(sentence)) if i == 0 or sentence[i - 1] == " "]
    terms = [(start, sentence.index(" ", start)) for start in starts[::10] if " " in sentence[start:]]
    work = [0]

    def count_tokens(text: str) -> int:
        work[0] += len(text)
        return len(text.split())

    pieces = split_to_budget(sentence, count_tokens, 100, CountingSpans(terms, work))
    assert "".join(p.text + p.gap for p in pieces) == sentence
    assert all(len(p.text.split()) <= 100 for p in pieces)
    return work[0]


def test_cutting_a_long_sentence_is_linear() -> None:
    works = [cutting_work(n) for n in (2000, 4000, 8000)]
    assert works[1] / works[0] <= 2.5 and works[2] / works[1] <= 2.5, works


class CountingHits(CountingSpans):
    """A sentence's glossary hits, counting every hit read."""


class WordBudget:
    """The model's source budget, in words (``engine.SourceBudget``'s protocol)."""

    tokens = 100

    def might_exceed(self, text: str) -> bool:
        return len(text.split()) > self.tokens

    def count(self, text: str) -> int:
        return len(text.split())


class EchoEngine:
    """Translates each piece as itself: what is counted is the enforcement's own work."""

    budget = WordBudget()

    def tokenize(self, texts: Sequence[str]) -> list[list[str]]:
        return [text.split() for text in texts]

    def translate_tokens(self, batch, *, num_hypotheses=1, **_decoding):  # noqa: ANN001, ANN003, ANN201
        return [[Hypothesis(" ".join(tokens), tuple(tokens), 0.0)] * num_hypotheses for tokens in batch]

    def score_tokens(self, sources, targets):  # noqa: ANN001, ANN201
        return [0.0] * len(sources)


def enforcing_work(words: int) -> int:
    """Hits read while a ``words``-word sentence with a term every ten words is translated in pieces."""
    rng = random.Random(words)
    sentence = " ".join(rng.choice(WORDS) for _ in range(words))
    starts = [i for i in range(len(sentence)) if i == 0 or sentence[i - 1] == " "]
    work = [0]
    hits = [
        Hit("e", start, end, sentence[start:end])
        for start in starts[::10]
        for end in [sentence.find(" ", start) % (len(sentence) + 1)]
    ]
    [translation] = translate_enforced(EchoEngine(), None, [sentence], [CountingHits(hits, work)])
    assert translation.pieces > words // 100 and translation.target == sentence
    return work[0]


def test_enforcing_the_terms_of_a_long_sentence_is_linear() -> None:
    works = [enforcing_work(n) for n in (2000, 4000, 8000)]
    assert works[1] / works[0] <= 2.5 and works[2] / works[1] <= 2.5, works


def test_an_unchanged_rerun_does_not_cut_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The piece count is cached with the draft: the re-run notes it without cutting the sentence."""
    from translate_news.mt import enforce
    from translate_news.pipeline.runner import RunConfig, run

    articles = tmp_path / "articles"
    articles.mkdir()
    clause = "il regista e gli attori della serie hanno presentato il film al festival di Torino"
    long_sentence = ("; ".join([clause] * 12)).capitalize() + "."
    (articles / "lungo.txt").write_text(f"Titolo lungo\n\n{long_sentence}\n", encoding="utf-8")
    cuts: list[str] = []
    real = enforce.split_to_budget
    monkeypatch.setattr(
        enforce, "split_to_budget", lambda text, *a, **k: cuts.append(text) or real(text, *a, **k)
    )
    config = RunConfig(articles, tmp_path / "out", None, FIXTURE_MODEL, EngineOptions(threads=1))
    notes = []
    for _ in range(2):
        cuts.clear()
        assert run(config).failed == 0
        entry = polib.pofile(str(tmp_path / "out" / "lungo" / "lungo.en.po")).find(long_sentence)
        notes.append([line for line in entry.comment.splitlines() if "pieces" in line])
        if not notes[1:]:
            assert cuts == [long_sentence]  # the first run cuts it once
    assert cuts == []
    assert notes[0] == notes[1] == ["qa: translated in 4 pieces: sentence longer than the model's limit"]


def test_a_candidate_as_long_as_the_position_table_is_scored_not_fatal() -> None:
    """Repairing a piece of a very long sentence can score a draft decoded to the model's whole
    position table; CTranslate2 then failed the batch and the run ended in a traceback."""
    from translate_news.mt.engine import Engine
    from translate_news.mt.packages import resolve_model

    engine = Engine(resolve_model(FIXTURE_MODEL), EngineOptions(threads=1))
    source = engine.tokenize(["il film"])[0]
    assert engine.budget.limit == 256
    scores = engine.score_tokens([source, source], [["▁the"] * 255, ["▁the"] * 300])
    assert len(scores) == 2 and all(score < 0 for score in scores)


def test_nested_brackets_give_the_innermost_link_and_keep_the_rest() -> None:
    """Link text stops at a "[": CommonMark links the innermost pair, and a "[[[[…" no longer makes
    every "[" scan to the end of the text (quadratic: 1.5 s at 16,000 deep, now 6 ms)."""
    from translate_news.documents.inline import strip_inline

    plain, spans = strip_inline("Vedi [il [comunicato](https://x.it/c) oggi.")
    assert plain == "Vedi [il comunicato oggi."
    assert [(plain[s.start : s.end], s.open, s.close) for s in spans] == [
        ("comunicato", "[", "](https://x.it/c)")
    ]
    for text in ("[" * 3000 + "parola" + "]" * 3000, "[^" * 3000 + "x", "![" * 3000 + "a](u)"):
        assert strip_inline(text)[0].endswith(("parola" + "]" * 3000, "x", "a"))


def profile_events(call: Callable[[], object]) -> int:
    """Python function calls and returns (C calls too) while ``call`` runs: a count of operations."""
    count = [0]

    def tally(frame: object, event: str, arg: object) -> None:
        count[0] += 1

    sys.setprofile(tally)
    try:
        call()
    finally:
        sys.setprofile(None)
    return count[0]


def restoring_work(spans: int) -> int:
    """Putting back the markup of a sentence with ``spans`` bold words, footnotes and entities."""
    from translate_news.documents.inline import restore_inline, strip_inline

    rng = random.Random(spans)
    source = " ".join(
        f"**{rng.choice(WORDS)}** {rng.choice(WORDS)}[^{n}] &amp; {rng.choice(WORDS)}<br>"
        for n in range(spans)
    )
    plain, found = strip_inline(source)
    restored, lost = restore_inline(plain, found, plain)  # the English copies every word
    assert lost == [] and restored.count("**") == 2 * spans
    return profile_events(lambda: restore_inline(plain, found, plain))


def test_restoring_many_markup_spans_is_linear() -> None:
    works = [restoring_work(n) for n in (40, 80, 160)]
    assert works[1] / works[0] <= 2.5 and works[2] / works[1] <= 2.5, works
