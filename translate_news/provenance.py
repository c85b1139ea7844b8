"""What the ``#.`` lines of a PO entry say, as values with ``format()`` and ``parse()``.

The merge decides with them whether an entry is still our untouched machine draft (refreshable) or a
person's work (kept), and which human translations move on to a changed sentence, so they are parsed
the one way they are written, never tested by string prefix:

- ``origin: mt <model> glossary <version> #<hash of the draft>`` or ``origin: tm reviewed …``
  (:class:`Provenance`);
- ``previous translation: (reviewed) …``, a person's translation of a sentence that changed
  (:class:`Carried`);
- ``glossary: …``, ``localized: …``, ``qa: …`` (a ``qa.Finding``) and ``note: …`` (:func:`note_kind`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

import regex

Origin = Literal["mt", "tm"]
HumanState = Literal["reviewed", "in progress"]
NoteKind = Literal["origin", "glossary", "localized", "qa", "previous", "note"]

ORIGIN_PREFIX = "origin: "
PREVIOUS_PREFIX = "previous translation: "
NOTE_KINDS: dict[str, NoteKind] = {
    ORIGIN_PREFIX: "origin",
    "glossary: ": "glossary",
    "localized: ": "localized",
    "qa: ": "qa",
    PREVIOUS_PREFIX: "previous",
    "note: ": "note",
}
_HASH = regex.compile(r"(.*) #([0-9a-f]{8})", regex.DOTALL)
_STATES: tuple[HumanState, ...] = ("reviewed", "in progress")
# Everything ``str.splitlines`` breaks a comment at, and the backslash: \n, \r, else \uXXXX.
_BREAKS = regex.compile(r"[\\\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_ESCAPED = regex.compile(r"\\(u[0-9a-f]{4}|.)", regex.DOTALL)
_SHORT = {"\\": "\\\\", "\n": "\\n", "\r": "\\r"}


def _escape(text: str) -> str:
    return _BREAKS.sub(lambda m: _SHORT.get(m[0]) or f"\\u{ord(m[0]):04x}", text)


def _unescape(text: str) -> str:
    def one(m: regex.Match[str]) -> str:
        code = m[1]
        return {"n": "\n", "r": "\r"}.get(code) or (chr(int(code[1:], 16)) if len(code) == 5 else code)

    return _ESCAPED.sub(one, text)


def note_kind(line: str) -> NoteKind | None:
    """Which of our comment kinds ``line`` is (None: a line we did not write)."""
    return next((kind for prefix, kind in NOTE_KINDS.items() if line.startswith(prefix)), None)


def draft_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True)
class Provenance:
    """Where a draft came from. ``detail`` is the model and glossary (``mt``) or who reviewed it where
    (``tm``); ``draft_hash`` (``mt`` only) is the hash of the draft as written, so an edit shows."""

    origin: Origin
    detail: str
    draft_hash: str = ""

    def format(self) -> str:
        """The comment line: ``origin: mt <detail> #<hash>`` or ``origin: tm <detail>``."""
        tail = f" #{self.draft_hash}" if self.draft_hash else ""
        return f"{ORIGIN_PREFIX}{self.origin} {self.detail}{tail}"

    @staticmethod
    def parse(line: str) -> Provenance | None:
        """The provenance an ``origin:`` line states, or None for any other line."""
        if note_kind(line) != "origin":
            return None
        origin, _, detail = line[len(ORIGIN_PREFIX) :].partition(" ")
        if origin == "mt" and (match := _HASH.fullmatch(detail)):
            return Provenance("mt", match[1], match[2])
        return Provenance(origin, detail) if origin in ("mt", "tm") else None  # type: ignore[arg-type]

    def is_draft_of(self, msgstr: str) -> bool:
        """Whether ``msgstr`` is exactly the machine draft this provenance was written with."""
        return self.origin == "mt" and bool(self.draft_hash) and self.draft_hash == draft_hash(msgstr)


# The ``Last-Translator`` a catalog we created carries, and gettext's template: neither names a person.
MACHINE_TRANSLATOR = "translate-news (machine translation)"
_NO_NAMES = frozenset({MACHINE_TRANSLATOR, "FULL NAME <EMAIL@ADDRESS>", ""})
PERSON = "person"  # ``made_by`` of a person's text whose name no record gives


def person_name(last_translator: str) -> str:
    """The person a ``Last-Translator`` header names, or '' when it names nobody (our own
    machine-translation placeholder, gettext's template): a person's text is never credited to the
    machine because they did not fill in the header."""
    name = last_translator.strip()
    return "" if name in _NO_NAMES else name


def machine_author(provenance: Provenance | None) -> str:
    """``mt:<model>`` for an ``origin: mt <model> glossary …`` provenance, else ``mt``."""
    if provenance is None or provenance.origin != "mt" or not provenance.detail:
        return "mt"
    return "mt:" + provenance.detail.split(" ", 1)[0]


def mt_provenance(settings: str, target: str) -> Provenance:
    """``mt <model> glossary <version> #<hash of the draft>``: the hash tells an untouched draft."""
    return Provenance("mt", settings, draft_hash(target))


@dataclass(frozen=True)
class Carried:
    """A person's translation of a sentence that changed or split, carried to its successor(s) as a
    ``previous translation:`` line (line breaks escaped, every kind: the comment stays one line)."""

    state: HumanState | None
    text: str

    def format(self) -> str:
        escaped = _escape(self.text)
        state = f"({self.state}) " if self.state else ""
        return f"{PREVIOUS_PREFIX}{state}{escaped}"

    @staticmethod
    def parse(line: str) -> Carried | None:
        """The carried translation, unescaped, or None for any other line."""
        if note_kind(line) != "previous":
            return None
        body = line[len(PREVIOUS_PREFIX) :]
        state = next((s for s in _STATES if body.startswith(f"({s}) ")), None)
        if state is not None:
            body = body[len(state) + 3 :]
        return Carried(state, _unescape(body))
