"""The input-format registry: a file's suffix → how to decode, parse, strip markup and escape MT output.

Adding an input format is one module plus one line in ``FORMATS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from translate_news.documents.article import Article, decode_article, parse_text_or_markdown
from translate_news.documents.html import (
    decode_html,
    english_document,
    escape_text,
    parse_html,
    strip_html_inline,
)
from translate_news.documents.inline import InlineSpan, strip_inline
from translate_news.errors import InputError

__all__ = ["FORMATS", "DocumentFormat", "format_for", "format_named"]


def _no_markup(text: str) -> tuple[str, tuple[InlineSpan, ...]]:
    return text, ()


def _verbatim(text: str) -> str:
    return text


@dataclass(frozen=True)
class DocumentFormat:
    """One input format. ``strip_inline`` gives MT its plain text; ``escape`` writes MT output back
    in the source's notation (msgid and msgstr share it)."""

    name: str
    decode: Callable[[Path, bytes], str]
    parse: Callable[[Path, str], Article]
    strip_inline: Callable[[str], tuple[str, tuple[InlineSpan, ...]]] = _no_markup
    escape: Callable[[str], str] = _verbatim
    finish: Callable[[str], str] = _verbatim  # last touches to the assembled English document


TEXT = DocumentFormat("txt", decode_article, parse_text_or_markdown)
MARKDOWN = DocumentFormat("md", decode_article, parse_text_or_markdown, strip_inline)
HTML = DocumentFormat("html", decode_html, parse_html, strip_html_inline, escape_text, english_document)

FORMATS: dict[str, DocumentFormat] = {".txt": TEXT, ".md": MARKDOWN, ".html": HTML, ".htm": HTML}


def format_for(path: Path) -> DocumentFormat:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        expected = ", ".join(FORMATS)
        raise InputError(path, f"unknown extension {suffix or '(none)'!r}: expected one of {expected}")
    return FORMATS[suffix]


def format_named(name: str) -> DocumentFormat:
    """The format of an ``Article`` (its ``format`` field)."""
    return next(f for f in FORMATS.values() if f.name == name)
