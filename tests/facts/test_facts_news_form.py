"""Facts findings write the value they expect in English news form: what a reviewer should type.

Each row of the table is an Italian sentence, an English translation that gets one fact wrong (written
here, not by the model), and the finding's message. Every row of ``TABLE`` failed before
``facts/newsform.py``; ``KEPT`` holds what was news form already (thousands with commas).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate_news.facts import check_facts
from translate_news.facts.localize import localize
from translate_news.qa.checks import fact_findings

TABLE = [
    # money: the sign first, cents as two decimals, a scale of a million or more as a word
    ("Il biglietto costa 8,50 €.", "The ticket costs €8.", "money: 8,50 € → expected €8.50, found €8"),
    ("Il biglietto costa 8,5 €.", "The ticket costs €9.", "money: 8,5 € → expected €8.50, found €9"),
    (
        "La Regione ha stanziato 4,7 milioni di euro.",
        "The region set aside €7.4 million.",
        "money: 4,7 milioni di euro → expected €4.7 million, found €7.4 million",
    ),
    (
        "Il premio vale 1,50 milioni di euro.",
        "The prize is worth €1.6 million.",
        "money: 1,50 milioni di euro → expected €1.5 million, found €1.6 million",
    ),
    (
        "Il piano vale 3,5 miliardi di dollari.",
        "The plan is worth $5.3 billion.",
        "money: 3,5 miliardi di dollari → expected $3.5 billion, found $5.3 billion",
    ),
    (
        "La multa è di 40 franchi svizzeri.",
        "The fine is 45 Swiss francs.",
        "money: 40 franchi svizzeri → expected CHF 40, found 45 Swiss francs",
    ),
    # times: the 12-hour clock; digits with minutes are Italian 24-hour time
    (
        "Il treno parte alle 10.30.",
        "The train leaves at 11:30.",
        "time: 10.30 → expected 10:30 a.m., found 11:30",
    ),
    (
        "Il concerto inizia alle 18.45.",
        "The concert starts at 7:45 p.m.",
        "time: 18.45 → expected 6:45 p.m., found 7:45 p.m.",
    ),
    (
        "La seduta si chiude alle 0.15.",
        "The sitting ends at 1:15 a.m.",
        "time: 0.15 → expected 12:15 a.m., found 1:15 a.m.",
    ),
    ("Lo spettacolo è alle ore 21.", "The show is at 8 p.m.", "time: ore 21 → expected 9 p.m., found 8 p.m."),
    ("Apre alle 8.00.", "It opens at 9 a.m.", "time: 8.00 → expected 8 a.m., found 9 a.m."),
    (
        "Il sindaco parlerà a mezzogiorno.",
        "The mayor will speak at 1 p.m.",
        "time: mezzogiorno → expected noon, found 1 p.m.",
    ),
    # a bare hour says both halves only when nothing around it places it
    (
        "La fiaccolata parte alle 7.",
        "The vigil sets off at 8 p.m.",
        "time: alle 7 → expected 7 a.m. or p.m., found 8 p.m.",
    ),
    (
        "La fiaccolata parte alle 7 di sera.",
        "The vigil sets off at 8 p.m.",
        "time: alle 7 → expected 7 p.m., found 8 p.m.",
    ),
    (
        "Il mercato apre alle 6 del mattino.",
        "The market opens at 7 a.m.",
        "time: alle 6 → expected 6 a.m., found 7 a.m.",
    ),
    (
        "Il corteo arriva alle 7.30 di sera.",
        "The march arrives at 8:30 p.m.",
        "time: 7.30 → expected 7:30 p.m., found 8:30 p.m.",
    ),
    (
        "Stasera alle 11 si vota.",
        "Voting is tonight at 10 p.m.",
        "time: alle 11 → expected 11 p.m., found 10 p.m.",
    ),
    (
        "La scossa è arrivata alle 3 di notte.",
        "The quake struck at 4 a.m.",
        "time: alle 3 → expected 3 a.m., found 4 a.m.",
    ),
    # years never have a separator; counts do; decimals have a point and keep their digits
    (
        "La legge è entrata in vigore nel 2025.",
        "The law came into force in 2024.",
        "number: 2025 → expected 2025, found 2024",
    ),
    (
        "Il cantiere chiude entro il 2031.",
        "The site closes by 2013.",
        "number: 2031 → expected 2031, found 2013",
    ),
    (
        "La legge è del 12 marzo 2025.",
        "The law dates from March 12, 2024.",
        "number: 2025 → expected 2025, found 2024",
    ),
    ("Il bando scade il 30/6/2026.", "Bids close on 6/30/2027.", "number: 2026 → expected 2026, found 2027"),
    (
        "Il debito è di 3,5 miliardi.",
        "The debt is 3.4 billion.",
        "number: 3,5 miliardi → expected 3.5 billion, found 3.4 billion",
    ),
    ("Il tasso è allo 0,1234.", "The rate is 0.1235.", "number: 0,1234 → expected 0.1234, found 0.1235"),
    ("La squadra è arrivata 21ª.", "The team came 22nd.", "number: 21ª → expected 21st, found 22nd"),
    ("È la 3ª edizione.", "It is the 4th edition.", "number: 3ª → expected 3rd, found 4th"),
]

# Already in news form before: kept as they were.
KEPT = [
    ("Il pane costa 2,05 euro.", "Bread costs €2.5.", "money: 2,05 euro → expected €2.05, found €2.5"),
    (
        "Servono 1.250.000 euro per il ponte.",
        "The bridge needs €1,150,000.",
        "money: 1.250.000 euro → expected €1,250,000, found €1,150,000",
    ),
    ("Sono arrivate 1500 persone.", "Some 1,400 people came.", "number: 1500 → expected 1,500, found 1,400"),
    (
        "Hanno votato 2.025 iscritti.",
        "Some 2,052 members voted.",
        "number: 2.025 → expected 2,025, found 2,052",
    ),
    (
        "Gli abitanti sono 1.200.000.",
        "There are 1,100,000 residents.",
        "number: 1.200.000 → expected 1,200,000, found 1,100,000",
    ),
    (
        "In piazza c'erano 12 mila persone.",
        "There were 9,000 people.",
        "number: 12 mila → expected 12,000, found 9,000",
    ),
]


@pytest.mark.parametrize(("source", "target", "message"), TABLE + KEPT)
def test_a_finding_writes_the_expected_value_in_english_news_form(
    source: str, target: str, message: str
) -> None:
    messages = [f.message for f in check_facts(source, target) if f.check != "name"]
    assert messages == [message]


def test_the_qa_note_a_reviewer_reads_is_in_news_form() -> None:
    """The draft's ``qa:`` note and the report come from the same finding."""
    findings = fact_findings(
        "Il biglietto costa 8,50 € dalle 18.45.", "Tickets cost €8.5 from 5:45 p.m.", None, ()
    )
    assert [f.note() for f in findings] == ["qa: time: 18.45 → expected 6:45 p.m., found 5:45 p.m."]
    findings = fact_findings("Il biglietto costa 8,50 €.", "Tickets cost €8.", None, ())
    assert [(f.note(), f.expected) for f in findings] == [
        ("qa: money: 8,50 € → expected €8.50, found €8", "€8.50")
    ]


