"""Score the facts checks on a test set: faulty translations caught, correct ones left alone."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from translate_news.facts.checks import check_facts
from translate_news.findings import Finding


@dataclass(frozen=True)
class Score:
    pairs: int
    caught: int  # faulty translations with at least one finding
    false_alarms: int  # correct translations with any finding
    missed: tuple[str, ...]  # ids of faulty translations not caught
    alarms: tuple[tuple[str, Finding], ...]  # (id, finding) on correct translations

    @property
    def catch_rate(self) -> float:
        return self.caught / self.pairs if self.pairs else 0.0


def score_facts_set(path: Path) -> Score:
    """Rows: id, fault, source, correct, faulty (tab-separated, header line first)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    missed, alarms = [], []
    for row in rows:
        if not check_facts(row["source"], row["faulty"]):
            missed.append(row["id"])
        alarms += [(row["id"], f) for f in check_facts(row["source"], row["correct"])]
    return Score(
        len(rows),
        len(rows) - len(missed),
        len({row_id for row_id, _ in alarms}),
        tuple(missed),
        tuple(alarms),
    )
