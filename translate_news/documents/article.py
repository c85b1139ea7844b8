"""The document model every input format produces: an ``Article`` of blocks with exact offsets.

Everything that is not inside a block (markup prefixes, blank lines, front-matter keys, code) is
copied verbatim when the English article is assembled, so the output keeps the input's structure.
Each format lives in its own module (``text``, ``markdown``, ``html``) and declares a
``DocumentFormat``; ``registry.FORMATS`` maps suffixes to them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import regex

from translate_news.documents.codes import Piece, url_pieces
from translate_news.errors import InputError

if TYPE_CHECKING:
    from translate_news.documents.inline import InlineSpan

ARTICLE_SUFFIXES = (".txt", ".md")  # plain text and Markdown; every input format: registry.FORMATS
BlockKind = Literal["title", "heading", "paragraph", "item", "quote", "attribute"]


@dataclass(frozen=True)
class Block:
    """A run of translatable text: ``source[start:end]`` of its article.

    ``style`` says how the English must be written where the source's notation needs it: a front-matter
    value's YAML scalar style (``plain``, ``flow``, ``"``, ``'``, ``|``, ``>``), or ``cell`` for a
    Markdown table cell (pipes escaped).
    """

    kind: BlockKind
    start: int
    end: int
    line: int
    level: int = 0
    style: str = ""


@dataclass(frozen=True)
class Article:
    path: Path
    slug: str
    format: str  # a DocumentFormat's name: "txt", "md", "html"
    source: str
    blocks: tuple[Block, ...]
    front_matter: dict[str, str] = field(default_factory=dict)
    body_start: int = 0  # offset just after the front matter
    split_view: str = ""  # what the sentence splitter reads when markup must be masked (same length)
    notes: tuple[str, ...] = ()  # constructs copied untranslated that a reviewer should know of ("line 9: …")

    @property
    def title(self) -> str:
        for block in self.blocks:
            if block.kind == "title":
                return self.source[block.start : block.end]
        return self.slug


def _no_markup(text: str) -> tuple[str, tuple[InlineSpan, ...]]:
    return text, ()


def _verbatim(text: str) -> str:
    return text


def _urls_only(text: str) -> list[Piece]:
    return url_pieces(text, [])


def _no_rebuild(ctype: str) -> tuple[str, str | None] | None:
    return None


@dataclass(frozen=True)
class DocumentFormat:
    """One input format, declared by its module as ``FORMAT``: everything other layers need to know
    about it, so no code outside ``documents/`` asks for a format by name.

    ``strip_inline`` gives MT its plain text; ``escape`` writes MT output back in the source's notation
    (msgid and msgstr share it); ``finish`` makes last touches to the assembled English document.
    ``pieces`` splits a sentence into plain runs and inline codes (``documents.codes``) for CAT tools;
    a plain run is characters, which ``escape`` writes in the format's notation; ``rebuild`` gives a
    code kind's markup (``ctype`` → open, close) when the original is not at hand.
    ``for_people`` is a sentence as the catalog shows it (an HTML entity as its character);
    ``for_page`` writes a catalog text into the English document. ``front_matter``: the format has
    one (an article can name its own slug there); ``datatype``: XLIFF 1.2's name for the format.
    """

    name: str
    suffixes: tuple[str, ...]
    decode: Callable[[Path, bytes], str]
    parse: Callable[[Path, str], Article]
    strip_inline: Callable[[str], tuple[str, tuple[InlineSpan, ...]]] = _no_markup
    escape: Callable[[str], str] = _verbatim
    finish: Callable[[str], str] = _verbatim
    pieces: Callable[[str], list[Piece]] = _urls_only
    rebuild: Callable[[str], tuple[str, str | None] | None] = _no_rebuild
    for_people: Callable[[str], str] = _verbatim
    for_page: Callable[[str], str] = _verbatim
    front_matter: bool = False
    datatype: str = "plaintext"


def slugify(name: str) -> str:
    """ASCII, lowercase, dash-separated: stable across runs and safe as a folder name."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = regex.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or "article"


def decode_article(path: Path, raw: bytes) -> str:
    """UTF-8 (a BOM is tolerated) with newlines normalised; anything else is an InputError."""
    if not raw.strip():
        raise InputError(path, "empty file")
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise InputError(path, f"binary file (NUL byte at byte offset {nul}), expected UTF-8 text")
    bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0  # "utf-8-sig" would count offsets after it
    try:
        text = raw[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = bom + exc.start
        bad = raw[offset : offset + 1].hex()
        raise InputError(path, f"not valid UTF-8: byte 0x{bad} at byte offset {offset}") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
