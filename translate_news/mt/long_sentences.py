"""Cut a sentence too long for the model into pieces the model can take, at the safest points.

A source longer than the model's position table makes CTranslate2 fail for the whole batch, so such a
sentence is translated in pieces and the pieces' translations are joined. Cuts go where a translator
would pause: after ``;``, then ``:``, then ``,``, near the middle, else at the space nearest the middle,
and never inside a glossary term; a piece still too long is cut again.

The work is linear in the sentence's length, however long it is: the possible cuts are listed once
(bisected per cut, not rescanned), and the tokenizer sees only pieces near the budget. A part whose
estimated size (the token density of the smallest text counted around it) is far over the budget is
cut without being tokenized; cutting it only at the exact count would tokenize the sentence once per
level of halving.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import regex

__all__ = ["CUT_AFTER", "Piece", "split_to_budget"]

CUT_AFTER = (";", ":", ",")  # strongest clause boundary first; a plain space comes last
MIDDLE_WINDOW = 0.25  # punctuation counts only in the middle half, so pieces stay balanced
# A part estimated under this many budgets is counted exactly before it is cut: only the last few
# levels of halving are tokenized (each level once over the sentence), and a density estimate off by
# less than this factor never makes a cut the exact count would not have made.
COUNT_BELOW = 4
_CUT_POINT = regex.compile(r"(?<=\S)\s")  # a whitespace character after a non-whitespace one


@dataclass(frozen=True)
class Piece:
    """``text == sentence[start:end]``; ``gap`` is the whitespace that followed it in the sentence."""

    start: int
    end: int
    text: str
    gap: str = ""


def split_to_budget(
    sentence: str,
    count_tokens: Callable[[str], int],
    budget: int,
    keep_whole: Sequence[tuple[int, int]] = (),
) -> tuple[Piece, ...]:
    """Pieces of ``sentence`` of at most ``budget`` tokens each (one piece when it already fits).

    ``keep_whole`` are character spans (glossary terms) no cut may fall inside.
    """
    if len(sentence) <= 1 or (total := count_tokens(sentence)) <= budget:
        return (Piece(0, len(sentence), sentence),)
    cuts = _CutPoints.of(sentence, keep_whole)
    spans: list[tuple[int, int]] = []
    # Depth-first, left to right, without recursion: (start, end, tokens per character, exact count).
    stack: list[tuple[int, int, float, int | None]] = [(0, len(sentence), total / len(sentence), total)]
    while stack:
        start, end, density, exact = stack.pop()
        if exact is None and end - start > 1 and density * (end - start) <= COUNT_BELOW * budget:
            exact = count_tokens(sentence[start:end])
            density = exact / (end - start)
        if end - start <= 1 or (exact is not None and exact <= budget):
            spans.append((start, end))
            continue
        left_end, right_start = _around(sentence, start, end, cuts.best(start, end))
        stack.append((right_start, end, density, None))
        stack.append((start, left_end, density, None))
    pieces = []
    for number, (start, end) in enumerate(spans):
        following = spans[number + 1][0] if number + 1 < len(spans) else end
        pieces.append(Piece(start, end, sentence[start:end], sentence[end:following]))
    return tuple(pieces)


def _around(text: str, start: int, end: int, cut: int) -> tuple[int, int]:
    """The two sides of ``cut`` without the whitespace between them; halves when one side is empty."""
    left_end = cut
    while left_end > start and text[left_end - 1].isspace():
        left_end -= 1
    right_start = cut
    while right_start < end and text[right_start].isspace():
        right_start += 1
    if left_end <= start or right_start >= end:  # nothing on one side: cut the characters in half
        left_end = right_start = (start + end) // 2
    return left_end, right_start


@dataclass(frozen=True)
class _CutPoints:
    """Every allowed cut of a sentence, sorted: all of them, and those after each mark of CUT_AFTER."""

    spaces: tuple[int, ...]
    after: dict[str, tuple[int, ...]]

    @classmethod
    def of(cls, text: str, keep_whole: Sequence[tuple[int, int]]) -> _CutPoints:
        spans = sorted(keep_whole)  # read once: a cut's test against every term made this quadratic
        spaces: list[int] = []
        after: dict[str, list[int]] = {mark: [] for mark in CUT_AFTER}
        reach, next_span = -1, 0  # furthest end of the terms started before the position
        for match in _CUT_POINT.finditer(text):
            position = match.start()
            while next_span < len(spans) and spans[next_span][0] < position:
                reach = max(reach, spans[next_span][1])
                next_span += 1
            if position < reach:
                continue  # inside a term
            spaces.append(position)
            if text[position - 1] in after:
                after[text[position - 1]].append(position)
        return cls(tuple(spaces), {mark: tuple(points) for mark, points in after.items()})

    def best(self, start: int, end: int) -> int:
        """A whitespace position: the strongest punctuation before it in the middle half, nearest the
        middle; else the space nearest the middle; else the middle character."""
        middle = (start + end) / 2
        margin = (end - start) * MIDDLE_WINDOW
        for mark in CUT_AFTER:
            near = _nearest(
                self.after[mark], middle, max(start + 1, middle - margin), min(end - 1, middle + margin)
            )
            if near is not None:
                return near
        near = _nearest(self.spaces, middle, start + 1, end - 1)
        return int(middle) if near is None else near


def _nearest(points: Sequence[int], middle: float, low: float, high: float) -> int | None:
    """The point in ``[low, high]`` nearest ``middle`` (the earlier one on a tie), by bisection: the
    window holds ``middle``, so when neither neighbour of the middle is inside, no point is."""
    at = bisect_left(points, middle)
    inside = [p for p in points[max(0, at - 1) : at + 1] if low <= p <= high]
    return min(inside, key=lambda p: (abs(p - middle), p)) if inside else None
