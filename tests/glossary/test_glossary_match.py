"""Matching glossary terms in Italian text, and their renderings in English, with no fuzzy matching."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import GLOSSARY as FILM_TV

from translate_news.glossary.match import (
    Hit,
    build_matcher,
    find_forbidden,
    find_hits,
    find_target_term,
    match_key,
)
from translate_news.glossary.model import Glossary, GlossaryEntry, load_glossary, make_entry

ENTRIES = (
    make_entry("co-ceo", "co-CEO", "co-CEO", target_forms=["co-CEOs"], case_sensitive=True),
    make_entry("ceo", "CEO", "CEO", case_sensitive=True),
    make_entry("pre-visualizzazione", "pre-visualizzazione", "previsualization"),
    make_entry("ia", "intelligenza artificiale", "artificial intelligence", target_forms=["AI"]),
    make_entry("iag", "intelligenza artificiale generativa", "generative AI"),
    make_entry(
        "sceneggiatore",
        "sceneggiatore",
        "screenwriter",
        source_forms=["sceneggiatrice", "sceneggiatori", "sceneggiatrici"],
        target_forms=["screenwriters"],
        forbidden=["scriptwriter", "scriptwriters", "script writer"],
    ),
    make_entry("sceneggiatura", "sceneggiatura", "screenplay"),
    make_entry("regista", "regista", "director", source_forms=["registi"], target_forms=["directors"]),
    make_entry("attore", "attore", "actor", source_forms=["attori"]),
    make_entry("intervista", "intervista", "interview"),
    make_entry("diritti-d-autore", "diritti d'autore", "copyright"),
    make_entry("piattaforma", "piattaforma di streaming", "streaming platform"),
    make_entry("effetti-visivi", "effetti visivi", "visual effects"),
    make_entry("wga", "WGA", case_sensitive=True, dnt=True),
    make_entry("rai", "RAI", source_forms=["Rai"], case_sensitive=True, dnt=True),
    make_entry("rai-word", "rai", "rai music"),
    make_entry("eternauta", "L'Eternauta", case_sensitive=True, dnt=True),
    make_entry("cinecitta", "Cinecittà", case_sensitive=True, dnt=True),
    make_entry("disney-plus", "Disney+", case_sensitive=True, dnt=True),
    make_entry("sindacato", "sindacato", "union", forbidden=["syndicate"]),
)
GLOSSARY = Glossary(None, ENTRIES)
MATCHER = build_matcher(GLOSSARY)


def hits(text: str) -> list[tuple[str, str]]:
    found = find_hits(MATCHER, text)
    for hit in found:
        assert text[hit.start : hit.end] == hit.text
    return [(hit.entry_id, hit.text) for hit in found]


def entry(entry_id: str) -> GlossaryEntry:
    return GLOSSARY.by_id[entry_id]


# --- Unicode normalisation -----------------------------------------------------------------------


def test_nfd_text_matches_and_offsets_point_into_the_original() -> None:
    text = unicodedata.normalize("NFD", "Gli studi di Cinecittà e la città.")
    assert text != unicodedata.normalize("NFC", text)
    [hit] = find_hits(MATCHER, text)
    assert hit.entry_id == "cinecitta"
    assert (hit.start, hit.end) == (13, 23)
    assert hit.text == text[13:23] == unicodedata.normalize("NFD", "Cinecittà")


def test_nfc_text_matches() -> None:
    assert hits("Gli studi di Cinecittà.") == [("cinecitta", "Cinecittà")]


def test_offsets_after_a_decomposed_accent_earlier_in_the_text() -> None:
    text = "Perche\u0301 il regista?"
    [hit] = find_hits(MATCHER, text)
    assert text[hit.start : hit.end] == "regista"


def test_nfd_glossary_form_matches_nfc_text() -> None:
    decomposed = make_entry("cinecitta", unicodedata.normalize("NFD", "Cinecittà"), dnt=True)
    matcher = build_matcher(Glossary(None, (decomposed,)))
    assert [hit.text for hit in find_hits(matcher, "a Cinecittà")] == ["Cinecittà"]


# --- apostrophes, elision ------------------------------------------------------------------------


@pytest.mark.parametrize("apostrophe", ["'", "’", "ʼ", "‘"])
def test_every_apostrophe_is_equivalent(apostrophe: str) -> None:
    assert hits(f"i diritti d{apostrophe}autore") == [("diritti-d-autore", f"diritti d{apostrophe}autore")]
    assert hits(f"è L{apostrophe}Eternauta") == [("eternauta", f"L{apostrophe}Eternauta")]


@pytest.mark.parametrize(
    "elided", ["l’", "dell’", "all’", "sull’", "dall’", "nell’", "un’", "quell’", "d’", "l'"]
)
def test_elided_article_or_preposition_does_not_block_a_match(elided: str) -> None:
    text = f"parla {elided}intervista"
    [hit] = find_hits(MATCHER, text)
    assert hit.text == "intervista"
    assert hit.start == len("parla ") + len(elided)


def test_elided_article_before_a_multiword_term() -> None:
    assert hits("dell’intelligenza artificiale") == [("ia", "intelligenza artificiale")]


def test_title_with_its_own_article_after_another_elided_word() -> None:
    assert hits("le riprese dell’Eternauta") == [("eternauta", "Eternauta")]
    assert hits("L'Eternauta e l’Eternauta") == [("eternauta", "L'Eternauta"), ("eternauta", "Eternauta")]
    # Without an elided word in front, the bare title word is not the entry.
    assert hits("Eternauta") == []


# --- hyphens -------------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["co-CEO", "co CEO", "co‑CEO", "co‐CEO", "co–CEO", "coCEO", "co\nCEO"])
def test_hyphenated_form_matches_hyphen_variants_a_space_or_nothing(written: str) -> None:
    assert hits(f"il {written} di Netflix") == [("co-ceo", written)]


@pytest.mark.parametrize(
    "written", ["pre-visualizzazione", "previsualizzazione", "pre visualizzazione", "pre‑visualizzazione"]
)
def test_previsualizzazione_variants(written: str) -> None:
    assert hits(f"La {written} degli effetti") == [("pre-visualizzazione", written)]


def test_co_ceo_wins_over_ceo_and_lone_ceo_still_matches() -> None:
    assert hits("il co-CEO e il CEO") == [("co-ceo", "co-CEO"), ("ceo", "CEO")]


def test_a_hyphen_is_a_word_boundary_for_other_terms() -> None:
    assert hits("ex-regista") == [("regista", "regista")]


# --- case ----------------------------------------------------------------------------------------


def test_case_sensitive_acronym_matches_only_in_its_case() -> None:
    assert hits("la WGA e la wga") == [("wga", "WGA")]
    assert hits("la Wga") == []


def test_case_sensitive_and_case_insensitive_entries_side_by_side() -> None:
    assert hits("RAI, Rai e rai") == [("rai", "RAI"), ("rai", "Rai"), ("rai-word", "rai")]


def test_case_insensitive_entry_matches_any_case() -> None:
    assert hits("REGISTA, Regista, regista") == [
        ("regista", "REGISTA"),
        ("regista", "Regista"),
        ("regista", "regista"),
    ]


def test_case_sensitive_co_ceo_lowercase_does_not_match() -> None:
    assert hits("il co-ceo") == []


# --- longest match, boundaries, multiword --------------------------------------------------------


def test_longest_match_first() -> None:
    assert hits("l'intelligenza artificiale generativa e l'intelligenza artificiale") == [
        ("iag", "intelligenza artificiale generativa"),
        ("ia", "intelligenza artificiale"),
    ]


def test_longest_match_regardless_of_glossary_order() -> None:
    short_first = Glossary(None, (ENTRIES[3], ENTRIES[4]))
    long_first = Glossary(None, (ENTRIES[4], ENTRIES[3]))
    text = "intelligenza artificiale generativa"
    for glossary in (short_first, long_first):
        assert [hit.entry_id for hit in find_hits(build_matcher(glossary), text)] == ["iag"]


@pytest.mark.parametrize(
    "text",
    [
        "la sceneggiatura",
        "sceneggiatoreX",
        "resceneggiatore",
        "registrazione",
        "registazione",
        "attorei",
        "Rai3",
    ],
)
def test_no_match_inside_other_words(text: str) -> None:
    assert [
        hit for hit in find_hits(MATCHER, text) if hit.entry_id in ("sceneggiatore", "regista", "rai")
    ] == []


def test_sceneggiatore_is_not_sceneggiatura() -> None:
    assert hits("lo sceneggiatore firma la sceneggiatura") == [
        ("sceneggiatore", "sceneggiatore"),
        ("sceneggiatura", "sceneggiatura"),
    ]


def test_letters_with_accents_are_word_characters() -> None:
    assert hits("registà attoreè") == []


def test_digits_are_word_characters() -> None:
    assert hits("regista2 2regista") == []


def test_punctuation_around_a_term() -> None:
    assert hits("(regista), «attori», 'regista'") == [
        ("regista", "regista"),
        ("attore", "attori"),
        ("regista", "regista"),
    ]


def test_form_ending_in_punctuation() -> None:
    assert hits("su Disney+, e Disney") == [("disney-plus", "Disney+")]


@pytest.mark.parametrize("gap", [" ", "\n", "  ", " \n ", "\t", "\u00a0"])
def test_multiword_terms_match_across_any_whitespace(gap: str) -> None:
    assert hits(f"una piattaforma{gap}di{gap}streaming") == [
        ("piattaforma", f"piattaforma{gap}di{gap}streaming")
    ]
    assert hits(f"gli effetti{gap}visivi") == [("effetti-visivi", f"effetti{gap}visivi")]


def test_multiword_terms_need_every_word() -> None:
    assert hits("piattaforma di download; effetti sonori") == []


def test_empty_glossary_and_empty_text() -> None:
    assert find_hits(build_matcher(Glossary(None, ())), "regista") == []
    assert find_hits(MATCHER, "") == []


def test_forms_without_letters_are_never_matched() -> None:
    odd = make_entry("dash", "regista", "director", source_forms=["-"])
    matcher = build_matcher(Glossary(None, (odd,)))
    assert [hit.text for hit in find_hits(matcher, "- regista -")] == ["regista"]


def test_film_glossary_on_a_news_paragraph() -> None:
    glossary = load_glossary(FILM_TV)
    text = (
        "Lo sciopero della WGA e di SAG-AFTRA ha fermato le riprese di molte serie TV. Il co‑CEO di "
        "Netflix ha detto che l’intelligenza artificiale generativa non sostituirà gli sceneggiatori. "
        "Le maestranze di Cinecittà tornano sul set dell’Eternauta; la postproduzione e "
        "la previsualizzazione degli effetti\n"
        "visivi sono affidate a una casa di produzione. Su Disney+ gli abbonati crescono."
    )
    found = [(hit.entry_id, hit.text) for hit in find_hits(build_matcher(glossary), text)]
    assert found == [
        ("sciopero", "sciopero"),
        ("wga", "WGA"),
        ("sag-aftra", "SAG-AFTRA"),
        ("riprese", "riprese"),
        ("serie-tv", "serie TV"),
        ("co-ceo", "co‑CEO"),
        ("netflix", "Netflix"),
        ("intelligenza-artificiale-generativa", "intelligenza artificiale generativa"),
        ("sceneggiatore", "sceneggiatori"),
        ("maestranze", "maestranze"),
        ("cinecitta", "Cinecittà"),
        ("set", "set"),
        ("l-eternauta", "Eternauta"),
        ("post-produzione", "postproduzione"),
        ("pre-visualizzazione", "previsualizzazione"),
        ("effetti-visivi", "effetti\nvisivi"),
        ("casa-di-produzione", "casa di produzione"),
        ("disney-plus", "Disney+"),
        ("abbonati", "abbonati"),
    ]


# --- the English side ----------------------------------------------------------------------------


def test_find_target_term_any_form_case_insensitive() -> None:
    text = "Two Screenwriters met."
    assert find_target_term(entry("sceneggiatore"), text, "sceneggiatori") == (4, 17)
    assert find_target_term(entry("sceneggiatore"), "The scriptwriter", "sceneggiatore") is None


def test_find_target_term_respects_word_boundaries() -> None:
    assert find_target_term(entry("regista"), "the directorate", "regista") is None
    assert find_target_term(entry("regista"), "the director's cut", "regista") == (4, 12)


def test_find_target_term_hyphen_and_apostrophe_tolerance() -> None:
    assert find_target_term(entry("co-ceo"), "the co‑CEOs said", "co-CEO") == (4, 11)
    assert find_target_term(entry("co-ceo"), "the co CEO said", "co CEO") == (4, 10)
    assert find_target_term(entry("eternauta"), "in L’Eternauta", "L'Eternauta") == (3, 14)


def test_find_target_term_case_sensitive_entry() -> None:
    assert find_target_term(entry("wga"), "the wga", "WGA") is None
    assert find_target_term(entry("wga"), "the WGA", "WGA") == (4, 7)


def test_find_target_term_dnt_accepts_the_matched_source_text() -> None:
    assert find_target_term(entry("rai"), "Rai said", "Rai") == (0, 3)
    assert find_target_term(entry("eternauta"), "the Eternauta series", "Eternauta") == (4, 13)


def test_find_target_term_prefers_the_longest_form_at_a_position() -> None:
    entry_ = make_entry(
        "ia", "intelligenza artificiale", "AI", target_forms=["AI models", "artificial intelligence"]
    )
    assert find_target_term(entry_, "new AI models", "intelligenza artificiale") == (4, 13)


def test_find_target_term_offsets_in_decomposed_text() -> None:
    cinecitta = entry("cinecitta")
    text = unicodedata.normalize("NFD", "At Cinecittà")
    start, end = find_target_term(cinecitta, text, "Cinecittà") or (0, 0)
    assert text[start:end] == unicodedata.normalize("NFD", "Cinecittà")


def test_find_forbidden_returns_every_occurrence_and_the_listed_form() -> None:
    text = "The Scriptwriter and two script  writers; scriptwriters."
    assert find_forbidden(entry("sceneggiatore"), text) == [
        (4, 16, "scriptwriter"),
        (42, 55, "scriptwriters"),
    ]
    assert find_forbidden(entry("sceneggiatore"), "a script\nwriter") == [(2, 15, "script writer")]
    assert find_forbidden(entry("sindacato"), "the syndicated show") == []
    assert find_forbidden(entry("regista"), "anything") == []


# --- helpers -------------------------------------------------------------------------------------


def test_match_key_folds_what_the_matcher_treats_as_equal() -> None:
    assert match_key("Co‑CEO", False) == match_key("co-ceo", False)
    assert match_key("d’autore", True) == "d'autore"
    assert match_key("RAI", True) != match_key("Rai", True)


# --- properties ----------------------------------------------------------------------------------

ALPHABET = st.sampled_from(
    list("aeiourstlnpgcdzRAIWGCEO ’'-‐‑–\n.,«»àèé")
    + ["e\u0301", "regista", "co-CEO", "Cinecitta\u0300", "rai"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_hits_never_overlap_and_slice_the_original(text: str) -> None:
    found = find_hits(MATCHER, text)
    previous_end = 0
    for hit in found:
        assert isinstance(hit, Hit)
        assert 0 <= previous_end <= hit.start < hit.end <= len(text)
        assert text[hit.start : hit.end] == hit.text
        previous_end = hit.end


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_text_gives_valid_offsets(text: str) -> None:
    previous_end = 0
    for hit in find_hits(MATCHER, text):
        assert previous_end <= hit.start < hit.end <= len(text)
        assert text[hit.start : hit.end] == hit.text
        previous_end = hit.end


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([e for e in ENTRIES if not e.dnt]),
    st.data(),
    st.sampled_from([" ", ". ", "\n", " (", "’"]),
    st.sampled_from([" ", ".", ",", ")", "\n"]),
)
def test_a_form_between_separators_is_found_where_it_was_put(
    chosen: GlossaryEntry, data: st.DataObject, before: str, after: str
) -> None:
    form = data.draw(st.sampled_from(chosen.source_forms))
    prefix = "Secondo il" + before
    text = prefix + form + after + "fine"
    found = find_hits(MATCHER, text)
    assert Hit(chosen.id, len(prefix), len(prefix) + len(form), form) in found
