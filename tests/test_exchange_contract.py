"""The contract every exchange format in ``FORMATS`` keeps: its output validates against the format's
own schema (checked by ``../shared/validators``, not by our code) and reads back to the same units.
A new format added to the registry is tested here without a new test."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from translate_news.exchange import (
    FORMATS,
    TSV_COLUMNS,
    ArticleContext,
    ExchangeUnit,
    TMUnit,
    formats_with_xliff,
)

VALIDATOR = ROOT.parent / "shared" / "validators" / "validate.py"
VALIDATED_SUFFIXES = (".xlf", ".tmx", ".po")

UNITS = (
    ExchangeUnit("a1b2c3d4e5", "Il festival di Venezia apre oggi.", "", "initial", (), 1),
    ExchangeUnit(
        "b2c3d4e5f6",
        'Il 5 & 6 maggio <b> "Draghi" ha detto: «Non è finita» 🎬',
        'On 5 & 6 May <b> "Draghi" said: "It is not over" 🎬',
        "translated",
        ("origin: mt fixture-1.0 glossary 3fa9", "qa: check the quote"),
        3,
    ),
    ExchangeUnit("c3d4e5f6a7", "La regista ha vinto.", "The director won.", "reviewed", (), 5),
    ExchangeUnit("c3d4e5f6a7-2", "La regista ha vinto.", "The director won.", "reviewed", (), 9),
)
MARKDOWN_UNITS = (
    ExchangeUnit(
        "d4e5f6a7b8", "Un film **molto** atteso e *bello*.", "A **much** awaited, *fine* film.", "translated"
    ),
    ExchangeUnit(
        "e5f6a7b8c9", "Il comando `make` e _così_ via.", "The `make` command and _so_ on.", "reviewed"
    ),
)


def _validate(path: Path) -> subprocess.CompletedProcess[str]:
    if not VALIDATOR.is_file():
        pytest.skip(f"independent validator not found at {VALIDATOR}")
    return subprocess.run(
        [sys.executable, str(VALIDATOR), str(path)], capture_output=True, text=True, check=False
    )


def _expected(
    units: tuple[ExchangeUnit, ...], context: ArticleContext, kind: type, statuses: frozenset[str]
) -> list[object]:
    """What a reader of ``kind`` values must give back: every unit, or a TM's distinct pairs of the
    statuses its format holds (a TMX of reviewed pairs, or one of machine drafts)."""
    if kind is ExchangeUnit:
        return [(u.id, u.source, u.target, u.state) for u in units]
    pairs = {}
    for u in units:
        status = "reviewed" if u.state == "reviewed" else "draft"
        if u.target and status in statuses:
            pairs.setdefault((u.source, u.target), (u.source, u.target, context.article, status))
    return list(pairs.values())


def _core(value: object) -> tuple[object, ...]:
    if isinstance(value, ExchangeUnit):
        return (value.id, value.source, value.target, value.state)
    assert isinstance(value, TMUnit), f"a reader returned {type(value).__name__}"
    return (value.source, value.target, value.article, value.status)


@pytest.mark.parametrize("name", list(FORMATS))
def test_format_declares_itself(name: str) -> None:
    fmt = FORMATS[name]
    assert fmt.name == name
    assert fmt.suffix.startswith(".it-en.")
    assert callable(fmt.write) and callable(fmt.read)
    assert sum(other.suffix == fmt.suffix for other in FORMATS.values()) == 1


@pytest.mark.parametrize("markdown", [False, True], ids=["plain", "markdown"])
@pytest.mark.parametrize("name", list(FORMATS))
def test_writer_output_validates_and_reads_back(tmp_path: Path, name: str, markdown: bool) -> None:
    fmt = FORMATS[name]
    units = UNITS + (MARKDOWN_UNITS if markdown else ())
    context = ArticleContext("festival", "festival.it.md" if markdown else "festival.it.txt", markdown)
    path = tmp_path / f"festival{fmt.suffix}"
    path.write_text(fmt.write(units, context), encoding="utf-8")

    if path.suffix in VALIDATED_SUFFIXES:
        result = _validate(path)
        assert result.returncode == 0, result.stdout + result.stderr
    else:  # TSV: RFC 4180 as Python's csv reads it, with the documented header
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t"))
        assert tuple(rows[0]) == TSV_COLUMNS
        assert [row[1] for row in rows[1:]] == [u.source for u in units]

    values = fmt.read(path)
    kind = ExchangeUnit if all(isinstance(value, ExchangeUnit) for value in values) else TMUnit
    statuses = getattr(fmt, "statuses", frozenset({"reviewed", "draft"}))
    assert [_core(value) for value in values] == _expected(units, context, kind, statuses)


def test_writing_is_deterministic() -> None:
    """The same units write the same bytes: re-runs leave unchanged files untouched."""
    context = ArticleContext("festival", "festival.it.txt")
    for fmt in FORMATS.values():
        assert fmt.write(UNITS, context) == fmt.write(UNITS, context)


def test_xliff_choice_only_filters_xliff_formats() -> None:
    assert set(formats_with_xliff("both")) == set(FORMATS)
    assert "xliff12" not in formats_with_xliff("2.0") and "xliff" in formats_with_xliff("2.0")
    assert "xliff" not in formats_with_xliff("1.2") and "tsv" in formats_with_xliff("1.2")
