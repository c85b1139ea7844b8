"""Hostile input costs time proportional to its length: doubling tests that count operations."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence

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
