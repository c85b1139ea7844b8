"""Keep Markdown inline markup out of MT and put it back around the matching English words.

MT sees plain text. Afterwards each markup span is restored where its text can be located in the
translation: the whole sentence, text copied verbatim (names, numbers, links to proper nouns), or
the glossary target of a term inside the span. A span that cannot be placed that way is never
dropped: it goes around the best-aligned English words (copied words, numbers, glossary targets and the
MT of the span's own text, nearest its relative place), else around the whole sentence, and is reported
(:class:`Kept`) so the entry carries a QA note saying where it went; the reviewer moves it if need be.

Markup without text of its own (a footnote marker ``[^1]``, ``<br>``) is an *atom*: it is put back
after the English of the word it followed, or at the same end of the sentence. An entity (``&amp;``,
``&nbsp;``) reaches MT as its character and is written back as the entity where that character is
found in the English. An atom with no such word goes at its relative place in the English, noted;
an entity whose character the English lacks has nothing to sit on and is noted alone.
"""

from __future__ import annotations

import functools
import html
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

import regex

# Order matters: footnote markers, links and images first, then strong before emphasis, then code;
# strikethrough, autolinks, <br> and entities after them. A label or link text stops at the next
# "[": text running over it made every "[" of "[[[[…" scan to the end (quadratic in the nesting),
# and the innermost bracket pair is the one CommonMark makes a link of.
_INLINE = regex.compile(
    r"(?P<atom>\[\^[^\[\]\s]+\](?!:)|<br\s*/?>)"
    r"|(?P<open>!?\[)(?P<text>[^\[\]\n]+)(?P<close>\]\([^)\s]+(?:\s+\"[^\"]*\")?\))"
    r"|(?P<open>!?\[)(?P<text>[^\[\]\n]+)(?P<close>\]\[[^\]\n]*\])"
    r"|(?P<open>\*\*|__)(?P<text>(?:(?!(?P=open)).)+?)(?P<close>(?P=open))"
    r"|(?<![\p{L}\p{N}*_])(?P<open>[*_])(?P<text>[^*_\s](?:[^*_]*?[^*_\s])?)(?P<close>[*_])(?![\p{L}\p{N}*_])"
    r"|(?P<open>`)(?P<text>[^`]+)(?P<close>`)"
    r"|(?P<open>~~)(?P<text>[^~\n]+?)(?P<close>~~)"
    r"|(?P<open><)(?P<text>[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)(?P<close>>)"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)",
)
_END_PUNCTUATION = ".!?;:,»”\"')’ "


@dataclass(frozen=True)
class InlineSpan:
    """Markup ``open``…``close`` around ``plain[start:end]``; an atom has ``start == end``.

    ``replace`` is the source notation of ``plain[start:end]`` when the two differ (an entity).
    """

    start: int
    end: int
    open: str
    close: str
    replace: str | None = None


def strip_inline(text: str) -> tuple[str, tuple[InlineSpan, ...]]:
    """Plain text for MT and the markup spans (outermost only; nested markup stays in the text)."""
    plain: list[str] = []
    spans: list[InlineSpan] = []
    length, pos = 0, 0
    for match in _INLINE.finditer(text):
        before = text[pos : match.start()]
        plain.append(before)
        length += len(before)
        pos = match.end()
        if match.group("atom"):
            spans.append(InlineSpan(length, length, match.group("atom"), ""))
            if match.group().startswith("<") and _between_words(text, match.start(), match.end()):
                plain.append(" ")  # "riga<br>riga": MT must still see two words
                length += 1
            continue
        if match.group("entity"):
            char = html.unescape(match.group("entity"))
            if char == match.group("entity"):  # not an entity HTML knows: plain text
                plain.append(char)
                length += len(char)
                continue
            spans.append(InlineSpan(length, length + len(char), "", "", match.group("entity")))
            plain.append(char)
            length += len(char)
            continue
        inner = match.group("text")
        spans.append(InlineSpan(length, length + len(inner), match.group("open"), match.group("close")))
        plain.append(inner)
        length += len(inner)
    plain.append(text[pos:])
    return "".join(plain), tuple(spans)


