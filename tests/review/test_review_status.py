"""Tests for review progress counted from the catalogs."""

from __future__ import annotations

from pathlib import Path

import polib

from translate_news.layout import find_article_files
from translate_news.review.status import ReviewStatus, catalog_status, format_status, total_status


def write_po(output: Path, slug: str, entries: list[polib.POEntry]) -> None:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.extend(entries)
    (output / slug).mkdir(parents=True)
    po.save(str(output / slug / f"{slug}.en.po"))


def entry(msgid: str, msgstr: str = "", fuzzy: bool = False, obsolete: bool = False) -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr, flags=["fuzzy"] if fuzzy else [], obsolete=obsolete)


def test_counts_and_table(tmp_path):
    write_po(
        tmp_path,
        "piazza",
        [
            entry("La piazza è piena.", "The square is full."),
            entry("Arriva il sindaco di notte.", "The mayor arrives at night.", fuzzy=True),
            entry("Nessuno parla.", ""),
            entry("Una frase tolta.", "A removed sentence.", obsolete=True),
        ],
    )
    write_po(tmp_path, "treni", [entry("Treni in ritardo.", "Late trains.")])
    rows = [catalog_status(files) for files in find_article_files(tmp_path)]
    assert rows == [
        ReviewStatus("piazza", segments=3, words=11, reviewed=1, fuzzy=1, untranslated=1, obsolete=1),
        ReviewStatus("treni", segments=1, words=3, reviewed=1, fuzzy=0, untranslated=0, obsolete=0),
    ]
    assert rows[0].percent_reviewed == 100 / 3
    total = total_status(rows)
    assert total == ReviewStatus("TOTAL", 4, 14, 2, 1, 1, 1)
    assert total.percent_reviewed == 50.0

    lines = format_status(rows).splitlines()
    assert lines[0].split()[:2] == ["article", "segments"]
    assert lines[1].split() == ["piazza", "3", "11", "1", "1", "1", "1", "33.3"]
    assert lines[-1].split() == ["TOTAL", "4", "14", "2", "1", "1", "1", "50.0"]
    assert len({len(line) for line in lines}) == 1  # columns aligned


def test_empty_catalog_and_no_rows():
    assert ReviewStatus("x", 0, 0, 0, 0, 0, 0).percent_reviewed == 0.0
    assert format_status([]).splitlines()[-1].split() == ["TOTAL", "0", "0", "0", "0", "0", "0", "0.0"]
