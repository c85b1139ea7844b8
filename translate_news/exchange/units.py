"""What exchange files carry (``ExchangeUnit``, ``TMUnit``), what a format declares, and the one date rule.

Dates have one spelling (UTC ISO 8601) so they compare as strings; a date in the future is clamped
by one helper, used when a TMX file is read and when the memory stores a unit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import ClassVar, Literal, Protocol, get_args

from translate_news.documents.article import DocumentFormat
from translate_news.documents.registry import TEXT

State = Literal["initial", "translated", "reviewed"]
STATES: tuple[State, ...] = get_args(State)
TMStatus = Literal["reviewed", "draft"]

_TMX_DATE = re.compile(r"\d{8}T\d{6}Z")
# A date up to a day ahead is clock skew or a time zone written wrong, not a date to distrust.
FUTURE_SLACK = timedelta(days=1)
_ISO_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


@dataclass(frozen=True)
class ExchangeUnit:
    """One segment as a reviewer sees it: ``initial`` has no target, ``translated`` is a machine
    draft, ``reviewed`` is human-approved."""

    id: str
    source: str
    target: str = ""
    state: State = "initial"
    notes: tuple[str, ...] = ()
    line: int | None = None
    # Who or what made ``target``: ``mt:<model>`` (or ``mt``) for machine output, ``person`` for a
    # person's text; empty when not known (another tool's file): a ``translated`` target then counts
    # as a machine draft. TMX writers use it so a person's unfinished edit is never labelled machine.
    made_by: str = ""
    # A person's comments on the entry (the PO's ``# …`` lines), written as the translator's notes;
    # ``notes`` are ours (the ``#.`` lines). Readers take every note of a file as ``notes``.
    comments: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.state not in STATES:
            raise ValueError(
                f"unit {self.id!r}: state must be one of {', '.join(STATES)}, not {self.state!r}"
            )


@dataclass(frozen=True)
class TMUnit:
    """A source/target pair; ``date`` is ISO 8601 (UTC, ``YYYY-MM-DDThh:mm:ssZ`` once read).

    ``status`` is "draft" for machine translation nobody approved: such a unit never becomes reviewed,
    and its ``reviewer`` names the MT model (``mt:<model>``).
    """

    source: str
    target: str
    article: str = ""
    reviewer: str = ""
    date: str = ""
    status: TMStatus = "reviewed"


@dataclass(frozen=True)
class ArticleContext:
    """What every per-article writer may need besides the units."""

    article: str  # the slug: one value from run and build alike
    original: str  # the source file name
    document_format: DocumentFormat = TEXT  # the article's input format: its markup becomes inline codes


@dataclass(frozen=True)
class ReadOptions:
    """What a reader may need besides the file: the PO's msgids by unit id (XLIFF 1.2 codes point
    into them), the input format whose markup the text carries (None: the one of the file's ``original``
    name), and the language pair a TMX is read for."""

    skeleton: Mapping[str, str] = field(default_factory=dict)
    document_format: DocumentFormat | None = None
    source_lang: str = "it"
    target_lang: str = "en"


READ_DEFAULTS = ReadOptions()


class ExchangeFormat(Protocol):
    """One per-article exchange file, declared by class attributes: its registry ``name``, its file
    name after the slug (``suffix``), its ``write`` and its ``read`` (a sequence of units; ``options``
    say what the file alone cannot). A new format is one module with such a class plus one line in
    ``translate_news.exchange.FORMATS``; the importers read through that registry too."""

    name: ClassVar[str]
    suffix: ClassVar[str]

    @staticmethod
    def write(units: Sequence[ExchangeUnit], context: ArticleContext) -> str: ...

    @staticmethod
    def read(path: Path, options: ReadOptions = READ_DEFAULTS) -> Sequence[object]: ...


def iso_date(value: str) -> str:
    """Canonical UTC ISO 8601 (``2024-05-03T14:02:00Z``) from ISO 8601 or TMX's ``YYYYMMDDThhmmssZ``.

    One spelling means dates compare as strings, and a TMX round trip gives back the same text.
    Naive times are taken as UTC. Raises ValueError for anything else.
    """
    text = value.strip()
    if _TMX_DATE.fullmatch(text):
        moment = datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    else:
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"not an ISO 8601 or TMX date: {value!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        utc = moment.astimezone(UTC)
    except OverflowError:  # 0001-01-01 00:00+0100 or 9999-12-31 23:59-0100: no such UTC moment
        raise ValueError(f"date out of range: {value!r}") from None
    # strftime's %Y drops a small year's zeros (year 1 as "1"); the canonical form needs all four.
    return f"{utc.year:04d}" + utc.strftime(_ISO_FORMAT[2:])


def tmx_date(value: str) -> str:
    """TMX's ``YYYYMMDDThhmmssZ`` for an ISO 8601 date."""
    return iso_date(value).replace("-", "").replace(":", "")


def now_iso() -> str:
    """The clock as a canonical ISO date."""
    return datetime.now(UTC).strftime(_ISO_FORMAT)


def clamp_future(date: str, now: str) -> str:
    """``date`` (canonical ISO), or ``now`` when ``date`` is more than a day past it: a date in the
    future would win over every later review."""
    moment = datetime.strptime(date, _ISO_FORMAT).replace(tzinfo=UTC)
    limit = datetime.strptime(now, _ISO_FORMAT).replace(tzinfo=UTC)
    return now if moment > limit and moment - limit > FUTURE_SLACK else date
