"""TSV: tab-separated with RFC 4180 quoting, what spreadsheets, pandas and scripts read."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import ClassVar

from translate_news.errors import InputError
from translate_news.exchange.units import READ_DEFAULTS, ArticleContext, ExchangeUnit, ReadOptions, State

TSV_COLUMNS = ("id", "source", "target", "status", "article")
_TSV_STATUS = {"initial": "untranslated", "translated": "fuzzy", "reviewed": "reviewed"}
_FROM_TSV_STATUS: dict[str, State] = {status: state for state, status in _TSV_STATUS.items()}


def _tsv_cell(text: str) -> str:
    """RFC 4180 quoting with a tab delimiter: a cell holding a tab, quote or line break (CR too, which
    Python's csv writer leaves bare) is quoted, its quotes doubled."""
    if any(char in text for char in '\t"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def write_tsv(units: Iterable[ExchangeUnit], *, article: str) -> str:
    """Tab-separated with RFC 4180 quoting (Python's csv, pandas and spreadsheets read it back as
    written). ``article`` is the slug, the same value as the TMX ``x-article``."""
    rows = [TSV_COLUMNS]
    rows += [(unit.id, unit.source, unit.target, _TSV_STATUS[unit.state], article) for unit in units]
    return "".join("\t".join(_tsv_cell(cell) for cell in row) + "\n" for row in rows)


def read_tsv(path: Path) -> list[ExchangeUnit]:
    """Units of a TSV written by ``write_tsv`` (the header row names the columns)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read as UTF-8: {exc}") from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", strict=True)
    units: list[ExchangeUnit] = []
    try:
        header = next(reader, None)
        if header is None or tuple(header[:4]) != TSV_COLUMNS[:4]:
            raise InputError(path, f"expected the header row {' '.join(TSV_COLUMNS)}", 1)
        for row in reader:
            if len(row) < 4 or row[3] not in _FROM_TSV_STATUS:
                raise InputError(path, "expected id, source, target and a known status", reader.line_num)
            units.append(ExchangeUnit(row[0], row[1], row[2], _FROM_TSV_STATUS[row[3]]))
    except csv.Error as exc:
        raise InputError(path, f"malformed TSV: {exc}", reader.line_num) from None
    return units


class TsvFormat:
    """``<slug>.it-en.tsv``: id, source, target, status, article."""

    name: ClassVar[str] = "tsv"
    suffix: ClassVar[str] = ".it-en.tsv"

    @staticmethod
    def write(units: Sequence[ExchangeUnit], context: ArticleContext) -> str:
        return write_tsv(units, article=context.article)

    @staticmethod
    def read(path: Path, options: ReadOptions = READ_DEFAULTS) -> Sequence[ExchangeUnit]:
        return read_tsv(path)  # a TSV carries markup as text: it needs no options
