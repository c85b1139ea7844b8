"""The publishing-safety rule: what a translation may add to the English page beyond its source's markup.

The English page is what the CMS publishes, and a person's text (a reviewer's msgstr, an XLIFF target)
is spliced into it as it is written. So every translation is held against its Italian source sentence:
it may carry any markup the source has, and add only plain inline formatting (the allowlist in
``data/publish-markup.tsv``: ``<em>``, ``<a href="https://…">``…). Anything else it adds (another
element such as ``<img>``, ``<script>``, ``<iframe>``, ``<meta>``; another attribute such as ``onerror``
or ``srcdoc``; a ``javascript:``/``data:`` URL, however spelt; a comment, CDATA, a declaration; a tag or
comment left open, which would swallow the page's own markup after it) is *unsafe*: ``check`` reports
it as an error and the English page gets the Italian sentence instead (``pipeline/write.py``).

An allowlist rather than a list of bad things: an attack shape nobody listed is still refused.
HTML is read with Python's ``html.parser`` (positions, the parser the HTML input format uses);
Markdown's raw HTML the same way (a CMS renders a Markdown page to HTML and passes raw HTML through),
its links and images with markdown-it-py, accepting every URL so that the scheme is judged here.
Plain text is read as Markdown: CMSes paste it into HTML pages too.
"""

from __future__ import annotations

import functools
import urllib.parse
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib import resources

import regex
from markdown_it import MarkdownIt

__all__ = ["LONGEST_HTML", "Allowed", "Unsafe", "allowed_markup", "markup_items", "unsafe_additions"]

# "<" that opens markup in a browser's tokenizer: a tag, an end tag, a comment or declaration, a PI.
_OPENER = regex.compile(r"<[A-Za-z/!?]")
# A quote, then an attribute that runs code: text written to end a quoted attribute value and add one.
_BREAKOUT = regex.compile(r"""["'`]\s*/?\s*on[a-z]+\s*=""", regex.IGNORECASE)
# What any markup needs: a tag's "<", a Markdown link's "](" or "]:", an attribute's "=".
_MARKUP_LIKE = regex.compile(r"<|\]\(|\]:|=")
# A Markdown link reference definition's destination: "[x]: <url>" (a block of its own in the page).
_DEFINITION = regex.compile(r"\]:[ \t]*<?([^\s>]+)")
_SCHEME = regex.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_EXCERPT = 60
LONGEST_HTML = 2_000  # characters of one HTML sentence the rule reads (news sentences are far shorter)


@dataclass(frozen=True)
class Allowed:
    """What a translation may add (``data/publish-markup.tsv``)."""

    elements: frozenset[str]
    attributes: frozenset[str]
    urls: frozenset[str]
    schemes: frozenset[str]


@functools.cache
def allowed_markup() -> Allowed:
    text = resources.files("translate_news.data").joinpath("publish-markup.tsv").read_text("utf-8")
    kinds: dict[str, set[str]] = {"element": set(), "attribute": set(), "url": set(), "scheme": set()}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            kind, value = line.split("\t")
            kinds[kind].add(value.strip().lower())
    return Allowed(*(frozenset(kinds[k]) for k in ("element", "attribute", "url", "scheme")))


@dataclass(frozen=True)
class Unsafe:
    """One piece of markup outside the allowlist: ``key`` identifies it (the same piece in the source
    makes it the source's), ``shown`` is what a reviewer reads, ``why`` says what is not allowed, and
    ``offset`` is where it starts in the sentence."""

    key: tuple[str, ...]
    shown: str
    why: str
    offset: int

    @property
    def message(self) -> str:
        return f"unsafe markup not in the source: {self.shown} ({self.why}, character {self.offset + 1})"