def _between_words(text: str, start: int, end: int) -> bool:
    return bool(text[start - 1 : start].strip()) and bool(text[end : end + 1].strip()) and start > 0


@dataclass(frozen=True)
class Kept:
    """Markup the draft could not place exactly: ``shown`` as the source wrote it, and where it went:
    ``how`` is ``aligned`` (around ``around``, the best-aligned English words), ``sentence`` (around
    the whole sentence), ``inside`` (an HTML element inside another, around all of that one's English),
    ``position`` (an atom at its relative place) or ``dropped`` (an entity whose character the English
    lacks: there is nothing to write it on)."""

    shown: str
    how: str
    around: str = ""


def restore_inline(
    plain_source: str,
    spans: tuple[InlineSpan, ...],
    target: str,
    counterparts: Mapping[str, Sequence[str]] | None = None,
    escape: Callable[[str], str] = str,
) -> tuple[str, list[Kept]]:
    """Re-insert markup into ``target``; returns the result and the spans not placed exactly (kept by
    alignment, around the sentence or at their relative place: never dropped, so the page keeps them).

    ``escape`` turns the plain text around the markup into the source's notation (HTML entities).
    """
    if not spans:
        return escape(target), []
    counterparts = counterparts or {}
    finder = _Finder(target)
    source = _SourceEnds(plain_source)
    kept: list[Kept] = []
    unplaced: list[InlineSpan] = []
    parents = _parents(spans)
    for span in sorted(spans, key=lambda s: s.start == s.end):  # atoms last: they go between words
        if span in parents:
            continue  # inside another span: placed inside that one's English below
        inner = plain_source[span.start : span.end]
        if span.start == span.end:
            unplaced.append(span)  # after every span with text: an atom goes between them
            continue
        if span.replace is not None:
            where = finder.locate(inner, whole_words=False)
        elif span.start == 0 and span.end == source.sentence_end or inner == plain_source:
            where = (0, len(target.rstrip(".!?»” ")) or len(target))
        else:
            where = finder.locate(inner)
            for counterpart in sorted(counterparts.get(inner, ()), key=len, reverse=True):
                where = where or finder.locate(counterpart)
        if where is None:
            unplaced.append(span)
        else:
            finder.place(where[0], where[1], span)
    for span in unplaced:  # spans with text first, then atoms: each around what the others left free
        shown = (
            span.replace
            if span.replace is not None
            else f"{span.open}{plain_source[span.start : span.end]}{span.close}"
        )
        if span.replace is not None:  # an entity whose character the English does not have
            kept.append(Kept(shown, "dropped"))
            continue
        if span.start == span.end:
            at = _atom_position(source, span.start, target, finder)
            if at is None:
                at = _relative_position(source, span.start, target, finder)
                kept.append(
                    Kept(shown, "position", target[:at].rsplit(None, 1)[-1] if target[:at].strip() else "")
                )
            finder.place(at, at, span)
            continue
        where, how = _best_aligned(plain_source, span, target, counterparts, finder)
        kept.append(Kept(shown, how, target[where[0] : where[1]]))
        finder.place(where[0], where[1], span)
    nested = _place_nested(plain_source, target, parents, finder.placed, counterparts, kept)
    pieces: list[str] = []
    pos = 0
    for start, end, span in finder.placed:  # sorted; placed spans never overlap
        written = span.replace if span.replace is not None else _write(target, start, end, nested, escape)
        pieces += [escape(target[pos:start]), span.open, written, span.close]
        pos = end
    pieces.append(escape(target[pos:]))
    return "".join(pieces), kept


def _parents(spans: Sequence[InlineSpan]) -> dict[InlineSpan, InlineSpan]:
    """Each span inside another (HTML ``<a>…<em>x</em> y</a>``) → the innermost span holding it."""
    boxes = sorted(
        (s for s in spans if s.end > s.start and s.replace is None), key=lambda s: (s.start, -s.end)
    )
    parents: dict[InlineSpan, InlineSpan] = {}
    open_boxes: list[InlineSpan] = []
    for span in boxes:
        while open_boxes and open_boxes[-1].end < span.end:
            open_boxes.pop()
        if open_boxes:
            parents[span] = open_boxes[-1]
        open_boxes.append(span)
    return parents


