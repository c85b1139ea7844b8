"""YAML front matter of a Markdown article, read with PyYAML's composer for exact offsets.

``yaml.compose`` keeps each scalar's start and end mark, so a translated value is spliced into the
source and every other byte (keys, comments, quoting style, other values) stays as the author wrote it.
Assembly then writes each English value in its scalar's own style, quoting a plain value only where the
English would not read back as the same string.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import regex
import yaml

from translate_news.documents.article import Block
from translate_news.errors import InputError

__all__ = [
    "FrontMatter",
    "TRANSLATED_KEYS",
    "english_value",
    "escape_segment",
    "parse_front_matter",
    "unwritable_in",
]

_STR_TAG = "tag:yaml.org,2002:str"
_LETTER = regex.compile(r"\p{L}")
_PROPERTIES = regex.compile(r"(?:[&!]\S*\s+)*")
# Plain values the old line parser quoted: kept, so English titles read as before.
_QUOTE_CHARS = ":#\"'"
_QUOTE_FIRST = "-[{&*!|>%@`?,]}"
# What YAML allows in no scalar, escaped or not (PyYAML's reader refuses it): C0 and C1 controls but
# tab and line breaks, DEL, U+FFFE/U+FFFF.
_UNPRINTABLE = regex.compile(r"[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@cache
def translated_keys() -> frozenset[str]:
    text = resources.files("translate_news.data").joinpath("front-matter-keys.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


TRANSLATED_KEYS = translated_keys()


@dataclass(frozen=True)
class FrontMatter:
    """String fields (lower-case keys, scalar values as written), translatable blocks, body offset."""

    fields: dict[str, str]
    blocks: tuple[Block, ...]
    body_start: int


def parse_front_matter(text: str) -> FrontMatter:
    """The front matter between a first line ``---`` and the next ``---`` or ``...`` line."""
    first_end = text.find("\n")
    if text[: first_end if first_end >= 0 else len(text)].strip() != "---":
        return FrontMatter({}, (), 0)
    inner_start = first_end + 1
    closing = regex.search(r"^(?:---|\.\.\.)[ \t]*$", text, regex.MULTILINE, pos=inner_start)
    if first_end < 0 or closing is None:
        raise InputError(None, "front matter opened with '---' is never closed", line=1)
    line_end = text.find("\n", closing.end())
    body_start = len(text) if line_end < 0 else line_end + 1
    try:
        root = yaml.compose(text[inner_start : closing.start()], Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        line = mark.line + 2 if mark is not None else 1
        raise InputError(None, f"front matter is not valid YAML: {problem}", line=line) from None
    if root is None:
        return FrontMatter({}, (), body_start)
    if not isinstance(root, yaml.MappingNode):
        raise InputError(None, "front matter is not a YAML mapping (key: value lines)", line=2)
    fields: dict[str, str] = {}
    blocks: list[Block] = []
    for key_node, value_node in root.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        key = str(key_node.value).lower()
        if isinstance(value_node, yaml.ScalarNode):
            fields[key] = value_node.value
        if key not in TRANSLATED_KEYS:
            continue
        if isinstance(value_node, yaml.ScalarNode):
            blocks += _scalar_block(text, inner_start, value_node, "title" if key == "title" else "paragraph")
        elif isinstance(value_node, yaml.SequenceNode):
            for item in value_node.value:
                if isinstance(item, yaml.ScalarNode):
                    blocks += _scalar_block(text, inner_start, item, "paragraph", value_node.flow_style)
    unique = {block.start: block for block in blocks}  # an alias (*name) repeats its anchor's node
    return FrontMatter(fields, tuple(sorted(unique.values(), key=lambda b: b.start)), body_start)


def _scalar_block(text: str, base: int, node: yaml.ScalarNode, kind: str, flow: bool = False) -> list[Block]:
    """The scalar's text as a block (quotes and block indicators outside it); none for non-strings."""
    if node.tag != _STR_TAG:
        return []  # numbers, dates, booleans: copied
    start, end = base + node.start_mark.index, base + node.end_mark.index
    start = _PROPERTIES.match(text, start).end()  # "&anchor" or "!tag" before the value
    style = node.style or ("flow" if flow else "plain")
    if style in ('"', "'"):
        start, end = start + 1, end - 1
    elif style in ("|", ">"):
        start = text.index("\n", start) + 1  # after the indicator line
    piece = text[start:end]
    if not _LETTER.search(piece):
        return []
    lead = len(piece) - len(piece.lstrip())
    start, end = start + lead, start + len(piece.rstrip())
    line = text.count("\n", 0, start) + 1
    return [Block(kind, start, end, line, style=style)]  # type: ignore[arg-type]


_NO_ESCAPES = {"'": "single-quoted", "|": "literal block", ">": "folded block"}  # YAML scalar styles


def unwritable_in(text: str, style: str) -> str | None:
    """The first character of ``text`` a scalar of ``style`` cannot hold, and where (None when it can):
    YAML allows no control character in any scalar, and only a double-quoted one (a plain one is
    written double-quoted when needed) has escapes for them."""
    if style not in _NO_ESCAPES:
        return None
    found = _UNPRINTABLE.search(" ".join(text.split()))
    return f"U+{ord(found[0]):04X} in a {_NO_ESCAPES[style]} value" if found else None


def _escape_unprintable(text: str) -> str:
    """YAML double-quoted escapes (``\\x07``, ``\\u2028``) for what YAML allows in no scalar."""
    return _UNPRINTABLE.sub(
        lambda m: f"\\x{ord(m[0]):02X}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04X}", text
    )


def escape_segment(text: str, style: str) -> str:
    """One English sentence written inside a scalar of ``style``."""
    text = " ".join(text.split())  # a line break would end a quoted or block scalar's line early
    if style == '"':
        return _escape_unprintable(text.replace("\\", "\\\\").replace('"', '\\"'))
    if style == "'":
        return text.replace("'", "''")
    return text


def english_value(value: str, style: str) -> str:
    """A plain scalar's assembled English, double-quoted when it would not read back as itself."""
    if style not in ("plain", "flow") or _reads_back(value, style == "flow"):
        return value
    return '"' + _escape_unprintable(value.replace("\\", "\\\\").replace('"', '\\"')) + '"'


def _reads_back(value: str, flow: bool) -> bool:
    flat = " ".join(value.split())
    if any(ch in flat for ch in _QUOTE_CHARS) or flat[:1] in _QUOTE_FIRST:
        return False
    document = f"k: [{flat}]" if flow else f"k: {flat}"
    try:
        loaded = yaml.safe_load(document)
    except yaml.YAMLError:
        return False
    return loaded == {"k": [flat] if flow else flat}
