"""Proper names of the source as implicit glossary terms, so enforcement repairs a name the MT dropped.

A name the facts extractor is sure of (not a sentence-opening word, not a stop word) becomes a
lightweight ``GlossaryEntry``: do-not-translate for a plain name (Vitale stays Vitale), the English
exonym for a place the exonym table knows (Venezia → Venice, with the Italian form forbidden unless
the table or the context accepts it). These entries live only for one enforcement call and are marked
``implicit`` (their ids start with ``IMPLICIT_PREFIX``, which a real glossary id cannot hold, so they
never clash with one), so enforcement never writes them as ``glossary:`` notes nor as glossary
problems; a name still missing is reported by the facts check.
"""

from __future__ import annotations

from collections.abc import Sequence

from translate_news.facts.extract import Fact, extract_names
from translate_news.facts.lexicon import exonyms
from translate_news.glossary.match import Hit
from translate_news.glossary.model import Glossary, GlossaryEntry
from translate_news.mt.enforce import IMPLICIT_PREFIX

__all__ = ["name_entry", "name_terms", "with_name_terms"]


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


def name_terms(
    source: str, hits: Sequence[Hit], known: frozenset[str] = frozenset()
) -> tuple[tuple[GlossaryEntry, Hit], ...]:
    """Each confident name of ``source`` outside the glossary's own hits, with its entry and hit."""
    terms = []
    for name in extract_names(source, known):
        if any(h.start < name.end and name.start < h.end for h in hits):
            continue  # the glossary already says what this span becomes
        entry = name_entry(name)
        terms.append((entry, Hit(entry.id, name.start, name.end, name.text)))
    return tuple(terms)


def with_name_terms(
    glossary: Glossary | None, sources: Sequence[str], hits: Sequence[Sequence[Hit]]
) -> tuple[Glossary, list[tuple[Hit, ...]]]:
    """The glossary plus every source's implicit name entries, and each source's hits with its names."""
    known = frozenset(e.source for e in glossary.entries if e.dnt) if glossary else frozenset()
    entries: dict[str, GlossaryEntry] = {e.id: e for e in glossary.entries} if glossary else {}
    merged = []
    for source, source_hits in zip(sources, hits, strict=True):
        terms = name_terms(source, source_hits, known)
        entries.update((entry.id, entry) for entry, _ in terms)
        merged.append(tuple(sorted((*source_hits, *(hit for _, hit in terms)), key=lambda h: h.start)))
    return Glossary(glossary.path if glossary else None, tuple(entries.values())), merged
