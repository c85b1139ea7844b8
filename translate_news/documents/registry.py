"""The input-format registry: a file's suffix → how to decode, parse, strip markup and escape MT output.

Each format is one module declaring ``FORMAT`` (a ``DocumentFormat`` with its suffixes); adding a
format is one new module plus one entry in ``MODULES``.
"""

from __future__ import annotations

from pathlib import Path

from translate_news.documents import html, markdown, text
from translate_news.documents.article import Article, DocumentFormat
from translate_news.errors import InputError

__all__ = [
    "FORMATS",
    "HTML",
    "MARKDOWN",
    "MODULES",
    "TEXT",
    "DocumentFormat",
    "format_for",
    "format_named",
    "format_of_datatype",
    "format_of_file",
    "parse_article",
    "read_article",
]

MODULES = (text, markdown, html)

FORMATS: dict[str, DocumentFormat] = {
    suffix: module.FORMAT for module in MODULES for suffix in module.FORMAT.suffixes
}
TEXT, MARKDOWN, HTML = text.FORMAT, markdown.FORMAT, html.FORMAT


def format_for(path: Path) -> DocumentFormat:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        expected = ", ".join(FORMATS)
        raise InputError(path, f"unknown extension {suffix or '(none)'!r}: expected one of {expected}")
    return FORMATS[suffix]


def format_of_file(name: str) -> DocumentFormat:
    """The format of a file name's suffix (``slug.it.html``), plain text for any other: what an exchange
    file's ``original`` says its units are written in."""
    return FORMATS.get(Path(name).suffix.lower(), TEXT)


def format_of_datatype(datatype: str) -> DocumentFormat | None:
    """The format whose notation an exchange file's ``datatype`` (``html``, ``x-markdown``,
    ``plaintext``) names; None for one no format of ours writes (RTF codes from another tool)."""
    wanted = datatype.strip().lower()
    return next((m.FORMAT for m in MODULES if m.FORMAT.datatype == wanted), None)


def format_named(name: str) -> DocumentFormat:
    """The format of an ``Article`` (its ``format`` field)."""
    return next(module.FORMAT for module in MODULES if module.FORMAT.name == name)


def read_article(path: Path) -> Article:
    """Any registered input format (``formats.FORMATS``), chosen by the file's suffix."""
    document_format = format_for(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from None
    return document_format.parse(path, document_format.decode(path, raw))


def parse_article(path: Path, text: str) -> Article:
    """Decoded text of any registered format, chosen by the file's suffix."""
    return format_for(path).parse(path, text)
