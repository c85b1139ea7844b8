"""A scripted MT engine and a small glossary for enforcement tests (mt, glossary and facts suites).

Words are tokens; n-best lists per source; ``continue_from`` finishes a forced prefix.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from translate_news.glossary.match import build_matcher
from translate_news.glossary.model import Glossary, make_entry
from translate_news.mt.engine import Hypothesis

__all__ = ["GLOSSARY", "MATCHER", "ScriptedEngine"]

GLOSSARY = Glossary(
    None,
    (
        make_entry(
            "sceneggiatore",
            "sceneggiatore",
            "screenwriter",
            target_forms=["screenwriters"],
            source_forms=["sceneggiatori"],
            forbidden=["scriptwriter", "scriptwriters"],
        ),
        make_entry("eternauta", "L'Eternauta", dnt=True, case_sensitive=True, forbidden=["The Eternaut"]),
        make_entry("abbonati", "abbonati", "subscribers", forbidden=["members"]),
    ),
)
MATCHER = build_matcher(GLOSSARY)


class ScriptedEngine:
    """Words as tokens; n-best lists per source; ``continue_from`` finishes a forced prefix."""

    def __init__(
        self,
        nbest: dict[str, list[str]],
        continue_from: Callable[[str, str], str],
        scores: dict[str, float] | None = None,
    ) -> None:
        self.nbest = nbest
        self.continue_from = continue_from
        self.scores = scores or {}
        self.prefixes: list[str] = []

    def score_tokens(self, sources, targets):  # noqa: ANN001, ANN201
        texts = [" ".join(t[1:] for t in target) for target in targets]
        return [self.scores.get(text, -float(len(text))) for text in texts]

    def token_log_probs(self, sources, targets):  # noqa: ANN001, ANN201
        return [[-1.0] * (len(target) + 1) for target in targets]

    def tokenize(self, texts: Sequence[str]) -> list[list[str]]:
        return [["\u2581" + word for word in text.split()] for text in texts]

    def _hyp(self, text: str, score: float = -1.0) -> Hypothesis:
        return Hypothesis(text, tuple(self.tokenize([text])[0]), score)

    def translate_tokens(  # noqa: ANN201
        self,
        batch,
        *,
        num_hypotheses=1,
        target_prefix=None,
        return_attention=False,
        greedy=False,  # noqa: ANN001
    ):
        out = []
        for i, tokens in enumerate(batch):
            source = " ".join(t[1:] for t in tokens)
            prefix = target_prefix[i] if target_prefix else None
            if prefix:
                prefix_text = " ".join(t[1:] for t in prefix)
                self.prefixes.append(prefix_text)
                out.append([self._hyp(self.continue_from(source, prefix_text))])
            else:
                out.append(
                    [self._hyp(t, -float(n)) for n, t in enumerate(self.nbest[source][:num_hypotheses])]
                )
        return out
