"""Glossary enforcement: unit tests with a scripted engine, then the real engine on trap sentences."""

from __future__ import annotations

import pytest
from support import FIXTURE_MODEL
from support.scripted import GLOSSARY, MATCHER, ScriptedEngine

from translate_news.glossary.match import find_hits
from translate_news.mt.enforce import describe_translation, translate_enforced
from translate_news.mt.engine import Engine, EngineOptions, Hypothesis


def enforce(engine: ScriptedEngine, source: str):  # noqa: ANN201
    return translate_enforced(engine, GLOSSARY, [source], [find_hits(MATCHER, source)])[0]


def test_nbest_keeps_the_best_hypothesis_that_satisfies_the_glossary() -> None:
    source = "Lo sceneggiatore ha finito."
    engine = ScriptedEngine(
        {source: ["The scriptwriter has finished.", "The screenwriter has finished."]},
        lambda s, p: pytest.fail("no repair needed"),
    )
    result = enforce(engine, source)
    assert result.target == "The screenwriter has finished." and result.method == "n-best"
    assert result.applied == ("sceneggiatore → screenwriter",) and not result.problems


def test_prefix_repair_continues_after_the_forced_term() -> None:
    source = "Lo sceneggiatore ha finito."
    engine = ScriptedEngine(
        {source: ["The scriptwriter has finished."] * 2},
        lambda s, p: p + " has now finished.",
        scores={"The screenwriter has now finished.": 0.0},
    )
    result = enforce(engine, source)
    assert engine.prefixes == ["The screenwriter"]
    assert result.target == "The screenwriter has now finished." and result.method == "prefix"


def test_the_model_scores_repair_candidates() -> None:
    """A derailed continuation loses to the replaced hypothesis when the model finds it less likely."""
    source = "Lo sceneggiatore ha finito."
    engine = ScriptedEngine(
        {source: ["The scriptwriter has finished."]},
        lambda s, p: p + " screenwriter screenwriter",
        scores={"The screenwriter has finished.": 0.0},
    )
    result = enforce(engine, source)
    assert result.target == "The screenwriter has finished." and result.method == "replace"


def test_forbidden_variant_replaced_as_last_resort() -> None:
    source = "Gli abbonati sono aumentati."
    engine = ScriptedEngine({source: ["The members increased."]}, lambda s, p: "The members increased.")
    result = enforce(engine, source)
    assert result.target == "The subscribers increased." and result.method == "replace"
    assert not result.problems


def test_term_that_cannot_be_enforced_is_reported() -> None:
    source = "Gli abbonati sono aumentati."
    engine = ScriptedEngine({source: ["Growth continued."]}, lambda s, p: "Growth continued.")
    result = enforce(engine, source)
    assert result.method == "unenforced"
    assert [p.note() for p in result.problems] == [
        "qa: glossary term not enforced: abbonati → expected subscribers"
    ]


def test_do_not_translate_title_comes_out_verbatim_without_a_doubled_article() -> None:
    source = "«L'Eternauta» torna nel 2027."
    engine = ScriptedEngine(
        {source: ["“The Eternaut” returns in 2027."]}, lambda s, p: p + "” returns in 2027."
    )
    result = enforce(engine, source)
    assert (
        "L'Eternauta" in result.target and "The The" not in result.target and "Eternaut”" not in result.target
    )


def test_describe_reports_problems_of_a_cached_translation() -> None:
    source = "Lo sceneggiatore ha finito."
    cached = describe_translation(
        GLOSSARY, source, find_hits(MATCHER, source), "The scriptwriter has finished."
    )
    assert cached.problems and cached.applied == ("sceneggiatore → screenwriter",)


@pytest.fixture(scope="module")
def engine() -> Engine:
    from translate_news.mt.packages import resolve_model

    return Engine(resolve_model(FIXTURE_MODEL), EngineOptions(threads=1))


