"""Drafts: what each sentence of a catalog gets when no person's translation is kept: a reviewed
translation from the memory, or the machine translation with its markup restored, localized, and
notes saying what enforcement, localization and the facts checks did.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from translate_news.documents.inline import restore_inline
from translate_news.documents.registry import format_named
from translate_news.errors import InputError
from translate_news.exchange import TMUnit
from translate_news.facts.extract import FigureOutOfRange, extract_facts
from translate_news.facts.localize import LocalizeSettings
from translate_news.findings import Finding, Severity
from translate_news.glossary.match import Hit
from translate_news.glossary.model import Glossary, acceptable_targets
from translate_news.mt.enforce import Translation
from translate_news.pipeline.prepare import Prepared
from translate_news.provenance import Provenance, mt_provenance
from translate_news.qa.checks import (
    SentencePair,
    check_italian,
    check_long_segment,
    check_no_translation,
    checks_for,
    fact_findings,
    markup_not_placed,
    run_checks,
)
from translate_news.qa.folder import sentence_pair
from translate_news.review.catalog import Decision, Draft, entry_text, human_state

__all__ = ["PERSON_CHECKS", "draft_facts", "drafts", "person_qa_notes"]

# What the run checks on a person's text: what ``check`` reports, and the source's missed sentence end
# (a draft is noted for it too, and a person's translation does not split the Italian).
PERSON_CHECKS = (*checks_for("default"), "long-segment")


def _drafts(
    item: Prepared,
    plan: dict[str, Decision],
    translations: Mapping[str, tuple[Translation, str]],
    reviewed: Mapping[str, TMUnit],
    glossary: Glossary | None,
    settings: LocalizeSettings | None = None,
) -> dict[str, Draft]:
    drafts: dict[str, Draft] = {}
    for msgid, decision in plan.items():
        if decision.kind == "keep":
            continue
        try:
            drafts[msgid] = _draft(item, msgid, translations, reviewed, glossary, settings)
        except FigureOutOfRange as exc:  # the sentence cannot be checked: it costs its article, named
            raise InputError(item.article.path, str(exc), _first_line(item, msgid)) from None
    return drafts


def _draft(
    item: Prepared,
    msgid: str,
    translations: Mapping[str, tuple[Translation, str]],
    reviewed: Mapping[str, TMUnit],
    glossary: Glossary | None,
    settings: LocalizeSettings | None,
) -> Draft:
    """One sentence's draft: a reviewed translation from the memory, else the MT made ready to review."""
    if msgid in reviewed:
        unit = reviewed[msgid]
        where = f" in {unit.article}" if unit.article else ""
        who = f" by {unit.reviewer}" if unit.reviewer else ""
        return Draft(unit.target, Provenance("tm", f"reviewed{where}{who} {unit.date}".rstrip()))
    text, spans = item.plain[msgid]
    translation, provenance = translations[text]
    counterparts = _glossary_counterparts(glossary, item.hits[msgid])
    for span in spans:
        phrase = text[span.start : span.end]
        alone = translations[phrase][0].target.rstrip(".!?;:,")
        counterparts[phrase] = (*counterparts.get(phrase, ()), alone)
    escape = format_named(item.article.format).escape
    target, kept = restore_inline(text, spans, translation.target, counterparts, escape)
    fmt = item.article.format
    target, localized, facts = _localized(glossary, fmt, msgid, target, item.hits[msgid], settings)
    seg = SentencePair(msgid, target, msgid=msgid)
    findings = [*translation.problems, *map(markup_not_placed, kept), *facts]
    findings += check_no_translation(seg) + check_long_segment(seg) + check_italian(seg)
    notes = [f"glossary: {applied}" for applied in translation.applied]
    notes += [f"localized: {change}" for change in localized]
    notes += [finding.note() for finding in findings]
    return Draft(
        target,
        mt_provenance(provenance, target),
        tuple(notes),
        complete=not translation.problems and not kept and not facts and bool(target.strip()),
    )


def person_qa_notes(
    item: Prepared, plan: Mapping[str, Decision], glossary: Glossary | None
) -> dict[str, tuple[str, ...]]:
    """The ``qa:`` notes of each kept entry whose text is a person's (reviewed or an edit in progress),
    checked on that text: the draft's notes described a text that is gone.

    A figure no check can read (a number beyond any real one) is said in a note, not raised: a
    person's text must not cost the article its run."""
    fmt = format_named(item.article.format)
    notes: dict[str, tuple[str, ...]] = {}
    for msgid, decision in plan.items():
        entry = decision.old
        if decision.kind != "keep" or entry is None or human_state(entry) is None:
            continue
        pair = sentence_pair(msgid, entry_text(entry), fmt, item.hits.get(msgid, ()))
        try:
            findings = run_checks(pair, glossary, PERSON_CHECKS)
        except FigureOutOfRange as exc:
            notes[msgid] = (f"qa: not checked: {exc}",)
            continue
        notes[msgid] = tuple(dict.fromkeys(finding.note() for finding in findings))
    return notes


def _first_line(item: Prepared, msgid: str) -> int | None:
    """The source line where ``msgid`` first occurs, for the one-line error."""
    return next((seg.line for seg in item.segments if seg.text == msgid), None)


def _localized(
    glossary: Glossary | None,
    fmt: str,
    msgid: str,
    target: str,
    hits: Sequence[Hit],
    settings: LocalizeSettings | None = None,
) -> tuple[str, tuple[str, ...], list[Finding]]:
    """MT output with Italian number formats and quotes made English, the changes, and facts findings."""
    from translate_news.facts import localize

    strip = format_named(fmt).strip_inline
    source, _ = strip(msgid)
    target, changes = localize(source, target, settings)
    plain_target, _ = strip(target)
    return target, changes, draft_facts(source, plain_target, glossary, hits)


def draft_facts(source: str, target: str, glossary: Glossary | None, hits: Sequence[Hit]) -> list[Finding]:
    """The facts findings of a machine draft. A figure beyond any real one in the draft alone (a model
    looping on a digit: "12222222222222222.1 billion dollars" for "12,1 mld. di dollari") is the draft's
    fault, not the article's: an error finding that keeps the draft from passing as complete. In the
    source it still raises: that sentence cannot be checked, and its article is refused, named."""
    try:
        return fact_findings(source, target, glossary, hits)
    except FigureOutOfRange as exc:
        extract_facts(source, "it")  # raises when the figure is the source's own
        return [Finding("number", Severity.ERROR, f"number: not checked: {exc}")]


def _glossary_counterparts(glossary: Glossary | None, hits: Iterable[Hit]) -> dict[str, tuple[str, ...]]:
    """Source term → target terms, so markup around a term can be put around its translation."""
    if glossary is None:
        return {}
    return {hit.text: acceptable_targets(glossary.by_id[hit.entry_id], hit.text) for hit in hits}


drafts = _drafts  # the public name; ``_drafts`` stays the one other changes patch
