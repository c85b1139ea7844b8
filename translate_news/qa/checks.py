"""Every QA check of one translated sentence, as a plain function in one registry.

``CHECKS`` maps a name to its function, severity and profile: ``default`` checks run in ``check`` and
on every draft; ``strict`` ones join them under ``check --strict`` (a gate before publishing). A new
check is one function plus one line here. Each function takes a :class:`SentencePair` and the glossary and
returns :class:`~translate_news.findings.Finding` values; the findings of a draft become its
``qa:`` notes, so the PO entry a reviewer opens and the report ``check`` writes say the same thing.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Literal

import regex

from translate_news.documents.inline import InlineSpan, Kept, function_words
from translate_news.documents.publish import unsafe_additions
from translate_news.facts.checks import CHECKS as FACT_CHECKS
from translate_news.facts.checks import SentenceFacts, sentence_facts
from translate_news.findings import Finding, Severity, Where
from translate_news.glossary.match import Hit
from translate_news.glossary.model import Glossary, dnt_names
from translate_news.glossary.rule import term_problems
from translate_news.identity import sentence_key
from translate_news.segmentation.segment import MISSED_BOUNDARY_CHARS, missed_boundary

__all__ = [
    "CHECKS",
    "FACT_KINDS",
    "PROFILES",
    "Check",
    "CheckFunction",
    "Profile",
    "SentencePair",
    "check_italian",
    "check_link_text",
    "check_long_segment",
    "check_markup",
    "check_no_translation",
    "check_terms",
    "check_unsafe_markup",
    "checks_for",
    "fact_findings",
    "italian_target",
    "markup_not_placed",
    "run_checks",
]

Profile = Literal["default", "strict"]
PROFILES: dict[str, tuple[Profile, ...]] = {"default": ("default",), "strict": ("default", "strict")}

NO_TRANSLATION = "no translation: the English article keeps the Italian sentence"
LONG_SEGMENT = (
    f"segment over {MISSED_BOUNDARY_CHARS} characters with '. ' before a capital: a missed sentence end?"
)


@dataclass(frozen=True)
class SentencePair:
    """One sentence pair as a reader sees it (inline markup stripped), and where it is."""

    source: str
    target: str
    hits: tuple[Hit, ...] = ()  # glossary terms found in the source
    article: str = ""
    segment: str = ""
    where: Where = Where()  # the PO entry
    msgid: str = ""
    source_markup: tuple[InlineSpan, ...] = ()  # the inline markup stripped from each side
    target_markup: tuple[InlineSpan, ...] = ()
    msgstr: str = ""  # the translation as written, in the article's notation (what the page gets)
    fmt: str = ""  # the article's format name: "txt", "md", "html"

    def finding(self, check: str, severity: Severity, message: str, **details: str | bool) -> Finding:
        return Finding(
            check, severity, message, self.where, self.article, self.segment, self.msgid, **details
        )


CheckFunction = Callable[[SentencePair, Glossary | None], list[Finding]]


@dataclass(frozen=True)
class Check:
    """One registered check: its function, the severity of what it finds, the profile that runs it."""

    func: CheckFunction
    severity: Severity
    profile: Profile = "default"


@functools.lru_cache(maxsize=16)
def _facts(source: str, target: str, known: frozenset[str], hits: tuple[Hit, ...]) -> SentenceFacts:
    """Both sides extracted once per sentence pair, for all facts checks."""
    return sentence_facts(source, target, known, hits)


def _glossary_entries(seg: SentencePair, glossary: Glossary | None) -> frozenset[str]:
    """The entries of the glossary's own hits: the terms check reports those, so no other check does."""
    entries = glossary.by_id if glossary is not None else {}
    return frozenset(
        h.entry_id for h in seg.hits if h.entry_id in entries and not entries[h.entry_id].implicit
    )


