"""News facts: numbers, amounts, dates, times, addresses and names, extracted, checked and localized.

``CHECKS`` maps each kind to its check function and severity, the shape the QA registry takes.
``newsform`` is the one place values are written in English (a finding's "expected", the localizer's figures).
Babel (CLDR data) is imported lazily, on first use.
"""

from translate_news.facts.checks import (
    CHECKS,
    SentenceFacts,
    check_date,
    check_email,
    check_facts,
    check_hashtag,
    check_money,
    check_name,
    check_number,
    check_time,
    check_url,
    fact_finding,
    sentence_facts,
)
from translate_news.facts.extract import Fact, FigureOutOfRange, extract_facts, extract_names
from translate_news.facts.localize import LocalizeSettings, localize
from translate_news.facts.score import Score, score_facts_set

__all__ = [
    "CHECKS",
    "Fact",
    "FigureOutOfRange",
    "LocalizeSettings",
    "Score",
    "SentenceFacts",
    "check_date",
    "check_email",
    "check_facts",
    "fact_finding",
    "check_hashtag",
    "check_money",
    "check_name",
    "check_number",
    "check_time",
    "check_url",
    "extract_facts",
    "extract_names",
    "localize",
    "score_facts_set",
    "sentence_facts",
]
