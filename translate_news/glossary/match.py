"""Find glossary terms in Italian text (and their renderings in English) without fuzzy matching.

Each form becomes a small regex: letters literal, a space any whitespace run (newlines included), a
hyphen any hyphen variant, a space or nothing (co-CEO, co CEO, co‑CEO; pre-visualizzazione,
previsualizzazione), an apostrophe any apostrophe variant. Every form is anchored at letter/digit
boundaries, so "sceneggiatore" never matches inside "sceneggiatura". An elided article or
preposition (l’, dell’, sull’…) is outside the word, so it neither blocks a match nor joins the hit.
Texts are matched in NFC; offsets are mapped back to the caller's (possibly decomposed) text.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import regex

from translate_news.glossary.model import Glossary, GlossaryEntry, acceptable_targets, clean_text

APOSTROPHES = "'’ʼ‘"
HYPHENS = "-‐‑–"

_APOSTROPHE = f"[{APOSTROPHES}]"
_HYPHEN_GAP = rf"(?:[{regex.escape(HYPHENS)}]|\s+)?"
_WORD_CHAR = r"[\p{L}\p{N}\p{M}]"
_BEFORE = rf"(?<!{_WORD_CHAR})"
_AFTER = rf"(?!{_WORD_CHAR})"
_PIECES = regex.compile(
    rf"\s+|[{regex.escape(HYPHENS)}]+|{_APOSTROPHE}|[^\s{regex.escape(HYPHENS + APOSTROPHES)}]+"
)
_WORDS = regex.compile(r"[\p{L}\p{N}\p{M}]+")
# A form that starts with an elided article ("L'Eternauta") also matches after another elided word
# ("dell'Eternauta"); the hit is then the part after the apostrophe.
_ELIDED_ARTICLE = regex.compile(rf"^\p{{L}}{{1,3}}{_APOSTROPHE}(?=\p{{L}})")
_CLUSTER = regex.compile(r"\X", regex.DOTALL)


@dataclass(frozen=True)
class Hit:
    """A glossary term in the source: ``text == original[start:end]``."""

    entry_id: str
    start: int
    end: int
    text: str


_BucketSource = tuple[str, str, tuple[str, ...]]  # first character, alternation source, entry ids


@dataclass(frozen=True)
class Matcher:
    """A glossary's source forms, compiled once; equal (and hashed) by its pattern sources.

    ``starts_source`` finds the places a form can begin (word starts, plus any punctuation a form
    starts with); each of ``bucket_sources`` is a first character, lowercased, with one alternation of
    the forms that begin with it, longest first, and the entry id of each capturing group. A pickle
    carries only the sources, so a matcher can cross to a worker process and compile there.
    """

    starts_source: str | None
    bucket_sources: tuple[_BucketSource, ...]
    starts: regex.Pattern[str] | None = field(init=False, repr=False, compare=False)
    buckets: Mapping[str, tuple[regex.Pattern[str], tuple[str, ...]]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        starts = regex.compile(self.starts_source) if self.starts_source is not None else None
        buckets = {first: (regex.compile(source), ids) for first, source, ids in self.bucket_sources}
        object.__setattr__(self, "starts", starts)
        object.__setattr__(self, "buckets", MappingProxyType(buckets))

    def __reduce__(self) -> tuple[type[Matcher], tuple[str | None, tuple[_BucketSource, ...]]]:
        return (Matcher, (self.starts_source, self.bucket_sources))


def match_key(form: str, case_sensitive: bool) -> str:
    """Equal keys mean the matcher treats two forms as one (case, apostrophe and hyphen variants folded)."""
    key = clean_text(form)
    key = regex.sub(_APOSTROPHE, "'", key)
    key = regex.sub(rf"[{regex.escape(HYPHENS)}]", "-", key)
    return key if case_sensitive else key.casefold()


def has_word(form: str) -> bool:
    """A form without letters or digits could match nothing or everything, so it is never matched."""
    return _WORDS.search(form) is not None


def _is_word_char(char: str) -> bool:
    return bool(regex.match(_WORD_CHAR, char))


def _body(form: str) -> str:
    parts = []
    for piece in _PIECES.findall(form):
        if piece.isspace():
            parts.append(r"\s+")
        elif piece[0] in HYPHENS:
            parts.append(_HYPHEN_GAP)
        elif piece in APOSTROPHES:
            parts.append(_APOSTROPHE)
        else:
            parts.append(regex.escape(piece))
    return "".join(parts)


def form_pattern(form: str, case_sensitive: bool, check_start: bool = True) -> str:
    """The regex source for one form, with letter/digit boundaries where the form has letters/digits.

    ``check_start=False`` leaves out the leading boundary for callers that only try word starts
    (a lookbehind per alternative is most of the cost of a match).
    """
    body = _body(form)
    if check_start and _is_word_char(form[0]):
        body = _BEFORE + body
    if _is_word_char(form[-1]):
        body += _AFTER
    return body if case_sensitive else f"(?i:{body})"


def _elided_pattern(form: str, case_sensitive: bool) -> tuple[str, str] | None:
    article = _ELIDED_ARTICLE.match(form)
    if article is None:
        return None
    rest = form[article.end() :]
    return rest, rf"(?<=\p{{L}}{_APOSTROPHE})" + form_pattern(rest, case_sensitive, check_start=False)


def _rank(form: str, case_sensitive: bool, order: int) -> tuple[int, int, bool, int]:
    """Sort key: more words, then more characters, then case-sensitive, then file order."""
    return (-len(_WORDS.findall(form)), -len(form), not case_sensitive, order)


@dataclass(frozen=True)
class _Alternative:
    rank: tuple[int, int, bool, int]
    first: str
    source: str
    entry_id: str


def _alternatives(entries: Iterable[GlossaryEntry]) -> list[_Alternative]:
    out = []
    for order, entry in enumerate(entries):
        cs = entry.case_sensitive
        for form in filter(has_word, entry.source_forms):
            out.append(_Alternative(_rank(form, cs, order), form[0], form_pattern(form, cs, False), entry.id))
            elided = _elided_pattern(form, cs)
            if elided is not None:
                rest, source = elided
                out.append(_Alternative(_rank(rest, cs, order), rest[0], source, entry.id))
    return sorted(out, key=lambda alternative: alternative.rank)


def build_matcher(glossary: Glossary) -> Matcher:
    """Group the forms by first character so each word start tries a handful of forms, not all."""
    grouped: dict[str, list[_Alternative]] = {}
    for alternative in _alternatives(glossary.entries):
        grouped.setdefault(alternative.first.lower(), []).append(alternative)
    if not grouped:
        return Matcher(None, ())
    buckets = tuple(
        (
            first,
            "|".join(f"({member.source})" for member in members),
            tuple(member.entry_id for member in members),
        )
        for first, members in grouped.items()
    )
    punctuation = "".join(sorted(first for first in grouped if not _is_word_char(first)))
    starts = rf"{_BEFORE}[\p{{L}}\p{{N}}]" + (f"|[{regex.escape(punctuation)}]" if punctuation else "")
    return Matcher(starts, buckets)


# --- NFC with offsets into the original text -----------------------------------------------------


@dataclass(frozen=True)
class _Normalised:
    """``text`` in NFC; ``starts[i]``/``ends[i]``: the original span of the cluster holding char ``i``."""

    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def _normalise(text: str) -> _Normalised:
    """NFC per grapheme cluster, line by line, so NFC lines (nearly all) are copied untouched."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return _Normalised(text)
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        if unicodedata.is_normalized("NFC", line):
            pieces.append(line)
            starts.extend(range(offset, offset + len(line)))
            ends.extend(range(offset + 1, offset + len(line) + 1))
        else:
            for cluster in _CLUSTER.finditer(line):
                composed = unicodedata.normalize("NFC", cluster.group())
                pieces.append(composed)
                starts.extend([offset + cluster.start()] * len(composed))
                ends.extend([offset + cluster.end()] * len(composed))
        offset += len(line)
    return _Normalised("".join(pieces), tuple(starts), tuple(ends))


