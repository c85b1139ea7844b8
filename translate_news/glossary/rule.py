"""The one glossary-compliance rule: what a translation must do with each glossary term in its source.

A term found in the source is met when an acceptable target form is in the translation (verbatim for
do-not-translate terms) and no forbidden variant is. Enforcement picks among n-best hypotheses with
it, cached drafts get their QA notes from it, and ``check`` reports it: all three call
:func:`term_problems`, so they cannot disagree about a sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from translate_news.glossary.match import Hit, find_forbidden, find_target_term
from translate_news.glossary.model import Glossary, GlossaryEntry, acceptable_targets

ProblemKind = Literal["missing-term", "dnt-altered", "forbidden-variant"]


@dataclass(frozen=True)
class TermProblem:
    """One way a translation breaks the rule for one source hit.

    ``found`` is the forbidden variant in the translation ("" when the term is simply missing);
    ``expected`` the acceptable renderings, as the reports show them.
    """

    hit: Hit
    entry: GlossaryEntry
    kind: ProblemKind
    expected: str
    found: str


def term_problems(glossary: Glossary | None, hits: Sequence[Hit], target: str) -> tuple[TermProblem, ...]:
    """Every problem of ``target`` with the glossary hits of its source, in hit order: a missing (or,
    for do-not-translate terms, altered) term once, else each forbidden variant used beside it."""
    if glossary is None:
        return ()
    return tuple(
        problem for hit in hits for problem in hit_problems(glossary.by_id[hit.entry_id], hit, target)
    )


def hit_problems(entry: GlossaryEntry, hit: Hit, target: str) -> tuple[TermProblem, ...]:
    """The rule for one hit of one entry, explicit or implicit (a source name checks through here)."""
    expected = " / ".join(acceptable_targets(entry, hit.text))
    forbidden = find_forbidden(entry, target)
    if find_target_term(entry, target, hit.text) is None:
        kind: ProblemKind = "dnt-altered" if entry.dnt else "missing-term"
        return (TermProblem(hit, entry, kind, expected, forbidden[0][2] if forbidden else ""),)
    return tuple(TermProblem(hit, entry, "forbidden-variant", expected, v) for _, _, v in forbidden)


def unmet_hits(
    glossary: Glossary | None, hits: Sequence[Hit], target: str
) -> list[tuple[Hit, GlossaryEntry]]:
    """The hits whose term ``target`` does not meet, each once, in hit order."""
    return list(dict.fromkeys((p.hit, p.entry) for p in term_problems(glossary, hits, target)))


def rendering(entry: GlossaryEntry, hit: Hit, target: str) -> str | None:
    """What stands for the hit's term in ``target``: an acceptable form as written, else the first
    forbidden variant used, else None (the consistency check counts these across a run)."""
    span = find_target_term(entry, target, hit.text)
    if span is not None:
        return target[span[0] : span[1]]
    forbidden = find_forbidden(entry, target)
    return forbidden[0][2] if forbidden else None
