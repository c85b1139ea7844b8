"""The run record: what the last ``run`` into an output folder used to make its drafts (glossary
path and content hash, model, the options that change a draft), in ``OUTPUT/.translate-news.run.json``.

``check``, ``build`` and ``status`` read it, so the catalogs are judged against the glossary that made
them rather than whatever the project or the working directory names today; a glossary named or found
now that is not the recorded one, or a recorded file since edited or removed, is a warning, never an
error: the record is our own note, and a damaged one costs a warning and the old lookup.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from translate_news import __version__
from translate_news.errors import InputError
from translate_news.fileio import read_or_none, write_atomic
from translate_news.layout import run_record_path

__all__ = [
    "FORMAT",
    "OutputGlossary",
    "RecordedGlossary",
    "RunRecord",
    "file_sha256",
    "glossary_for_output",
    "read_record",
    "write_record",
]

FORMAT = 1  # bump when a key changes meaning; readers refuse a format they do not know
SHOWN_HASH = 12  # hex digits of a SHA-256 shown in warnings: enough to tell two files apart


@dataclass(frozen=True)
class RecordedGlossary:
    """The glossary a run enforced: ``path`` None for ``--no-glossary``; ``sha256`` of the file's
    bytes (any edit shows), ``version`` the content hash keying cached MT and PO provenance."""

    path: str | None
    sha256: str | None
    version: str | None
    origin: str  # why the run took it: "--glossary", "default from Makefile GLOSSARY in …", …


@dataclass(frozen=True)
class RunRecord:
    started: str  # ISO 8601 UTC, "2026-12-07T17:01:05Z"
    glossary: RecordedGlossary
    model: Mapping[str, str | None] = field(default_factory=dict)  # name, version, path, requested
    options: Mapping[str, Any] = field(default_factory=dict)  # the run options that change a draft
    finished: str | None = None  # None: the run was stopped or is still going
    tool: str = __version__

    @property
    def date(self) -> str:
        """How messages name the run: "2026-12-07 17:01:05 UTC", and whether it got to its end (a
        stopped run leaves a folder partly made with these settings, partly with earlier ones)."""
        started = self.started.replace("T", " ").removesuffix("Z") + " UTC"
        return started if self.finished is not None else f"{started} (unfinished)"

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        glossary = data.pop("glossary")
        glossary["from"] = glossary.pop("origin")
        first = {"format": FORMAT, "tool": data.pop("tool"), "started": data.pop("started")}
        return {**first, "finished": data.pop("finished"), "glossary": glossary, **data}


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def file_sha256(path: Path) -> str | None:
    """The SHA-256 of the file's bytes, or None when there is no readable file."""
    try:
        data = read_or_none(path)
    except OSError:
        return None
    return hashlib.sha256(data).hexdigest() if data is not None else None


def write_record(output: Path, record: RunRecord) -> None:
    """Atomically: a reader sees the previous record or this one, never a part."""
    write_atomic(run_record_path(output), json.dumps(record.as_json(), ensure_ascii=False, indent=2) + "\n")


def finished(record: RunRecord) -> RunRecord:
    return replace(record, finished=now_iso())


def read_record(output: Path) -> RunRecord | None:
    """The folder's record, None when there is none; anything else raises one-line InputError."""
    path = run_record_path(output)
    try:
        raw = read_or_none(path)
    except OSError as exc:
        raise InputError(path, f"cannot read the run record: {exc.strerror or exc}") from None
    if raw is None:
        return None
    try:
        return _parse(json.loads(raw.decode("utf-8")))
    except (UnicodeDecodeError, ValueError, TypeError, KeyError, AttributeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(path, f"not a run record translate-news can read ({reason})") from None


def _text(value: object, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {json.dumps(value)[:40]}")
    return value


def _parse(data: object) -> RunRecord:
    if not isinstance(data, dict):
        raise TypeError("expected a JSON object")
    if data.get("format") != FORMAT:
        raise ValueError(f"format {json.dumps(data.get('format'))[:20]}, expected {FORMAT}")
    glossary = data["glossary"]
    if not isinstance(glossary, dict):
        raise TypeError("glossary: expected an object")
    path = _text(glossary.get("path"), optional=True)
    recorded = RecordedGlossary(
        path,
        _text(glossary.get("sha256"), optional=path is None),
        _text(glossary.get("version"), optional=True),
        _text(glossary.get("from", "")) or "",
    )
    model, options = data.get("model", {}), data.get("options", {})
    if not isinstance(model, dict) or not isinstance(options, dict):
        raise TypeError("model and options: expected objects")
    return RunRecord(
        str(_text(data["started"])),
        recorded,
        {str(k): v if isinstance(v, str) or v is None else str(v) for k, v in model.items()},
        options,
        _text(data.get("finished"), optional=True),
        str(data.get("tool", "")),
    )


@dataclass(frozen=True)
class OutputGlossary:
    """The glossary a command reading an output folder goes by, why, and what does not match the run."""

    path: Path | None
    origin: str
    record: RunRecord | None = None
    warnings: tuple[str, ...] = ()
    known: bool = True  # False: no record and nothing given; the folder does not say what made it

    def describe(self) -> str:
        shown = self.path if self.path is not None else "none" if self.known else "unknown"
        return f"glossary: {shown} ({self.origin})"

    def as_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path) if self.path is not None else None,
            "from": self.origin,
            "known": self.known,
            "recorded": self.record.as_json() if self.record is not None else None,
            "warnings": list(self.warnings),
        }


