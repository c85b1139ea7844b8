"""One shape for every QA result: glossary lint, enforcement, facts, terminology, segmentation.

A finding is a value: frozen, picklable (it crosses the executor's process boundary inside a
``Translation``), and written into a PO entry as a ``#. qa: …`` note that reads back as the same check.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

import regex

NOTE_PREFIX = "qa: "


class Severity(enum.StrEnum):
    """How much a finding matters, ordered: ``INFO < WARNING < ERROR``. A ``str``, so reports and
    JSON show ``error``/``warning``/``info`` and comparisons with those words hold."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    def __lt__(self, other: object) -> bool:
        return self.rank < Severity(other).rank if isinstance(other, str) else NotImplemented

    def __le__(self, other: object) -> bool:
        return self.rank <= Severity(other).rank if isinstance(other, str) else NotImplemented

    def __gt__(self, other: object) -> bool:
        return self.rank > Severity(other).rank if isinstance(other, str) else NotImplemented

    def __ge__(self, other: object) -> bool:
        return self.rank >= Severity(other).rank if isinstance(other, str) else NotImplemented


_RANKS = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True)
class Where:
    """A place a person opens: a file and line (a PO entry, a glossary row); empty when the finding
    is about a draft not yet written."""

    file: str = ""
    line: int | None = None

    def __str__(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"

    def __bool__(self) -> bool:
        return bool(self.file)


@dataclass(frozen=True)
class Finding:
    """What one check found, where a person looks for it.

    ``check`` names the check (a key of ``qa.checks.CHECKS``, or ``lint`` for the glossary's own
    rows); ``message`` is the one line a reviewer reads (the text of the PO note); ``where`` is
    ``file:line`` (a PO entry, a glossary row) and ``article``/``segment``/``msgid`` say which
    sentence. ``term``/``expected``/``found`` are the details the reports tabulate. ``entry`` is the id
    of the glossary entry the finding is about (an implicit one, a source name, when ``implicit``): two
    checks that find the same entry report it once. Neither is part of the note, so neither compares.
    """

    check: str
    severity: Severity
    message: str
    where: Where = Where()
    article: str = ""
    segment: str = ""
    msgid: str = ""
    term: str = ""
    expected: str = ""
    found: str = ""
    entry: str = field(default="", compare=False)
    implicit: bool = field(default=False, compare=False)

    def note(self) -> str:
        """The ``#.`` comment line of the PO entry: ``qa: <message>``."""
        return NOTE_PREFIX + self.message

    @staticmethod
    def from_note(line: str) -> Finding | None:
        """The finding a ``qa:`` note states (check and severity from its wording), or None for another
        kind of comment line."""
        if not line.startswith(NOTE_PREFIX):
            return None
        message = line[len(NOTE_PREFIX) :]
        for pattern, check, severity in NOTE_CHECKS:
            if pattern.match(message):
                return Finding(check, severity, message)
        return Finding("note", Severity.WARNING, message)


# What each check's note begins with: a note written by an older version (or typed by a person)
# still reads back, as the generic check ``note``.
_FACT_KINDS = ("number", "money", "date", "time", "url", "email", "hashtag")
NOTE_CHECKS: tuple[tuple[regex.Pattern[str], str, Severity], ...] = (
    (regex.compile(r"glossary term not enforced: "), "term", Severity.ERROR),
    (regex.compile(r"repeated word: "), "repeated-word", Severity.WARNING),
    (regex.compile(r"translated in \d+ pieces: "), "pieces", Severity.INFO),
    (regex.compile(r"markup not placed, "), "markup", Severity.ERROR),
    (regex.compile(r"unsafe markup not in the source: "), "unsafe-markup", Severity.ERROR),
    (regex.compile(r"no translation: "), "no-translation", Severity.ERROR),
    (regex.compile(r"segment over \d+ characters "), "long-segment", Severity.WARNING),
    (regex.compile(r"name: "), "name", Severity.WARNING),
    *((regex.compile(rf"{kind}: "), kind, Severity.ERROR) for kind in _FACT_KINDS),
)
