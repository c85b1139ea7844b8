"""Source names go through glossary enforcement as implicit terms; they never pose as glossary terms."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polib
import pytest
from support import ARTICLES, FIXTURE_MODEL, run_cli
from support import GLOSSARY as GLOSSARY_FILE
from support.scripted import GLOSSARY, MATCHER, ScriptedEngine

from translate_news.facts import check_facts
from translate_news.facts.names import name_terms, with_name_terms
from translate_news.glossary.match import find_hits
from translate_news.mt.enforce import translate_enforced


def enforce_with_names(engine: ScriptedEngine, source: str):  # noqa: ANN201
    glossary, hits = with_name_terms(GLOSSARY, [source], [tuple(find_hits(MATCHER, source))])
    return translate_enforced(engine, glossary, [source], hits)[0]


def test_only_confident_names_become_terms() -> None:
    source = "Secondo Vitale, il film girato a Venezia piace."
    terms = {hit.text: entry for entry, hit in name_terms(source, ())}
    assert set(terms) == {"Vitale", "Venezia"}  # "Secondo" opens the sentence: a plain word
    assert terms["Vitale"].dnt and terms["Vitale"].target == "Vitale"
    assert not terms["Venezia"].dnt and terms["Venezia"].target_forms == ("Venice",)
    assert terms["Venezia"].forbidden == ("Venezia",)


def test_name_terms_are_marked_implicit_and_glossary_entries_never_are() -> None:
    """Enforcement tells a name from a glossary term by the entry's field, not by its id's spelling;
    the field is not serialised, so it cannot change a glossary's version (and its cached drafts)."""
    from translate_news.glossary.model import glossary_version
    from translate_news.mt.enforce import is_implicit

    terms = [entry for entry, _ in name_terms("Secondo Vitale, il film girato a Venezia piace.", ())]
    assert terms and all(is_implicit(entry) for entry in terms)
    assert not any(is_implicit(entry) for entry in GLOSSARY.entries)
    glossary, _ = with_name_terms(GLOSSARY, ["Ne parla Vitale."], [()])
    assert any(is_implicit(entry) for entry in glossary.entries)
    assert glossary_version([e for e in glossary.entries if not is_implicit(e)]) == GLOSSARY.version


def test_a_name_inside_a_glossary_hit_is_left_to_the_glossary() -> None:
    source = "Torna «L'Eternauta» con Ricci."
    hits = tuple(find_hits(MATCHER, source))
    assert [hit.text for _, hit in name_terms(source, hits)] == ["Ricci"]


def test_the_football_club_keeps_its_italian_name_too() -> None:
    (entry, _), *_ = name_terms("Ha vinto la Roma.", ())
    assert set(entry.target_forms) == {"Rome", "Roma"} and not entry.forbidden


def test_nbest_picks_the_hypothesis_that_keeps_the_name_and_notes_no_glossary_term() -> None:
    source = "Il film è piaciuto anche a Ricci."
    engine = ScriptedEngine(
        {source: ["Even the film was liked.", "The film was liked by Ricci too."]},
        lambda s, p: pytest.fail("no repair needed"),
    )
    result = enforce_with_names(engine, source)
    assert result.target == "The film was liked by Ricci too." and result.method == "n-best"
    assert result.applied == () and result.problems == ()


def test_prefix_repair_puts_back_a_dropped_exonym() -> None:
    source = "Il film ha aperto la mostra di Venezia."
    engine = ScriptedEngine(
        {source: ["The film opened the exhibition."]},
        lambda s, p: p + " film festival.",
        scores={"The film opened the Venice film festival.": 0.0},
    )
    result = enforce_with_names(engine, source)
    assert "Venice" in result.target and result.method == "prefix"
    assert result.applied == () and result.problems == ()


def test_an_italian_form_copied_by_the_model_becomes_the_exonym() -> None:
    source = "Il film è stato girato a Venezia."
    engine = ScriptedEngine({source: ["The film was shot in Venezia."]}, lambda s, p: "The film.")
    result = enforce_with_names(engine, source)
    assert result.target == "The film was shot in Venice." and result.method == "replace"


def test_a_name_that_cannot_be_placed_never_costs_a_glossary_term() -> None:
    source = "Lo sceneggiatore Rossi ha finito."
    engine = ScriptedEngine(
        {source: ["The scriptwriter has finished.", "The screenwriter has finished."]},
        lambda s, p: "The screenwriter has finished.",  # the model will not say "Rossi"
    )
    result = enforce_with_names(engine, source)
    assert result.target == "The screenwriter has finished." and result.method == "n-best"
    assert result.applied == ("sceneggiatore → screenwriter",) and result.problems == ()
    # what still fails is the facts check's to report
    assert [(f.check, f.term) for f in check_facts(source, result.target)] == [("name", "Rossi")]


def test_fixture_model_gets_the_dropped_venezia_back(demo_output: Path) -> None:
    """The fixture model drops "Venezia" ("premiered in previews in and Rome"); prefix repair puts
    Venice back (the toy model's English around it is no better, but the fact is right)."""
    po = polib.pofile(str(demo_output / "botteghino-sale" / "botteghino-sale.en.po"))
    entry = next(e for e in po if "a Venezia e a Roma" in e.msgid)
    assert "Venice" in entry.msgstr and "Rome" in entry.msgstr
    assert "Venezia" not in entry.comment  # neither a glossary note nor a name warning
    assert "glossary: anteprima → preview" in entry.comment  # the real glossary term still noted


