"""One Finding/Severity: ordered severities, picklable findings, ``qa:`` notes that read back as the
check that wrote them, and the check registry's profiles."""

from __future__ import annotations

import dataclasses
import json
import pickle
from pathlib import Path

import polib
import pytest
from hypothesis import given
from hypothesis import strategies as st

from translate_news.documents.inline import Kept
from translate_news.facts.checks import CHECKS as FACT_CHECKS
from translate_news.facts.checks import fact_finding
from translate_news.findings import Finding, Severity, Where
from translate_news.glossary.model import Glossary
from translate_news.mt.enforce import describe_translation, pieces_note
from translate_news.qa.checks import (
    CHECKS,
    SentencePair,
    check_long_segment,
    check_no_translation,
    checks_for,
    markup_not_placed,
)
from translate_news.qa.folder import check_catalogs

LINE = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=40)


def test_severities_are_ordered_and_read_as_words() -> None:
    assert Severity.INFO < Severity.WARNING < Severity.ERROR
    assert sorted([Severity.ERROR, Severity.INFO, Severity.WARNING]) == list(Severity)
    assert max(Severity) is Severity.ERROR and Severity.WARNING >= "warning"
    assert Severity.ERROR == "error" and f"{Severity.WARNING}" == "warning"
    assert json.dumps([Severity.INFO]) == '["info"]'


def test_a_finding_is_a_frozen_picklable_value() -> None:
    finding = Finding("number", Severity.ERROR, "number: 3 → expected 3, found 4", Where("a.en.po", 12))
    assert pickle.loads(pickle.dumps(finding)) == finding
    assert str(finding.where) == "a.en.po:12" and not Where()
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.message = "changed"  # type: ignore[misc]
    # a translation carries its findings across the executor's process boundary
    source = "Il film, girato a Roma in estate, esce oggi; la serie, girata a Bari, domani."
    translation = describe_translation(None, source, (), "The the film is out.", _Budget())
    assert [f.check for f in translation.problems] == ["pieces", "repeated-word"]
    assert pickle.loads(pickle.dumps(translation)) == translation


class _Budget:
    """A model limit of 2 tokens: the sentence goes in pieces."""

    tokens = 2

    def might_exceed(self, text: str) -> bool:
        return True

    def count(self, text: str) -> int:
        return len(text.split())


def _draft_findings(text: str, number: int) -> list[Finding]:
    """What a draft's notes are made of, from every kind of check that writes one."""
    pair = SentencePair(
        ("Una frase. Un'altra frase. " + text) * 20, "", msgid=("Una frase. Un'altra. " + text) * 20
    )
    facts = [fact_finding(kind, check.severity, text, text, text) for kind, check in FACT_CHECKS.items()]
    cached = describe_translation(None, text, (), f"{text} the the")
    return [
        *facts,
        pieces_note(number),
        *(markup_not_placed(Kept(text, how, text)) for how in ("aligned", "sentence", "position", "dropped")),
        *check_no_translation(pair),
        *check_long_segment(pair),
        *cached.problems,
    ]


@given(LINE, st.integers(min_value=2, max_value=99))
def test_qa_notes_read_back_as_the_check_that_wrote_them(text: str, number: int) -> None:
    findings = _draft_findings(text, number)
    kinds = {"pieces", "markup", "no-translation", "long-segment", "repeated-word", *FACT_CHECKS}
    assert {f.check for f in findings} == kinds
    for finding in findings:
        note = finding.note()
        assert note.startswith("qa: ")
        assert Finding.from_note(note) == Finding(finding.check, finding.severity, finding.message)


def test_other_comment_lines_are_no_findings() -> None:
    assert Finding.from_note("glossary: regista → director") is None
    assert Finding.from_note("origin: mt model glossary v #abcd1234") is None
    typed = Finding.from_note("qa: check the tone")
    assert typed == Finding("note", Severity.WARNING, "check the tone")


def test_every_check_is_registered_with_a_severity_and_a_profile() -> None:
    assert set(checks_for("default")) < set(checks_for("strict")) == set(CHECKS)
    # name warnings cry wolf beyond the calibration target on real translations: strict only (issue 22)
    assert set(checks_for("strict")) - set(checks_for("default")) == {
        "no-translation",
        "long-segment",
        "name",
    }
    assert all(isinstance(check.severity, Severity) for check in CHECKS.values())


def test_the_strict_profile_reports_an_empty_translation() -> None:
    catalog = polib.POFile()
    catalog.append(polib.POEntry(msgid="Il film esce oggi.", msgstr=""))
    catalog.append(polib.POEntry(msgid="Il teatro è pieno.", msgstr="The theatre is full."))
    at = [("article", Path("article.en.po"), catalog)]
    assert check_catalogs(at, Glossary(None, ())) == ([], 1)
    findings, checked = check_catalogs(at, Glossary(None, ()), "strict")
    assert checked == 1 and [(f.check, f.severity, f.msgid) for f in findings] == [
        ("no-translation", Severity.ERROR, "Il film esce oggi.")
    ]
