"""Drafts: what a machine draft's facts checks cost. A figure beyond any real one that the model wrote
(and the source does not hold) is a finding on that draft, never the article's refusal (issue 24: one
article of 6,000 was refused for the fixture model's "12222222222222222.1 billion dollars")."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from support import FIXTURE_MODEL

from translate_news.facts.extract import FigureOutOfRange
from translate_news.findings import Finding, Severity
from translate_news.pipeline.drafts import draft_facts
from translate_news.pipeline.runner import RunConfig, run

SOURCE = "I ricavi sono cresciuti del 16% e hanno toccato 12,1 mld. di dollari."
LOOPING = "Revenue grew by 16% and reached 12222222222222222.1 billion dollars in total."


def test_a_huge_figure_only_in_the_draft_is_a_finding_on_it() -> None:
    findings = draft_facts(SOURCE, LOOPING, None, ())
    assert findings == [
        Finding(
            "number",
            Severity.ERROR,
            "number: not checked: the number 1222222222…ollars has 26 digits, beyond any real figure"
            " (at most 24)",
        )
    ]
    assert Finding.from_note(findings[0].note()) == findings[0]  # reads back as the same check


def test_a_huge_figure_in_the_source_still_raises() -> None:
    with pytest.raises(FigureOutOfRange):
        draft_facts("Hanno toccato " + "1" * 30 + " dollari.", "They reached 1 dollar.", None, ())


# The bench's generated article (bench/rss.py, 6,000 articles) the fixture model loops on: its draft
# of the third sentence reads "12222222222222222.1 billion dollars".
ARTICLE = (
    "I punti principali: Andrea a Lecce (997)\n\n"
    "Il rapporto dedica anche un capitolo alle piattaforme di streaming, ha detto Marco Rossi a Roma il 28"
    " marzo 1971. I ricavi sono cresciuti del 16% e hanno toccato 12,1 mld. di dollari, ha detto Marco"
    " Rossi a Roma il 28 marzo 1972.\n"
)


def test_a_draft_with_a_looping_figure_costs_its_article_nothing(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "articolo.txt").write_text(ARTICLE, encoding="utf-8")
    config = RunConfig(tmp_path / "articles", tmp_path / "out", None, FIXTURE_MODEL, repair_names=False)
    summary = run(config)
    assert (summary.failed, summary.articles) == (0, 1)
    catalog = polib.pofile(str(tmp_path / "out" / "articolo" / "articolo.en.po"))
    entry = next(e for e in catalog if "12,1 mld." in e.msgid)
    if "beyond any real figure" not in entry.comment:  # the fixture model wrote a real figure after all
        pytest.skip(f"the fixture model's draft has no looping figure: {entry.msgstr}")
    assert "fuzzy" in entry.flags  # left for review
    assert entry.msgstr  # the draft is written, its figure to correct
