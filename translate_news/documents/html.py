"""Read an HTML document (a CMS export, a saved page) into blocks that keep their offsets in the source.

Parser: Python's ``html.parser``. It is the only maintained HTML tokenizer at hand that reports where
each tag starts in the source (``getpos()``, ``get_starttag_text()``), which is what offset splicing
needs: the English document is the source with the text runs replaced, byte-identical elsewhere.
selectolax/lexbor, html5lib and lxml build trees without character offsets (lxml has lines only).

Rules (README "Input"):
- a *text run* is text with inline elements (``a``, ``em``, ``strong``, ``b``, ``i``, ``span``, ``sup``…)
  inside a block element (``title``, ``h1``–``h6``, ``p``, ``li``, ``dt``, ``dd``, ``blockquote``,
  ``figcaption``, ``caption``, ``td``, ``th``); any other tag, a comment or ``<br>`` ends the run;
- ``alt`` and ``title`` attributes (double-quoted, outside text runs) and the ``content`` of
  ``meta`` description / og:title / og:description / twitter:title / twitter:description are blocks;
- left alone: ``script``, ``style``, ``pre``, ``code``, ``template``, ``noscript``, ``textarea``,
  ``svg``, ``math``, media (``video``, ``audio``, ``iframe``, ``object``), boilerplate (``nav``,
  ``aside``, ``footer``, ``header`` outside ``article``/``main``, ``role`` navigation, banner,
  contentinfo, complementary, search) and anything marked ``translate="no"`` or class ``notranslate``;
- only UTF-8 is read: another declared charset is refused with one line.
"""

from __future__ import annotations

import codecs
import html
from collections import Counter
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path

import regex

from translate_news.documents.article import Article, Block, DocumentFormat, decode_article, slugify
from translate_news.documents.codes import Close, Code, Open, Piece, Single, url_pieces
from translate_news.documents.inline import InlineSpan
from translate_news.errors import InputError

__all__ = [
    "FORMAT",
    "decode_html",
    "english_document",
    "escape_text",
    "for_page",
    "for_people",
    "html_pieces",
    "parse_html",
    "strip_html_inline",
]

