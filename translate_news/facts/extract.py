"""Facts of a sentence as comparable values: what a translation may reword but never change.

Extractors run in a fixed order and blank out what they took (addresses, dates, times, money, numbers),
so the 21 of "21 ottobre" is a date and not also a number. Values are normalised: numbers as Decimal with
the scale applied (3,5 mld → 3500000000), money as (currency, amount), dates as (day, month), times as
(hour, minute, exact): "alle 9" and "at 9" do not say morning or evening, so they match 9 and 21.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

import regex

from translate_news.facts.lexicon import Lang, exonyms, lexicon, not_names
from translate_news.facts.numberwords import CENTURIES_IT, decade_value, roman_value, word_value

Value = Decimal | tuple


@dataclass(frozen=True)
class Fact:
    kind: str  # number, money, date, time, url, email, hashtag, name
    text: str  # as written
    start: int
    end: int
    values: frozenset  # every reading of the text; two facts agree when their readings meet
    required: bool = True  # spelled-out numbers only back up a digit number; they are never demanded


_NUMBER = {
    "it": r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?",
    "en": r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?",
}
_ORDINAL = {"it": r"°|º|ª|esim[oa]", "en": r"st|nd|rd|th|s"}
# "COVID-19" is no figure, but "mid-1580s" and "post-1599" are
_BEFORE_NUMBER = r"(?<![\p{L}\d]|\d[.,:/])(?:(?<!\p{L}-)|(?<=\b(?i:mid|pre|post|early|late)-))"
_AFTER_NUMBER = r"(?![\p{L}\d]|[.,]\d)"
_URL = r"\b(?:https?://|www\.)[^\s<>«»“”\"]+[^\s<>«»“”\".,;:!?)\]]"
_EMAIL = r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"
# A hashtag or handle holds a letter (networks do not link "#1"), and never follows "&" (an HTML
# character reference such as "&#8211;" or "&#x2013;" is a dash, not a tag).
_TAG = r"(?<![\w@#&])[#@](?=\w*[^\W\d_])\w+"
_SINGLE_LETTER_SCALES = {"m", "b", "k"}  # 100m may be metres: the bare number is a reading too


def _alternation(words: object) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[arg-type]


@cache
def _patterns(lang: Lang) -> dict[str, regex.Pattern[str]]:
    lex = lexicon(lang)
    num, ordinal = _NUMBER[lang], _ORDINAL[lang]
    scale = rf"(?i:{_alternation(lex.scales)})(?![\p{{L}}\d])"
    amount = rf"{_BEFORE_NUMBER}(?P<num>{num})(?:\s?(?P<scale>{scale}))?"
    symbols = [w for w in lex.currencies if not w.isalpha() or w.isupper()]
    words = [w for w in lex.currencies if w not in symbols]
    qualifier = r"(?:\s+(?:svizzeri|americani|statunitensi|USA|sterling))?"
    before = rf"(?P<cur>{_alternation(symbols)})\s?{amount}"
    after_words = rf"(?:(?:di|of)\s+)?(?P<cur>(?i:{_alternation(words)})|{_alternation(symbols)}){qualifier}"
    after = rf"{amount}\s?{after_words}(?![\p{{L}}])"
    if lang == "en":  # "10 million Swiss francs"
        after = rf"{amount}\s?(?:Swiss\s+)?{after_words}(?![\p{{L}}])"
    months = _alternation(lex.months) if lang == "en" else _alternation(m for m in lex.months if len(m) > 3)
    # Italian abbreviated weekdays are words and names too (Mar Nero, Gio Ponti): full names only
    weekdays = (
        f"(?i:{_alternation(w for w in lex.weekdays if len(w) > 3)})"
        if lang == "it"
        else _alternation(w.title() for w in lex.weekdays)
    )
    day = r"(?:[12]\d|3[01]|0?[1-9])"
    if lang == "it":
        d1 = rf"(?P<d1>{day}|primo)(?:°|º)?"
        d2 = rf"(?P<d2>{day})"
        # "dal 3 al 5", "da venerdì 14 a domenica 16": a weekday may name the second day too
        span = rf"{d1}(?:\s*(?:-|–|al|a|e|ed)\s*(?:il\s+)?(?:(?P<wd2>{weekdays}),?\s+)?{d2})?"
        # agency datelines abbreviate the month in capitals: "ROMA, 12 MAR -"
        agency_months = _alternation(m.upper() for m in lex.months if len(m) == 3)
        date_forms = [
            rf"(?:(?P<wd>{weekdays}),?\s+)?{span}\s+(?P<month>(?i:{months})|{agency_months})(?![\p{{L}}])"
            rf"(?:\s+(?P<year>\d{{4}}))?"
        ]
        month_only = rf"(?<![\p{{L}}])(?P<month>{months})(?![\p{{L}}])(?:\s+(?P<year>\d{{4}}))?"
    else:
        d1 = rf"(?P<d1>{day})(?:st|nd|rd|th)?"
        d2 = rf"(?P<d2>{day})(?:st|nd|rd|th)?"
        joint = r"\s*(?:-|–|to|and|through)\s*(?:the\s+)?"
        month = rf"(?<![\p{{L}}])(?P<month>(?i:{months}))(?![\p{{L}}])\.?"
        wd = rf"(?:(?P<wd>{weekdays}),?\s+)?"
        date_forms = [
            rf"{wd}{month}\s+{d1}(?:{joint}{d2})?(?![\d:])(?:,?\s+(?P<year>\d{{4}}))?",
            rf"{wd}(?:the\s+)?{d1}(?:{joint}{d2})?\s+(?:of\s+)?{month}(?:,?\s+(?P<year>\d{{4}}))?",
        ]
        wide = [m.title() for m, n in lex.months.items() if len(m) > 3 and m != "may"]
        # "May" alone is the month after a preposition of time ("in May", "by May", "mid-May") or
        # before a year; otherwise it may be the verb or a name (Theresa May).
        time_prepositions = r"(?i:in|by|since|until|till|from|through|early|late|next|last|this|of)"
        may = rf"(?:(?<=\b{time_prepositions}\s+)|(?<=\bmid-))May"
        month_only = (
            rf"(?<![\p{{L}}])(?P<month>{_alternation(wide)}|May(?=\s+\d{{4}})|{may})(?![\p{{L}}])(?<!(?:April|June|August)(?=\s+\p{{Lu}}\p{{Ll}}))"
            r"(?:\s+(?P<year>\d{4}))?"
        )
    numeric_date = r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4}|\d{2})(?![\d/])"
    if lang == "it":
        times = [
            r"(?<![\d.,:])(?P<h>[01]?\d|2[0-4])[:.](?P<m>[0-5]\d)(?![\d]|[.,]\d)",
            r"(?i:\b(?:ore|alle|dalle|entro\s+le|verso\s+le|fino\s+alle|dopo\s+le|prima\s+delle))\s+"
            r"(?P<h>[01]?\d|2[0-4])(?![\d%]|[.,:]\d|\s*(?:per\s*cento|%))",
            r"(?P<noon>(?i:mezzogiorno))|(?P<midnight>(?i:mezzanotte))",
        ]
    else:
        times = [
            r"(?<![\d.,:])(?P<h>[01]?\d|2[0-3])(?:[:.](?P<m>[0-5]\d))?\s*(?P<ap>[ap]\.m\.|[ap]m\b|[AP]M\b)",
            r"(?<![\d.,:])(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?!\d)",
            r"(?<![\d.,:])(?P<h>[01]?\d|1[0-2])\s+o'clock",
            r"(?P<noon>\b(?i:noon|midday))\b|(?P<midnight>\b(?i:midnight)\b)",
        ]
    half = r"(?:\s+(?P<half>e\s+mezzo))?" if lang == "it" else ""
    number = (
        rf"{_BEFORE_NUMBER}(?P<num>{num})(?:(?P<ord>{ordinal})|\s?(?P<scale>{scale}){half})?{_AFTER_NUMBER}"
    )
    words_alt = _alternation(lex.number_words)
    tens = r"(?i:(?:twen|thir|for|fif|six|seven|eigh|nine)ty)\s\p{L}+|" if lang == "en" else ""
    built = rf"{tens}\p{{L}}+(?:-\p{{L}}+)*"
    # after a number word only a scale written in full: "secondo mio" is no figure
    full_scale = rf"(?i:{_alternation(w for w in lex.scales if len(w) > 3)})(?![\p{{L}}\d])"
    word = rf"(?<![\p{{L}}])(?P<word>(?i:{words_alt})|{built})(?:\s+(?P<scale>{full_scale}))?(?![\p{{L}}])"
    compiled = {
        "url": regex.compile(_URL),
        "email": regex.compile(_EMAIL),
        "hashtag": regex.compile(_TAG),
        "date": regex.compile("|".join(f"(?:{f})" for f in date_forms)),
        "numeric-date": regex.compile(numeric_date),
        "month": regex.compile(month_only),
        "weekday": regex.compile(rf"(?<![\p{{L}}])(?P<wd>{weekdays})(?![\p{{L}}])"),
        "time": regex.compile("|".join(f"(?:{t})" for t in times)),
        "money": regex.compile(f"(?:{before})|(?:{after})"),
        "number": regex.compile(number),
        "word": regex.compile(word),
    }
    return compiled


# Integer digits of the largest figure read (10**24, a septillion: past any amount news reports). Below
# it Decimal arithmetic and Babel's formatting (28 significant digits) are exact; above it they fail.
MAX_FIGURE_DIGITS = 24


class FigureOutOfRange(ValueError):
    """A number with more integer digits than any real figure: refused, never compared or rewritten."""

    def __init__(self, text: str, value: Decimal) -> None:
        shown = text if len(text) <= 24 else f"{text[:10]}…{text[-6:]}"
        digits = value.adjusted() + 1
        super().__init__(
            f"the number {shown} has {digits} digits, beyond any real figure (at most {MAX_FIGURE_DIGITS})"
        )


def _bounded(value: Decimal, text: str) -> Decimal:
    if value.is_finite() and value.adjusted() >= MAX_FIGURE_DIGITS:
        raise FigureOutOfRange(text, value)
    return value


def parse_number(text: str, lang: Lang) -> Decimal | None:
    """The number as written in that locale (CLDR symbols through Babel), or None when not well-formed.

    Raises FigureOutOfRange for a number of more than ``MAX_FIGURE_DIGITS`` integer digits."""
    from babel.numbers import NumberFormatError, parse_decimal

    try:
        value = parse_decimal(text, locale=lang, strict=True)
    except (NumberFormatError, InvalidOperation, ValueError):
        return None
    return _bounded(value, text)


def _amount_values(match: regex.Match[str], lang: Lang) -> frozenset[Decimal]:
    value = parse_number(match.group("num"), lang)
    if value is None:
        return frozenset()
    scale_word = match.group("scale")
    if not scale_word:
        return frozenset({value})
    scale = lexicon(lang).scales[scale_word.lower()]
    if match.groupdict().get("half"):
        value += Decimal("0.5")
    readings = {_bounded(value * scale, match.group())}
    if scale_word.lower() in _SINGLE_LETTER_SCALES:
        readings.add(value)
    return frozenset(readings)


class _Text:
    """The sentence with what has been extracted blanked out, so no span is read twice."""

    def __init__(self, text: str) -> None:
        self.original = text
        self.masked = text

    def take(self, start: int, end: int) -> str:
        self.masked = self.masked[:start] + " " * (end - start) + self.masked[end:]
        return self.original[start:end]


def extract_facts(text: str, lang: Lang) -> tuple[Fact, ...]:
    """Every number, amount, date, time and address of a sentence (names: ``extract_names``).

    Raises FigureOutOfRange for a number beyond any real figure: the sentence cannot be checked."""
    pats = _patterns(lang)
    lex = lexicon(lang)
    work = _Text(text)
    facts: list[Fact] = []

    def add(kind: str, m: regex.Match[str], values: frozenset, required: bool = True) -> None:
        facts.append(Fact(kind, work.take(m.start(), m.end()), m.start(), m.end(), values, required))

    for kind in ("url", "email", "hashtag"):
        for m in list(pats[kind].finditer(work.masked)):
            add(kind, m, frozenset({m.group().rstrip("/").lower() if kind != "hashtag" else m.group()}))
    for m in list(pats["date"].finditer(work.masked)):
        month = lex.months[m.group("month").lower().rstrip(".")]
        days = [1 if d == "primo" else int(d) for d in (m.group("d1"), m.group("d2")) if d]
        year, weekday = m.group("year"), m.group("wd")
        text = work.take(m.start(), m.end())
        facts += [
            Fact("date", text, m.start(), m.end(), frozenset({(d, month)})) for d in days
        ]  # a range: each end
        _add_parts(facts, m, year, weekday, lex.weekdays)
        if m.groupdict().get("wd2"):
            _add_parts(facts, m, None, m.group("wd2"), lex.weekdays, "wd2")
    for m in list(pats["numeric-date"].finditer(work.masked)):
        a, b = int(m.group("a")), int(m.group("b"))
        readings = {(a, b)} if lang == "it" else {(a, b), (b, a)}
        readings = {(d, mo) for d, mo in readings if 1 <= d <= 31 and 1 <= mo <= 12}
        if readings:
            add("date", m, frozenset(readings))
            _add_parts(facts, m, m.group("year") if len(m.group("year")) == 4 else None, None, {})
    for m in list(pats["month"].finditer(work.masked)):
        add("date", m, frozenset({(None, lex.months[m.group("month").lower()])}))
        _add_parts(facts, m, m.group("year"), None, {})
    for m in list(pats["weekday"].finditer(work.masked)):
        add("date", m, frozenset({("weekday", lex.weekdays[m.group("wd").lower()])}))
    facts += _eras(work, lang)
    for m in list(pats["time"].finditer(work.masked)):
        add("time", m, frozenset({_time_value(m, lang)}))
    for m in list(pats["money"].finditer(work.masked)):
        currency = lex.currencies.get(m.group("cur")) or lex.currencies[m.group("cur").lower()]
        amounts = _amount_values(m, lang)
        if amounts:
            add("money", m, frozenset((currency, a) for a in amounts))
    for m in list(pats["number"].finditer(work.masked)):
        values = _amount_values(m, lang)
        if values:
            add("number", m, values)
    if lang == "en":  # temperatures: 30C is 30 degrees; 86F reads as 30 too (Celsius, rounded)
        for m in list(_TEMPERATURE.finditer(work.masked)):
            value = Decimal(m.group("num"))
            if m.group("unit") == "F":
                value = ((value - 32) * 5 / 9).quantize(Decimal(1))
            add("number", m, frozenset({value}))
    if lang == "en":  # "2,5" is no English figure: an Italian decimal left in the translation
        for m in list(_ITALIAN_DECIMAL.finditer(work.masked)):
            add("number", m, frozenset())  # no reading renders a source figure: always reported
    for m in list(pats["word"].finditer(work.masked)):
        token = m.group("word")
        value = lex.number_words.get(token.lower())
        if value is None:
            value = word_value(token, lang)
        if value is None and regex.search(r"[- ]", token):  # "twenty six", "twenty people", "two-year"
            head = regex.split(r"[- ]", token)
            value = word_value(f"{head[0]}-{head[1]}", lang) or word_value(head[0], lang)
        if value is None and len(token) >= 7 and token.lower() in lex.scales:  # "milioni di persone"
            add("number", m, frozenset({lex.scales[token.lower()]}))
            continue
        if value is None and m.group("scale") and len(m.group("scale")) >= 7:  # "protestato milioni"
            start, end = m.span("scale")
            facts.append(
                Fact(
                    "number",
                    work.take(start, end),
                    start,
                    end,
                    frozenset({lex.scales[m.group("scale").lower()]}),
                )
            )
            continue
        if value is None:
            continue
        scale = m.group("scale")
        if scale:  # "tre milioni" is a figure; "hundreds of millions" may render "centinaia di milioni"
            unit = lex.scales[scale.lower()]
            add("number", m, frozenset({_bounded(value * unit, m.group()), unit}))
        else:
            add("number", m, frozenset({value}), required=False)
    return _shared_scales(_short_years(tuple(sorted(facts, key=lambda f: f.start)), text), text, lang)


_TEMPERATURE = regex.compile(r"(?<![\d.,])(?P<num>-?\d+(?:\.\d+)?)\s?°?\s?(?P<unit>[CF])(?![\p{L}\d])")
_ITALIAN_DECIMAL = regex.compile(r"(?<![\d.,])\d+,\d{1,2}(?![\d]|[.,]\d)")


def _add_parts(
    facts: list[Fact],
    m: regex.Match[str],
    year: str | None,
    weekday: str | None,
    weekdays: dict[str, int],
    group: str = "wd",
) -> None:
    """A date's year is checked as a number, its weekday as a date of its own."""
    if year:
        start = m.start("year")
        facts.append(Fact("number", year, start, start + len(year), frozenset({Decimal(year)})))
    if weekday:
        start = m.start(group)
        facts.append(
            Fact(
                "date",
                weekday,
                start,
                start + len(weekday),
                frozenset({("weekday", weekdays[weekday.lower()])}),
            )
        )