def test_without_name_repair_the_dropped_name_is_noted_and_cached_apart(tmp_path: Path) -> None:
    """``--no-name-repair`` keeps the model's draft and notes the missing name; its drafts are cached
    under a key of their own, so a later run with repair translates again rather than reuse them."""
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(ARTICLES / "botteghino-sale.txt", articles)
    # A sentence the fixture model never saw: it drops both names.
    (articles / "regista.txt").write_text(
        "Il festival\n\nIl regista Tommaso Ferri ha girato il suo nuovo film a Venezia.\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    common = ["--model", FIXTURE_MODEL, "--glossary", GLOSSARY_FILE, "--threads", "1", "--json"]
    plain = run_cli("run", articles, "-o", out, *common, "--no-name-repair")
    assert plain.returncode == 0, plain.stderr
    entry = next(e for e in polib.pofile(str(out / "regista" / "regista.en.po")) if "Ferri" in e.msgid)
    assert "Ferri" not in entry.msgstr and "Venice" not in entry.msgstr
    assert "qa: name: Tommaso Ferri" in entry.comment and "qa: name: Venezia" in entry.comment
    for catalog in out.glob("*/*.en.po"):
        catalog.unlink()  # the catalogs gone: drafts again
    repaired = run_cli("run", articles, "-o", out, *common)
    assert repaired.returncode == 0, repaired.stderr
    assert json.loads(repaired.stdout)["translated"] > 0  # not the unrepaired drafts from the cache
    entry = next(
        e
        for e in polib.pofile(str(out / "botteghino-sale" / "botteghino-sale.en.po"))
        if "a Venezia e a Roma" in e.msgid
    )
    assert "Venice" in entry.msgstr


# --- one name rule: the name check names the entry, findings deduplicated by entry ------------------


def _dnt_glossary(*terms: str):  # noqa: ANN202
    from translate_news.glossary.match import build_matcher
    from translate_news.glossary.model import Glossary, make_entry

    glossary = Glossary(None, tuple(make_entry(f"t{i}", t, t, dnt=True) for i, t in enumerate(terms)))
    return glossary, build_matcher(glossary)


def _strict_findings(glossary, matcher, source: str, target: str):  # noqa: ANN001, ANN202
    from translate_news.qa.checks import SentencePair, checks_for, run_checks

    pair = SentencePair(source, target, tuple(find_hits(matcher, source)))
    return run_checks(pair, glossary, checks_for("strict"))


def test_a_name_that_is_also_a_dnt_term_gives_one_finding_about_the_glossary_entry() -> None:
    glossary, matcher = _dnt_glossary("Netflix")
    found = _strict_findings(
        glossary, matcher, "Il film arriva su Netflix a maggio.", "The film arrives in May."
    )
    assert [(f.check, f.term, f.entry, f.implicit) for f in found] == [
        ("dnt-altered", "Netflix", "t0", False)
    ]


def test_a_name_containing_a_glossary_term_is_still_checked_as_its_own_entry() -> None:
    """Deduplication is by entry: "Rossini" is not the glossary's "Rossi" because one contains the other."""
    glossary, matcher = _dnt_glossary("Rossi")
    found = _strict_findings(
        glossary, matcher, "Ieri Rossi ha diretto un'opera di Rossini.", "Yesterday Rossi conducted an opera."
    )
    names = [f for f in found if f.check == "name"]
    assert [f.term for f in names] == ["Rossini"] and names[0].implicit
    assert not [f for f in found if f.check != "name"]  # Rossi is kept: the term rule is met


def test_the_name_check_reports_the_implicit_entry_enforcement_used_and_reports_flag_it() -> None:
    from translate_news.glossary.model import IMPLICIT_PREFIX, Glossary
    from translate_news.qa.report import report_json

    source, target = "Secondo gli esperti, Vitale ha ragione.", "According to experts, he is right."
    (entry, _), *_ = name_terms(source, ())
    (finding,) = check_facts(source, target, kinds=("name",))
    assert finding.entry == entry.id and finding.entry.startswith(IMPLICIT_PREFIX) and finding.implicit
    glossary, matcher = _dnt_glossary("Vitale")
    (term,) = _strict_findings(glossary, matcher, source, target)
    rows = json.loads(report_json([finding, term], 1, Glossary(None, ())))["findings"]
    assert [row.get("implicit") for row in rows] == [True, None]


def test_dnt_terms_count_as_names_for_enforcement_and_the_check_alike() -> None:
    """A sentence-opening word is no name by itself; a do-not-translate term is, in both places."""
    from translate_news.glossary.model import dnt_names

    glossary, _ = _dnt_glossary("Brivio")
    source = "Brivio trasmette la partita."
    assert dnt_names(glossary) == {"Brivio"} and dnt_names(None) == frozenset()
    assert not name_terms(source, ()) and [
        h.text for _, h in name_terms(source, (), dnt_names(glossary))
    ] == ["Brivio"]
    assert [f.term for f in check_facts(source, "The match is on.", dnt_names(glossary), ("name",))] == [
        "Brivio"
    ]


def test_a_name_the_glossary_covers_is_one_finding_when_markup_moved_the_hit() -> None:
    """Hits are found in the msgid, markup included; the name check reads the stripped source."""
    from translate_news.qa.checks import SentencePair, checks_for, run_checks

    glossary, matcher = _dnt_glossary("Netflix")
    msgid = "Il [film](https://cinema.example/film/nuovo) arriva su Netflix a maggio."
    pair = SentencePair(
        "Il film arriva su Netflix a maggio.", "The film arrives in May.", tuple(find_hits(matcher, msgid))
    )
    found = run_checks(pair, glossary, checks_for("strict"))
    assert [(f.check, f.entry) for f in found] == [("dnt-altered", "t0")]
