"""One check per kind of fact: the source's facts must be in the target, and the target must not add any.

Two facts agree when their readings meet, across kinds where English news may move a fact: an amount
whose currency the translation leaves implicit is a number, "at 9" is a number that renders "alle 9",
"the 21st" may render the day of a date. Spelled-out numbers back up digits and are never demanded.
Names only warn: a translated title or a rare name rendered well is too easy to mistake. A name is
checked first by the glossary's one term rule on its entry (the implicit entry enforcement used, see
``facts.names``), then with the tolerance English gives names (plurals, possessives, adjectives, word
by word); each finding names its entry, so the QA registry reports a name the glossary covers once.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import regex

from translate_news.facts.extract import (
    Fact,
    extract_facts,
    extract_names,
    name_words,
    numbering,
    without_numbering,
)
from translate_news.facts.lexicon import exonyms
from translate_news.facts.names import covering_hit, name_entry, name_entry_id
from translate_news.facts.newsform import english
from translate_news.findings import Finding, Severity
from translate_news.glossary.match import Hit
from translate_news.glossary.rule import hit_problems

__all__ = [
    "CHECKS",
    "Check",
    "FactCheck",
    "SentenceFacts",
    "check_date",
    "check_email",
    "check_facts",
    "check_hashtag",
    "check_money",
    "check_name",
    "check_number",
    "check_time",
    "check_url",
    "fact_finding",
    "sentence_facts",
]


def fact_finding(kind: str, severity: Severity, text: str, expected: str, found: str) -> Finding:
    """A facts finding: ``text`` the fact as written (source when missing, target when added),
    ``expected`` what the target should hold, ``found`` what it holds instead ("" when nothing)."""
    message = f"{kind}: {text} → expected {expected}, found {found or '(nothing)'}"
    return Finding(kind, severity, message, term=text, expected=expected, found=found)


@dataclass(frozen=True)
class SentenceFacts:
    """Both sides extracted once, for every check."""

    source: tuple[Fact, ...]
    target: tuple[Fact, ...]
    names: tuple[Fact, ...]
    target_text: str
    source_text: str = ""  # for the words around a fact that say how English writes it (nel 2025)
    hits: tuple[Hit, ...] = ()  # the glossary's terms in the source: the entries of the names they cover


def sentence_facts(
    source: str, target: str, known_names: frozenset[str] = frozenset(), hits: Sequence[Hit] = ()
) -> SentenceFacts:
    source_facts, target_facts = extract_facts(source, "it"), extract_facts(target, "en")
    source_marks, target_marks = numbering(source), numbering(target)
    # numbering one side has and the other does not (a footnote mark, a list number) is no fact
    source_facts = without_numbering(source_facts, source, source_marks - target_marks)
    target_facts = without_numbering(target_facts, target, target_marks - source_marks)
    return SentenceFacts(
        source_facts,
        target_facts,
        extract_names(source, known_names),
        target,
        source,
        tuple(hits),
    )


def _time_agrees(a: tuple, b: tuple) -> bool:
    (h1, m1, exact1), (h2, m2, exact2) = a, b
    return m1 == m2 and (h1 % 24 == h2 % 24 if exact1 and exact2 else h1 % 12 == h2 % 12)


def _hour_readings(time: tuple) -> set[Decimal]:
    hour, minute, _ = time
    readings = {Decimal(hour) + Decimal(minute) / 100, Decimal(hour % 12 or 12) + Decimal(minute) / 100}
    return readings


def _agrees(wanted: Fact, other: Fact) -> bool:
    """Does ``other`` render ``wanted``? Symmetric in kinds except where noted."""
    pair = (wanted.kind, other.kind)
    if pair in {("number", "number"), ("url", "url"), ("email", "email"), ("hashtag", "hashtag")}:
        return bool(wanted.values & other.values)
    if pair == ("money", "money"):
        return bool(wanted.values & other.values)
    if pair in {("money", "number"), ("number", "money")}:
        money, number = (wanted, other) if wanted.kind == "money" else (other, wanted)
        return any(amount in number.values for _, amount in money.values)
    if pair == ("date", "date"):
        if wanted.values & other.values:
            return True
        months = {m for d, m in other.values if d != "weekday"}
        return any(d is None and m in months for d, m in wanted.values) or any(
            d is None and m in {m2 for d2, m2 in wanted.values if d2 != "weekday"} for d, m in other.values
        )
    if pair == ("number", "date"):  # "il 21" → "the 21st" next to a month named elsewhere
        return any(d in {int(v) for v in wanted.values if v == v.to_integral()} for d, _ in other.values)
    if pair == ("time", "time"):
        return any(_time_agrees(a, b) for a in wanted.values for b in other.values)
    if pair in {("time", "number"), ("number", "time")}:
        time, number = (wanted, other) if wanted.kind == "time" else (other, wanted)
        return any(_hour_readings(t) & number.values for t in time.values)
    return False


def _matching(source: Sequence[Fact], target: Sequence[Fact]) -> dict[int, int]:
    """Source index → target index, each target fact used once, as many source facts matched as
    possible (augmenting paths): "10 e 10" needs two 10s in the English, not one."""
    owner: dict[int, int] = {}  # target index → source index

    def place(i: int, seen: set[int]) -> bool:
        for j, other in enumerate(target):
            if j in seen or not _agrees(source[i], other):
                continue
            seen.add(j)
            if j not in owner or place(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(source)):
        place(i, set())
    return {i: j for j, i in owner.items()}


def _compare(kind: str, facts: SentenceFacts) -> list[Finding]:
    """Source facts are a multiset: each needs a target fact of its own (every required source fact
    of every kind takes part, since one kind may render another)."""
    required = [f for f in facts.source if f.required]
    matched = _matching(required, facts.target)
    mine_target = [f for f in facts.target if f.kind == kind and f.required]
    findings = []
    unmatched_target = [
        f
        for f in mine_target
        if not any(_agrees(f, s) for s in facts.source) and not _verbatim(f.text, facts.source_text)
    ]
    unused = [t for j, t in enumerate(facts.target) if t in mine_target and j not in matched.values()]
    for i, fact in enumerate(required):
        if fact.kind == kind and i not in matched:
            found = ", ".join(t.text for t in unused)
            findings.append(
                fact_finding(kind, Severity.ERROR, fact.text, english(fact, facts.source_text), found)
            )
    missing = bool(findings)
    for fact in unmatched_target:
        if not missing:  # a changed value is reported once, on the source side
            findings.append(fact_finding(kind, Severity.ERROR, fact.text, "(not in the source)", fact.text))
    return findings


def _verbatim(text: str, source: str) -> bool:
    """The source holds the target's fact as written (an English date, a version "2.0"): nothing added."""
    return bool(
        regex.search(rf"(?<![\p{{L}}\d]){regex.escape(text)}(?![\p{{L}}\d])", source, regex.IGNORECASE)
    )


