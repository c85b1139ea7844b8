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

__all__ = ["is_byline_or_credit", "split_sentences"]

# Next to this module (installed as package data); os.path rather than importlib.resources keeps the
# command's start-up, which the segmentation benchmark times, a few milliseconds shorter.
_DATA_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data")
_DATA_FILE = os.path.join(_DATA_DIR, "abbreviations.it.txt")
_SHAPES_FILE = os.path.join(_DATA_DIR, "news-shapes.it.txt")

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
_DOTTED_LOWER = regex.compile(r"(?:\p{Ll}\.)+\p{Ll}")
# Italian words end in a vowel and Italian abbreviations are cut after a consonant ("sez.", "ined.",
# "prof."); dotted ones have periods inside ("p.m", "s.r.l"). A full word before ". " and a lowercase
# word is still a boundary: running text quoted mid-sentence starts in lowercase (the UD sets do).
_ABBREVIATION_SHAPE = regex.compile(r"(?:\p{L}\.\p{L}|[b-df-hj-np-tv-zß]|^\p{L})$", regex.IGNORECASE)
# A word that may be a shortened title or name part when it stands in a chain of them ("Cons. Reg.").
_CHAIN_WORD = regex.compile(r"\p{Lu}\p{Ll}{1,4}")

_COORDINATORS = frozenset({"e", "ed", "o", "od", "oppure", ""})
# Verdicts for an abbreviation before ". ": never a boundary, or a boundary only before a capital.
_NEVER_FINAL, _MAY_END, _MONTH_OR_TITLE = 1, 2, 3
# Two or more roman digits and no period after them ("XV secolo"; a lone "I" is the article).
_ROMAN_AFTER = regex.compile(r"[IVXLC]{2,}\b(?!\.)")


def _sections(path: str) -> dict[str, list[str]]:
    """``[name]`` sections of a data file: one entry a line, ``#`` comments."""
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        else:
            current.append(line)
    return sections


@cache
def _lists() -> tuple[dict[str, int], frozenset[str], frozenset[str], frozenset[str]]:
    """Read the data file once: abbreviation classes and the word lists (see the file's sections)."""
    sections = _sections(_DATA_FILE)
    abbreviations: dict[str, int] = {}
    for name, verdict in (
        ("may-end", _MAY_END),
        ("never-final", _NEVER_FINAL),
        ("month-or-title", _MONTH_OR_TITLE),
    ):
        for entry in sections.get(name, []):
            # "p. es." also makes "p." and "es." abbreviations: a boundary is judged one word at a time.
            for word in (entry, *entry.split()):
                if word.endswith("."):
                    abbreviations[word] = verdict

    def words(name: str) -> frozenset[str]:
        return frozenset(word.replace("’", "'") for word in sections.get(name, []))

    return abbreviations, words("sentence-starters"), words("letter-nouns"), words("surname-particles")


@cache
def _lowercase_starters() -> frozenset[str]:
    return frozenset(_sections(_DATA_FILE).get("lowercase-starters", []))


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
    if nxt.islower() and _ABBREVIATION_SHAPE.search(token):
        # A lowercase word after a shortened word carries the sentence on, listed or not ("alle 8 p.m.
        # del", "la sez. civile", "un'opera ined. di"), unless it is a name written in lowercase.
        following = _NEXT_WORD.match(text, match.start("n"))
        return following is not None and following[1] in _lowercase_starters()
    if len(words) == 1 and pos - start <= 48 and _LABEL.fullmatch(token):
        # A number, roman numeral or letter alone at the start of a sentence is a label ("12. Norme").
        return False
    word = token[max(token.rfind("'"), token.rfind("’")) + 1 :].lstrip("-–—/")
    if not word:
        return True
    if len(word) == 1 and word.isupper():
        return _after_initial(text, match, words)
    verdict = _abbreviation(word + ".")
    if verdict == _MONTH_OR_TITLE:
        # "il 12 gen. Il governo" is a date that may end the sentence; "il gen. Rossi" is a title.
        day = words[-2] if len(words) >= 2 else ""
        verdict = _MAY_END if day.isdigit() else _NEVER_FINAL
    if verdict == _NEVER_FINAL:
        return False
    if verdict and _ROMAN_AFTER.match(text, match.start("n")):
        return False  # "sec. XV", "vol. II": a reference word before a roman numeral
    if verdict == _MAY_END:
        return not (nxt.islower() or nxt.isdigit())
    if _DOTTED_INITIALS.fullmatch(word):
        return _after_initial(text, match, words)  # "J.R.R. Tolkien", but "negli U.S.A. Il ..."
    if _DOTTED_LOWER.fullmatch(word):
        # "12' p.t. Rossi, 25' s.t. Bianchi", "alle 8 p.m. Rossi": a dotted lowercase abbreviation is
        # never a whole word; before a capital it ends the sentence only if that word begins sentences.
        return _starts_sentence(text, match)
    if (
        len(word) <= 5
        and _CHAIN_WORD.fullmatch(word)
        and (_chained_before(words) or _chained_after(text, match))
    ):
        # "Cons. Reg. Lombardia", "Cons. Naz. Forense": short capitalised words with periods in a row
        # are abbreviations; the chain ends only before a word that begins sentences.
        return _starts_sentence(text, match)
    return True


