"""The input-format registry: a file's suffix → how to decode, parse, strip markup and escape MT output.

Each format is one module declaring ``FORMAT`` (a ``DocumentFormat`` with its name and suffixes);
adding a format is one new module plus one entry in ``MODULES``. ``BY_NAME`` is the registry (name →
format, the shape of every registry in the package); ``FORMATS`` indexes it by suffix.
"""

from __future__ import annotations

from pathlib import Path

from translate_news.documents import html, markdown, text
from translate_news.documents.article import Article, DocumentFormat
from translate_news.errors import InputError

__all__ = [
    "BY_NAME",
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

BY_NAME: dict[str, DocumentFormat] = {module.FORMAT.name: module.FORMAT for module in MODULES}
FORMATS: dict[str, DocumentFormat] = {
    suffix: document_format for document_format in BY_NAME.values() for suffix in document_format.suffixes
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
    return next((fmt for fmt in BY_NAME.values() if fmt.datatype == wanted), None)


def format_named(name: str) -> DocumentFormat:
    """The format of an ``Article`` (its ``format`` field)."""
    return BY_NAME[name]


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
