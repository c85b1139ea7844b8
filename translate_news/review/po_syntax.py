"""A strict PO syntax check that refuses what ``msgfmt -c`` refuses, so a broken save is never "repaired".

polib tolerates damage: with an unterminated string it drops the last character of the reviewer's
msgstr, and with a missing ``msgstr`` line it attaches the translator comment to the next entry. We
therefore check every catalog the way GNU gettext 0.21 reads it (its lexer, its grammar, duplicate
definitions, the header entry, Plural-Forms, leading/trailing newlines) before polib sees it. A few
findings go beyond msgfmt (``beyond_msgfmt``): forms msgfmt accepts but polib would silently change
(octal/hex escapes, an entry with an empty or whitespace-only msgid, non-UTF-8 text, ``domain``
directives).
Format-string checks (``#, c-format`` …) are not reproduced: we never write format flags.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from translate_news.errors import InputError
from translate_news.identity import normalize_space

__all__ = ["SyntaxProblem", "check_po_bytes", "check_po_file"]

_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v", "\\": "\\", '"': '"'}
_KEYWORDS = {"domain", "msgid", "msgid_plural", "msgstr", "msgctxt"}
_PREVIOUS_KEYWORDS = {"msgid", "msgid_plural", "msgctxt"}
_WHITESPACE = " \t\r\f\v"
_IDENT_START = re.compile(r"[A-Za-z_$]")
_IDENT_CHAR = re.compile(r"[A-Za-z0-9_$]")
_PLURAL_SAMPLES = range(1001)  # msgfmt evaluates the plural formula for n = 0..1000
_ULONG = 1 << 64
_UTF8_NAMES = {"utf-8", "utf8"}
_STRING_RUN = re.compile(r'[^"\\\n]*')
_COMMENT_RUN = re.compile(r"[^\\\n]*")


@dataclass(frozen=True)
class SyntaxProblem:
    """One reason to refuse the file: the line it concerns and a one-line message."""

    line: int
    message: str
    beyond_msgfmt: bool = False  # msgfmt would accept this; we refuse it because polib would alter it


class _SyntaxStop(Exception):
    def __init__(self, finding: SyntaxProblem) -> None:
        self.finding = finding


@dataclass(frozen=True)
class _Token:
    kind: str  # COMMENT, DOMAIN, MSGID, MSGSTR, PREV_MSGID, STRING, PREV_STRING, NUMBER, [, ], JUNK…
    line: int
    obsolete: bool
    value: str = ""


@dataclass(frozen=True)
class _Message:
    msgctxt: str | None
    msgid: str
    msgid_plural: str | None
    msgstrs: tuple[str, ...]
    obsolete: bool
    fuzzy: bool
    line: int  # the msgid keyword's line, where msgfmt reports problems with the entry


class _Lexer:
    """GNU gettext's PO lexer (po-lex.c): backslash-newline joins lines everywhere, ``#~`` marks the
    rest of the line obsolete, ``#|`` marks it previous, any other ``#`` starts a comment."""

    def __init__(self, text: str, findings: list[SyntaxProblem]) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.findings = findings

    def getc(self) -> str:
        text = self.text
        while True:
            if self.pos >= len(text):
                return ""
            char = text[self.pos]
            self.pos += 1
            if char == "\n":
                self.line += 1
                return char
            if char == "\\" and self.pos < len(text) and text[self.pos] == "\n":
                self.pos += 1
                self.line += 1
                continue
            return char

    def _run(self, pattern: re.Pattern[str]) -> str:
        """A stretch of plain characters at once (no backslash, quote or newline): speed only."""
        match = pattern.match(self.text, self.pos)
        assert match is not None
        self.pos = match.end()
        return match.group()

    def ungetc(self, char: str) -> None:
        if char:
            self.pos -= 1
            if char == "\n":
                self.line -= 1

    def error(self, message: str) -> _SyntaxStop:
        return _SyntaxStop(SyntaxProblem(self.line, message))

    def tokens(self) -> Iterator[_Token]:
        obsolete = previous = False
        while True:
            char = self.getc()
            if char == "":
                return
            if char == "\n":
                obsolete = previous = False
            elif char in _WHITESPACE:
                continue
            elif char == "#":
                line = self.line
                char = self.getc()
                if char == "~":
                    obsolete = True
                    char = self.getc()
                    if char == "|":
                        previous = True
                    else:
                        self.ungetc(char)
                    continue
                if char == "|":
                    previous = True
                    continue
                chars = []
                while char not in ("", "\n"):
                    chars.append(char + self._run(_COMMENT_RUN))
                    char = self.getc()
                yield _Token("COMMENT", line, obsolete, "".join(chars))
                obsolete = previous = False
            elif char == '"':
                line = self.line
                yield _Token("PREV_STRING" if previous else "STRING", line, obsolete, self._string())
            elif _IDENT_START.match(char):
                line = self.line
                chars = [char]
                char = self.getc()
                while char and _IDENT_CHAR.match(char):
                    chars.append(char)
                    char = self.getc()
                self.ungetc(char)
                word = "".join(chars)
                if word not in (_PREVIOUS_KEYWORDS if previous else _KEYWORDS):
                    raise _SyntaxStop(SyntaxProblem(line, f'unknown keyword "{word}"'))
                yield _Token(("PREV_" if previous else "") + word.upper(), line, obsolete)
            elif char.isascii() and char.isdigit():
                line = self.line
                chars = [char]
                char = self.getc()
                while char.isascii() and char.isdigit():
                    chars.append(char)
                    char = self.getc()
                self.ungetc(char)
                yield _Token("NUMBER", line, obsolete, "".join(chars))
            elif char in "[]":
                yield _Token(char, self.line, obsolete)
            else:
                yield _Token("JUNK", self.line, obsolete, char)

    def _string(self) -> str:
        chars: list[str] = []
        while True:
            char = self.getc()
            if char == "":
                raise self.error("end of file inside a string (a closing quote is missing)")
            if char == "\n":
                raise _SyntaxStop(
                    SyntaxProblem(self.line - 1, "end of line inside a string (a closing quote is missing)")
                )
            if char == '"':
                break
            chars.append(self._escape() if char == "\\" else char + self._run(_STRING_RUN))
        value = "".join(chars)
        return value.split("\0", 1)[0]  # msgfmt keeps a string only up to an embedded NUL

    def _escape(self) -> str:
        line = self.line
        char = self.getc()
        if char in _SIMPLE_ESCAPES and char:
            return _SIMPLE_ESCAPES[char]
        if char == "a":
            self._beyond(line, "\\a")
            return "\a"
        if char and char in "01234567":
            digits = char
            while len(digits) < 3:
                char = self.getc()
                if not (char and char in "01234567"):
                    self.ungetc(char)
                    break
                digits += char
            self._beyond(line, "\\" + digits)
            return chr(int(digits, 8) & 0xFF)
        if char == "x":
            char = self.getc()
            if char and char in "0123456789abcdefABCDEF":
                digits = char
                while True:
                    char = self.getc()
                    if not (char and char in "0123456789abcdefABCDEF"):
                        self.ungetc(char)
                        break
                    digits += char
                self._beyond(line, "\\x" + digits)
                return chr(int(digits, 16) & 0xFF)
        self.ungetc(char)
        shown = "\\" + char if char and char != "\n" else "\\"
        raise _SyntaxStop(SyntaxProblem(line, f"invalid escape sequence {shown!r} in a string"))

    def _beyond(self, line: int, escape: str) -> None:
        self.findings.append(
            SyntaxProblem(
                line, f"escape {escape} would not survive our PO reader; type the character itself", True
            )
        )