BLOCKS = {
    "title": "title",
    "h1": "heading",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "p": "paragraph",
    "dd": "paragraph",
    "dt": "paragraph",
    "caption": "paragraph",
    "figcaption": "paragraph",
    "td": "paragraph",
    "th": "paragraph",
    "li": "item",
    "blockquote": "quote",
}
INLINE = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "ins",
        "mark",
        "q",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "u",
    ]
)
SKIP = frozenset(
    [
        "script",
        "style",
        "pre",
        "code",
        "template",
        "noscript",
        "textarea",
        "svg",
        "math",
        "video",
        "audio",
        "iframe",
        "object",
        "canvas",
        "select",
        "nav",
        "aside",
        "footer",
    ]
)
SKIP_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
META_NAMES = frozenset({"description", "og:title", "og:description", "twitter:title", "twitter:description"})
ATTRIBUTES = ("alt", "title")
# Elements whose start closes an open <p> (HTML's implied end tags; enough for CMS output).
_CLOSES_P = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "ul",
    ]
)
_ATTR = regex.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'[^']*'|[^\s"'=<>`]+))?""")
_CHARSET = regex.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", regex.IGNORECASE)
_TOKEN = regex.compile(
    r"<!--.*?-->|</?[A-Za-z][^\s/>]*(?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*\s*/?>"
    r"|&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);?",
    regex.DOTALL,
)
_MARKUP = regex.compile(  # a tag or a comment: what is not text in a text run
    r"<!--.*?-->|</?[A-Za-z][^\s/>]*(?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*\s*/?>",
    regex.DOTALL,
)
_OPEN_TAGS_AT_END = regex.compile(r"(?:\s*<[A-Za-z][^<>]*>)+\s*$")
_TAG_NAME = regex.compile(r"</?([A-Za-z][^\s/>]*)")


def decode_html(path: Path, raw: bytes) -> str:
    """UTF-8, as declared or undeclared; a document declaring another charset is refused."""
    match = _CHARSET.search(raw[:1024])
    if match and not raw.startswith(b"\xef\xbb\xbf"):
        declared = match.group(1).decode("ascii")
        try:
            name = codecs.lookup(declared).name
        except LookupError:
            raise InputError(path, f"unknown charset {declared!r} in its meta declaration") from None
        if name != "utf-8" and not (name == "ascii" and raw.isascii()):
            raise InputError(
                path,
                f"declares charset {declared}; only UTF-8 HTML is read: convert it "
                f'(iconv -f {declared} -t UTF-8) and declare <meta charset="utf-8">',
            )
    return decode_article(path, raw)


def escape_text(text: str) -> str:
    """Machine output into HTML text notation (the msgstr is HTML, like its msgid)."""
    return html.escape(text, quote=False)


def for_people(text: str) -> str:
    """A sentence as people read it in the catalog: every entity in its text decoded (``&egrave;`` → è,
    ``&nbsp;`` → no-break space) except ``&lt;``, ``&gt;`` and ``&amp;``, which are written so (and a
    bare ``<`` or ``&`` in text becomes one): a literal ``<`` can then never be read as markup. Tags
    and comments are kept as written, their attribute values too."""
    out = []
    pos = 0
    for match in _MARKUP.finditer(text):
        out += [escape_text(html.unescape(text[pos : match.start()])), match.group()]
        pos = match.end()
    out.append(escape_text(html.unescape(text[pos:])))
    return "".join(out)


# Characters nobody sees: written as entities on the page, so the next editor of the page sees them.
_INVISIBLE = {
    "\u00a0": "&nbsp;",
    "\u00ad": "&shy;",
    "\u200b": "&#8203;",
    "\u200c": "&zwnj;",
    "\u200d": "&zwj;",
}
_INVISIBLE_RUN = regex.compile("[" + "".join(_INVISIBLE) + "]")


def for_page(text: str) -> str:
    """A catalog text for the English page: it is HTML already (``for_people`` keeps ``&lt;``,
    ``&gt;``, ``&amp;``) and the page is UTF-8, so only invisible characters (no-break space, soft
    hyphen, zero-width ones) go back to entities; tags and comments are kept as written."""
    if not _INVISIBLE_RUN.search(text):
        return text
    out = []
    pos = 0
    for match in _MARKUP.finditer(text):
        out += [_INVISIBLE_RUN.sub(lambda m: _INVISIBLE[m[0]], text[pos : match.start()]), match.group()]
        pos = match.end()
    out.append(_INVISIBLE_RUN.sub(lambda m: _INVISIBLE[m[0]], text[pos:]))
    return "".join(out)


# Element → XLIFF 1.2 ``ctype``; any other element is ``x-html-<name>``, which a reader rebuilds.
_CTYPES = {"b": "bold", "i": "italic", "u": "underlined", "a": "link", "br": "lb", "img": "image"}
_REBUILT = {"bold": "b", "italic": "i", "underlined": "u", "lb": "br", "image": "img"}


def _ctype(name: str) -> str:
    return _CTYPES.get(name) or "x-html-" + (regex.sub(r"[^a-z0-9-]", "", name) or "markup")


def html_pieces(text: str) -> list[Piece]:
    """Elements as paired codes (their start and end tags as written), void elements and comments as
    standalone codes, URLs in the text as standalone codes; text runs as characters (entities decoded).

    A start tag without its end tag in the sentence (or an end tag without its start) is half a pair:
    an ``Open`` without ``Close`` (or the reverse). Codes are numbered from 1 in order of appearance.
    """
    tokens: list[tuple[str, str]] = []  # (kind, text): "text", "open", "close", "single"
    pos = 0
    for match in _MARKUP.finditer(text):
        tokens.append(("text", text[pos : match.start()]))
        token = match.group()
        pos = match.end()
        if token.startswith("<!--"):
            tokens.append(("single", token))
            continue
        name = _TAG_NAME.match(token).group(1).lower()  # type: ignore[union-attr]
        if token.startswith("</"):
            tokens.append(("close", token))
        elif name in VOID or token.endswith("/>"):
            tokens.append(("single", token))
        else:
            tokens.append(("open", token))
    tokens.append(("text", text[pos:]))
    partner = _pairs(tokens)
    codes: list[Code] = []
    pieces: list[Piece] = []
    by_index: dict[int, Code] = {}
    for index, (kind, token) in enumerate(tokens):
        if kind == "text":  # a URL's code keeps the page's notation (``&amp;`` in a query)
            for piece in url_pieces(html.unescape(token), codes):
                if isinstance(piece, Single):
                    piece = Single(replace(piece.code, open=escape_text(piece.code.open)))
                pieces.append(piece)
            continue
        if kind == "close" and index in partner:
            pieces.append(Close(by_index[partner[index]]))
            continue
        name = _TAG_NAME.match(token).group(1).lower() if token.startswith("<") and token[1] != "!" else ""
        ctype = _ctype(name) if name else "x-html-comment"
        number = str(len(codes) + 1)
        if kind == "single":
            code = Code(number, token, None, ctype)
            pieces.append(Single(code))
        elif kind == "open":
            close = tokens[partner[index]][1] if index in partner else ""
            code = by_index[index] = Code(number, token, close, ctype)
            pieces.append(Open(code))
        else:
            code = Code(number, "", token, ctype)
            pieces.append(Close(code))
        codes.append(code)
    return pieces


def _pairs(tokens: list[tuple[str, str]]) -> dict[int, int]:
    """Start tag index ↔ end tag index for each element closed in the right order; an end tag of an
    element opened further out closes it, the elements left open inside it stay halves."""
    partner: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    open_names: Counter[str] = Counter()  # names on the stack: an end tag is looked up once
    for index, (kind, token) in enumerate(tokens):
        if kind not in ("open", "close"):
            continue
        name = _TAG_NAME.match(token).group(1).lower()  # type: ignore[union-attr]
        if kind == "open":
            stack.append((name, index))
            open_names[name] += 1
            continue
        if not open_names[name]:
            continue  # its start tag is in another sentence: half a pair
        while stack[-1][0] != name:
            open_names[stack.pop()[0]] -= 1
        _, start = stack.pop()
        open_names[name] -= 1
        partner[start], partner[index] = index, start
    return partner


def _rebuild(ctype: str) -> tuple[str, str | None] | None:
    """Markup for a code kind without its original (a tool's new code): a bare element."""
    name = _REBUILT.get(ctype) or (ctype[len("x-html-") :] if ctype.startswith("x-html-") else "")
    if not regex.fullmatch(r"[a-z][a-z0-9]*", name) or ctype == "x-html-comment":
        return None
    return (f"<{name}>", None) if name in VOID else (f"<{name}>", f"</{name}>")


def _mask_entity(entity: str) -> str:
    """An entity as its character, repeated to the entity's length: the splitter sees « » … and spaces."""
    char = html.unescape(entity)[:1] or "x"
    return char * len(entity)


def split_view(text: str) -> str:
    """``text`` with the same length, tags as ``(``/``)`` and entities as their characters.

    The sentence splitter reads this view: an opening tag is an opener, a closing tag a closer, so
    ``fine.</em> Poi`` splits after ``</em>`` and ``fine. <em>Poi`` before ``<em>``.
    """

    def mask(match: regex.Match[str]) -> str:
        token = match.group()
        if token.startswith("&"):
            return _mask_entity(token)
        return (")" if token.startswith("</") else "(") * len(token)

    return _TOKEN.sub(mask, text)


def strip_html_inline(text: str) -> tuple[str, tuple[InlineSpan, ...]]:
    """Plain text for MT (entities decoded) and the outermost inline elements as spans.

    A void element (``<img>``, ``<br>``) outside any other is an atom span, kept between the words;
    an element wrapping all of another's text (``<a><strong>…</strong></a>``) is one span with both
    tags; another element inside one is a span inside that one's span (``restore_inline`` puts it
    back inside the English of the outer one); an element cut by a sentence boundary becomes a
    span with an empty close (or open) covering the rest (or start) of the sentence.
    """
    plain: list[str] = []
    length = 0
    spans: list[InlineSpan] = []
    open_stack: list[tuple[str, str, int]] = []  # (name, tag, plain offset); outermost first
    wrapped: InlineSpan | None = None  # an element that may wrap all of the outer one's text
    nested: list[InlineSpan] = []  # elements inside an open one (spans inside its span)
    pos = 0
    for match in _TOKEN.finditer(text):
        chunk = html.unescape(text[pos : match.start()])
        plain.append(chunk)
        length += len(chunk)
        pos = match.end()
        token = match.group()
        if token.startswith("&"):
            char = html.unescape(token)
            plain.append(char)
            length += len(char)
            continue
        if token.startswith("<!--"):
            continue
        name = _TAG_NAME.match(token).group(1).lower()
        if token.startswith("</"):
            if open_stack and open_stack[-1][0] == name:
                _, tag, start = open_stack.pop()
                if len(open_stack) == 1 and start == open_stack[0][2] and wrapped is None:
                    wrapped = InlineSpan(start, length, tag, token)  # <a><strong>…</strong>: one span?
                elif open_stack:  # inside another element: its own span, put back inside that one's
                    nested.append(InlineSpan(start, length, tag, token))
                elif wrapped is not None and wrapped.end == length:  # …</a>: one span with both tags
                    spans.append(InlineSpan(start, length, tag + wrapped.open, wrapped.close + token))
                    wrapped = None
                else:
                    spans.append(InlineSpan(start, length, tag, token))
                if not open_stack:
                    spans += [*nested, *([wrapped] if wrapped else [])]
                    nested, wrapped = [], None
            elif not open_stack:  # opened in the previous sentence
                spans.append(InlineSpan(0, length, "", token))
        elif name in VOID or token.endswith("/>"):
            if not open_stack:  # <img>, <br>: an atom, put back between the English words
                spans.append(InlineSpan(length, length, token, ""))
                if text[match.start() - 1 : match.start()].strip() and text[pos : pos + 1].strip():
                    plain.append(" ")  # "riga<br>riga": MT must still see two words
                    length += 1
        else:
            open_stack.append((name, token, length))
    chunk = html.unescape(text[pos:])
    plain.append(chunk)
    length += len(chunk)
    if open_stack:  # closed in the next sentence
        _, tag, start = open_stack[0]
        spans += [InlineSpan(start, length, tag, ""), *nested, *([wrapped] if wrapped else [])]
    return "".join(plain), tuple(sorted(spans, key=lambda s: s.start))


@dataclass(frozen=True)
class _Open:
    tag: str
    skip: bool  # this element starts a region left alone
    block: str | None  # block kind when it is a block element
    level: int


class _Reader(HTMLParser):
    """Collects block and attribute spans as character offsets into ``source``."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0]
        for index, char in enumerate(source):
            if char == "\n":
                self.line_starts.append(index + 1)
        self.stack: list[_Open] = []
        self.blocks: list[Block] = []
        self.run_start: int | None = None  # offset where the current text run began

    # -- positions ---------------------------------------------------------------------------------
    def here(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def line_of(self, offset: int) -> int:
        return self.source.count("\n", 0, offset) + 1

    # -- state -------------------------------------------------------------------------------------
    def skipping(self) -> bool:
        return any(entry.skip for entry in self.stack)

    def block_kind(self) -> tuple[str, int] | None:
        """The kind of the block element the text is in; a ``div`` between them is transparent."""
        for entry in reversed(self.stack):
            if entry.block:
                return entry.block, entry.level
            if entry.tag not in INLINE and entry.tag != "div":
                return None
        return None

    def end_run(self, at: int) -> None:
        start, self.run_start = self.run_start, None
        found = self.block_kind()
        if start is None or found is None or self.skipping():
            return
        kind, level = found
        text = _OPEN_TAGS_AT_END.sub("", self.source[start:at])  # "testo <a href=…>" + <img>
        if not regex.search(r"\p{L}", html.unescape(_TOKEN.sub(" ", text))):
            return  # markup, numbers or punctuation only: copied as it is
        lead = len(text) - len(text.lstrip())
        trail = len(text.rstrip())
        self.blocks.append(Block(kind, start + lead, start + trail, self.line_of(start + lead), level))

    def in_text(self, at: int) -> None:
        if self.run_start is None:
            self.run_start = at

    def pop_to(self, tag: str, stop: frozenset[str] = frozenset()) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].tag in stop:
                return
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    # -- events ------------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self.here()
        raw = self.get_starttag_text() or ""
        if tag in INLINE and self.run_start is not None:
            return self.push(tag, attrs)  # part of the run: copied verbatim with the span
        self.end_run(start)
        if tag in INLINE and self.block_kind() is not None:
            self.in_text(start)  # starts a run: its attributes travel inside the run's markup
        else:
            self.close_implied(tag)
            self.attribute_blocks(tag, dict(attrs), start, raw)
        if tag not in VOID and not raw.endswith("/>"):
            self.push(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self.here()
        self.end_run(start)
        self.attribute_blocks(tag, dict(attrs), start, self.get_starttag_text() or "")

    def push(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        skip = (
            tag in SKIP
            or (tag == "header" and not any(e.tag in ("article", "main") for e in self.stack))
            or (values.get("role") or "").lower() in SKIP_ROLES
            or (values.get("translate") or "").lower() == "no"
            or "notranslate" in (values.get("class") or "").split()
        )
        kind = BLOCKS.get(tag)
        level = int(tag[1]) if kind == "heading" else 0
        self.stack.append(_Open(tag, skip, kind, level))

    def close_implied(self, tag: str) -> None:
        if tag in _CLOSES_P:
            self.pop_to("p", frozenset({"td", "th", "li", "blockquote", "div"}))
        if tag == "li":
            self.pop_to("li", frozenset({"ul", "ol"}))
        if tag in ("dt", "dd"):
            self.pop_to("dt", frozenset({"dl"}))
            self.pop_to("dd", frozenset({"dl"}))
        if tag in ("td", "th", "tr"):
            self.pop_to("td", frozenset({"tr", "table"}))
            self.pop_to("th", frozenset({"tr", "table"}))

    def handle_endtag(self, tag: str) -> None:
        start = self.here()
        if tag in INLINE and self.run_start is not None:
            self.pop_to(tag)
            return
        self.end_run(start)
        self.pop_to(tag)

    def handle_data(self, data: str) -> None:
        if data.strip() and not self.skipping():
            self.in_text(self.here())

    def handle_entityref(self, name: str) -> None:
        self.in_text(self.here())

    def handle_charref(self, name: str) -> None:
        self.in_text(self.here())

    def handle_comment(self, data: str) -> None:
        self.end_run(self.here())

    def handle_decl(self, decl: str) -> None:
        self.end_run(self.here())

    def handle_pi(self, data: str) -> None:
        self.end_run(self.here())

    def unknown_decl(self, data: str) -> None:
        self.end_run(self.here())

    # -- attributes --------------------------------------------------------------------------------
    def attribute_blocks(self, tag: str, values: dict[str, str | None], start: int, raw: str) -> None:
        """Translatable attribute values, double-quoted only (others are copied)."""
        if self.skipping() or self.is_marked_no(values):
            return
        wanted = set(ATTRIBUTES)
        if tag == "meta":
            key = (values.get("name") or values.get("property") or "").lower()
            wanted = {"content"} if key in META_NAMES else set()
        for match in _ATTR.finditer(raw, pos=len(tag) + 1):
            name = match.group(1).lower()
            value = match.group(2)
            if name not in wanted or not value or not regex.search(r"\p{L}", html.unescape(value)):
                continue
            lead = len(value) - len(value.lstrip())
            v_start = start + match.start(2) + lead
            v_end = start + match.start(2) + len(value.rstrip())
            self.blocks.append(Block("attribute", v_start, v_end, self.line_of(v_start)))

    @staticmethod
    def is_marked_no(values: dict[str, str | None]) -> bool:
        return (values.get("translate") or "").lower() == "no"


def parse_html(path: Path, text: str) -> Article:
    reader = _Reader(text)
    try:
        reader.feed(text)
        reader.close()
    except AssertionError as exc:  # html.parser's way of saying it cannot go on
        raise InputError(path, f"cannot parse HTML: {exc}") from None
    reader.end_run(len(text))
    blocks = tuple(sorted(reader.blocks, key=lambda b: b.start))
    if not blocks:
        raise InputError(path, "no text to translate")
    view = list(text)
    for block in blocks:  # only the blocks are split; the rest of the view is never read
        view[block.start : block.end] = split_view(text[block.start : block.end])
    return Article(path, slugify(path.stem), "html", text, blocks, split_view="".join(view))


# The language of the root element: the English page must not announce itself as Italian (screen
# readers pick their voice from it, search engines their index). Only the first <html> start tag is
# touched, and only a lang value that is Italian; everything else stays byte-identical.
_ROOT_TAG = regex.compile(r"<html\b[^>]*>", regex.IGNORECASE)
_ITALIAN_LANG = regex.compile(
    r"(\b(?:xml:)?lang\s*=\s*)([\"']?)it(?:[-_][A-Za-z]{2})?\2(?=[\s/>])", regex.IGNORECASE
)


def english_document(text: str) -> str:
    """The assembled English page with its root ``lang`` (and ``xml:lang``) set to ``en``."""
    root = _ROOT_TAG.search(text, 0, 4096)  # the root start tag sits at the top of the page
    if root is None:
        return text
    tag = _ITALIAN_LANG.sub(lambda m: f"{m[1]}{m[2]}en{m[2]}", root[0])
    return text[: root.start()] + tag + text[root.end() :]


FORMAT = DocumentFormat(
    "html",
    (".html", ".htm"),
    decode_html,
    parse_html,
    strip_html_inline,
    escape_text,
    english_document,
    pieces=html_pieces,
    rebuild=_rebuild,
    for_people=for_people,
    for_page=for_page,
    datatype="html",
)
