"""Italian sentence splitting for news paragraphs.

A boundary can only fall after a run of terminal punctuation (``. ! ? …``, plus any closing quotes or
brackets) that is followed by whitespace, or at a blank line. Every such candidate is then judged on
the word before it and the character after it: abbreviations, initials, numbered labels and
continuations in lowercase are where a naive split goes wrong. Word lists live in
``data/abbreviations.it.txt``; this module holds only the rules.
"""

from __future__ import annotations

import os
from functools import cache

import regex

__all__ = ["split_sentences"]

# Next to this module (installed as package data); os.path rather than importlib.resources keeps the
# command's start-up, which the segmentation benchmark times, a few milliseconds shorter.
_DATA_FILE = os.path.join(os.path.dirname(__file__), "data", "abbreviations.it.txt")

_OPENERS = "«“‘\"'([{"
# A candidate: a terminal run with its closing quotes/brackets, or a newline (kept only when it makes
# a blank line); then whitespace (\s and the separators \x1c-\x1f that str.strip() also removes). The
# lookahead reads, without consuming, any opening dash/quotes and the next character, so a candidate
# never swallows the start of the next one.
_CANDIDATE = regex.compile(
    r"""
    (?: (?P<p>[.!?…]+) (?P<c>[»”’"')\]}]*) | (?=\n) )
    (?P<ws>[\s\x1c-\x1f]+)
    (?= (?:[-–—][\s\x1c-\x1f]*)? [«“‘"'(\[{]* (?P<n>.?) )
    """,
    regex.DOTALL | regex.VERBOSE,
)
# A list or section label: "12", "3.1", a roman numeral, a single letter.
_LABEL = regex.compile(r"\d+(?:\.\d+)*|(?=[IVXLC])C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})|\p{L}")
_NEXT_WORD = regex.compile(r"(\w+['’]?)(\.?)")
_DOTTED_INITIALS = regex.compile(r"(?:\p{Lu}\.)+\p{Lu}")

_COORDINATORS = frozenset({"e", "ed", "o", "od", "oppure", ""})
# Verdicts for an abbreviation before ". ": never a boundary, or a boundary only before a capital.
_NEVER_FINAL, _MAY_END = 1, 2


@cache
def _lists() -> tuple[dict[str, int], frozenset[str], frozenset[str], frozenset[str]]:
    """Read the data file once: abbreviation classes and the word lists (see the file's sections)."""
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    with open(_DATA_FILE, encoding="utf-8") as handle:
        text = handle.read()
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        else:
            current.append(line)
    abbreviations: dict[str, int] = {}
    for name, verdict in (("may-end", _MAY_END), ("never-final", _NEVER_FINAL)):
        for entry in sections.get(name, []):
            # "p. es." also makes "p." and "es." abbreviations: a boundary is judged one word at a time.
            for word in (entry, *entry.split()):
                if word.endswith("."):
                    abbreviations[word] = verdict

    def words(name: str) -> frozenset[str]:
        return frozenset(word.replace("’", "'") for word in sections.get(name, []))

    return abbreviations, words("sentence-starters"), words("letter-nouns"), words("surname-particles")


def _abbreviation(word: str) -> int:
    """Class of ``word`` (ending with its period) in the list, trying it also with a lowercase initial."""
    abbreviations = _lists()[0]
    verdict = abbreviations.get(word, 0)
    if not verdict and word[0].isupper():
        verdict = abbreviations.get(word[0].lower() + word[1:], 0)
    return verdict


def _is_boundary(text: str, match: regex.Match[str], start: int) -> bool:
    """Judge one candidate; ``start`` is where the current sentence begins."""
    punct, close, space, nxt = match.groups()
    if not nxt:
        return False  # only whitespace (or an opening quote) is left: the text ends here
    if "\n" in space and space.count("\n") > 1:
        return True  # a blank line always ends a sentence
    if punct is None:
        return False  # a single line break is just a space
    if punct != "." or close:
        # "?", "!", "…", "...", runs of them, or a period inside quotes/brackets: a lowercase word
        # carries the sentence on ("Chi è? si chiedono", "«Va bene.» disse"); anything else starts one.
        return not nxt.islower()
    pos = match.start()
    if not text[pos - 1 : pos].isalnum():
        return True  # "». Poi", "). Poi": the period follows a quote or bracket and ends the sentence
    words = text[max(start, pos - 48) : pos].split()
    token = words[-1].lstrip(_OPENERS)
    if len(words) == 1 and pos - start <= 48 and _LABEL.fullmatch(token):
        # A number, roman numeral or letter alone at the start of a sentence is a label ("12. Norme").
        return False
    word = token[max(token.rfind("'"), token.rfind("’")) + 1 :].lstrip("-–—/")
    if not word:
        return True
    if len(word) == 1 and word.isupper():
        return _after_initial(text, match, words)
    verdict = _abbreviation(word + ".")
    if verdict == _NEVER_FINAL:
        return False
    if verdict == _MAY_END:
        return not (nxt.islower() or nxt.isdigit())
    if _DOTTED_INITIALS.fullmatch(word):
        return _after_initial(text, match, words)  # "J.R.R. Tolkien", but "negli U.S.A. Il ..."
    return True


def _after_initial(text: str, match: regex.Match[str], words: list[str]) -> bool:
    """A capital letter and a period: an initial before a name, or a label ending the sentence."""
    nxt = match["n"]
    if nxt.islower():
        return False  # "L. van Beethoven", "G. d'Annunzio"
    if not nxt.isupper():
        return True
    _, starters, letter_nouns, particles = _lists()
    # "in serie B. Roma ...", "gironi A e B. Roma ...": a letter after a noun naming letters, or listed
    # with bare letters (initials carry periods), is a label, not the initial of a name.
    for before in reversed(words[-7:-1]):
        before = before.rstrip(",")
        if before.lower() in letter_nouns or (len(before) == 1 and before.isupper()):
            return True
        if before not in _COORDINATORS:
            break
    following = _NEXT_WORD.match(text, match.start("n"))
    if following is None or (following[2] and len(following[1]) == 1):
        return False  # another initial: "G. E. Rossi"
    word = following[1].replace("’", "'")
    if word not in starters:
        return False  # a name after an initial: "G. B. Shaw"
    end = following.end(1)
    # "A. Di Pietro", "G. La Malfa", "F. Dall'Olio": a particle before a capitalised word is a surname.
    return not (word in particles and text[end : end + 3].lstrip()[:1].isupper())


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of a paragraph, stripped, in order.

    Only whitespace lies between and around the spans, so they rebuild ``text`` exactly.
    """
    spans: list[tuple[int, int]] = []
    start = len(text) - len(text.lstrip())
    if start == len(text):
        return spans
    for match in _CANDIDATE.finditer(text, start):
        if not _is_boundary(text, match, start):
            continue
        end = match.start("ws")
        if match["p"] is None:
            end = len(text[:end].rstrip())  # a blank line after trailing spaces
        if end > start:
            spans.append((start, end))
        start = match.end()
    spans.append((start, len(text.rstrip())))
    return spans
