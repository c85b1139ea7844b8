"""Keep Markdown inline markup out of MT and put it back around the matching English words.

MT sees plain text. Afterwards each markup span is restored where its text can be located in the
translation: the whole sentence, text copied verbatim (names, numbers, links to proper nouns), or
the glossary target of a term inside the span. A span that cannot be placed is reported so the
entry carries a QA note; the reviewer restores it (msgstr may contain Markdown).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import regex

# Order matters: links and images first, then strong before emphasis, then code.
_INLINE = regex.compile(
    r"(?P<open>!?\[)(?P<text>[^\]\n]+)(?P<close>\]\([^)\s]+(?:\s+\"[^\"]*\")?\))"
    r"|(?P<open>\*\*|__)(?P<text>(?:(?!(?P=open)).)+?)(?P<close>(?P=open))"
    r"|(?<![\p{L}\p{N}*_])(?P<open>[*_])(?P<text>[^*_\s](?:[^*_]*?[^*_\s])?)(?P<close>[*_])(?![\p{L}\p{N}*_])"
    r"|(?P<open>`)(?P<text>[^`]+)(?P<close>`)",
)


@dataclass(frozen=True)
class InlineSpan:
    """Markup ``open``…``close`` around ``plain[start:end]``."""

    start: int
    end: int
    open: str
    close: str


def strip_inline(text: str) -> tuple[str, tuple[InlineSpan, ...]]:
    """Plain text for MT and the markup spans (outermost only; nested markup stays in the text)."""
    plain: list[str] = []
    spans: list[InlineSpan] = []
    length, pos = 0, 0
    for match in _INLINE.finditer(text):
        before = text[pos : match.start()]
        plain.append(before)
        length += len(before)
        inner = match.group("text")
        spans.append(InlineSpan(length, length + len(inner), match.group("open"), match.group("close")))
        plain.append(inner)
        length += len(inner)
        pos = match.end()
    plain.append(text[pos:])
    return "".join(plain), tuple(spans)


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
    for span in spans:
        inner = plain_source[span.start : span.end]
        if span.start == 0 and span.end == len(plain_source.rstrip(".!?»” ")) or inner == plain_source:
            where: tuple[int, int] | None = (0, len(target.rstrip(".!?»” ")) or len(target))
        else:
            where = _locate(target, inner, placed)
            for counterpart in sorted(counterparts.get(inner, ()), key=len, reverse=True):
                where = where or _locate(target, counterpart, placed)
        if where is None:
            lost.append(f"{span.open}{inner}{span.close}")
        else:
            placed.append((where[0], where[1], span))
    pieces: list[str] = []
    pos = 0
    for start, end, span in sorted(placed, key=lambda p: p[0]):  # placed spans never overlap
        pieces += [escape(target[pos:start]), span.open, escape(target[start:end]), span.close]
        pos = end
    pieces.append(escape(target[pos:]))
    return "".join(pieces), lost


def _locate(target: str, needle: str, placed: list[tuple[int, int, InlineSpan]]) -> tuple[int, int] | None:
    if not needle.strip():
        return None
    pattern = regex.compile(
        r"(?<![\p{L}\p{N}])" + regex.escape(needle) + r"(?![\p{L}\p{N}])", regex.IGNORECASE
    )
    for match in pattern.finditer(target):
        if all(match.end() <= s or match.start() >= e for s, e, _ in placed):
            return match.span()
    return None
