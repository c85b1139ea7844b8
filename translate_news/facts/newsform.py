"""English news form: how a finding writes a fact of the Italian source, so a reviewer reads what to type.

The one place values are written in English (findings and the localizer both use it). Figures go through
Babel's CLDR formatting: commas between thousands, a decimal point, the decimals the source wrote
(1.200.000 → 1,200,000; 6,90 → 6.90). On top of that, the news conventions a figure alone does not carry:
money with cents has two decimals (8,5 € → €8.50), a scale of a million or more stays a word
(3,5 miliardi → 3.5 billion), a year has no separator (nel 2025 → 2025), an ordinal its suffix (21° → 21st),
and a time is on the 12-hour clock (18.45 → 6:45 p.m.; Italian digits are the 24-hour clock). Only a bare
hour the sentence does not place ("alle 9") says both halves of the day. The words live in
``data/news-form.it-en.tsv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources

import regex

from translate_news.facts.extract import Fact, _patterns, parse_number
from translate_news.facts.lexicon import lexicon

_YEAR_DIGITS = regex.compile(r"[12]\d{3}")
_NEAR = 64  # characters either side of a fact where the words that place it are looked for


@dataclass(frozen=True)
class NewsWords:
    """The words of ``data/news-form.it-en.tsv``, read once."""

    scales: dict[Decimal, str]  # 1e9 → "billion"
    year_cue: regex.Pattern[str]  # matches the end of the text before a year
    after_time: regex.Pattern[str]  # matches the start of the text after a time: "di sera"
    before_time: regex.Pattern[str]  # matches the end of the text before a time: "stasera"
    day_parts: dict[str, str]  # "di sera" → "pm"
    ordinals: dict[str, str]  # CLDR ordinal category → suffix


def _alternation(words: list[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def news_words() -> NewsWords:
    text = resources.files("translate_news.data").joinpath("news-form.it-en.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")][1:]
    scales: dict[Decimal, str] = {}
    cues: list[str] = []
    after: dict[str, str] = {}
    before: dict[str, str] = {}
    ordinals: dict[str, str] = {}
    for kind, word, value in rows:
        if kind == "scale":
            scales[Decimal(value)] = word
        elif kind == "year-cue":
            cues.append(word)
        elif kind == "day-part":
            after[word] = value
        elif kind == "day-part-before":
            before[word] = value
        elif kind == "ordinal":
            ordinals[word] = value
    months = [m for m in lexicon("it").months if len(m) > 3]
    return NewsWords(
        scales,
        regex.compile(rf"(?i:(?<![\p{{L}}])(?:{_alternation(cues + months)})\s+|\d/)$"),
        regex.compile(rf"(?i:\s+(?:{_alternation(list(after))}))(?![\p{{L}}])"),
        regex.compile(rf"(?i:(?<![\p{{L}}])(?:{_alternation(list(before))})\s+)$"),
        {w.casefold(): v for w, v in {**after, **before}.items()},
        ordinals,
    )


def decimals_written(number: str) -> int:
    """How many decimals an Italian figure has as written ("6,90" → 2)."""
    return len(number.split(",")[1]) if "," in number else 0


def figure(value: Decimal, decimals: int = 0) -> str:
    """A figure in English: comma-grouped, a decimal point, exactly ``decimals`` decimals."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale="en", decimal_quantization=True)


def ordinal(value: int) -> str:
    """21 → "21st", by English's CLDR ordinal rules."""
    from babel import Locale

    return f"{value}{news_words().ordinals[Locale('en').ordinal_form(value)]}"


def _scaled(number: str, scale_word: str | None) -> tuple[Decimal, str, int]:
    """The figure to write, the English scale word after it ("" when none) and its decimals."""
    parsed = parse_number(number, "it")
    value = Decimal(0) if parsed is None else parsed
    decimals = decimals_written(number)
    if not scale_word:
        return value, "", decimals
    scale = lexicon("it").scales[scale_word.lower()]
    word = news_words().scales.get(scale)
    if word:  # "1,50 milioni" is 1.5 million: a scaled figure has no cents
        return value, word, max(0, -value.normalize().as_tuple().exponent)  # type: ignore[operator]
    whole = value * scale  # "10 mila" is written out: 10,000
    return whole, "", max(0, -whole.normalize().as_tuple().exponent)  # type: ignore[operator]