def _url_scheme(value: str) -> str:
    """The scheme a browser would see: entities are already decoded; percent escapes, whitespace and
    control characters anywhere are dropped (``jav&#x09;ascript:`` is ``javascript:``), case folded."""
    plain = urllib.parse.unquote(value)
    plain = "".join(c for c in plain if c > " " and c != "\x7f")
    match = _SCHEME.match(plain)
    return match.group(1).lower() if match else ""


def _excerpt(text: str) -> str:
    text = " ".join(text[: _EXCERPT * 2].split())  # a bounded slice: each piece costs the same
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"


def _piece(kind: str, text: str, at: int, why: str) -> Unsafe:
    """Markup that starts at ``at`` and has no end of its own, known by what follows it."""
    return Unsafe((kind, text[at : at + _EXCERPT]), _excerpt(text[at : at + _EXCERPT * 2]), why, at)


def _tag_problems(tag: str, attrs: list[tuple[str, str | None]], allowed: Allowed) -> list[str]:
    """Why this start tag may not be added: its element, attributes or URLs outside the allowlist."""
    why = [] if tag in allowed.elements else [f"element <{tag}>"]
    for name, value in attrs:
        if name not in allowed.attributes or tag not in allowed.elements:
            why.append(f"attribute {name}")
        elif name in allowed.urls and (scheme := _url_scheme(value or "")) and scheme not in allowed.schemes:
            why.append(f"{scheme}: URL in {name}")
    return why