_CENTURY_NAMES = "|".join(name.capitalize() for name in CENTURIES_IT)
_ROMAN_TOKEN = r"(?<![\p{L}\d])(?P<roman>[IVXL]{2,}|[IVX](?=\s+secol[oi]))(?![\p{L}\d])"
_ERAS_IT = regex.compile(
    rf"(?P<century>(?:(?<![\p{{L}}])(?P<cword>\p{{L}}+esimo)|(?<![\p{{L}}\d])(?P<croman>[IVXL]+))\s+secolo"
    rf"|secolo\s+(?P<croman2>[IVXL]+)(?![\p{{L}}])|(?<![\p{{L}}])(?P<cname>{_CENTURY_NAMES})(?![\p{{L}}]))"
    r"|(?P<decade>(?<![\p{L}])(?i:anni)\s+(?P<dec>['’]?\d0|\p{L}+)(?![\p{L}\d])"
    rf"(?:\s+(?i:del|dell')\s*(?P<cy>1\d00|(?i:{_CENTURY_NAMES})))?)"
    r"|(?<![\p{L}\d])(?P<age>\d{1,3})enn[ei](?![\p{L}])"
)
_ROMAN_RE = regex.compile(_ROMAN_TOKEN)


def _eras(work: _Text, lang: Lang) -> list[Fact]:
    """Centuries (il XVI secolo, il Cinquecento: the 16th century or the 1500s), decades (gli anni '80:
    the 1980s) and ages (il 40enne) of Italian, and Roman numerals of both languages (Luigi XIV, Part III),
    which back up a figure but are never demanded."""
    facts: list[Fact] = []
    if lang == "it":
        for m in list(_ERAS_IT.finditer(work.masked)):
            values = _era_values(m)
            if values:
                facts.append(Fact("number", work.take(m.start(), m.end()), m.start(), m.end(), values))
    for m in list(_ROMAN_RE.finditer(work.masked)):
        value = roman_value(m.group("roman"))
        if value is not None:
            facts.append(
                Fact(
                    "number",
                    work.take(m.start(), m.end()),
                    m.start(),
                    m.end(),
                    frozenset({Decimal(value)}),
                    False,
                )
            )
    return facts


