"""The words facts are read from: CLDR months, weekdays and number symbols (Babel), the rest from data files.

Babel is imported here, lazily through ``lexicon()``, so ``translate-news --help`` never loads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Literal

from translate_news.facts.numberwords import CENTURIES_IT

Lang = Literal["it", "en"]


@dataclass(frozen=True)
class Lexicon:
    """Everything one language's extractor needs, as plain mappings (lower-case keys)."""

    lang: Lang
    months: dict[str, int]  # "ottobre" / "oct" → 10
    weekdays: dict[str, int]  # "martedì" → 1 (Monday = 0)
    scales: dict[str, Decimal]  # "miliardi" → 1e9
    currencies: dict[str, str]  # "euro" / "€" → "EUR" (case kept for symbols and codes)
    number_words: dict[str, Decimal]  # "tre" → 3
    decimal_symbol: str
    group_symbol: str


def _data_lines(name: str) -> list[list[str]]:
    text = resources.files("translate_news.data").joinpath(name).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return rows[1:]  # header


@cache
def lexicon(lang: Lang) -> Lexicon:
    from babel.dates import get_day_names, get_month_names
    from babel.numbers import get_currency_symbol, get_decimal_symbol, get_group_symbol

    months: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for number, name in get_month_names(width, locale=lang).items():
            months[name.lower().rstrip(".")] = number
    if lang == "en":
        months["sept"] = 9
    weekdays: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for number, name in get_day_names(width, locale=lang).items():
            weekdays[name.lower().rstrip(".")] = number
    if lang == "it":  # CLDR writes the accent; news sometimes writes an apostrophe or none
        weekdays.update({name.replace("ì", "i"): n for name, n in list(weekdays.items())})
    scales: dict[str, Decimal] = {}
    currencies: dict[str, str] = {}
    number_words: dict[str, Decimal] = {}
    for row_lang, kind, word, value in _data_lines("facts-words.tsv"):
        if row_lang != lang:
            continue
        if kind == "scale":
            scales[word] = Decimal(value)
        elif kind == "currency":
            currencies[word] = value
        elif kind == "number":
            number_words[word] = Decimal(value)
    for code in set(currencies.values()):
        currencies.setdefault(get_currency_symbol(code, locale="en"), code)
    return Lexicon(
        lang,
        months,
        weekdays,
        scales,
        currencies,
        number_words,
        get_decimal_symbol(lang),
        get_group_symbol(lang),
    )


def _name_rows(name: str) -> dict[str, tuple[str, ...]]:
    return {it: tuple(en.split("|")) for it, en in _data_lines(name)}


@cache
def exonyms() -> dict[str, tuple[str, ...]]:
    """Italian name → accepted English forms (the first preferred): CLDR territory names (Babel) under
    the data files for places, historical and religious figures and institutions, which win."""
    from babel import Locale

    english = Locale("en").territories
    table: dict[str, tuple[str, ...]] = {}
    for code, name in Locale("it").territories.items():
        if code.isalpha() and code in english:  # countries, not "001" (Mondo) or "150" (Europa)
            table[name.replace("’", "'")] = (english[code], name)
    for data in ("exonyms.it-en.tsv", "figures.it-en.tsv", "institutions.it-en.tsv"):
        table.update(_name_rows(data))
    return table


@cache
def not_names() -> frozenset[str]:
    """Capitalised words that are no name on their own: common nouns and titles of
    ``data/common-nouns.it.txt``, Italian function words, CLDR month and weekday names, centuries."""
    text = resources.files("translate_news.data").joinpath("common-nouns.it.txt").read_text(encoding="utf-8")
    words = {line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")}
    function = resources.files("translate_news.data").joinpath("function-words.it.txt").read_text("utf-8")
    lower = {w.strip() for w in function.splitlines() if w.strip() and not w.startswith("#")}
    lex = lexicon("it")
    lower |= set(lex.months) | set(lex.weekdays)
    lower |= set(CENTURIES_IT)  # il Cinquecento is a century
    words |= {w.capitalize() for w in lower} | {w.upper() for w in lex.months if len(w) == 3}
    return frozenset(words)