def _place_nested(
    plain_source: str,
    target: str,
    parents: Mapping[InlineSpan, InlineSpan],
    placed: Sequence[tuple[int, int, InlineSpan]],
    counterparts: Mapping[str, Sequence[str]],
    kept: list[Kept],
) -> list[tuple[int, int, InlineSpan]]:
    """Spans inside another, put inside the English of their outer span: around their own words found
    there, else around all of the outer span's words (kept and noted, never dropped)."""
    where = {span: (start, end) for start, end, span in placed}
    nested: list[tuple[int, int, InlineSpan]] = []
    for span in sorted(parents, key=lambda s: (s.start, -s.end)):  # outer ones first
        start, end = where[parents[span]]
        inner = plain_source[span.start : span.end]
        found = None
        for needle in (inner, *sorted(counterparts.get(inner, ()), key=len, reverse=True)):
            pattern = r"(?<![\p{L}\p{N}])" + regex.escape(needle) + r"(?![\p{L}\p{N}])"
            for match in regex.finditer(pattern, target, regex.IGNORECASE, pos=start, endpos=end):
                if not any(_crosses(match.span(), (s, e)) for s, e, _ in nested):
                    found = match.span()
                    break
            if found:
                break
        if found is None:
            found = (start, end)
            kept.append(Kept(f"{span.open}{inner}{span.close}", "inside", target[start:end]))
        where[span] = found
        nested.append((found[0], found[1], span))
    return nested