def _era_values(m: regex.Match[str]) -> frozenset[Decimal]:
    if m.group("age"):
        return frozenset({Decimal(m.group("age"))})
    if m.group("century"):
        if m.group("cname"):
            century = CENTURIES_IT[m.group("cname").lower()]
        elif m.group("cword"):
            word = word_value(m.group("cword"), "it")
            century = int(word) if word is not None else None
        else:
            century = roman_value(m.group("croman") or m.group("croman2"))
        return frozenset({Decimal(century), Decimal((century - 1) * 100)}) if century else frozenset()
    decade = decade_value(m.group("dec"))
    if decade is None:
        return frozenset()
    base = m.group("cy")
    if base:
        hundreds = int(base) if base.isdigit() else (CENTURIES_IT[base.lower()] - 1) * 100
        return frozenset({Decimal(hundreds + decade)})
    return frozenset({Decimal(decade), *(Decimal(c + decade) for c in (1800, 1900, 2000))})


# "(1)" opening a sentence, "[4]" or "(32)" closing a clause: list, recital and footnote numbering
# "(1)" opening a sentence (a list or recital number); "[4]" anywhere or "(32)" closing it (a footnote)
NUMBERING = {
    "list": regex.compile(r"^\s*[(\[]\d{1,3}[)\]]"),
    "footnote": regex.compile(r"(?<!^\s*)\[\d{1,3}\]|(?<!^\s*)\(\d{1,3}\)(?=\s*[.;:,]?\s*$)"),
}