def _hits_in_source(source: str, hits: Sequence[Hit]) -> tuple[Hit, ...]:
    """The hits at their places in the source as checked: they were found in the msgid, whose inline
    markup the source has lost, so each is looked for again, in order, after the one before."""
    placed: list[Hit] = []
    position = 0
    for hit in hits:
        start = source.find(hit.text, position)
        if start >= 0:
            placed.append(dataclasses.replace(hit, start=start, end=start + len(hit.text)))
            position = start + len(hit.text)
    return tuple(placed)


def _facts_check(kind: str, severity: Severity) -> CheckFunction:
    def check(seg: SentencePair, glossary: Glossary | None) -> list[Finding]:
        facts = _facts(seg.source, seg.target, dnt_names(glossary), _hits_in_source(seg.source, seg.hits))
        found = FACT_CHECKS[kind].func(facts)
        covered = _glossary_entries(seg, glossary)  # dedup by entry: a name the glossary covers
        found = [f for f in found if not f.entry or f.entry not in covered]
        at = {"where": seg.where, "article": seg.article, "segment": seg.segment, "msgid": seg.msgid}
        return [dataclasses.replace(f, severity=severity, **at) for f in found]

    check.__doc__ = f"Facts check: every {kind} of the source in the translation, and none added."
    return check


def check_terms(seg: SentencePair, glossary: Glossary | None) -> list[Finding]:
    """The glossary rule (:func:`~translate_news.glossary.rule.term_problems`) as findings."""
    return [
        seg.finding(
            p.kind,
            Severity.ERROR,
            f"{p.kind}: {p.hit.text} → expected {p.expected}, found {p.found or '(nothing)'}",
            term=p.hit.text,
            expected=p.expected,
            found=p.found,
            entry=p.entry.id,
            implicit=p.entry.implicit,
        )
        for p in term_problems(glossary, seg.hits, seg.target)
    ]


def check_long_segment(seg: SentencePair, glossary: Glossary | None = None) -> list[Finding]:
    """A sign of a missed sentence end in the source: a reviewer should split it."""
    return [seg.finding("long-segment", Severity.WARNING, LONG_SEGMENT)] if missed_boundary(seg.msgid) else []


def check_no_translation(seg: SentencePair, glossary: Glossary | None = None) -> list[Finding]:
    """An empty translation: the English article keeps the Italian sentence."""
    return [] if seg.target.strip() else [seg.finding("no-translation", Severity.ERROR, NO_TRANSLATION)]


ITALIAN_SHARE = 0.3  # a translation with this share of Italian function words (and 3 or more) is Italian
_ITALIAN_MIN = 3
_WORD = regex.compile(r"\p{L}+'?")
_LOWER_WORD = regex.compile(r"(?<!\p{L})\p{Ll}{3,}")  # a word that is not a name