def _crosses(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two ranges overlap without one holding the other (tags would cross)."""
    overlap = a[0] < b[1] and b[0] < a[1]
    return overlap and not (a[0] <= b[0] and b[1] <= a[1]) and not (b[0] <= a[0] and a[1] <= b[1])


def _write(
    target: str,
    start: int,
    end: int,
    nested: Sequence[tuple[int, int, InlineSpan]],
    escape: Callable[[str], str],
) -> str:
    """``target[start:end]`` escaped, with the nested spans inside it written around their words."""
    same = [n for n in nested if (n[0], n[1]) == (start, end)]
    if same:  # a span around all of its outer one's words: written just inside it
        rest = [n for n in nested if n is not same[0]]
        return same[0][2].open + _write(target, start, end, rest, escape) + same[0][2].close
    inside = sorted((n for n in nested if start <= n[0] and n[1] <= end), key=lambda n: (n[0], -n[1]))
    pieces: list[str] = []
    pos, at = start, 0
    while at < len(inside):
        s, e, span = inside[at]
        following = at + 1
        while following < len(inside) and inside[following][0] < e:
            following += 1
        written = _write(target, s, e, inside[at + 1 : following], escape)
        pieces += [escape(target[pos:s]), span.open, written, span.close]
        pos, at = e, following
    pieces.append(escape(target[pos:end]))
    return "".join(pieces)


_WORD = regex.compile(r"[\p{L}\p{N}]+")
_STEM = 5  # words sharing their first five letters are one word here (minister, ministers, ministero)
_LAST_WORD = regex.compile(r"(?r)[\p{L}\p{N}]+")  # searched backwards from the end: the last word


@dataclass(frozen=True)
class _SourceEnds:
    """Where the plain source's text begins and ends, found once: an atom's tests slice nothing."""

    text: str
    first_text: int  # offset of the first non-space character (len when none)
    after_text: int  # offset after the last non-space character
    after_words: int  # offset after the last character that is not end punctuation
    sentence_end: int  # length without the final punctuation a whole-sentence span leaves out

    def __init__(self, text: str) -> None:
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "first_text", len(text) - len(text.lstrip()))
        object.__setattr__(self, "after_text", len(text.rstrip()))
        object.__setattr__(self, "after_words", len(text.rstrip(_END_PUNCTUATION)))
        object.__setattr__(self, "sentence_end", len(text.rstrip(".!?»” ")))


class _Finder:
    """Where needles occur in the target as whole words, and which target spans are taken.

    Linear in the number of spans, where rescanning the target for each span and testing each match
    against every placed span was quadratic: a needle's candidates come from an index of the target's
    words (or characters), read once; a candidate found taken or not matching is never tried again
    (placed spans only grow), so each needle's cursor only moves forward; placed spans are bisected.
    """

    def __init__(self, target: str) -> None:
        self.target = target
        self.placed: list[tuple[int, int, InlineSpan]] = []  # sorted by (start, end)
        self._words: dict[str, list[int]] | None = None  # casefolded word → its starts in the target
        self._chars: dict[str, list[int]] | None = None  # casefolded character → its offsets
        self._cursors: dict[tuple[str, bool], int] = {}
        self._patterns: dict[tuple[str, bool], regex.Pattern[str]] = {}

    def taken(self, start: int, end: int) -> bool:
        """Whether ``start..end`` overlaps a placed span (a placed atom counts only strictly inside)."""
        at = bisect_left(self.placed, (end,)) if end > start else bisect_right(self.placed, (start, end))
        while at > 0:
            s, e, _ = self.placed[at - 1]
            if e > start and s < end:
                return True
            if e <= start:  # spans do not overlap: the earlier ones end before this one
                return False
            at -= 1
        return False

    def place(self, start: int, end: int, span: InlineSpan) -> None:
        insort(self.placed, (start, end, span), key=lambda p: (p[0], p[1]))

    def locate(self, needle: str, whole_words: bool = True) -> tuple[int, int] | None:
        """The first free occurrence of ``needle`` (case-insensitive; as whole words if asked)."""
        if not needle.strip() and whole_words or not needle:
            return None
        key = (needle, whole_words)
        pattern = self._patterns.get(key)
        if pattern is None:
            pattern = self._patterns[key] = regex.compile(
                (r"(?<![\p{L}\p{N}])" + regex.escape(needle) + r"(?![\p{L}\p{N}])")
                if whole_words
                else regex.escape(needle),
                regex.IGNORECASE,
            )
        candidates = self._candidates(needle, whole_words)
        at = self._cursors.get(key, 0)
        while at < len(candidates):
            match = pattern.match(self.target, candidates[at])
            if match and not self.taken(*match.span()):
                self._cursors[key] = at
                return match.span()
            at += 1
        self._cursors[key] = at
        return None

    def _candidates(self, needle: str, whole_words: bool) -> list[int]:
        """Offsets where ``needle`` may start: its first word's starts, else its first character's."""
        first = _WORD.match(needle) if whole_words else None
        if first is not None:
            if self._words is None:
                self._words = {}
                for word in _WORD.finditer(self.target):
                    self._words.setdefault(word.group().casefold(), []).append(word.start())
            return self._words.get(first.group().casefold(), [])
        if self._chars is None:
            self._chars = {}
            for offset, char in enumerate(self.target):
                self._chars.setdefault(char.casefold(), []).append(offset)
        return self._chars.get(needle[0].casefold(), [])


def _atom_position(source: _SourceEnds, offset: int, target: str, finder: _Finder) -> int | None:
    """Where markup without text goes in ``target``: the same end of the sentence, or after the
    English of the word it followed (before that of the word it preceded) when that word is copied."""
    if offset >= source.after_text:
        at: int | None = len(target.rstrip())
    elif offset >= source.after_words:  # "detto[^1]." → before the final punctuation
        at = len(target.rstrip(_END_PUNCTUATION))
    elif offset <= source.first_text:
        at = len(target) - len(target.lstrip())
    else:
        at = None
        previous = _LAST_WORD.search(source.text, 0, offset)
        following = _WORD.search(source.text, offset)
        if previous and (found := finder.locate(previous.group())):
            at = found[1]
        elif following and (found := finder.locate(following.group())):
            at = found[0]
    if at is None:
        return None
    inside = bisect_right(finder.placed, (at, at)) if finder.placed else 0
    if inside and finder.placed[inside - 1][0] < at < finder.placed[inside - 1][1]:
        at = finder.placed[inside - 1][1]  # never inside a placed span: just after it
    return at


@functools.cache
def function_words() -> frozenset[str]:
    """Italian and English function words (articles, prepositions, pronouns, auxiliaries): they align
    nothing, and a link on one alone sits on the wrong word."""
    words: set[str] = set()
    for name in ("function-words.it.txt", "function-words.en.txt"):
        text = resources.files("translate_news.data").joinpath(name).read_text("utf-8")
        words.update(w.strip().casefold() for w in text.splitlines() if w.strip() and not w.startswith("#"))
    return frozenset(words)


def content_keys(text: str) -> set[str]:
    """The words of ``text`` that carry meaning, as alignment compares them: casefolded, cut to their
    first letters (inflections and cognates meet), function words left out."""
    words = (w.casefold() for w in _WORD.findall(text))
    return {w[:_STEM] for w in words if w not in function_words() and (len(w) > 1 or w.isdigit())}


def _best_aligned(
    plain_source: str,
    span: InlineSpan,
    target: str,
    counterparts: Mapping[str, Sequence[str]],
    finder: _Finder,
) -> tuple[tuple[int, int], str]:
    """Where a span not found verbatim goes: around the run of free English words that best matches the
    span's words (those copied, numbers, glossary targets of terms inside it, its own MT), nearest its
    relative place; around the whole sentence (or its longest free stretch) when no word aligns."""
    inner = plain_source[span.start : span.end]
    keys = content_keys(inner)
    for phrase, english in counterparts.items():
        if phrase in inner:
            keys.update(k for e in english for k in content_keys(e))
    words = [w for w in _WORD.finditer(target) if not finder.taken(*w.span())]
    centre = (span.start + span.end) / 2 / max(len(plain_source), 1) * max(len(target), 1)
    width = 2 * len(_WORD.findall(inner)) + 3  # an English run far longer than the span aligns nothing
    best: tuple[float, float, int, int] | None = None  # score, -distance, first, last word
    for first, word in enumerate(words):
        if word.group().casefold()[:_STEM] not in keys:
            continue
        score = 0.0
        for last in range(first, min(len(words), first + width)):
            if last > first and finder.taken(words[first].start(), words[last].end()):
                break
            score += 1.0 if words[last].group().casefold()[:_STEM] in keys else -0.5
            if words[last].group().casefold()[:_STEM] not in keys:
                continue
            middle = (words[first].start() + words[last].end()) / 2
            candidate = (score, -abs(middle - centre), first, last)
            best = candidate if best is None or candidate[:2] > best[:2] else best
    if best is not None:
        return (words[best[2]].start(), words[best[3]].end()), "aligned"
    return _whole_sentence(target, finder), "sentence"


def _whole_sentence(target: str, finder: _Finder) -> tuple[int, int]:
    """The sentence without its final punctuation, or its longest stretch no placed span takes."""
    end = len(target.rstrip(".!?»” ")) or len(target)
    start = len(target) - len(target.lstrip())
    gaps: list[tuple[int, int]] = []
    for s, e, _ in finder.placed:
        if s > start:
            gaps.append((start, s))
        start = max(start, e)
    gaps.append((start, end))
    gaps = [
        (s + len(target[s:e]) - len(target[s:e].lstrip()), s + len(target[s:e].rstrip())) for s, e in gaps
    ]
    return max(gaps, key=lambda g: g[1] - g[0])


def _relative_position(source: _SourceEnds, offset: int, target: str, finder: _Finder) -> int:
    """An atom with no word to follow: the English word boundary nearest its relative place."""
    wanted = offset / max(len(source.text), 1) * len(target)
    ends = [w.end() for w in _WORD.finditer(target)] or [len(target.rstrip())]
    at = min(ends, key=lambda e: abs(e - wanted))
    inside = bisect_right(finder.placed, (at, at)) if finder.placed else 0
    if inside and finder.placed[inside - 1][0] < at < finder.placed[inside - 1][1]:
        at = finder.placed[inside - 1][1]
    return at