def test_localize_writes_figures_as_before() -> None:
    """The localizer shares the figure formatting and keeps the decimals the MT wrote."""
    text, _ = localize(
        "Ha speso 8,50 € per 10.000 case e 3,5 milioni.", "He spent 8,50 € on 10.000 homes, 3,5 million."
    )
    assert text == "He spent €8.50 on 10,000 homes, 3.5 million."


def _it(value: Decimal) -> str:
    """An Italian figure: dots between thousands, a decimal comma."""
    whole, _, fraction = f"{value:,f}".partition(".")
    return whole.replace(",", ".") + ("," + fraction if fraction else "")


amounts = st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False)
scales = st.sampled_from(["", " milioni", " miliardi", " mila"])


@settings(max_examples=150, deadline=None)
@given(amount=amounts, scale=scales)
def test_the_expected_amount_written_into_the_translation_satisfies_the_check(
    amount: Decimal, scale: str
) -> None:
    """What a finding asks for is what the check accepts: typing it in clears the finding."""
    source = f"Il Comune ha speso {_it(amount)}{scale} euro."
    findings = check_facts(source, "The council spent nothing.", kinds=("money",))
    assert len(findings) == 1
    assert re.fullmatch(
        r"€\d{1,3}(?:,\d{3})*(?:\.\d\d|(?:\.\d+)? (?:million|billion))?", findings[0].expected
    )
    assert check_facts(source, f"The council spent {findings[0].expected}.", kinds=("money", "number")) == []


@settings(max_examples=100, deadline=None)
@given(hour=st.integers(0, 23), minute=st.integers(0, 59), year=st.integers(1000, 2999))
def test_the_expected_time_and_year_written_into_the_translation_satisfy_the_check(
    hour: int, minute: int, year: int
) -> None:
    source = f"Si riunirà alle {hour}.{minute:02d} come nel {year}."
    findings = check_facts(source, "It will meet soon.", kinds=("time", "number"))
    expected = {f.check: f.expected for f in findings}
    assert expected["number"] == str(year)
    target = f"It will meet at {expected['time']}, as in {expected['number']}."
    assert check_facts(source, target, kinds=("time", "number")) == []


def test_writing_many_findings_reads_a_bounded_stretch_of_the_source_for_each(monkeypatch) -> None:  # noqa: ANN001
    """The words that place a fact are looked for beside it, so a sentence of n missing figures costs
    characters in proportion to n (counted, not timed)."""
    from translate_news.facts import newsform

    read: list[int] = []
    real = newsform.number
    monkeypatch.setattr(
        newsform, "number", lambda text, before="": read.append(len(before)) or real(text, before)
    )

    def cost(n: int) -> int:
        read.clear()
        source = "Dati: " + ", ".join(f"{i}.{i % 1000:03d} casi" for i in range(1, n + 1)) + "."
        assert len(check_facts(source, "No figures.", kinds=("number",))) == n
        return sum(read)

    assert cost(800) <= 2.1 * cost(400)