def numbering(text: str) -> frozenset[str]:
    """The kinds of numbering the sentence carries: list or recital numbers, footnote marks."""
    return frozenset(kind for kind, pattern in NUMBERING.items() if pattern.search(text))


def without_numbering(facts: tuple[Fact, ...], text: str, kinds: frozenset[str]) -> tuple[Fact, ...]:
    """Numbering marks of ``kinds`` as no facts of the sentence (the other side has no such marks):
    they back up a figure but are never demanded."""
    marks = [(m.start(), m.end()) for kind in kinds for m in NUMBERING[kind].finditer(text)]
    return tuple(
        Fact(f.kind, f.text, f.start, f.end, f.values, False)
        if f.kind == "number" and any(a < f.start and f.end < b for a, b in marks)
        else f
        for f in facts
    )


def _short_years(facts: tuple[Fact, ...], text: str) -> tuple[Fact, ...]:
    """The end of a year range written short is the year: 1592–3 is 1592–1593."""
    out = []
    for f in facts:
        if f.kind == "number" and f.text.isdigit() and len(f.text) <= 2:
            head = regex.search(r"(?<!\d)(\d{4})\s*[-–]\s*$", text[: f.start])
            if head:
                year = head.group(1)[: 4 - len(f.text)] + f.text
                f = Fact(f.kind, f.text, f.start, f.end, f.values | {Decimal(year)}, f.required)
        out.append(f)
    return tuple(out)


