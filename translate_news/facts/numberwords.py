"""Numbers written as words, Italian and English, built by rule rather than listed one by one.

Cardinals up to 999 (ventitré, centoventi, twenty-three), ordinals (sedicesimo, sixteenth), Italian ages
(ventiseienne, 40enne), decades (Ottanta, eighties) and the centuries Italian names by their hundreds
(il Cinquecento is the 16th century, the 1500s). Words only back up a digit figure; the rules that make a
century or a decade a fact of its own live in ``extract``. The few words that are not built (mezzo, dozen,
a, twice) stay in ``data/facts-words.tsv``.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

import regex

__all__ = ["CENTURIES_IT", "decade_value", "number_words", "roman_value", "word_value"]

_IT_UNITS = ["", "uno", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove"]
_IT_TEENS = ["dieci", "undici", "dodici", "tredici", "quattordici", "quindici", "sedici", "diciassette"]
_IT_TEENS += ["diciotto", "diciannove"]
_IT_TENS = ["", "", "venti", "trenta", "quaranta", "cinquanta", "sessanta", "settanta", "ottanta", "novanta"]
_EN_UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_EN_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"]
_EN_TEENS += ["eighteen", "nineteen"]
_EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_EN_ORDINAL_IRREGULAR = {"twelve": "twelfth", "eight": "eighth", "nine": "ninth", "five": "fifth"}

# il Duecento … il Novecento: the century, and its hundreds (il Cinquecento: 16th century, the 1500s)
CENTURIES_IT = {
    "duecento": 13,
    "trecento": 14,
    "quattrocento": 15,
    "cinquecento": 16,
    "seicento": 17,
    "settecento": 18,
    "ottocento": 19,
    "novecento": 20,
}


def _it_below_100(n: int) -> list[str]:
    if n < 10:
        return [_IT_UNITS[n]]
    if n < 20:
        return [_IT_TEENS[n - 10]]
    tens, unit = divmod(n, 10)
    stem = _IT_TENS[tens]
    if unit == 0:
        return [stem]
    if unit in (1, 8):  # ventuno, trentotto: the vowel is elided
        return [stem[:-1] + _IT_UNITS[unit]]
    if unit == 3:  # ventitré, also written without the accent
        return [stem + "tré", stem + "tre"]
    return [stem + _IT_UNITS[unit]]


def _it_cardinals() -> dict[str, int]:
    words: dict[str, int] = {}
    for n in range(1, 100):
        for w in _it_below_100(n):
            words[w] = n
    for hundreds in range(1, 10):
        head = "cento" if hundreds == 1 else _IT_UNITS[hundreds] + "cento"
        words[head] = hundreds * 100
        for n in range(1, 100):
            for w in _it_below_100(n):
                joined = head[:-1] + w if w.startswith("ott") else head + w  # centottanta
                words[joined] = hundreds * 100 + n
    return words


def _it_ordinal(word: str) -> list[str]:
    """ventisei → ventiseiesimo, undici → undicesimo, ventitré → ventitreesimo."""
    if word.endswith(("tré", "tre")) and len(word) > 3:
        return [word[:-1] + "eesimo"]
    if word.endswith("sei"):
        return [word + "esimo"]
    return [word[:-1] + "esimo"]


def _it_words() -> dict[str, Decimal]:
    cardinals = _it_cardinals()
    words = {w: Decimal(n) for w, n in cardinals.items()}
    for w, n in cardinals.items():
        if n >= 11:
            for form in _it_ordinal(w):
                for ending in ("o", "a", "i", "e"):
                    words.setdefault(form[:-1] + ending, Decimal(n))
        if n >= 2 and n < 200:  # ages: il ventiseienne, la quarantenne
            age = (w if w.endswith("sei") else w[:-1] + ("e" if w.endswith(("tré", "tre")) else "")) + "enne"
            words.setdefault(age, Decimal(n))
            words.setdefault(age[:-1] + "i", Decimal(n))
    for n, w in enumerate(["primo", "secondo", "terzo", "quarto", "quinto", "sesto", "settimo", "ottavo"]):
        for ending in ("o", "a", "i", "e"):
            words.setdefault(w[:-1] + ending, Decimal(n + 1))
    words.update({"nono": Decimal(9), "nona": Decimal(9), "decimo": Decimal(10), "decima": Decimal(10)})
    words.update({w.capitalize(): Decimal(n) for w, n in CENTURIES_IT.items()})
    return words


def _en_below_100(n: int) -> list[str]:
    if n < 10:
        return [_EN_UNITS[n]]
    if n < 20:
        return [_EN_TEENS[n - 10]]
    tens, unit = divmod(n, 10)
    if unit == 0:
        return [_EN_TENS[tens]]
    return [f"{_EN_TENS[tens]}-{_EN_UNITS[unit]}", f"{_EN_TENS[tens]} {_EN_UNITS[unit]}"]


def _en_ordinal(word: str) -> str:
    """twenty-one → twenty-first, twelve → twelfth, forty → fortieth."""
    tail = regex.split(r"[- ]", word)[-1]
    head = word[: len(word) - len(tail)]
    irregular = {"one": "first", "two": "second", "three": "third", **_EN_ORDINAL_IRREGULAR}
    if tail in irregular:
        return head + irregular[tail]
    if tail.endswith("y"):
        return head + tail[:-1] + "ieth"
    return head + tail + "th"


def _en_words() -> dict[str, Decimal]:
    words: dict[str, Decimal] = {}
    for n in range(1, 100):
        for w in _en_below_100(n):
            words[w] = Decimal(n)
            words[_en_ordinal(w)] = Decimal(n)
    for tens in range(2, 10):  # the eighties
        words[_EN_TENS[tens][:-1] + "ies"] = Decimal(tens * 10)
    return words


@cache
def number_words(lang: str) -> dict[str, Decimal]:
    """Every built number word of ``lang``, lower case (Italian century names also capitalised)."""
    return _it_words() if lang == "it" else _en_words()


def word_value(word: str, lang: str) -> Decimal | None:
    """The value of one number word, its case ignored (a century name only capitalised)."""
    words = number_words(lang)
    if word in words:
        return words[word]
    lower = word.lower()
    if lang == "it" and lower in CENTURIES_IT:
        return None  # "cinquecento" in lower case is 500, listed as such
    return words.get(lower)


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_value(text: str) -> int | None:
    """XIV → 14; None when ``text`` is no well-formed Roman numeral below 100."""
    total, last = 0, 0
    for char in reversed(text):
        value = _ROMAN.get(char)
        if value is None:
            return None
        total += -value if value < last else value
        last = max(last, value)
    return total if 0 < total < 100 and _roman(total) == text else None


def _roman(n: int) -> str:
    out = ""
    for value, symbol in (
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out, n = out + symbol, n - value
    return out


def decade_value(word: str) -> int | None:
    """The decade of "Ottanta", "'80", "80", "ottanta": 80; None when it is none."""
    stripped = word.lstrip("'’")
    if stripped.isdigit():
        n = int(stripped)
        return n if n % 10 == 0 and 0 <= n <= 90 and len(stripped) == 2 else None
    n = _it_cardinals().get(stripped.lower())
    return n if n is not None and n % 10 == 0 and 20 <= n <= 90 else None
