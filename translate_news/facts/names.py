"""Proper names of the source as implicit glossary terms, so enforcement repairs a name the MT dropped.

A name the facts extractor is sure of (not a sentence-opening word, not a stop word) becomes a
lightweight ``GlossaryEntry``: do-not-translate for a plain name (Vitale stays Vitale), the English
exonym for a place the exonym table knows (Venezia → Venice, with the Italian form forbidden unless
the table or the context accepts it). These entries live only for one enforcement call and are marked
``implicit`` (their ids start with ``IMPLICIT_PREFIX``, which a real glossary id cannot hold, so they
never clash with one), so enforcement never writes them as ``glossary:`` notes nor as glossary
problems; a name still missing is reported by the name check, which names the same entry
(:func:`name_entry_id`), so a name the glossary covers is reported once, by the glossary's entry.
"""

from __future__ import annotations

from collections.abc import Sequence

from translate_news.facts.extract import Fact, extract_names
from translate_news.facts.lexicon import exonyms
from translate_news.glossary.match import Hit
from translate_news.glossary.model import IMPLICIT_PREFIX, Glossary, GlossaryEntry, dnt_names

__all__ = ["covering_hit", "name_entry", "name_entry_id", "name_terms", "with_name_terms"]


def name_entry(name: Fact) -> GlossaryEntry:
    """The implicit glossary entry for one extracted name (its values are the accepted English forms)."""
    table = exonyms()
    preferred = table.get(name.text, (name.text,))
    forms = tuple(dict.fromkeys([*preferred, *sorted(name.values)]))
    exonym = forms != (name.text,)
    return GlossaryEntry(
        id=f"{IMPLICIT_PREFIX}{name.text}={'|'.join(forms)}",
        source=name.text,
        target=forms[0],
        source_forms=(name.text,),
        target_forms=forms,
        case_sensitive=True,
        dnt=not exonym,
        forbidden=() if name.text in forms else (name.text,),
        note="name from the source",
        implicit=True,
    )


def covering_hit(name: Fact, hits: Sequence[Hit]) -> Hit | None:
    """The glossary hit that overlaps the name, if any: the glossary then says what the span becomes."""
    return next((h for h in hits if h.start < name.end and name.start < h.end), None)


def name_entry_id(name: Fact, hits: Sequence[Hit]) -> str:
    """The entry a name's finding is about: the glossary's entry for a span it covers, else the name's
    implicit entry (the one enforcement used for it)."""
    hit = covering_hit(name, hits)
    return hit.entry_id if hit is not None else name_entry(name).id


def name_terms(
    source: str, hits: Sequence[Hit], known: frozenset[str] = frozenset()
) -> tuple[tuple[GlossaryEntry, Hit], ...]:
    """Each confident name of ``source`` outside the glossary's own hits, with its entry and hit."""
    terms = []
    for name in extract_names(source, known):
        if covering_hit(name, hits) is not None:
            continue  # the glossary already says what this span becomes
        entry = name_entry(name)
        terms.append((entry, Hit(entry.id, name.start, name.end, name.text)))
    return tuple(terms)


def with_name_terms(
    glossary: Glossary | None, sources: Sequence[str], hits: Sequence[Sequence[Hit]]
) -> tuple[Glossary, list[tuple[Hit, ...]]]:
    """The glossary plus every source's implicit name entries, and each source's hits with its names."""
    known = dnt_names(glossary)
    entries: dict[str, GlossaryEntry] = {e.id: e for e in glossary.entries} if glossary else {}
    merged = []
    for source, source_hits in zip(sources, hits, strict=True):
        terms = name_terms(source, source_hits, known)
        entries.update((entry.id, entry) for entry, _ in terms)
        merged.append(tuple(sorted((*source_hits, *(hit for _, hit in terms)), key=lambda h: h.start)))
    return Glossary(glossary.path if glossary else None, tuple(entries.values())), merged