class _Parser:
    """GNU gettext's PO grammar (po-gram-gen.y), stopping at the first syntax error."""

    def __init__(self, tokens: Iterator[_Token], last_line: int) -> None:
        self.tokens = tokens
        self.last_line = last_line
        self.current: _Token | None = None
        self.messages: list[_Message] = []
        self.comments: list[str] = []
        self.findings: list[SyntaxProblem] = []
        self.domain_lines: list[int] = []

    def advance(self) -> _Token:
        token = self.current
        assert token is not None
        self.current = next(self.tokens, None)
        return token

    def at(self, *kinds: str) -> bool:
        return self.current is not None and self.current.kind in kinds

    def syntax_error(self, expected: str) -> _SyntaxStop:
        token = self.current
        if token is None:
            message = f"file ends in the middle of an entry (expected {expected})"
            return _SyntaxStop(SyntaxProblem(self.last_line, message))
        found = {"STRING": "a string", "PREV_STRING": "a string", "JUNK": repr(token.value)}.get(
            token.kind, token.kind.lower().replace("prev_", "#| ")
        )
        if token.kind == "COMMENT":
            found = "a comment line"
        return _SyntaxStop(SyntaxProblem(token.line, f"syntax error: expected {expected}, found {found}"))

    def parse(self) -> None:
        self.current = next(self.tokens, None)
        while self.current is not None:
            token = self.current
            if token.kind == "COMMENT":
                self.comments.append(self.advance().value)
            elif token.kind == "DOMAIN":
                self.advance()
                self.strings("STRING", "a string after domain")
                self.domain_lines.append(token.line)
                self.comments = []
            elif token.kind in ("MSGCTXT", "MSGID", "PREV_MSGCTXT", "PREV_MSGID"):
                self.message()
            else:
                raise self.syntax_error("a keyword or a comment")

    def strings(self, kind: str, expected: str) -> tuple[str, list[_Token]]:
        if not self.at(kind):
            raise self.syntax_error(expected)
        parts = []
        while self.at(kind):
            parts.append(self.advance())
        return "".join(t.value for t in parts), parts

    def message(self) -> None:
        used: list[_Token] = []
        if self.at("PREV_MSGCTXT", "PREV_MSGID"):
            if self.at("PREV_MSGCTXT"):
                used.append(self.advance())
                used += self.strings("PREV_STRING", "a string after #| msgctxt")[1]
                if not self.at("PREV_MSGID"):
                    raise self.syntax_error("#| msgid")
            used.append(self.advance())
            used += self.strings("PREV_STRING", "a string after #| msgid")[1]
            if self.at("PREV_MSGID_PLURAL"):
                used.append(self.advance())
                used += self.strings("PREV_STRING", "a string after #| msgid_plural")[1]
            if not self.at("MSGCTXT", "MSGID"):
                raise self.syntax_error("msgid after the #| lines")
        msgctxt = None
        if self.at("MSGCTXT"):
            used.append(self.advance())
            msgctxt, parts = self.strings("STRING", "a string after msgctxt")
            used += parts
            if not self.at("MSGID"):
                raise self.syntax_error("msgid after msgctxt")
        intro = self.advance()
        used.append(intro)
        msgid, parts = self.strings("STRING", "a string after msgid")
        used += parts
        msgid_plural = None
        msgstrs: list[str] = []
        if self.at("MSGID_PLURAL"):
            used.append(self.advance())
            msgid_plural, parts = self.strings("STRING", "a string after msgid_plural")
            used += parts
            if not self.at("MSGSTR"):
                raise _SyntaxStop(
                    SyntaxProblem(intro.line, "msgid_plural without msgstr[0] (the msgstr lines are missing)")
                )
            msgstrs = self.plural_forms(used)
        elif self.at("MSGSTR"):
            keyword = self.advance()
            used.append(keyword)
            if self.at("["):
                raise _SyntaxStop(SyntaxProblem(intro.line, "msgstr[N] without msgid_plural"))
            msgstr, parts = self.strings("STRING", "a string after msgstr")
            used += parts
            msgstrs = [msgstr]
        else:
            raise _SyntaxStop(SyntaxProblem(intro.line, "msgid without msgstr (the msgstr line is missing)"))
        obsolete = used[0].obsolete
        for token in used:
            if token.obsolete != obsolete:
                raise _SyntaxStop(SyntaxProblem(token.line, "inconsistent use of #~ within one entry"))
        fuzzy = any(_is_fuzzy_flag(comment) for comment in self.comments)
        self.comments = []
        self.messages.append(
            _Message(msgctxt, msgid, msgid_plural, tuple(msgstrs), obsolete, fuzzy, intro.line)
        )

    def plural_forms(self, used: list[_Token]) -> list[str]:
        forms: list[str] = []
        while self.at("MSGSTR"):
            keyword = self.advance()
            used.append(keyword)
            for kind, expected in (("[", "[ after msgstr"), ("NUMBER", "a number"), ("]", "]")):
                if not self.at(kind):
                    raise self.syntax_error(expected)
                token = self.advance()
                used.append(token)
                if kind == "NUMBER" and int(token.value) != len(forms):
                    wrong = (
                        "first plural form has a nonzero index"
                        if not forms
                        else "plural form has wrong index"
                    )
                    self.findings.append(SyntaxProblem(keyword.line, wrong))
            text, parts = self.strings("STRING", "a string after msgstr[N]")
            used += parts
            forms.append(text)
        return forms


