"""The QA calibration scorer (``bench/qa_bench.py``, ``make qa-bench``): its edits, its bad-input
handling, and a 60-pair smoke run on ``../shared/bench/qa`` (skipped when that folder is absent).

The sentences below are ours; the corpus is only read from ``../shared``, never copied here.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from support import ROOT, SHARED

DATA = Path(os.environ.get("QA_BENCH_DATA", SHARED / "bench" / "qa" / "partut-it-en.tsv"))
SCRIPT = ROOT / "bench" / "qa_bench.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("qa_bench", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["qa_bench"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


qa_bench = _load()
Pair = qa_bench.Pair

RICH = Pair(
    "ours-1",
    "train",
    "Martedì 14 marzo 2023 il sindaco Bertolini ha annunciato a Varese un piano da 2,5 milioni di euro.",
    "On Tuesday, March 14, 2023, mayor Bertolini announced a 2.5 million euro plan in Varese.",
)


def _scorer(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True, timeout=300
    )


@pytest.mark.parametrize(
    ("kind", "changed"),
    [
        ("digit", r"\d"),
        ("scale word", "billion"),
        ("date (day, month, weekday)", None),
        ("year", r"20[0-2]\d|201\d"),
        ("Italian number format", "2,5"),
        ("name dropped", None),
        ("name misspelt", None),
    ],
)
def test_each_edit_changes_one_fact_of_the_english(kind: str, changed: str | None) -> None:
    edited, what = qa_bench.EDITS[kind](RICH, random.Random(1))
    assert edited != RICH.en and "→" in what or "dropped" in what
    if kind == "scale word":
        assert "2.5 billion" in edited
    if kind == "Italian number format":
        assert "2,5 million" in edited
    if kind == "name dropped":
        assert ("Bertolini" in RICH.en) and (edited.count("Bertolini") + edited.count("Varese") == 1)
    if kind == "name misspelt":
        assert sorted(edited) == sorted(RICH.en)  # the same letters, two swapped


def test_edits_are_seeded_and_only_where_they_apply() -> None:
    plain = Pair("ours-2", "dev", "Il consiglio si è riunito ieri.", "The council met yesterday.")
    first, second = qa_bench.make_edits([RICH, plain]), qa_bench.make_edits([RICH, plain])
    assert first == second
    assert all(e.pair == "ours-1" for edits in first.values() for e in edits)  # nothing to edit in plain
    assert all(len(edits) == 1 for edits in first.values())


def test_a_changed_digit_is_caught_through_check() -> None:
    """The scorer's whole path: reviewed catalogs in an output folder, ``check_folder``, findings by pair."""
    (edit,) = qa_bench.make_edits([RICH])["digit"]
    before = qa_bench.check_pairs([RICH])
    after = qa_bench.check_pairs([Pair(RICH.id, RICH.split, RICH.it, edit.en)])
    assert qa_bench._caught(before, after, error_only=True), (edit.what, before, after)
    assert {f.pair for f in after} == {"ours-1"}


def test_a_repeated_sentence_goes_to_another_catalog(tmp_path: Path) -> None:
    twice = [RICH, Pair("ours-3", "test", RICH.it, RICH.en)]
    index = qa_bench.write_output_folder(tmp_path, twice)
    assert sorted(index.values()) == ["ours-1", "ours-3"]
    assert len(list(tmp_path.glob("*/*.en.po"))) == 2


@pytest.mark.parametrize(
    ("content", "where"),
    [
        ("id\tsplit\tit\n", "missing column(s) en"),
        ("# ours\nid\tsplit\tit\ten\nx-1\ttrain\tCiao.\n", ":3: expected 4 columns"),
        ("id\tsplit\tit\ten\nx-1\ttrain\tCiao.\tHello.\nx-2\tholdout\tSì.\tYes.\n", ":3: empty id"),
    ],
)
def test_a_bad_data_file_is_one_line_naming_it_and_exit_2(tmp_path: Path, content: str, where: str) -> None:
    data = tmp_path / "pairs.tsv"
    data.write_text(content, encoding="utf-8")
    results = tmp_path / "qa-results.md"
    result = _scorer("--data", data, "--results", results)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert str(data) in result.stderr and where in result.stderr
    assert not results.exists()  # nothing written from a file that could not be read


@pytest.mark.skipif(not DATA.exists(), reason="../shared/bench/qa not beside the checkout")
def test_smoke_on_sixty_real_pairs(tmp_path: Path) -> None:
    results = tmp_path / "qa-results.md"
    run = _scorer("--data", DATA, "--limit", "60", "--results", results, "--json")
    assert run.returncode == 0, run.stderr
    document = json.loads(run.stdout)
    assert document["pairs"] == 60 and document["commit"]
    alarms = document["alarms"]
    assert {r["group"] for r in alarms} <= {"train", "dev+test"} and alarms
    for row in alarms:
        assert 0 <= row["true"] <= row["findings"] and row["true"] + row["false"] == row["findings"]
        assert row["flagged_sentences"] <= min(row["findings"], row["sentences"])
        assert row["false_sentences"] <= row["flagged_sentences"]
        assert 0 <= row["false_sentence_share"] <= 100
    for row in document["recall"]:
        assert 0 <= row["caught_error"] <= row["caught_any"] <= row["edited"]
        assert 0 <= row["recall_any"] <= 100
    digits = [r for r in document["recall"] if r["kind"] == "digit"]
    assert sum(r["edited"] for r in digits) > 0 and sum(r["caught_any"] for r in digits) > 0
    table = results.read_text(encoding="utf-8")
    assert "| Split | Check |" in table and "- Commit: " in table and "- Machine: " in table


def test_a_bad_discrepancy_list_is_one_line_naming_its_line(tmp_path: Path) -> None:
    data = tmp_path / "pairs.tsv"
    data.write_text(f"id\tsplit\tit\ten\n{RICH.id}\t{RICH.split}\t{RICH.it}\t{RICH.en}\n", encoding="utf-8")
    listed = tmp_path / "discrepancies.tsv"
    listed.write_text("# a comment\nid\tkind\treason\nours-1\tnumber\n", encoding="utf-8")
    result = _scorer("--data", data, "--discrepancies", listed, "--results", tmp_path / "r.md")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert f"{listed}:3: expected 3 columns" in result.stderr
