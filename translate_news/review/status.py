"""How far review has got: per article and in total, from the catalogs alone."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from translate_news.errors import InputError
from translate_news.layout import ArticleFiles, find_article_files
from translate_news.review.catalog import entry_status, read_catalog


@dataclass(frozen=True)
class ReviewStatus:
    article: str
    segments: int
    words: int
    reviewed: int
    fuzzy: int
    untranslated: int
    obsolete: int

    @property
    def percent_reviewed(self) -> float:
        return 100.0 * self.reviewed / self.segments if self.segments else 0.0


def catalog_status(files: ArticleFiles) -> ReviewStatus:
    catalog = read_catalog(files.po)
    live = [e for e in catalog or () if e.msgid and not e.obsolete]
    states = Counter(entry_status(e) for e in live)
    return ReviewStatus(
        article=files.slug,
        segments=len(live),
        words=sum(len(e.msgid.split()) for e in live),
        reviewed=states["reviewed"],
        fuzzy=states["fuzzy"],
        untranslated=states["untranslated"],
        obsolete=sum(1 for e in catalog or () if e.obsolete),
    )


def output_status(output: Path) -> tuple[list[ReviewStatus], list[InputError]]:
    """Every article's status; a catalog that cannot be read is returned as its error, so one
    broken file costs only its own row."""
    rows: list[ReviewStatus] = []
    errors: list[InputError] = []
    for files in find_article_files(output):
        try:
            rows.append(catalog_status(files))
        except InputError as exc:
            errors.append(exc)
    return rows, errors


def total_status(rows: Sequence[ReviewStatus]) -> ReviewStatus:
    return ReviewStatus(
        "TOTAL",
        *(
            sum(getattr(r, name) for r in rows)
            for name in ("segments", "words", "reviewed", "fuzzy", "untranslated", "obsolete")
        ),
    )


def format_status(rows: Sequence[ReviewStatus]) -> str:
    header = ("article", "segments", "words", "reviewed", "fuzzy", "untranslated", "obsolete", "% reviewed")
    table = [header]
    for row in [*rows, total_status(rows)]:
        table.append(
            (
                row.article,
                str(row.segments),
                str(row.words),
                str(row.reviewed),
                str(row.fuzzy),
                str(row.untranslated),
                str(row.obsolete),
                f"{row.percent_reviewed:.1f}",
            )
        )
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    lines = [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in table
    ]
    return "\n".join(lines)


STATUS_KEYS = ("article", "segments", "words", "reviewed", "fuzzy", "untranslated", "obsolete")


def status_document(rows: Sequence[ReviewStatus]) -> dict[str, object]:
    """``status --json``: one object per article and the total, with the table's columns as keys."""

    def as_dict(row: ReviewStatus) -> dict[str, object]:
        return {**{key: getattr(row, key) for key in STATUS_KEYS}, "percent_reviewed": row.percent_reviewed}

    return {"articles": [as_dict(row) for row in rows], "total": as_dict(total_status(rows))}