def _is_fuzzy_flag(comment: str) -> bool:
    """``#, fuzzy, c-format``: msgfmt splits a ``#,`` (or old ``#!``) line on commas and whitespace."""
    return comment[:1] in (",", "!") and "fuzzy" in re.split(r"[\s,]+", comment[1:])


def _header_charset(header: str) -> str | None:
    match = re.search(r"charset=([^\s;]+)", header)
    return match.group(1) if match else None


class _PluralFormula:
    """gettext's C subset for ``plural=`` (plural.y): ?: || && == != < > <= >= + - * / % ! n numbers ( )."""

    _TOKEN = re.compile(r"[ \t]*(\d+|==|!=|<=|>=|&&|\|\||[<>*/%+\-!n?:()]|[;\n]|$|.)", re.S)
    _BINARY = {"||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, ">": 4, "<=": 4, ">=": 4, "+": 5, "-": 5}
    _BINARY.update({"*": 6, "/": 6, "%": 6})

    def __init__(self, text: str) -> None:
        self.items: list[str] = []
        pos = 0
        while True:
            match = self._TOKEN.match(text, pos)
            assert match is not None
            item = match.group(1)
            if item in ("", ";", "\n"):
                break
            self.items.append(item)
            pos = match.end()
        self.index = 0
        self.tree = self._conditional()
        if self.index != len(self.items):
            raise ValueError("trailing text")

    def _peek(self) -> str | None:
        return self.items[self.index] if self.index < len(self.items) else None

    def _take(self) -> str:
        item = self._peek()
        if item is None:
            raise ValueError("unexpected end")
        self.index += 1
        return item

    def _conditional(self) -> tuple:
        condition = self._binary(1)
        if self._peek() == "?":
            self._take()
            then = self._conditional()
            if self._take() != ":":
                raise ValueError("expected :")
            return ("?", condition, then, self._conditional())
        return condition

    def _binary(self, level: int) -> tuple:
        left = self._unary()
        while (op := self._peek()) in self._BINARY and self._BINARY[op] >= level:
            self._take()
            right = self._binary(self._BINARY[op] + 1)
            left = (op, left, right)
        return left

    def _unary(self) -> tuple:
        item = self._take()
        if item == "!":
            return ("!", self._unary())
        if item == "n":
            return ("n",)
        if item.isdigit():
            return ("num", int(item) % _ULONG)
        if item == "(":
            inner = self._conditional()
            if self._take() != ")":
                raise ValueError("expected )")
            return inner
        raise ValueError(f"unexpected {item!r}")

    def value(self, n: int, node: tuple | None = None) -> int:
        """Evaluate as C ``unsigned long``; ZeroDivisionError stands for msgfmt's SIGFPE."""
        node = node or self.tree
        op = node[0]
        if op == "n":
            return n
        if op == "num":
            return node[1]
        if op == "!":
            return int(self.value(n, node[1]) == 0)
        if op == "?":
            return self.value(n, node[2] if self.value(n, node[1]) else node[3])
        left = self.value(n, node[1])
        if op == "&&":
            return int(bool(left) and bool(self.value(n, node[2])))
        if op == "||":
            return int(bool(left) or bool(self.value(n, node[2])))
        right = self.value(n, node[2])
        if op in "/%" and right == 0:
            raise ZeroDivisionError(op)
        arithmetic = {
            "+": lambda: (left + right) % _ULONG,
            "-": lambda: (left - right) % _ULONG,
            "*": lambda: (left * right) % _ULONG,
            "/": lambda: left // right,
            "%": lambda: left % right,
            "==": lambda: int(left == right),
            "!=": lambda: int(left != right),
            "<": lambda: int(left < right),
            ">": lambda: int(left > right),
            "<=": lambda: int(left <= right),
            ">=": lambda: int(left >= right),
        }
        return arithmetic[op]()


def _plural_findings(header: _Message | None, messages: list[_Message]) -> list[SyntaxProblem]:
    """msgl-check.c ``check_plural``: Plural-Forms must parse, fit its nplurals, and match the entries."""
    plural_entries = [m for m in messages if m.msgid_plural is not None]
    if header is None:
        if plural_entries:
            return [SyntaxProblem(plural_entries[0].line, "plural entries but no header with Plural-Forms")]
        return []
    text = header.msgstrs[0]
    plural_at, nplurals_at = text.find("plural="), text.find("nplurals=")
    findings = []
    if plural_entries and (plural_at < 0 or nplurals_at < 0):
        missing = "plural=EXPRESSION" if plural_at < 0 else "nplurals=INTEGER"
        findings.append(
            SyntaxProblem(header.line, f'plural entries but the header lacks "{missing}" in Plural-Forms')
        )
    if plural_at < 0 or nplurals_at < 0:
        return findings
    match = re.match(r"[ \t\n\r\f\v]*(\d+)", text[nplurals_at + 9 :])
    if match is None:
        findings.append(SyntaxProblem(header.line, "invalid nplurals value in Plural-Forms"))
    try:
        formula = _PluralFormula(text[plural_at + 7 :])
    except ValueError:
        findings.append(SyntaxProblem(header.line, "invalid plural expression in Plural-Forms"))
        return findings
    if match is None:
        return findings
    nplurals = int(match.group(1))
    for n in _PLURAL_SAMPLES:
        try:
            value = formula.value(n)
        except ZeroDivisionError:
            return [SyntaxProblem(header.line, "plural expression can divide by zero")]
        if value >= 1 << 63:
            return [SyntaxProblem(header.line, "plural expression can produce negative values")]
        if value >= nplurals:
            return [
                SyntaxProblem(header.line, f"nplurals = {nplurals} but plural expression can produce {value}")
            ]
    counts = [len(m.msgstrs) for m in plural_entries]
    if counts and min(counts) < nplurals:
        entry = plural_entries[counts.index(min(counts))]
        findings.append(
            SyntaxProblem(entry.line, f"nplurals = {nplurals} but this entry has {min(counts)} plural forms")
        )
    elif counts and max(counts) > nplurals:
        entry = plural_entries[counts.index(max(counts))]
        findings.append(
            SyntaxProblem(entry.line, f"nplurals = {nplurals} but this entry has {max(counts)} plural forms")
        )
    return findings


def _newline_findings(message: _Message) -> list[SyntaxProblem]:
    """msgfmt: msgid, msgid_plural and every msgstr must all begin, and all end, with a newline or not."""
    if not message.msgid:
        return []
    others = ([message.msgid_plural] if message.msgid_plural is not None else []) + list(message.msgstrs)
    findings = []
    starts = message.msgid.startswith("\n")
    if any(other.startswith("\n") != starts for other in others):
        findings.append(
            SyntaxProblem(message.line, "msgid and msgstr do not both begin with a newline (\\n)")
        )
    ends = message.msgid.endswith("\n")
    if any(other.endswith("\n") != ends for other in others):
        findings.append(SyntaxProblem(message.line, "msgid and msgstr do not both end with a newline (\\n)"))
    return findings


def _semantic_findings(messages: list[_Message], has_non_ascii: bool) -> list[SyntaxProblem]:
    """What msgfmt checks once the file parses: duplicates (obsolete entries included, as msgfmt
    keeps them for this check), the header entry, plural forms and newlines of translated entries."""
    findings: list[SyntaxProblem] = []
    first_seen: dict[tuple[str | None, str], int] = {}
    kept: list[_Message] = []
    for message in messages:
        key = (message.msgctxt, message.msgid)
        if key in first_seen:
            findings.append(
                SyntaxProblem(
                    message.line, f"duplicate message definition (first defined at line {first_seen[key]})"
                )
            )
            continue
        first_seen[key] = message.line
        is_header = message.msgctxt is None and message.msgid == ""
        if message.msgid == "" and not is_header:
            findings.append(
                SyntaxProblem(
                    message.line, "an entry with an empty msgid (our PO reader would drop it)", True
                )
            )
        elif not is_header and not normalize_space(message.msgid):
            # No sentence has such a source: it cannot be matched to the article nor kept in the memory.
            findings.append(
                SyntaxProblem(
                    message.line, "an entry whose msgid is only whitespace: no sentence to translate", True
                )
            )
        translated = message.msgstrs[0] != ""
        if not message.obsolete and translated and (is_header or not message.fuzzy):
            kept.append(message)
    header = next((m for m in kept if m.msgctxt is None and m.msgid == ""), None)
    if header is None:
        findings.append(SyntaxProblem(1, 'header entry (msgid "") missing or empty'))
    else:
        charset = _header_charset(header.msgstrs[0])
        if has_non_ascii and charset is not None and charset.lower() not in _UTF8_NAMES | {"charset"}:
            refusal = f"header declares charset={charset}; translate-news reads and writes PO files as UTF-8"
            findings.append(SyntaxProblem(header.line, refusal, True))
    findings += _plural_findings(header, kept)
    for message in kept:
        findings += _newline_findings(message)
    return findings


def check_po_bytes(data: bytes) -> tuple[SyntaxProblem, ...]:
    """Every reason to refuse a PO file, in file order; empty when GNU gettext (and polib) read it intact."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return (SyntaxProblem(line, f"invalid UTF-8 at byte {exc.start}"),)
    if text.startswith("\ufeff"):
        return (
            SyntaxProblem(
                1, "file starts with a byte-order mark (BOM), which msgfmt rejects; save as UTF-8 without BOM"
            ),
        )
    findings: list[SyntaxProblem] = []
    parser = _Parser(_Lexer(text, findings).tokens(), text.count("\n") + (not text.endswith("\n")))
    try:
        parser.parse()
    except _SyntaxStop as stop:
        return tuple(sorted([*findings, *parser.findings, stop.finding], key=lambda f: f.line))
    findings += parser.findings
    findings += [
        SyntaxProblem(line, "domain directives are not supported in article catalogs")
        for line in parser.domain_lines
    ]
    findings += _semantic_findings(parser.messages, not text.isascii())
    return tuple(sorted(findings, key=lambda f: f.line))


def check_po_file(path: Path, data: bytes | None = None) -> None:
    """Refuse a PO file gettext would reject, naming file and line; the file itself is never touched.
    ``data``: the bytes already read from ``path``, so what is checked is what was fingerprinted."""
    try:
        data = path.read_bytes() if data is None else data
    except OSError as exc:
        raise InputError(path, f"cannot read PO file: {exc.strerror or exc}") from None
    findings = check_po_bytes(data)
    if findings:
        first = findings[0]
        raise InputError(path, f"malformed PO file, left untouched: {first.message}", first.line)