class _Scanner(HTMLParser):
    """Every piece of markup outside the allowlist in one fragment, with its offset."""

    def __init__(self, text: str, allowed: Allowed) -> None:
        super().__init__(convert_charrefs=False)  # data stays raw: "&lt;" is never taken for "<"
        self.text = text
        self.allowed = allowed
        self.found: list[Unsafe] = []
        self.line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def here(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def add(self, key: tuple[str, ...], why: str, offset: int | None = None) -> None:
        at = self.here() if offset is None else offset
        raw = self.get_starttag_text() if key[0] == "start" else None
        shown = _excerpt(raw or self.text[at : at + _EXCERPT])
        self.found.append(Unsafe(key, shown, why, at))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        why = _tag_problems(tag, attrs, self.allowed)
        if why:
            attributes = tuple(f"{n}={v}" for n, v in sorted(attrs, key=lambda a: a[0]))
            self.add(("start", tag, *attributes), "; ".join(why))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.allowed.elements:
            self.add(("end", tag), f"element </{tag}>")

    def handle_comment(self, data: str) -> None:
        self.add(("comment", data), "a comment")

    def handle_decl(self, decl: str) -> None:
        self.add(("declaration", decl), "a declaration")

    def unknown_decl(self, data: str) -> None:
        kind = "CDATA" if data.upper().startswith("CDATA[") else "a declaration"
        self.add(("declaration", data), kind)

    def handle_pi(self, data: str) -> None:
        self.add(("pi", data), "a processing instruction")

    def handle_data(self, data: str) -> None:
        """A "<" left as text where a browser starts markup: a tag or comment left open, which in the
        page would run on into the markup after the sentence."""
        start = self.here()
        for found in _left_open(self.text, start, start + len(data)):
            self.found.append(found)


def _left_open(text: str, start: int, end: int) -> list[Unsafe]:
    """In ``text[start:end]``, which a parser left as text: a "<" where a browser starts markup (a tag
    or comment left open runs on into the page's own markup after the sentence), and an attribute
    written to break out of a quoted value (``" onmouseover="…``)."""
    found = []
    for at in range(start, end):
        if text[at] == "<" and _OPENER.match(text, at):
            found.append(_piece("unclosed", text, at, "left open"))
    for match in _BREAKOUT.finditer(text, start, end):
        shown = _excerpt(match.group())
        found.append(Unsafe(("breakout", match.group()), shown, "an attribute after a quote", match.start()))
    return found


def _scan_html(text: str, allowed: Allowed) -> list[Unsafe]:
    scanner = _Scanner(text, allowed)
    try:
        scanner.feed(text)
        scanner.close()
    except AssertionError:  # html.parser's way of saying it cannot go on ("<![<"): unsafe by rule
        at = scanner.here()
        scanner.found.append(_piece("unreadable", text, at, "unreadable markup"))
    return scanner.found


@functools.cache
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark")
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # every URL reaches our check
    md.disable("text_join")  # "&lt;" and "\\<" stay apart from text: never taken for markup
    return md


def _scan_markdown(text: str, allowed: Allowed) -> list[Unsafe]:
    """Markdown as markdown-it-py reads it: raw HTML is scanned as HTML, links and images are tags, and
    a "<" that opens markup or a "](" left as text is markup left open (it would join the page's next
    text). Code spans, entities and escapes are text: a CMS shows them, never runs them."""
    found: list[Unsafe] = []
    cursor = 0
    for token in (child for block in _markdown().parseInline(text) for child in block.children or ()):
        at = text.find(token.content, cursor) if token.content else -1
        if at >= 0:
            cursor = at + len(token.content)
        if token.type == "html_inline":
            found += [
                Unsafe(u.key, u.shown, u.why, max(at, 0) + u.offset)
                for u in _scan_html(token.content, allowed)
            ]
        elif token.type == "text":
            base = max(at, 0)
            found += [
                Unsafe(u.key, u.shown, u.why, base + u.offset)
                for u in _left_open(token.content, 0, len(token.content))
            ]
            if "](" in token.content:  # a link left open: the page's next text could close it
                offset = base + token.content.index("](")
                found.append(_piece("unclosed", text, offset, "left open"))
            for match in _DEFINITION.finditer(token.content):  # "[x]: javascript:…" starting a line
                scheme = _url_scheme(match.group(1))
                if scheme and scheme not in allowed.schemes:
                    offset = base + match.start()
                    why = f"{scheme}: URL in a link definition"
                    found.append(Unsafe(("definition", match.group(1)), _excerpt(match.group()), why, offset))
        elif token.type in ("link_open", "image"):
            tag, name = ("a", "href") if token.type == "link_open" else ("img", "src")
            url = str(token.attrs.get(name, ""))
            attrs = [(name, url)] + ([("title", str(token.attrs["title"]))] if "title" in token.attrs else [])
            why = _tag_problems(tag, attrs, allowed)
            if why:
                where = max(text.find(url), 0) if url else max(at, 0)
                found.append(
                    Unsafe(("start", tag, f"{name}={url}"), _excerpt(url or tag), "; ".join(why), where)
                )
    return found


def markup_items(text: str, fmt: str) -> list[Unsafe]:
    """Every piece of markup in ``text`` (a sentence in its format's notation) outside the allowlist.

    An HTML sentence longer than ``LONGEST_HTML`` is not parsed: html.parser (as in the Python 3.11
    this runs on) rescans to the end of the text for each tag or comment left open, so its time grows
    with the square of the length; such a sentence is one unsafe piece, and the page keeps the Italian.
    """
    allowed = allowed_markup()
    if fmt != "html":
        return _scan_markdown(text, allowed)
    if "<" not in text:  # no tag, comment or declaration: only an attribute breakout to look for
        return _left_open(text, 0, len(text))
    if len(text) > LONGEST_HTML:
        return [_piece("too long", text, 0, f"over {LONGEST_HTML:,} characters of HTML: not read")]
    return _scan_html(text, allowed)


def unsafe_additions(source: str, target: str, fmt: str) -> list[Unsafe]:
    """What ``target`` adds to ``source`` that is not allowed on the published page, in order.

    A piece the source has (the same element with the same attributes, the same comment) is the
    source's and stays allowed as often as the source has it."""
    if not _MARKUP_LIKE.search(target):  # the common case: nothing that could be markup
        return []
    have = Counter(item.key for item in markup_items(source, fmt))
    added = []
    for item in markup_items(target, fmt):
        if have[item.key] > 0:
            have[item.key] -= 1
        else:
            added.append(item)
    return added
