"""Cut a sentence too long for the model into pieces the model can take, at the safest points.

A source longer than the model's position table makes CTranslate2 fail for the whole batch, so such a
sentence is translated in pieces and the pieces' translations are joined. Cuts go where a translator
would pause: after ``;``, then ``:``, then ``,``, near the middle, else at the space nearest the middle,
and never inside a glossary term; a piece still too long is cut again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["CUT_AFTER", "Piece", "split_to_budget"]

CUT_AFTER = (";", ":", ",")  # strongest clause boundary first; a plain space comes last
MIDDLE_WINDOW = 0.25  # punctuation counts only in the middle half, so pieces stay balanced


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
    spans = _split(sentence, 0, len(sentence), count_tokens, budget, keep_whole)
    pieces = []
    for number, (start, end) in enumerate(spans):
        following = spans[number + 1][0] if number + 1 < len(spans) else end
        pieces.append(Piece(start, end, sentence[start:end], sentence[end:following]))
    return tuple(pieces)


def _split(
    text: str,
    start: int,
    end: int,
    count_tokens: Callable[[str], int],
    budget: int,
    keep_whole: Sequence[tuple[int, int]],
) -> list[tuple[int, int]]:
    if end - start <= 1 or count_tokens(text[start:end]) <= budget:
        return [(start, end)]
    cut = _best_cut(text, start, end, keep_whole)
    left_end = cut
    while left_end > start and text[left_end - 1].isspace():
        left_end -= 1
    right_start = cut
    while right_start < end and text[right_start].isspace():
        right_start += 1
    if left_end <= start or right_start >= end:  # nothing on one side: cut the characters in half
        left_end = right_start = (start + end) // 2
    return [
        *_split(text, start, left_end, count_tokens, budget, keep_whole),
        *_split(text, right_start, end, count_tokens, budget, keep_whole),
    ]


def _best_cut(text: str, start: int, end: int, keep_whole: Sequence[tuple[int, int]]) -> int:
    """A whitespace position: the strongest punctuation before it in the middle half, nearest the
    middle; else the space nearest the middle; else the middle character."""
    middle = (start + end) / 2
    margin = (end - start) * MIDDLE_WINDOW
    spaces = [
        i
        for i in range(start + 1, end)
        if text[i].isspace() and not text[i - 1].isspace() and not _inside(i, keep_whole)
    ]
    for mark in CUT_AFTER:
        near = [i for i in spaces if text[i - 1] == mark and abs(i - middle) <= margin]
        if near:
            return min(near, key=lambda i: abs(i - middle))
    if spaces:
        return min(spaces, key=lambda i: abs(i - middle))
    return int(middle)


def _inside(position: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < position < end for start, end in spans)
