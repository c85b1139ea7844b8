"""Tests for keeping inline Markdown out of MT and restoring it around the English words."""

from __future__ import annotations

import pytest

from translate_news.documents.inline import InlineSpan, Kept, restore_inline, strip_inline


def marked(text: str) -> tuple[str, list[tuple[str, str, str]]]:
    """Plain text and (open, inner, close) for each span."""
    plain, spans = strip_inline(text)
    return plain, [(s.open, plain[s.start : s.end], s.close) for s in spans]


@pytest.mark.parametrize(
    ("text", "plain", "spans"),
    [
        ("Un **grande** giorno.", "Un grande giorno.", [("**", "grande", "**")]),
        ("Un __grande__ giorno.", "Un grande giorno.", [("__", "grande", "__")]),
        ("Era *davvero* tardi.", "Era davvero tardi.", [("*", "davvero", "*")]),
        ("Era _davvero_ tardi.", "Era davvero tardi.", [("_", "davvero", "_")]),
        ("Digita `ls -l` ora.", "Digita ls -l ora.", [("`", "ls -l", "`")]),
        (
            "Leggi [il bando](https://a.it/x_y) qui.",
            "Leggi il bando qui.",
            [("[", "il bando", "](https://a.it/x_y)")],
        ),
        (
            "Una ![foto del palco](img/p.jpg).",
            "Una foto del palco.",
            [("![", "foto del palco", "](img/p.jpg)")],
        ),
        ("Ha letto l'*Eternauta* ieri.", "Ha letto l'Eternauta ieri.", [("*", "Eternauta", "*")]),
        (
            "**Roma** e *Milano*, poi `x`.",
            "Roma e Milano, poi x.",
            [("**", "Roma", "**"), ("*", "Milano", "*"), ("`", "x", "`")],
        ),
        # Outermost only: nested emphasis stays in the text.
        ("Un **voto *molto* atteso**.", "Un voto *molto* atteso.", [("**", "voto *molto* atteso", "**")]),
    ],
)
def test_strip_inline(text, plain, spans):
    assert marked(text) == (plain, spans)


@pytest.mark.parametrize(
    "text",
    [
        "Una frase semplice, senza nulla.",
        "Il file nome_file_finale è pronto.",
        "Costa 3*4*5 euro.",
        "Il calcolo 3 * 4 = 12 è giusto.",
        "L'asterisco * da solo e il trattino _ da solo.",
        "Un'[altra] parentesi senza link.",
    ],
)
def test_text_without_markup_unchanged(text):
    assert strip_inline(text) == (text, ())


def test_restore_without_spans_returns_target():
    assert restore_inline("Niente.", (), "Nothing.") == ("Nothing.", [])


def test_restore_whole_sentence():
    plain, spans = strip_inline("**Vince la squadra di casa**.")
    out, lost = restore_inline(plain, spans, "The home team wins.")
    assert (out, lost) == ("**The home team wins**.", [])


def test_restore_whole_sentence_including_its_period():
    plain, spans = strip_inline("*Tutto chiuso fino a lunedì.*")
    out, lost = restore_inline(plain, spans, "Everything closed until Monday.")
    # The span covered the period in Italian; the English keeps all words inside the markup.
    assert out.startswith("*Everything") and out.replace("*", "") == "Everything closed until Monday."
    assert lost == []


def test_restore_verbatim_name():
    plain, spans = strip_inline("Ha parlato *Anna Bianchi* a Torino.")
    assert restore_inline(plain, spans, "Anna Bianchi spoke in Turin.") == (
        "*Anna Bianchi* spoke in Turin.",
        [],
    )


def test_restore_verbatim_is_whole_word_only():
    plain, spans = strip_inline("Il gruppo **Neri** suona.")
    out, kept = restore_inline(plain, spans, "The Nerissimi band plays.")
    # not around "Neri" inside "Nerissimi": kept around the sentence, and said
    assert (out, kept) == (
        "**The Nerissimi band plays**.",
        [Kept("**Neri**", "sentence", "The Nerissimi band plays")],
    )


def test_restore_link_with_counterpart():
    plain, spans = strip_inline("Leggi il [comunicato](https://x.it/c) dei sindacati.")
    out, lost = restore_inline(plain, spans, "Read the unions' statement.", {"comunicato": ("statement",)})
    assert (out, lost) == ("Read the unions' [statement](https://x.it/c).", [])


def test_restore_two_spans_same_word_do_not_overlap():
    plain, spans = strip_inline("*Roma* batte **Roma**?")
    assert spans == (InlineSpan(0, 4, "*", "*"), InlineSpan(11, 15, "**", "**"))
    out, lost = restore_inline(plain, spans, "Rome beats Rome?", {"Roma": ("Rome",)})
    assert (out, lost) == ("*Rome* beats **Rome**?", [])


def test_restore_unplaceable_span_is_kept_around_the_sentence_not_lost():
    """Before, the emphasis was dropped from the English; now it stays, around the words the placed
    code leaves free, and is reported for the reviewer."""
    plain, spans = strip_inline("Lo **sciopero** continua e `cmd` pure.")
    out, kept = restore_inline(plain, spans, "The walkout goes on, and so does cmd.")
    assert out == "**The walkout goes on, and so does** `cmd`."
    assert kept == [Kept("**sciopero**", "sentence", "The walkout goes on, and so does")]


def test_unplaced_link_goes_around_the_best_aligned_words():
    plain, spans = strip_inline("Leggi il [comunicato del ministero](https://x.it/c) di ieri sera.")
    out, kept = restore_inline(plain, spans, "Read last night's statement from the Ministry.")
    assert out == "Read last night's statement from the [Ministry](https://x.it/c)."
    assert kept == [Kept("[comunicato del ministero](https://x.it/c)", "aligned", "Ministry")]


def test_unplaced_link_aligns_on_glossary_targets_and_its_own_mt():
    plain, spans = strip_inline("Vedi il [nuovo film di Rossi](https://x.it/f) al cinema.")
    counterparts = {"film": ("movie",), "nuovo film di Rossi": ("Rossi's new movie",)}
    out, kept = restore_inline(plain, spans, "See the latest Rossi movie at the cinema.", counterparts)
    assert out == "See the latest [Rossi movie](https://x.it/f) at the cinema."
    assert kept[0].how == "aligned"


def test_atom_without_a_word_to_follow_keeps_its_relative_place():
    plain, spans = strip_inline("Prima riga<br>seconda riga.")
    out, kept = restore_inline(plain, spans, "Opening line then the next one.")
    assert out.count("<br>") == 1 and kept == [Kept("<br>", "position", out.split("<br>")[0].split()[-1])]