@functools.cache
def _italian_words() -> frozenset[str]:
    text = resources.files("translate_news.data").joinpath("function-words.it.txt").read_text("utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def italian_target(source: str, target: str) -> str | None:
    """Why ``target`` is still Italian, or None: the source itself (quotes, spaces and case folded), or
    mostly Italian function words. A line of names and numbers (no lower-case word) may stay as it is."""
    folded = sentence_key(target).casefold()
    if folded == sentence_key(source).casefold():
        if _LOWER_WORD.search(sentence_key(source)):
            return "the translation is the Italian source: the English article shows Italian"
        return None
    words = [w.casefold() for w in _WORD.findall(folded)]
    italian = sum(w in _italian_words() for w in words)
    if italian >= _ITALIAN_MIN and italian >= ITALIAN_SHARE * len(words):
        return f"the translation is mostly Italian ({italian} of {len(words)} words are Italian)"
    return None


def check_italian(seg: SentencePair, glossary: Glossary | None = None) -> list[Finding]:
    """A translation that is the Italian source or mostly Italian words: published, it is Italian."""
    why = italian_target(seg.source, seg.target) if seg.target.strip() else None
    return [] if why is None else [seg.finding("italian", Severity.ERROR, why)]


def check_markup(seg: SentencePair, glossary: Glossary | None = None) -> list[Finding]:
    """Inline markup of the source (a link, emphasis, code, an HTML element, a footnote marker) that the
    translation lost, left unclosed or has in another form, and markup the source does not have.

    Spans are compared as (opening, closing) notation, so a link keeps its URL and an HTML element its
    attributes; where they sit and the words inside are the translator's. Entities are not markup here:
    ``&amp;`` and ``&`` read the same."""
    source = Counter(
        shown for span in seg.source_markup if span.replace is None for shown in _notations(span)
    )
    target = Counter(
        shown for span in seg.target_markup if span.replace is None for shown in _notations(span)
    )
    lost = [
        seg.finding("markup", Severity.ERROR, f"markup lost: {shown}", expected=shown, found="")
        for shown in (source - target).elements()
    ]
    added = [
        seg.finding("markup", Severity.ERROR, f"markup not in the source: {shown}", expected="", found=shown)
        for shown in (target - source).elements()
    ]
    return lost + added


def check_unsafe_markup(seg: SentencePair, glossary: Glossary | None = None) -> list[Finding]:
    """Markup the translation adds that the published page must not get (the publishing-safety rule,
    :func:`~translate_news.documents.publish.unsafe_additions`): ``build`` and ``run`` put the Italian
    sentence on the page instead, so a reviewer sees it here first."""
    return [
        seg.finding("unsafe-markup", Severity.ERROR, unsafe.message, expected="", found=unsafe.shown)
        for unsafe in unsafe_additions(seg.msgid, seg.msgstr, seg.fmt)
    ]


_LINK_OPEN = regex.compile(r"\[|<a\b", regex.IGNORECASE)  # a Markdown link (not an image) or <a …>
_LINK_WORD = regex.compile(r"[\p{L}\p{N}]+")


def _links(seg: SentencePair) -> list[tuple[str, str]]:
    """Each link of the translation with its source link (same URL): its Italian and English text.
    Links are paired in order per notation, as ``check_markup`` counts them."""
    source: dict[str, list[str]] = {}
    for span in seg.source_markup:
        if span.replace is None and span.end > span.start and _LINK_OPEN.match(span.open):
            source.setdefault(_notation(span), []).append(seg.source[span.start : span.end])
    pairs = []
    for span in seg.target_markup:
        shown = _notation(span)
        if span.replace is None and span.end > span.start and source.get(shown):
            pairs.append((source[shown].pop(0), seg.target[span.start : span.end]))
    return pairs


def _lone_function_word(text: str) -> bool:
    words = [w.casefold() for w in _LINK_WORD.findall(text)]
    return len(words) == 1 and words[0] in function_words()


def check_link_text(seg: SentencePair, glossary: Glossary | None = None) -> list[Finding]:
    """A link placed on a lone function word ("The", "of", "a"), or around the whole sentence where the
    Italian link was a few of its words (where a draft keeps a link it could not place): a reader
    follows a link on the wrong words. An Italian link on such words itself is left alone."""
    found = []
    for italian, english in _links(seg):
        if _lone_function_word(english) and not _lone_function_word(italian):
            what = "link on a lone function word"
        elif _whole(english, seg.target) and not _whole(italian, seg.source):
            what = "link around the whole sentence"
        else:
            continue
        message = f"{what}: “{english}” for “{italian}”: move it onto the English of “{italian}”"
        found.append(
            seg.finding("link-text", Severity.ERROR, message, term=italian, expected=italian, found=english)
        )
    return found


def _whole(part: str, sentence: str) -> bool:
    """Whether ``part`` is the whole sentence (its final punctuation and spaces aside)."""
    return len(_LINK_WORD.findall(part)) > 1 and part.strip(_EDGE) == sentence.strip(_EDGE)


_EDGE = " .!?;:,»”\"'’"


_TAG = regex.compile(r"<[^<>]+>")


def _notations(span: InlineSpan) -> list[str]:
    """A span's elements as ``_notation`` shows them: an HTML span holding an element around all of its
    text (``<a href="…"><strong>``…``</strong></a>``) is both elements, however the other side nests them."""
    opens, closes = _TAG.findall(span.open), _TAG.findall(span.close)
    whole = "".join(opens) == span.open and "".join(closes) == span.close
    if len(opens) < 2 or len(opens) != len(closes) or not whole:
        return [_notation(span)]
    return [f"{tag}…{close}" for tag, close in zip(opens, reversed(closes), strict=True)]


def _notation(span: InlineSpan) -> str:
    """A span as a reviewer reads it: ``**…**``, ``[…](url)``, ``<a href="…">…</a>``; an atom alone."""
    atom = span.start == span.end and not span.close
    return span.open if atom else f"{span.open}…{span.close}"


def markup_not_placed(kept: Kept) -> Finding:
    """Inline markup the draft could not put back around the English of its own words: where it was
    kept instead (the page never loses it), for the reviewer to confirm or move."""
    where = {
        "aligned": f"kept around the best-aligned words “{kept.around}”",
        "sentence": "kept around the whole sentence",
        "position": f"kept after “{kept.around}”" if kept.around else "kept at the start",
        "inside": f"kept around the words of the element it was in “{kept.around}”",
    }.get(kept.how)
    if where is None:  # an entity whose character the English lacks: nothing to write it on
        return Finding("markup", Severity.ERROR, f"markup not placed, restore it by hand: {kept.shown}")
    return Finding("markup", Severity.ERROR, f"markup not placed, {where}, check it: {kept.shown}")


# Kinds that cry wolf on real translations beyond the calibration targets (bench/qa_bench.py, README
# "QA calibration", dev+test): names are off in ``check``'s default profile (``--strict`` and drafts'
# notes keep them); numbers are warnings in ``check`` (1.9% of correct sentences flagged, against 0.5%
# allowed at error level), still errors in drafts' notes.
STRICT_FACT_KINDS = frozenset({"name"})
DEMOTED_FACT_KINDS = frozenset({"number"})


def _registered(kind: str, severity: Severity) -> Check:
    shown = Severity.WARNING if kind in DEMOTED_FACT_KINDS else severity
    return Check(_facts_check(kind, shown), shown, "strict" if kind in STRICT_FACT_KINDS else "default")


CHECKS: dict[str, Check] = {
    **{kind: _registered(kind, fact.severity) for kind, fact in FACT_CHECKS.items()},
    "terms": Check(check_terms, Severity.ERROR),
    "markup": Check(check_markup, Severity.ERROR),
    "unsafe-markup": Check(check_unsafe_markup, Severity.ERROR),
    "link-text": Check(check_link_text, Severity.ERROR),
    "italian": Check(check_italian, Severity.ERROR),
    "no-translation": Check(check_no_translation, Severity.ERROR, "strict"),
    "long-segment": Check(check_long_segment, Severity.WARNING, "strict"),
}
FACT_KINDS = tuple(FACT_CHECKS)


def run_checks(seg: SentencePair, glossary: Glossary | None, names: Sequence[str]) -> list[Finding]:
    """The findings of the named checks, in registry order."""
    return [finding for name in names for finding in CHECKS[name].func(seg, glossary)]


def checks_for(profile: str) -> tuple[str, ...]:
    """The checks a profile runs (``default`` or ``strict``)."""
    return tuple(name for name, check in CHECKS.items() if check.profile in PROFILES[profile])


def fact_findings(source: str, target: str, glossary: Glossary | None, hits: Sequence[Hit]) -> list[Finding]:
    """Facts checks (numbers, money, dates, times, addresses, names) of one draft; glossary DNT terms
    count as names, and a name the glossary check already covers is not reported twice."""
    return run_checks(SentencePair(source, target, tuple(hits)), glossary, FACT_KINDS)