def _short(digest: str | None) -> str:
    return digest[:SHOWN_HASH] if digest else "none"


def _same_file(a: Path | str, b: Path | str) -> bool:
    return Path(a).resolve() == Path(b).resolve()


def _differences(
    record: RunRecord, path: Path | None, what: str, hash_of: Callable[[Path], str | None]
) -> list[str]:
    """``what`` (the glossary given or found) against the recorded one: path, then content."""
    used = record.glossary
    run = f"the run of {record.date}"
    if path is None and used.path is None:
        return []
    if path is None:
        return [f"{run} used glossary {used.path} (sha256 {_short(used.sha256)}); {what}: none"]
    now = hash_of(path)
    if used.path is None:
        return [f"{run} used no glossary ({used.origin}); {what}: {path} (sha256 {_short(now)})"]
    if not _same_file(path, used.path):
        same = " (the same content)" if now == used.sha256 else ""
        return [
            f"{what}: {path} (sha256 {_short(now)}), not the glossary {run} used: {used.path} "
            f"(sha256 {_short(used.sha256)}){same}"
        ]
    if now != used.sha256:
        return [
            f"glossary {path} changed since {run} used it: sha256 {_short(used.sha256)} then, "
            f"{_short(now)} now"
        ]
    return []


def glossary_for_output(
    record: RunRecord,
    given: tuple[Path | None, str] | None,
    found: tuple[Path, str] | None,
    hash_of: Callable[[Path], str | None] = file_sha256,
) -> OutputGlossary:
    """Which glossary a command reading a recorded output folder uses: ``given`` on its command line
    (``--glossary`` path, or None for ``--no-glossary``) wins, else the recorded one. Every mismatch
    with the record is a warning: a given glossary, or ``found`` (the project default above the
    folder), that is not the recorded one; a recorded file edited since (its current content is used)
    or gone (``found`` if it holds the recorded bytes, else none: a guess could check against other
    terms)."""
    if given is not None:
        path, origin = given
        return OutputGlossary(
            path, origin, record, tuple(_differences(record, path, "the glossary given", hash_of))
        )
    used = record.glossary
    origin = f"recorded by the run of {record.date}: {used.origin}"
    warnings = []
    path = Path(used.path) if used.path is not None else None
    if path is not None:
        now = hash_of(path)
        if now is None and found is not None and hash_of(found[0]) == used.sha256:
            # moved or synced elsewhere: the project's glossary holds the very bytes the run used
            warnings.append(
                f"glossary {path}, recorded by the run of {record.date}, is gone: using {found[0]} "
                f"({found[1]}), which holds the same content (sha256 {_short(used.sha256)})"
            )
            return OutputGlossary(found[0], origin, record, tuple(warnings))
        if now is None:
            warnings.append(
                f"glossary {path}, recorded by the run of {record.date} (sha256 {_short(used.sha256)}), "
                "is gone: no glossary is used; restore it or pass --glossary"
            )
            path = None
        elif now != used.sha256:
            warnings.append(
                f"glossary {path} changed since the run of {record.date} used it: sha256 "
                f"{_short(used.sha256)} then, {_short(now)} now; its current content is used"
            )
    if found is not None:
        warnings += [
            f"{line}; pass --glossary {found[0]} to use it"
            for line in _differences(record, found[0], f"the project default ({found[1]})", hash_of)
            if used.path is None or not _same_file(found[0], used.path)
        ]
    return OutputGlossary(path, origin, record, tuple(warnings))