def _chained_before(words: list[str]) -> bool:
    """The word before the current one is itself a short abbreviation with its period ("Cons.")."""
    if len(words) < 2 or not words[-2].endswith("."):
        return False
    before = words[-2].lstrip(_OPENERS)[:-1]
    return bool(_CHAIN_WORD.fullmatch(before)) or _abbreviation(before + ".") != 0


def _chained_after(text: str, match: regex.Match[str]) -> bool:
    """The next word is a short capitalised abbreviation with its period ("Reg.")."""
    following = _NEXT_WORD.match(text, match.start("n"))
    if following is None or not following[2] or following.start() != match.end():
        return False
    word = following[1]
    return bool(_CHAIN_WORD.fullmatch(word)) and word not in _lists()[1]


def _starts_sentence(text: str, match: regex.Match[str]) -> bool:
    following = _NEXT_WORD.match(text, match.start("n"))
    return following is not None and following[1].replace("’", "'") in _lists()[1]


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


# --- news shapes: lines and prefixes that are segments of their own ---------------------------------

_DASH = r"[-–—]"
_DATE = r"\d{1,2}[ \t]+\p{L}{3,}\.?(?:[ \t]+\d{4})?"
# "(ANSA) - MILANO, 5 MAG - ", "TORINO – ", "Napoli, 3 marzo — ", "(AGI) - ": a dateline opening a
# paragraph or line. A place in capitals may stand alone; a place in ordinary case needs its date.
_DATELINE = regex.compile(
    rf"""
    (?: \( \p{{Lu}}[\p{{Lu}}\d&./ -]{{0,14}} \) [ \t]* {_DASH} [ \t]+ )?
    (?: \p{{Lu}}[\p{{Lu}}'’.]+ (?:[ \t]+ \p{{Lu}}[\p{{Lu}}'’.]+)* (?:,[ \t]* {_DATE})?
      | \p{{Lu}}\p{{Ll}}+ (?:[ \t]+ \p{{Lu}}\p{{Ll}}+){{0,2}} ,[ \t]* {_DATE} )
    [ \t]* {_DASH} (?=[ \t]+\S)
    | \( \p{{Lu}}[\p{{Lu}}\d&./ -]{{0,14}} \) [ \t]* {_DASH} (?=[ \t]+\S)
    """,
    regex.VERBOSE,
)
# A live-blog entry opening with its time: "ore 8.05 - ", "17:32 – ".
_TIMESTAMP = regex.compile(rf"(?i:ore[ \t]+)?\d{{1,2}}[.:]\d{{2}}(?:[ \t]*{_DASH}(?=[ \t]+\S))?(?=\s)")
# A line that starts a new segment whatever ends the line before: list bullets and numbers,
# interview labels, live-blog times.
_LINE_START = regex.compile(
    r"(?:[-–—•*▪][ \t]|\d{1,3}[.)][ \t]|\p{L}\)[ \t]|[DR]\.[ \t]|(?i:domanda|risposta)[ \t]*:"
    r"|(?i:ore[ \t]+)?\d{1,2}[.:]\d{2}\s)"
)
_ITEM_MARKS = "-–—•*▪0123456789"
_CAPS_LINE = regex.compile(r"[^\p{Ll}]*\p{Lu}[^\p{Ll}]*\p{Lu}[^\p{Ll}]*")  # "RIPRODUZIONE RISERVATA"
_NAME = r"\p{Lu}[\p{L}'’.-]*(?:[ \t]+(?:\p{Lu}[\p{L}'’.-]*|e|de|di|da|del|della|van|von))*"
_AGENCY_LINE = regex.compile(r"\(\p{Lu}[\p{Lu}\d&./ -]{0,14}\)\.?")