def number(written: str, before: str = "") -> str:
    """An Italian number fact as English news writes it; ``before`` is the source text before it."""
    m = _patterns("it")["number"].fullmatch(written)
    if m is None:
        return written
    if m.group("ord"):
        return ordinal(int(m.group("num")))
    if _YEAR_DIGITS.fullmatch(m.group("num")) and (
        news_words().year_cue.search(before) or _RANGE_YEAR.search(before)
    ):
        return m.group("num")
    value, scale, decimals = _scaled(m.group("num"), m.group("scale"))
    return figure(value, decimals) + (f" {scale}" if scale else "")


_RANGE_YEAR = regex.compile(r"[12]\d{3}\s*(?:-|–|e|ed|al|a)\s*$")  # 1592 - 1593, tra il 1990 e il 1995


def era(fact: Fact) -> str:
    """A century, decade or age of the Italian as English writes it (il XVI secolo → 16th century, gli
    anni '80 → the 1980s, il 40enne → 40-year-old); "" for any other number."""
    values = sorted(int(v) for v in fact.values if v == v.to_integral())
    text = fact.text.casefold()
    if not values or fact.text[:1].isdigit() and "enn" not in text:
        return ""
    if "enn" in text:
        return f"{values[0]}-year-old"
    if "secol" in text or "cento" in text:
        return f"{ordinal(values[0])} century"
    if "anni" in text:
        return f"the {1900 + values[0] if len(values) > 1 else values[0]}s"
    return ""


def money(written: str, currency: str) -> str:
    """An Italian amount as English news writes it: the sign first, cents as two decimals."""
    from babel.numbers import get_currency_symbol

    m = _patterns("it")["money"].fullmatch(written)
    if m is None:
        return written
    value, scale, decimals = _scaled(m.group("num"), m.group("scale"))
    if not scale and decimals:
        decimals = 0 if value == value.to_integral() else max(decimals, 2)
    symbol = get_currency_symbol(currency, locale="en")
    space = " " if symbol[-1].isalpha() else ""  # CHF 8.50, but €8.50
    return f"{symbol}{space}{figure(value, decimals)}" + (f" {scale}" if scale else "")


def clock(hour: int, minute: int, exact: bool, written: str, before: str = "", after: str = "") -> str:
    """A time on the 12-hour clock: "6:45 p.m.", "noon". An hour up to 12 is placed by the words around
    it ("alle 9 di sera", "alle 7.30 di sera"); else digits with minutes are the 24-hour clock (10.30 is
    morning) and a bare hour says both halves of the day: "9 a.m. or p.m."."""
    words = news_words()
    bare = False
    if not exact:  # 1 to 12: the words around it, then how it is written, say which half
        cue = words.after_time.match(after) or words.before_time.search(before)
        part = words.day_parts.get(regex.sub(r"\s+", " ", cue.group().strip()).casefold()) if cue else None
        if part == "night":
            part = "am" if 1 <= hour <= 5 else "pm"
        if part is not None:
            hour = hour % 12 + (12 if part == "pm" else 0)
        else:
            bare = not regex.search(r"\d[.:]\d", written)
    if bare:
        if minute == 0 and hour % 12 == 0:
            return "noon or midnight"
        return f"{_twelve(hour, minute)} a.m. or p.m."
    if minute == 0 and hour % 24 in (0, 12):
        return "midnight" if hour % 24 == 0 else "noon"
    return f"{_twelve(hour, minute)} {'p.m.' if hour % 24 >= 12 else 'a.m.'}"


def _twelve(hour: int, minute: int) -> str:
    shown = hour % 12 or 12
    return f"{shown}:{minute:02d}" if minute else str(shown)


def english(fact: Fact, sentence: str = "") -> str:
    """How an English reader expects a fact of the Italian ``sentence``, for a finding's "expected"."""
    value = sorted(fact.values, key=str)[0]
    # the words that place a fact sit right beside it: a bounded look keeps many findings linear
    before, after = sentence[max(0, fact.start - _NEAR) : fact.start], sentence[fact.end : fact.end + _NEAR]
    if fact.kind == "number":
        return era(fact) or number(fact.text, before)
    if fact.kind == "money":
        return money(fact.text, value[0])
    if fact.kind == "time":
        return clock(*value, fact.text, before, after)
    if fact.kind == "date":
        from babel.dates import get_day_names, get_month_names

        day, month = value
        if day == "weekday":
            return get_day_names("wide", locale="en")[month]
        name = get_month_names("wide", locale="en")[month]
        return f"{name} {day}" if day is not None else name
    return fact.text