_SHARED_SCALE = regex.compile(r"^\s*(?:e|ed|a|o|fino\s+a|and|to|or|-|–)\s*$")


def _shared_scales(facts: tuple[Fact, ...], text: str, lang: Lang) -> tuple[Fact, ...]:
    """One scale word for two figures: "tra 2 e 3 miliardi", "between 2 and 3 billion"."""
    out = list(facts)
    for i in range(len(out) - 1):
        first, second = out[i], out[i + 1]
        if first.kind not in ("number", "money") or second.kind not in ("number", "money"):
            continue
        if not _SHARED_SCALE.match(text[first.end : second.start]):
            continue
        scales = {v / _plain(second.text, lang) for v in _numbers(second) if _plain(second.text, lang)}
        scales = {s for s in scales if s >= 1000 and s == s.to_integral()}
        if not scales:
            continue
        extra = {v * s for v in _numbers(first) for s in scales}
        if first.kind == "money":
            extra = {(cur, a * s) for cur, a in first.values for s in scales}
        out[i] = Fact(first.kind, first.text, first.start, first.end, first.values | extra, first.required)
    return tuple(out)


def _numbers(fact: Fact) -> set[Decimal]:
    return {a for _, a in fact.values} if fact.kind == "money" else set(fact.values)


def _plain(text: str, lang: Lang) -> Decimal:
    """The bare figure written in a fact's text, 0 when none."""
    m = regex.search(r"\d+(?:[.,]\d+)*", text)
    if not m:
        return Decimal(0)
    value = parse_number(m.group(), lang)
    return Decimal(0) if value is None else value