@cache
def _shape_patterns() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    """Byline, caption/credit line and closing credit patterns, from ``data/news-shapes.it.txt``."""
    sections = _sections(_SHAPES_FILE)

    def alternatives(name: str) -> str:
        entries = sorted(sections.get(name, []), key=len, reverse=True)
        return "|".join(regex.escape(e).replace(r"\ ", r"[ \t]+") for e in entries)

    leads, labels = alternatives("byline-leads"), alternatives("line-labels")
    byline = regex.compile(rf"(?i:{leads})(?:[ \t]+{_NAME})?")
    label_line = regex.compile(rf"(?:(?i:{labels})[ \t]*:|©|\(c\)[ \t]).*")
    credit = regex.compile(rf"[ \t]+(\((?i:{labels})\b[^()\n]*\)\.?)$")
    return byline, label_line, credit


def is_byline_or_credit(line: str) -> bool:
    """A byline, caption, credit, link line or agency sign-off (``line`` stripped): never a title."""
    byline, label_line, _ = _shape_patterns()
    return bool(
        ((":" in line[:24] or line[:1] in "©(") and label_line.match(line))
        or (len(line) <= 70 and byline.fullmatch(line))
        or (line[:1] == "(" and _AGENCY_LINE.fullmatch(line))
    )


def _is_meta_line(line: str) -> bool:
    """Metadata or a short line in capitals ("RIPRODUZIONE RISERVATA"): a segment of its own."""
    return is_byline_or_credit(line) or (len(line) <= 70 and bool(_CAPS_LINE.fullmatch(line)))


def _space_around(text: str, pos: int) -> tuple[int, int]:
    """The whole run of whitespace around ``pos``."""
    start, end = pos, pos
    while start > 0 and text[start - 1].isspace():
        start -= 1
    while end < len(text) and text[end].isspace():
        end += 1
    return start, end


def _shape_breaks(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Forced boundaries (whitespace runs) and spans never split inside, from the news shapes."""
    breaks: list[tuple[int, int]] = []
    protected: list[tuple[int, int]] = []
    line_starts = [0]
    if "\n" in text:
        line_starts += [m.end() for m in regex.finditer(r"\n", text)]
    after_item = False  # a list item ends at its line end unless the next line goes on in lowercase
    for index, line_start in enumerate(line_starts):
        line_end = line_starts[index + 1] - 1 if index + 1 < len(line_starts) else len(text)
        lead = line_start
        while lead < line_end and text[lead] in " \t":
            lead += 1
        line = text[lead:line_end].rstrip()
        if not line:
            continue
        starts_line = _LINE_START.match(text, lead)
        meta = _is_meta_line(line)
        if lead > 0 and (meta or starts_line or (after_item and not line[0].islower())):
            breaks.append(_space_around(text, lead))
        after_item = bool(starts_line) and line[0] in _ITEM_MARKS
        if meta:
            protected.append((lead, lead + len(line)))
            if lead + len(line) < len(text.rstrip()):
                breaks.append(_space_around(text, lead + len(line)))
            continue
        head = line[:48]
        if ("-" in head or "–" in head or "—" in head) and (line[0].isupper() or line[0] in "(oO0123456789"):
            prefix = _DATELINE.match(text, lead) or _TIMESTAMP.match(text, lead)
            if prefix and prefix.group()[-1] in "-–—":
                breaks.append(_space_around(text, prefix.end()))
        if line.endswith((")", ").")):
            credit = _shape_patterns()[2].search(line)
            if credit:
                breaks.append(_space_around(text, lead + credit.start(1)))
    return breaks, protected


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of a paragraph, stripped, in order.

    Only whitespace lies between and around the spans, so they rebuild ``text`` exactly.
    """
    spans: list[tuple[int, int]] = []
    start = len(text) - len(text.lstrip())
    if start == len(text):
        return spans
    forced, protected = _shape_breaks(text)
    forced = sorted(set(forced))
    next_forced = 0

    def cut(ws_start: int, ws_end: int) -> None:
        nonlocal start
        if ws_start > start:
            spans.append((start, ws_start))
            start = ws_end

    for match in _CANDIDATE.finditer(text, start):
        ws_start = match.start("ws")
        while next_forced < len(forced) and forced[next_forced][0] <= ws_start:
            cut(*forced[next_forced])
            next_forced += 1
        if match.start() < start or (protected and any(a <= ws_start < b for a, b in protected)):
            continue
        if not _is_boundary(text, match, start):
            continue
        end = ws_start
        if match["p"] is None:
            end = len(text[:end].rstrip())  # a blank line after trailing spaces
        if end > start:
            spans.append((start, end))
        start = match.end()
    for ws_start, ws_end in forced[next_forced:]:
        cut(ws_start, ws_end)
    spans.append((start, len(text.rstrip())))
    return spans
