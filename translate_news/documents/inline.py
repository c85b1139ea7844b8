"""Keep Markdown inline markup out of MT and put it back around the matching English words.

MT sees plain text. Afterwards each markup span is restored where its text can be located in the
translation: the whole sentence, text copied verbatim (names, numbers, links to proper nouns), or
the glossary target of a term inside the span. A span that cannot be placed is reported so the
entry carries a QA note; the reviewer restores it (msgstr may contain Markdown).

Markup without text of its own (a footnote marker ``[^1]``, ``<br>``) is an *atom*: it is put back
after the English of the word it followed, or at the same end of the sentence. An entity (``&amp;``,
``&nbsp;``) reaches MT as its character and is written back as the entity where that character is
found in the English. Nothing is dropped without a note.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import regex

# Order matters: footnote markers, links and images first, then strong before emphasis, then code;
# strikethrough, autolinks, <br> and entities after them. A label or link text stops at the next
# "[": text running over it made every "[" of "[[[[…" scan to the end (quadratic in the nesting),
# and the innermost bracket pair is the one CommonMark makes a link of.
_INLINE = regex.compile(
    r"(?P<atom>\[\^[^\[\]\s]+\](?!:)|<br\s*/?>)"
    r"|(?P<open>!?\[)(?P<text>[^\[\]\n]+)(?P<close>\]\([^)\s]+(?:\s+\"[^\"]*\")?\))"
    r"|(?P<open>!?\[)(?P<text>[^\[\]\n]+)(?P<close>\]\[[^\]\n]*\])"
    r"|(?P<open>\*\*|__)(?P<text>(?:(?!(?P=open)).)+?)(?P<close>(?P=open))"
    r"|(?<![\p{L}\p{N}*_])(?P<open>[*_])(?P<text>[^*_\s](?:[^*_]*?[^*_\s])?)(?P<close>[*_])(?![\p{L}\p{N}*_])"
    r"|(?P<open>`)(?P<text>[^`]+)(?P<close>`)"
    r"|(?P<open>~~)(?P<text>[^~\n]+?)(?P<close>~~)"
    r"|(?P<open><)(?P<text>[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)(?P<close>>)"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)",
)
_END_PUNCTUATION = ".!?;:,»”\"')’ "


@dataclass(frozen=True)
class InlineSpan:
    """Markup ``open``…``close`` around ``plain[start:end]``; an atom has ``start == end``.

    ``replace`` is the source notation of ``plain[start:end]`` when the two differ (an entity).
    """

    start: int
    end: int
    open: str
    close: str
    replace: str | None = None


def strip_inline(text: str) -> tuple[str, tuple[InlineSpan, ...]]:
    """Plain text for MT and the markup spans (outermost only; nested markup stays in the text)."""
    plain: list[str] = []
    spans: list[InlineSpan] = []
    length, pos = 0, 0
    for match in _INLINE.finditer(text):
        before = text[pos : match.start()]
        plain.append(before)
        length += len(before)
        pos = match.end()
        if match.group("atom"):
            spans.append(InlineSpan(length, length, match.group("atom"), ""))
            if match.group().startswith("<") and _between_words(text, match.start(), match.end()):
                plain.append(" ")  # "riga<br>riga": MT must still see two words
                length += 1
            continue
        if match.group("entity"):
            char = html.unescape(match.group("entity"))
            if char == match.group("entity"):  # not an entity HTML knows: plain text
                plain.append(char)
                length += len(char)
                continue
            spans.append(InlineSpan(length, length + len(char), "", "", match.group("entity")))
            plain.append(char)
            length += len(char)
            continue
        inner = match.group("text")
        spans.append(InlineSpan(length, length + len(inner), match.group("open"), match.group("close")))
        plain.append(inner)
        length += len(inner)
    plain.append(text[pos:])
    return "".join(plain), tuple(spans)


def _between_words(text: str, start: int, end: int) -> bool:
    return bool(text[start - 1 : start].strip()) and bool(text[end : end + 1].strip()) and start > 0


def restore_inline(
    plain_source: str,
    spans: tuple[InlineSpan, ...],
    target: str,
    counterparts: Mapping[str, Sequence[str]] | None = None,
    escape: Callable[[str], str] = str,
) -> tuple[str, list[str]]:
    """Re-insert markup into ``target``; returns the result and the spans that could not be placed.

    ``escape`` turns the plain text around the markup into the source's notation (HTML entities).
    """
    if not spans:
        return escape(target), []
    counterparts = counterparts or {}
    placed: list[tuple[int, int, InlineSpan]] = []
    lost: list[str] = []
    for span in sorted(spans, key=lambda s: s.start == s.end):  # atoms last: they go between words
        inner = plain_source[span.start : span.end]
        if span.start == span.end:
            at = _atom_position(plain_source, span.start, target, placed)
            where: tuple[int, int] | None = None if at is None else (at, at)
        elif span.replace is not None:
            where = _locate(target, inner, placed, whole_words=False)
        elif span.start == 0 and span.end == len(plain_source.rstrip(".!?»” ")) or inner == plain_source:
            where = (0, len(target.rstrip(".!?»” ")) or len(target))
        else:
            where = _locate(target, inner, placed)
            for counterpart in sorted(counterparts.get(inner, ()), key=len, reverse=True):
                where = where or _locate(target, counterpart, placed)
        if where is None:
            lost.append(span.replace if span.replace is not None else f"{span.open}{inner}{span.close}")
        else:
            placed.append((where[0], where[1], span))
    pieces: list[str] = []
    pos = 0
    for start, end, span in sorted(placed, key=lambda p: (p[0], p[1])):  # placed spans never overlap
        written = span.replace if span.replace is not None else escape(target[start:end])
        pieces += [escape(target[pos:start]), span.open, written, span.close]
        pos = end
    pieces.append(escape(target[pos:]))
    return "".join(pieces), lost


def _atom_position(
    plain_source: str, offset: int, target: str, placed: list[tuple[int, int, InlineSpan]]
) -> int | None:
    """Where markup without text goes in ``target``: the same end of the sentence, or after the
    English of the word it followed (before that of the word it preceded) when that word is copied."""
    before, after = plain_source[:offset], plain_source[offset:]
    if not after.strip():
        at: int | None = len(target.rstrip())
    elif not after.strip(_END_PUNCTUATION):  # "detto[^1]." → before the final punctuation
        at = len(target.rstrip(_END_PUNCTUATION))
    elif not before.strip():
        at = len(target) - len(target.lstrip())
    else:
        at = None
        previous = regex.search(r"[\p{L}\p{N}]+(?=[^\p{L}\p{N}]*$)", before)
        following = regex.search(r"[\p{L}\p{N}]+", after)
        if previous and (found := _locate(target, previous.group(), placed)):
            at = found[1]
        elif following and (found := _locate(target, following.group(), placed)):
            at = found[0]
    if at is None:
        return None
    for start, end, _ in placed:  # never inside a placed span: just after it
        if start < at < end:
            at = end
    return at


def _locate(
    target: str, needle: str, placed: list[tuple[int, int, InlineSpan]], whole_words: bool = True
) -> tuple[int, int] | None:
    if not needle.strip() and whole_words:
        return None
    pattern = regex.compile(
        (r"(?<![\p{L}\p{N}])" + regex.escape(needle) + r"(?![\p{L}\p{N}])")
        if whole_words
        else regex.escape(needle),
        regex.IGNORECASE,
    )
    for match in pattern.finditer(target):
        if all(match.end() <= s or match.start() >= e for s, e, _ in placed):
            return match.span()
    return None