def _time_value(m: regex.Match[str], lang: Lang) -> tuple[int, int, bool]:
    if m.group("noon"):
        return (12, 0, True)
    if m.group("midnight"):
        return (0, 0, True)
    hour, minute = int(m.group("h")), int(m.group("m") or 0)
    marker = (m.groupdict().get("ap") or "").lower().replace(".", "")
    if marker:
        return ((hour % 12) + (12 if marker == "pm" else 0), minute, True)
    return (hour % 24, minute, hour > 12 or hour == 0)


_NAME = regex.compile(
    r"(?<![\p{L}\p{M}\d-])\p{Lu}[\p{L}\p{M}\d]*(?:['’]\p{Lu}[\p{L}\p{M}\d]*|-\p{L}[\p{L}\p{M}\d]*)*"
)
# an Italian elided article or preposition glued to a name: L'Europa, dell'Onu (O'Brien keeps its O')
_ELISION = regex.compile(r"(?:L|D|Dell|Dall|Nell|Sull|All|Coll|Quell|Un|Sant)['’](?=\p{Lu})")
# capitalised words in a row, a particle between them allowed: one name (Buenos Aires, Ludwig van Beethoven);
# never Italian "di" or "da", which join two names ("Amleto di Shakespeare")
_NAME_RUN = regex.compile(rf"{_NAME.pattern}(?:\s+(?:(?:de|van|von|der|den|du|dos|bin)\s+)?{_NAME.pattern})*")
_SENTENCE_START = regex.compile(r"(?:^|[.!?:;«“\"(\[—–…]|\s-|^\s*[(\[]?\d{1,3}[)\].]?)\s*['‘]?\s*$")
_FEMININE_ARTICLE = regex.compile(r"(?i:\b(?:la|della|alla|dalla|sulla|nella|contro\s+la))\s+$")
_ROMAN_WORD = regex.compile(r"[IVXLC]+")