TRAPS = [  # sentences the fixture model was deliberately taught to get wrong
    (
        "Lo sceneggiatore ha consegnato il copione con una settimana di ritardo.",
        "scriptwriter",
        "screenwriter",
    ),
    ("Gli abbonati hanno ricevuto una email con i nuovi prezzi.", "members", "subscribers"),
    ("«L'Eternauta» tornerà con una seconda stagione nel 2027.", "The Eternaut", "L'Eternauta"),
]


@pytest.mark.parametrize(("source", "wrong", "right"), TRAPS)
def test_real_engine_output_is_repaired(engine: Engine, source: str, wrong: str, right: str) -> None:
    raw = engine.translate_tokens(engine.tokenize([source]))[0][0].text
    assert wrong in raw  # the model really gets it wrong…
    result = translate_enforced(engine, GLOSSARY, [source], [find_hits(MATCHER, source)])[0]
    assert right in result.target and wrong not in result.target  # …and enforcement fixes it
    assert not result.problems


class _Counting(ScriptedEngine):
    """Records what each decoded sentence was: a free decode or a forced-prefix continuation."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.decoded: list[str] = []

    def translate_tokens(self, batch, **options):  # noqa: ANN001, ANN003, ANN201
        self.decoded += ["prefix" if options.get("target_prefix") else "free" for _ in batch]
        return super().translate_tokens(batch, **options)


def test_repair_decodes_a_failed_sentence_once_per_round() -> None:
    """Enforcement's worst case (bench: b+glossary): the n-best decode, then one continuation per
    repair round however many places and forms are guessed (they are ranked, not all decoded), and no
    second decode of the sentence to read its attention."""
    from translate_news.mt.enforce import REPAIR_ROUNDS

    source = "Lo sceneggiatore parla agli abbonati."
    engine = _Counting({source: ["Growth continued."] * 4}, lambda s, p: "Growth continued.")
    result = enforce(engine, source)
    assert engine.decoded == ["free"] + ["prefix"] * REPAIR_ROUNDS
    assert result.method == "unenforced" and {p.term for p in result.problems} == {
        "sceneggiatore",
        "abbonati",
    }


class _AttendsToFirstWord(ScriptedEngine):
    """Every hypothesis attends to the source through its first target word only."""

    def _hyp(self, text: str, score: float = -1.0) -> Hypothesis:
        tokens = tuple(self.tokenize([text])[0])
        rows = tuple(tuple(1.0 if row == 0 else 0.0 for _ in range(32)) for row in range(len(tokens)))
        return Hypothesis(text, tokens, score, rows)


def test_a_later_repair_round_keeps_what_an_earlier_one_forced() -> None:
    """The second term's best-attended place is inside the first round's forced prefix: the second
    round cuts after that prefix instead of undoing the first term."""
    source = "Lo sceneggiatore parla agli abbonati."
    engine = _AttendsToFirstWord(
        {source: ["Someone talks to the people."] * 4}, lambda s, p: p + " talks to them."
    )
    result = enforce(engine, source)
    assert engine.prefixes[0] == "Screenwriter"
    assert engine.prefixes[1] == "Screenwriter subscribers"  # not "Subscribers", which drops the first
    assert "Screenwriter" in result.target and "subscribers" in result.target and not result.problems


def test_token_log_probs_score_each_target_token_then_the_end(engine: Engine) -> None:
    source, target = engine.tokenize(["Lo sceneggiatore ha finito.", "The screenwriter has"])
    (log_probs,) = engine.token_log_probs([source], [target])
    assert len(log_probs) == len(target) + 1 and all(lp <= 0 for lp in log_probs)
    assert engine.score_tokens([source], [target]) == [pytest.approx(sum(log_probs) / len(log_probs))]


def test_a_greedy_call_decodes_with_a_beam_of_one(engine: Engine) -> None:
    tokens = engine.tokenize(["Lo sceneggiatore ha finito."])
    assert len(engine.translate_tokens(tokens, greedy=True)[0]) == 1
    with pytest.raises(ValueError, match="of a beam of 1"):
        engine.translate_tokens(tokens, num_hypotheses=2, greedy=True)
    assert len(engine.translate_tokens(tokens, num_hypotheses=4)[0]) == 4  # the run's beam otherwise
