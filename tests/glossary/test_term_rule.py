"""One glossary rule: enforcement's choice among n-best hypotheses, the QA notes of a cached draft and
``check`` on a catalog all follow ``glossary.rule.term_problems``, so they agree on every sentence."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from support.scripted import ScriptedEngine

from translate_news.glossary.match import build_matcher, find_hits
from translate_news.glossary.model import Glossary, make_entry
from translate_news.glossary.rule import term_problems
from translate_news.mt.enforce import describe_translation, translate_enforced
from translate_news.qa.folder import check_catalogs

GLOSSARY = Glossary(
    None,
    (
        make_entry(
            "regista",
            "regista",
            "director",
            target_forms=["directors"],
            source_forms=["registi"],
            forbidden=["filmmaker", "filmmakers"],
        ),
        make_entry("gattopardo", "Il Gattopardo", dnt=True, case_sensitive=True, forbidden=["The Leopard"]),
        make_entry("spettatori", "spettatori", "viewers", forbidden=["spectators"]),
    ),
)
MATCHER = build_matcher(GLOSSARY)
TERM_KINDS = {"missing-term", "dnt-altered", "forbidden-variant"}

# (source, hypothesis to judge, a hypothesis that meets every term, the rule's verdict as (term, kind))
CASES = [
    ("Il regista ha parlato.", "The director spoke.", "The director spoke.", set()),
    ("Il regista ha parlato.", "The filmmaker spoke.", "The director spoke.", {("regista", "missing-term")}),
    (
        "Il regista ha parlato.",
        "The director, a filmmaker, spoke.",
        "The director spoke.",
        {("regista", "forbidden-variant")},
    ),
    ("I registi hanno parlato.", "The directors spoke.", "The directors spoke.", set()),
    (
        "Il Gattopardo ha tanti spettatori.",
        "Il Gattopardo has many viewers.",
        "Il Gattopardo has many viewers.",
        set(),
    ),
    (
        "Il Gattopardo ha tanti spettatori.",
        "The Leopard has many viewers.",
        "Il Gattopardo has many viewers.",
        {("Il Gattopardo", "dnt-altered")},
    ),
    (
        "Il Gattopardo ha tanti spettatori.",
        "Il Gattopardo has many spectators.",
        "Il Gattopardo has many viewers.",
        {("spettatori", "missing-term")},
    ),
    (
        "Il Gattopardo ha tanti spettatori.",
        "The Leopard has many spectators.",
        "Il Gattopardo has many viewers.",
        {("Il Gattopardo", "dnt-altered"), ("spettatori", "missing-term")},
    ),
]


@pytest.mark.parametrize(("source", "target", "compliant", "verdict"), CASES)
def test_enforcement_drafts_and_check_agree_with_the_rule(
    source: str, target: str, compliant: str, verdict: set[tuple[str, str]]
) -> None:
    hits = find_hits(MATCHER, source)
    problems = term_problems(GLOSSARY, hits, target)
    assert {(p.hit.text, p.kind) for p in problems} == verdict
    failing = {term for term, _ in verdict}

    # enforcement keeps the top hypothesis exactly when the rule finds nothing wrong with it
    engine = ScriptedEngine({source: [target, compliant]}, lambda s, p: pytest.fail("no repair expected"))
    enforced = translate_enforced(engine, GLOSSARY, [source], [hits])[0]
    assert (enforced.target, enforced.method) == ((target, "mt") if not verdict else (compliant, "n-best"))

    # a cached draft gets one term note per failing term
    cached = describe_translation(GLOSSARY, source, hits, target)
    assert {f.term for f in cached.problems if f.check == "term"} == failing

    # ``check`` reports the same terms, with the rule's kinds
    catalog = polib.POFile()
    catalog.append(polib.POEntry(msgid=source, msgstr=target))
    findings, checked = check_catalogs([("article", Path("article.en.po"), catalog)], GLOSSARY)
    assert checked == 1
    assert {(f.term, f.check) for f in findings if f.check in TERM_KINDS} == verdict