def check_number(facts: SentenceFacts) -> list[Finding]:
    return _compare("number", facts)


def check_money(facts: SentenceFacts) -> list[Finding]:
    return _compare("money", facts)


def check_date(facts: SentenceFacts) -> list[Finding]:
    return _compare("date", facts)


def check_time(facts: SentenceFacts) -> list[Finding]:
    return _compare("time", facts)


def check_url(facts: SentenceFacts) -> list[Finding]:
    return _compare("url", facts)


def check_email(facts: SentenceFacts) -> list[Finding]:
    return _compare("email", facts)


def check_hashtag(facts: SentenceFacts) -> list[Finding]:
    """Hashtags and @handles, verbatim."""
    return _compare("hashtag", facts)


def _fold(text: str) -> str:
    """Accents and curly apostrophes folded; case kept (a name is matched case-aware)."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


def _rendered(form: str, target: str) -> bool:
    """Is ``form`` in the (folded) target as a name: its case as written (a form in lower case, such as
    "government", in any case; all capitals too), an English plural or possessive (the Kennedys,
    Netflix's), a place's adjective (Europe → European, Italy → Italian) or the other spelling of -er
    (Theater, Theatre) allowed?"""
    folded = _fold(form)
    # short inner words in any case (Bank Of England, Bank of England), words apart by any space
    words = [
        rf"(?i:{regex.escape(w)})" if i and len(w) <= 3 else regex.escape(w)
        for i, w in enumerate(folded.split())
    ]
    written = regex.sub(r"(?<=\p{L}{3})er$", "(?:er|re)", r"\s+".join(words))
    flags = regex.IGNORECASE if folded[:1].islower() else 0
    suffix = r"(?:['’]s|s|es|['’]|(?<=(?:East|West|North|South))ern)?"  # Middle Eastern
    if folded[:1].isupper() and folded[-1:] in "aeiouy":
        written += rf"|{regex.escape(folded)}(?:an|n)|{regex.escape(folded[:-1])}(?:ian|an|ese|ish)"
    for body in (written, regex.escape(folded.upper())):
        if regex.search(rf"(?<![\p{{L}}\d])(?:{body}){suffix}(?![\p{{L}}\d])", target, flags):
            return True
    return False


def _occurrences(name: Fact, target: str) -> int:
    """How often the target renders a one-word name by any of its forms."""
    return sum(
        len(regex.findall(rf"(?<![\p{{L}}\d]){regex.escape(_fold(f))}(?:['’]?s)?(?![\p{{L}}\d])", target))
        for f in name.values
    )


def _name_present(name: Fact, target: str) -> bool:
    """A name is rendered when one of its forms is, or when each of its words is by its own forms
    ("Tito Andronico" → "Titus Andronicus", word by word)."""
    if any(_rendered(form, target) for form in name.values):
        return True
    words = name_words(name.text)
    if len(words) < 2 and " " not in name.text:
        return False
    table = exonyms()
    return bool(words) and all(any(_rendered(f, target) for f in table.get(w, (w,))) for w in words)


def _one_slip(a: str, b: str) -> bool:
    """Same length, one letter changed or two neighbours swapped: a typing slip, not another word."""
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diff) == 1:
        return True
    i = diff[0]
    return len(diff) == 2 and diff[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]


def _other_spelling(a: str, b: str) -> bool:
    """Theater and Theatre, Center and Centre: English spellings, not a slip."""
    return a[:-2] == b[:-2] and {a[-2:], b[-2:]} == {"er", "re"}


_TARGET_WORD = regex.compile(r"(?<![\p{L}\d])\p{Lu}[\p{L}]{3,}(?![\p{L}\d])")


def _misspelt(names: tuple[Fact, ...], target: str) -> list[tuple[Fact, str]]:
    """Target words one slip away from a word of a source name (Shakespaere for Shakespeare) that no
    source name has as it is: each with the name it misspells."""
    table = exonyms()
    forms: dict[str, Fact] = {}
    for name in names:
        words = [] if name.text in table else name_words(name.text)  # an exonym: its English forms only
        for form in (*(f for w in words for f in table.get(w, (w,))), *name.values):
            forms.update((_fold(w), name) for w in form.split())
    found = []
    folded_forms = {f.casefold() for f in forms}
    for m in _TARGET_WORD.finditer(target):
        word = _fold(m.group())
        if word.casefold() in folded_forms:  # ROMA rendered ROME: the form Rome in capitals
            continue
        slip = next(
            (f for f in forms if len(f) >= 4 and _one_slip(f, word) and not _other_spelling(f, word)), None
        )
        if slip is not None:
            found.append((forms[slip], m.group()))
    return found


def _name_finding(name: Fact, hits: Sequence[Hit], expected: str, found: str) -> Finding:
    """A name finding about the name's entry: the glossary's when a hit covers it, else its implicit one."""
    finding = fact_finding("name", Severity.WARNING, name.text, expected, found)
    implicit = covering_hit(name, hits) is None
    return dataclasses.replace(finding, entry=name_entry_id(name, hits), implicit=implicit)


def _term_rule_met(name: Fact, hits: Sequence[Hit], target: str) -> bool:
    """The one term rule holds for the name's implicit entry (a name the glossary covers is its check's)."""
    if covering_hit(name, hits) is not None:
        return False
    entry = name_entry(name)
    return not hit_problems(entry, Hit(entry.id, name.start, name.end, name.text), target)


def check_name(facts: SentenceFacts) -> list[Finding]:
    """A source name (or its English exonym) missing from the target, rendered fewer times than the
    source names it, or misspelt there: a warning, once per entry."""
    target = _fold(facts.target_text)
    slips = {name.text: word for name, word in _misspelt(facts.names, facts.target_text)}
    findings = []
    reported = set()
    for name in facts.names:
        entry = name_entry_id(name, facts.hits)
        if entry in reported or _term_rule_met(name, facts.hits, facts.target_text):
            continue
        if not _name_present(name, target):
            expected = " / ".join(sorted(name.values))
            findings.append(_name_finding(name, facts.hits, expected, slips.get(name.text, "")))
            reported.add(entry)
    for text, count in Counter(n.text for n in facts.names).items():
        name = next(n for n in facts.names if n.text == text)
        if name_entry_id(name, facts.hits) in reported:
            continue
        shown = _occurrences(name, target)
        if count > 1 and 0 < shown < count:  # "Shakespeare … Shakespeare" rendered once
            expected = f"{' / '.join(sorted(name.values))} ({count} times)"
            findings.append(_name_finding(name, facts.hits, expected, f"{shown} times"))
            reported.add(name_entry_id(name, facts.hits))
    for text, word in slips.items():
        name = next(n for n in facts.names if n.text == text)
        if name_entry_id(name, facts.hits) not in reported:
            findings.append(_name_finding(name, facts.hits, " / ".join(sorted(name.values)), word))
            reported.add(name_entry_id(name, facts.hits))
    return findings


Check = Callable[[SentenceFacts], list[Finding]]


@dataclass(frozen=True)
class FactCheck:
    """One kind of fact: its check over both sides' facts and the severity of what it finds (the QA
    registry registers each under the kind's name)."""

    func: Check
    severity: Severity


CHECKS: dict[str, FactCheck] = {
    "number": FactCheck(check_number, Severity.ERROR),
    "money": FactCheck(check_money, Severity.ERROR),
    "date": FactCheck(check_date, Severity.ERROR),
    "time": FactCheck(check_time, Severity.ERROR),
    "url": FactCheck(check_url, Severity.ERROR),
    "email": FactCheck(check_email, Severity.ERROR),
    "hashtag": FactCheck(check_hashtag, Severity.ERROR),
    "name": FactCheck(check_name, Severity.WARNING),
}


def check_facts(
    source: str,
    target: str,
    known_names: frozenset[str] = frozenset(),
    kinds: Sequence[str] = tuple(CHECKS),
    hits: Sequence[Hit] = (),
) -> list[Finding]:
    """Every facts finding of one sentence pair, in the order of ``CHECKS``."""
    facts = sentence_facts(source, target, known_names, hits)
    return [finding for kind in kinds for finding in CHECKS[kind].func(facts)]
