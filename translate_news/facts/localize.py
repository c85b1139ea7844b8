"""Localize machine output: Italian number formats and quotes the model copied become English ones.

A number is rewritten only where the source proves its meaning: its Italian reading is a value of the
source and its English reading is not (MT "10.000" for source "10.000" → "10,000"). Never applied to a
reviewer's text. Each change is returned so the PO entry can say what was done.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, get_args

import regex

from translate_news import defaults
from translate_news.facts.extract import extract_facts, parse_number
from translate_news.facts.lexicon import lexicon
from translate_news.facts.newsform import decimals_written, figure

MoneyStyle = Literal["symbol", "words"]
DateStyle = Literal["keep", "month-day", "day-month"]
MONEY_STYLES: tuple[str, ...] = get_args(MoneyStyle)  # the CLI's --money-style choices
DATE_STYLES: tuple[str, ...] = get_args(DateStyle)  # the CLI's --date-style choices


@dataclass(frozen=True)
class LocalizeSettings:
    """English style for amounts the localizer rewrites.

    money: "symbol" puts the sign before the amount (€3.5 billion, the default, as Reuters and the FT
    write); "words" writes the currency after it (3.5 billion euros). The checks accept either form.
    date: "keep" (default) leaves the model's order; "month-day" (October 21, US and agency style) or
    "day-month" (21 October, British style) reorders a day and month of the source the MT wrote.
    """

    money: MoneyStyle = defaults.MONEY_STYLE
    date: DateStyle = defaults.DATE_STYLE


_CURRENCY_WORDS = {"€": "euros", "$": "dollars", "£": "pounds"}
_QUOTES = [
    (regex.compile(r"«\s?([^«»]*?)\s?»"), "“{}”", "« » → “ ”"),
    (regex.compile(r"„([^„“”]*)[“”]"), "“{}”", "„ “ → “ ”"),
    (regex.compile(r"‹\s?([^‹›]*?)\s?›"), "‘{}’", "‹ › → ‘ ’"),
]


def _source_amounts(source: str) -> set[Decimal]:
    values: set[Decimal] = set()
    for fact in extract_facts(source, "it"):
        if fact.kind == "number":
            values |= fact.values
        elif fact.kind == "money":
            values |= {amount for _, amount in fact.values}
    return values


def localize(
    source: str, target: str, settings: LocalizeSettings | None = None
) -> tuple[str, tuple[str, ...]]:
    """The target with proven Italian formats made English, and the changes ("10.000 → 10,000")."""
    settings = settings or LocalizeSettings()
    changes: list[str] = []
    text = target
    for pattern, template, note in _QUOTES:
        text, count = pattern.subn(lambda m, t=template: t.format(m.group(1)), text)
        if count:
            changes.append(note)
    if settings.date != "keep":
        text = _date_order(source, text, settings.date, changes)
    wanted = _source_amounts(source)
    if not wanted:
        return text, tuple(changes)
    scales = lexicon("en").scales
    scale_words = "|".join(regex.escape(w) for w in sorted(scales, key=len, reverse=True))
    number = regex.compile(
        r"(?<![\p{L}\d]|\d[.,])(?P<sym>[€$£]\s?)?(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+)"
        rf"(?P<scale>\s?(?:{scale_words})(?![\p{{L}}]))?(?P<after>\s?[€$£])?(?![\d]|[.,]\d)"
    )

    def rewrite(m: regex.Match[str]) -> str:
        written = m.group("num")
        scale_word = (m.group("scale") or "").strip().lower()
        scale = scales.get(scale_word, Decimal(1))
        italian, english = parse_number(written, "it"), parse_number(written, "en")
        if italian is None or italian * scale not in wanted:
            return m.group()
        if english is not None and english * scale in wanted:
            return m.group()  # both readings fit the source: leave it to the reviewer
        amount = figure(italian, decimals_written(written)) + (m.group("scale") or "")
        symbol = (m.group("sym") or m.group("after") or "").strip()
        if symbol and settings.money == "words":
            new = f"{amount} {_CURRENCY_WORDS[symbol]}"
        else:
            new = symbol + amount
        changes.append(f"{m.group().strip()} → {new}")
        return new

    text = number.sub(rewrite, text)
    return text, tuple(changes)


def _date_order(source: str, target: str, style: str, changes: list[str]) -> str:
    """``target`` with each "day Month" / "Month day" of a source date in the order ``style`` asks
    (a year after it follows: "October 21, 2025", "21 October 2025")."""
    dates = {v for f in extract_facts(source, "it") if f.kind == "date" for v in f.values}
    if not dates:
        return target
    months = lexicon("en").months
    names = "|".join(sorted((m.title() for m in months if len(m) > 3 or m == "may"), key=len, reverse=True))
    day = r"(?P<day>[12]\d|3[01]|0?[1-9])"
    year = r"(?:,?\s+(?P<year>\d{4})(?!\d))?"
    if style == "month-day":
        pattern = regex.compile(rf"(?<![\p{{L}}\d.,]){day}\s+(?P<month>{names})(?![\p{{L}}]){year}")
    else:
        pattern = regex.compile(
            rf"(?<![\p{{L}}])(?P<month>{names})\s+{day}(?![\d:]|[.,]\d|\s?[ap]\.?m\b){year}"
        )

    def reorder(m: regex.Match[str]) -> str:
        if (int(m.group("day")), months[m.group("month").lower()]) not in dates:
            return m.group()
        month, number, when = m.group("month"), m.group("day"), m.group("year")
        if style == "month-day":
            new = f"{month} {number}" + (f", {when}" if when else "")
        else:
            new = f"{number} {month}" + (f" {when}" if when else "")
        if new != m.group():
            changes.append(f"{m.group()} → {new}")
        return new

    return pattern.sub(reorder, target)