def _spans(pattern: regex.Pattern[str], text: str) -> Iterator[tuple[int, int, int]]:
    """(start, end, group) in ``text``'s own offsets, leftmost first, longest alternative at each start."""
    normalised = _normalise(text)
    for match in pattern.finditer(normalised.text):
        if match.end() > match.start():
            start, end = normalised.span(match.start(), match.end())
            yield start, end, match.lastindex or 0


def find_hits(matcher: Matcher, text: str) -> list[Hit]:
    """Non-overlapping hits in text order: scanning left to right, the longest form at each start wins."""
    if matcher.starts is None or not text:
        return []
    normalised = _normalise(text)
    norm = normalised.text
    hits: list[Hit] = []
    position = 0
    for candidate in matcher.starts.finditer(norm):
        if candidate.start() < position:
            continue
        bucket = matcher.buckets.get(candidate.group().lower())
        if bucket is None:
            continue
        match = bucket[0].match(norm, candidate.start())
        if match is None or match.end() == match.start():
            continue
        start, end = normalised.span(match.start(), match.end())
        hits.append(Hit(bucket[1][(match.lastindex or 1) - 1], start, end, text[start:end]))
        position = match.end()
    return hits


# --- the English side ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def verbatim_pattern(form: str) -> str:
    """A do-not-translate form exactly as written: only the apostrophe's typography may differ."""
    body = "".join(_APOSTROPHE if ch in APOSTROPHES else regex.escape(ch) for ch in form)
    if _is_word_char(form[0]):
        body = _BEFORE + body
    if _is_word_char(form[-1]):
        body += _AFTER
    return body


def _forms_regex(
    forms: tuple[str, ...], case_sensitive: bool, verbatim: bool = False
) -> tuple[regex.Pattern[str] | None, tuple[str, ...]]:
    """One alternation of ``forms``, longest first, with the forms in group order."""
    usable = [form for form in forms if has_word(form)]
    ranked = tuple(form for _, form in sorted((_rank(f, case_sensitive, i), f) for i, f in enumerate(usable)))
    if not ranked:
        return None, ()
    patterns = [verbatim_pattern(f) if verbatim else form_pattern(f, case_sensitive) for f in ranked]
    return regex.compile("|".join(f"({p})" for p in patterns)), ranked


def find_target_term(entry: GlossaryEntry, target_text: str, matched_source: str) -> tuple[int, int] | None:
    """The first place an acceptable rendering of this hit occurs in the translation, or None.

    Do-not-translate terms must come out verbatim: no case, hyphen or spacing tolerance.
    """
    pattern, _ = _forms_regex(
        acceptable_targets(entry, matched_source), entry.case_sensitive, verbatim=entry.dnt
    )
    if pattern is None:
        return None
    for start, end, _ in _spans(pattern, target_text):
        return start, end
    return None


def find_forbidden(entry: GlossaryEntry, target_text: str) -> list[tuple[int, int, str]]:
    """Every forbidden variant in the translation as (start, end, the forbidden form as listed)."""
    pattern, ranked = _forms_regex(entry.forbidden, entry.case_sensitive)
    if pattern is None:
        return []
    return [(start, end, ranked[group - 1]) for start, end, group in _spans(pattern, target_text)]
