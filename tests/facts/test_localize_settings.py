"""English style settings for localized MT output: reachable from `run`, applied only to machine drafts."""

from __future__ import annotations

from pathlib import Path

import polib
from support import FIXTURE_MODEL, run_cli

from translate_news.facts import LocalizeSettings, localize

SOURCE = "Il convegno si terrà martedì 21 ottobre 2025 a Torino."


def test_date_style_reorders_only_dates_of_the_source() -> None:
    month_day = LocalizeSettings(date="month-day")
    assert localize(SOURCE, "The meeting will be held on Tuesday, 21 October 2025 in Turin.", month_day) == (
        "The meeting will be held on Tuesday, October 21, 2025 in Turin.",
        ("21 October 2025 → October 21, 2025",),
    )
    wrong_day = "The meeting will be held on 22 October in Turin."
    assert localize(SOURCE, wrong_day, month_day) == (wrong_day, ())  # the check reports it, not this


def test_date_style_keep_is_the_default_and_day_month_is_british() -> None:
    us = "The meeting will be held on October 21, 2025 in Turin."
    assert localize(SOURCE, us) == (us, ())
    assert localize(SOURCE, us, LocalizeSettings(date="day-month"))[0] == (
        "The meeting will be held on 21 October 2025 in Turin."
    )


def test_money_style_words_writes_the_currency_after_the_amount() -> None:
    source = "Il bilancio è di 3,5 mld di euro."
    assert localize(source, "The budget is €3,5 billion.", LocalizeSettings(money="words"))[0] == (
        "The budget is 3.5 billion euros."
    )


def test_run_applies_the_date_style_to_machine_drafts(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    # a training sentence of the fixture model: it translates it "… on March 12, 2026 …"
    (articles / "dati.txt").write_text(
        "I dati sono stati presentati a Roma il 12 marzo 2026 dalle associazioni di categoria.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run_cli(
        "run", articles, "--output", out, "--model", FIXTURE_MODEL, "--no-glossary", "--threads", "1",
        "--date-style", "day-month", "--money-style", "words",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    entry = next(e for e in polib.pofile(str(out / "dati" / "dati.en.po")) if e.msgid)
    assert "on 12 March 2026 by" in entry.msgstr
    assert "localized: March 12, 2026 → 12 March 2026" in entry.comment


def test_an_unknown_style_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("run", tmp_path, "--output", tmp_path / "out", "--money-style", "dollars")
    assert result.returncode == 2 and "--money-style" in result.stderr