@cache
def _known_phrases() -> regex.Pattern[str]:
    """Every name of more than one word the tables know, as one pattern (its first letter either case:
    papa Leone, Papa Leone)."""
    phrases = {p for p in exonyms() if " " in p or "'" in p}
    variants = phrases | {p[0].upper() + p[1:] for p in phrases}
    return regex.compile(rf"(?<![\p{{L}}\d])(?:{_alternation_of(variants)})(?![\p{{L}}\d])")


def _alternation_of(words: set[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


# Italian words end in a vowel and do not use k, w, x, y, j: a word that does is a name even where a
# sentence opens (Facebook, Balzac), unless it is a known common word
# Italian cuts words after l, n, r (Nessun, Qual, Signor): those endings are no evidence
_CONSONANT_END = regex.compile(r"\p{Lu}\p{L}{2,}[^\W\daeiouàèéìòùlnr]")
_FOREIGN_LETTERS = regex.compile(r"[kwxyjKWXYJ]|\p{Ll}\p{Lu}")


def _foreign(word: str) -> bool:
    foreign = _CONSONANT_END.fullmatch(word) or _FOREIGN_LETTERS.search(word)
    return bool(foreign) and word not in not_names()


def name_words(run: str) -> list[str]:
    """The words of a name that must each be rendered: not a single letter or a Roman numeral."""
    return [w for w in _NAME.findall(run) if len(w) > 1 and not _ROMAN_WORD.fullmatch(w)]


def extract_names(text: str, known: frozenset[str] = frozenset()) -> tuple[Fact, ...]:
    """Proper names of an Italian sentence; values are the English forms that render each one.

    A capitalised word counts as a name only with evidence: a known name (the tables, CLDR territories, a
    do-not-translate glossary term) anywhere; otherwise not at the start of a sentence or quote, not a
    common noun or title, month or weekday (a title before a name is left out: Presidente Mattarella), not
    a Roman numeral. Capitalised words in a row are one name (one finding, Buenos Aires).
    """
    work = _Text(text)
    facts: list[Fact] = []
    for kind in ("url", "email", "hashtag"):  # checked verbatim by their own kinds
        for m in _patterns("it")[kind].finditer(work.masked):
            work.take(m.start(), m.end())
    table = exonyms()
    for name in sorted(known, key=len, reverse=True):
        for m in regex.finditer(rf"(?<![\p{{L}}\d]){regex.escape(name)}(?![\p{{L}}\d])", work.masked):
            forms = table.get(name, (name,))
            facts.append(Fact("name", work.take(m.start(), m.end()), m.start(), m.end(), frozenset(forms)))
    for m in list(_known_phrases().finditer(work.masked)):
        phrase = m.group()
        forms = table.get(phrase) or table[phrase[0].lower() + phrase[1:]]
        facts.append(Fact("name", work.take(m.start(), m.end()), m.start(), m.end(), frozenset(forms)))
    skip = not_names()
    for m in list(_NAME_RUN.finditer(work.masked)):
        words = list(_NAME.finditer(m.group()))
        start = 0
        # a run opening a sentence loses its first word unless known; titles in front are no name
        opening = _SENTENCE_START.search(work.masked[: m.start()])
        first = words[0].group()

        # a short abbreviation in title case opening a sentence may be a word: "Usa il pulsante" (uses)
        def known(name: str) -> bool:
            return name in table and not (len(name) <= 3 and name.istitle())

        if opening and not known(m.group()) and not known(first) and not _foreign(first):
            start = 1
        while start < len(words) and words[start].group() in skip and words[start].group() not in table:
            start += 1
        if start >= len(words):
            continue
        a, b = m.start() + words[start].start(), m.end()
        elided = _ELISION.match(text, a)
        if elided and text[a:b] not in table:
            a = elided.end()
        run = text[a:b]
        if run not in table and all(w in skip for w in name_words(run)):
            continue
        forms = set(table.get(run, (run,)))
        if run.isupper() and run.title() in table:  # a dateline in capitals: ROMA, LONDRA
            forms |= set(table[run.title()])
        if run in table and _FEMININE_ARTICLE.search(text[:a]):
            forms.add(run)  # la Roma, la Lazio: the football club keeps its name
        facts.append(Fact("name", work.take(a, b), a, b, frozenset(forms)))
    return tuple(sorted(facts, key=lambda f: f.start))
