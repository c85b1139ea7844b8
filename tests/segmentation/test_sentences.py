"""Tests for the Italian sentence splitter: the offset invariants, then one example per rule."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import ROOT

from translate_news.segmentation.sentences import split_sentences

DATA = ROOT / "translate_news" / "data" / "abbreviations.it.txt"


def data_section(name: str) -> list[str]:
    """Entries of one ``[section]`` of the abbreviation data file."""
    entries, current = [], None
    for raw in DATA.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("["):
            current = line
        elif line and current == f"[{name}]":
            entries.append(line)
    return entries


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def check_invariants(text: str) -> None:
    """Spans are ordered, stripped, non-empty, and with the whitespace between them rebuild ``text``."""
    spans = split_sentences(text)
    previous = 0
    for start, end in spans:
        assert previous <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip() and piece
        assert not text[previous:start].strip()
        previous = end
    assert not text[previous:].strip()
    assert bool(spans) == bool(text.strip())


# Sentence-like text: words, abbreviations, initials, numbers and every kind of punctuation the
# splitter looks at, glued with spaces, newlines or nothing at all.
_PIECES = st.sampled_from(
    [
        "Il",
        "governo",
        "ha",
        "detto",
        "Roma",
        "è",
        "po’",
        "dell’",
        "l'art",
        "Sig.",
        "Dott.ssa",
        "ecc.",
        "p. es.",
        "S.p.A.",
        "G.",
        "B.",
        "serie",
        "A",
        "e",
        "10.000",
        "3,5",
        "1.",
        "IV.",
        "mln.",
        "www.sito.it",
        ".",
        "..",
        "...",
        "…",
        "!",
        "?",
        "!?",
        "?!",
        ",",
        ";",
        ":",
        "«",
        "»",
        "“",
        "”",
        '"',
        "'",
        "’",
        "(",
        ")",
        "[",
        "]",
        "-",
        "–",
        "—",
        "\n",
        "\n\n",
        " ",
        "\t",
        "\xa0",
        "\x1c",
        "\u2028",
    ]
)
_SEPARATORS = st.sampled_from(["", " ", "  ", "\n", "\n\n", " \n ", "\xa0"])
sentence_like = st.lists(st.tuples(_PIECES, _SEPARATORS), max_size=40).map(
    lambda parts: "".join(piece + sep for piece, sep in parts)
)


@settings(max_examples=500)
@given(st.text())
def test_invariants_on_any_text(text: str) -> None:
    check_invariants(text)


@settings(max_examples=1500)
@given(sentence_like)
def test_invariants_on_sentence_like_text(text: str) -> None:
    check_invariants(text)


@settings(max_examples=300)
@given(sentence_like, st.text(alphabet=" \n\t\xa0", max_size=3), st.text(alphabet=" \n\t\xa0", max_size=3))
def test_invariants_with_surrounding_whitespace(text: str, before: str, after: str) -> None:
    check_invariants(before + text + after)


def test_empty_and_blank() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\t ") == []
    assert split_sentences("  Una frase sola  ") == [(2, 16)]


def test_offsets_point_into_the_input() -> None:
    text = "  Prima frase.  Seconda frase!\n"
    assert split_sentences(text) == [(2, 14), (16, 30)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Plain endings.
        ("Oggi piove. Domani esce il sole.", ["Oggi piove.", "Domani esce il sole."]),
        ("Chi vince? Nessuno lo sa! Vedremo.", ["Chi vince?", "Nessuno lo sa!", "Vedremo."]),
        ("Davvero?! Sì. Incredibile!? Forse.", ["Davvero?!", "Sì.", "Incredibile!?", "Forse."]),
        # A period after a shortened word (ends in a consonant, or dotted), then a lowercase word: no end.
        ("Arriva alle 8 p.m. del venerdì.", ["Arriva alle 8 p.m. del venerdì."]),
        ("Lo decide la sez. civile. Poi basta.", ["Lo decide la sez. civile.", "Poi basta."]),
        ("Un'opera ined. di Verga. Esce ora.", ["Un'opera ined. di Verga.", "Esce ora."]),
        ("La mozione cade. poi si vota.", ["La mozione cade.", "poi si vota."]),  # a full word
        ("Costa troppo. iPhone 17 arriva a marzo.", ["Costa troppo.", "iPhone 17 arriva a marzo."]),
        # Chains of abbreviations, dotted abbreviations.
        ("Il Cons. Reg. Mario Rossi vota.", ["Il Cons. Reg. Mario Rossi vota."]),
        ("Decide il Cons. Naz. Forense. Il resto no.", ["Decide il Cons. Naz. Forense.", "Il resto no."]),
        ("All'Ill.mo Sig. Sindaco di Roma.", ["All'Ill.mo Sig. Sindaco di Roma."]),
        ("Fondata la Alfa s.r.l. con sede a Bari.", ["Fondata la Alfa s.r.l. con sede a Bari."]),
        ("Parla il Cons. Naz. Poi vota.", ["Parla il Cons. Naz.", "Poi vota."]),
        ("Cresce del 4 per cento. 12 aziende chiudono.", ["Cresce del 4 per cento.", "12 aziende chiudono."]),
        ("Era il 2021. Nel 2022 tutto cambia.", ["Era il 2021.", "Nel 2022 tutto cambia."]),
        ("Il calo è del 5%. Il resto tiene.", ["Il calo è del 5%.", "Il resto tiene."]),
        ("Fine del primo tempo. - Riprende la partita.", ["Fine del primo tempo.", "- Riprende la partita."]),
        # Titles and forms of address.
        ("Il Sig. Esposito firma. La Sig.ra Conti no.", ["Il Sig. Esposito firma.", "La Sig.ra Conti no."]),
        ("Arriva la Dott.ssa Ferri con l'Avv. Greco.", ["Arriva la Dott.ssa Ferri con l'Avv. Greco."]),
        (
            "Parlano l'On. Marini e il Sen. Lodi. Poi basta.",
            ["Parlano l'On. Marini e il Sen. Lodi.", "Poi basta."],
        ),
        (
            "Lo cura il prof. Galli. Il Prof. Sala approva.",
            ["Lo cura il prof. Galli.", "Il Prof. Sala approva."],
        ),
        ("Visita di Mons. Bassi e dell'Ing. Riva.", ["Visita di Mons. Bassi e dell'Ing. Riva."]),
        # "ecc." and friends end a sentence before a capital, not before lowercase.
        ("Pane, latte, uova ecc. Il negozio chiude.", ["Pane, latte, uova ecc.", "Il negozio chiude."]),
        ("Pane, latte ecc. e poi la frutta.", ["Pane, latte ecc. e poi la frutta."]),
        ("Libri, dischi, etc. Tutto in vendita.", ["Libri, dischi, etc.", "Tutto in vendita."]),
        ("Alcune città (p. es. Pisa e Lucca) crescono.", ["Alcune città (p. es. Pisa e Lucca) crescono."]),
        ("Il grafico a pag. 7 lo mostra.", ["Il grafico a pag. 7 lo mostra."]),
        ("Servono 2 mld. di euro. Li trova il Tesoro.", ["Servono 2 mld. di euro.", "Li trova il Tesoro."]),
        ("Il buco è di 1.5 mln. Nessuno paga.", ["Il buco è di 1.5 mln.", "Nessuno paga."]),
        ("La Tessili S.p.A. ha chiuso.", ["La Tessili S.p.A. ha chiuso."]),
        ("Lo compra la Tessili S.p.A. Il titolo sale.", ["Lo compra la Tessili S.p.A.", "Il titolo sale."]),
        (
            "Lo vieta l'art. 12 della legge n. 40. Il comma 3 no.",
            ["Lo vieta l'art. 12 della legge n. 40.", "Il comma 3 no."],
        ),
        ("Si veda (cfr. cap. 2) la nota. Poi il resto.", ["Si veda (cfr. cap. 2) la nota.", "Poi il resto."]),
        (
            "Chiamare il tel. 06 5550123 entro il 3 gen. 2025.",
            ["Chiamare il tel. 06 5550123 entro il 3 gen. 2025."],
        ),
        ("Pesa ca. 40 chili. Costa poco.", ["Pesa ca. 40 chili.", "Costa poco."]),
        ("Ecc. Il resto dopo.", ["Ecc.", "Il resto dopo."]),
        # Initials and letter labels.
        ("Un saggio su G. B. Shaw. Esce domani.", ["Un saggio su G. B. Shaw.", "Esce domani."]),
        ("Lo firma G. E. Valli con J.R.R. Tolkien.", ["Lo firma G. E. Valli con J.R.R. Tolkien."]),
        (
            "Lo dice A. Di Pietro. Poi parlano G. La Malfa e F. Dall'Olio.",
            ["Lo dice A. Di Pietro.", "Poi parlano G. La Malfa e F. Dall'Olio."],
        ),
        ("Si firma Carlo M. Deidda. Nessuno risponde.", ["Si firma Carlo M. Deidda.", "Nessuno risponde."]),
        ("Suona L. van Beethoven.", ["Suona L. van Beethoven."]),
        (
            "La squadra scende in serie B. Il giorno dopo si dimette.",
            ["La squadra scende in serie B.", "Il giorno dopo si dimette."],
        ),
        ("Retrocede in serie B. Lecce invece si salva.", ["Retrocede in serie B.", "Lecce invece si salva."]),
        ("Gioca nei gironi A e B. Marco invece no.", ["Gioca nei gironi A e B.", "Marco invece no."]),
        (
            "Manca la vitamina D. Gli esperti consigliano il sole.",
            ["Manca la vitamina D.", "Gli esperti consigliano il sole."],
        ),
        ("Arrivano negli U.S.A. Il viaggio è lungo.", ["Arrivano negli U.S.A.", "Il viaggio è lungo."]),
        # Numbered labels at the start of a sentence.
        ("1. Il primo punto. 2. Il secondo punto.", ["1. Il primo punto.", "2. Il secondo punto."]),
        (
            "Si chiude qui. 14. Norme finali e transitorie.",
            ["Si chiude qui.", "14. Norme finali e transitorie."],
        ),
        ("IV. La fase finale.", ["IV. La fase finale."]),
        # Numbers, URLs and e-mail addresses never split inside.
        ("In piazza 10.000 persone, il 3,5 per cento.", ["In piazza 10.000 persone, il 3,5 per cento."]),
        ("Costa 170.500.000,00€ in tutto. Troppo.", ["Costa 170.500.000,00€ in tutto.", "Troppo."]),
        ("Alle 18.30 parte il treno.", ["Alle 18.30 parte il treno."]),
        (
            "Si legge su www.esempio.it/notizie.html ogni giorno.",
            ["Si legge su www.esempio.it/notizie.html ogni giorno."],
        ),
        (
            "Scrivete a redazione@esempio.it. Rispondiamo.",
            ["Scrivete a redazione@esempio.it.", "Rispondiamo."],
        ),
        ("Il sito è www.esempio.it. Lo aggiorniamo.", ["Il sito è www.esempio.it.", "Lo aggiorniamo."]),
        # Ellipses.
        ("E poi... niente di fatto.", ["E poi... niente di fatto."]),
        ("E poi… niente di fatto.", ["E poi… niente di fatto."]),
        ("Aspettiamo... Il verdetto arriva a sera.", ["Aspettiamo...", "Il verdetto arriva a sera."]),
        ("Aspettiamo… Il verdetto arriva a sera.", ["Aspettiamo…", "Il verdetto arriva a sera."]),
        ("Si parla di tagli [...] nel bilancio.", ["Si parla di tagli [...] nel bilancio."]),
        # Quotes.
        ("«Partiamo.» Poi salgono in auto.", ["«Partiamo.»", "Poi salgono in auto."]),
        ("Ha risposto: «Va bene». Poi è uscito.", ["Ha risposto: «Va bene».", "Poi è uscito."]),
        ("«Partiamo.» disse Luca.", ["«Partiamo.» disse Luca."]),
        ("«Chi è?» chiede la madre.", ["«Chi è?» chiede la madre."]),
        (
            "“Chi sei?” chiese lei. “Nessuno.” Lui rise.",
            ["“Chi sei?” chiese lei.", "“Nessuno.”", "Lui rise."],
        ),
        ('"Basta." Così chiude la seduta.', ['"Basta."', "Così chiude la seduta."]),
        ('Lo definisce "un errore". Il ministro tace.', ['Lo definisce "un errore".', "Il ministro tace."]),
        (
            "Finisce qui. «Non torneremo» dice il sindaco.",
            ["Finisce qui.", "«Non torneremo» dice il sindaco."],
        ),
        ("Chi è? si chiedono tutti.", ["Chi è? si chiedono tutti."]),
        # Apostrophes.
        ("Ne resta un po’. Domani si vedrà.", ["Ne resta un po’.", "Domani si vedrà."]),
        ("È l’ultima volta. L’anno prossimo si cambia.", ["È l’ultima volta.", "L’anno prossimo si cambia."]),
        ("C'è. Non serve altro.", ["C'è.", "Non serve altro."]),
        # Legal citations: "c." (comma) before its number.
        (
            "Lo prevede l'art. 3 c. 2 della legge. Poi si vota.",
            ["Lo prevede l'art. 3 c. 2 della legge.", "Poi si vota."],
        ),
        # Dotted lowercase abbreviations: before a name they hold, before a sentence starter they end.
        (
            "Marcatori: 12' p.t. Rossi, 25' s.t. Bianchi. Poi il fischio finale.",
            ["Marcatori: 12' p.t. Rossi, 25' s.t. Bianchi.", "Poi il fischio finale."],
        ),
        (
            "Il raddoppio arriva al 40' s.t. Poi si spegne.",
            ["Il raddoppio arriva al 40' s.t.", "Poi si spegne."],
        ),
        # Parentheses.
        ("Lo annuncia (con un sorriso). Poi se ne va.", ["Lo annuncia (con un sorriso).", "Poi se ne va."]),
        ("Lo annuncia. (Lo aveva promesso.) Poi va.", ["Lo annuncia.", "(Lo aveva promesso.)", "Poi va."]),
        ("Il dato (vedi sopra) regge.", ["Il dato (vedi sopra) regge."]),
    ],
)
def test_examples(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected
    check_invariants(text)


@pytest.mark.parametrize("abbreviation", data_section("never-final"))
def test_never_final_abbreviations_hold_the_sentence(abbreviation: str) -> None:
    for text in (
        f"Ne parla {abbreviation} Bianchi oggi.",
        f"Vedi {abbreviation} 12 e poi {abbreviation} sotto.",
    ):
        assert sentences(text) == [text]


@pytest.mark.parametrize("abbreviation", data_section("may-end"))
def test_may_end_abbreviations_end_before_a_capital(abbreviation: str) -> None:
    assert sentences(f"Ne parla {abbreviation} Il resto segue.") == [
        f"Ne parla {abbreviation}",
        "Il resto segue.",
    ]
    text = f"Ne parla {abbreviation} e poi {abbreviation} 3 volte."
    assert sentences(text) == [text]


@pytest.mark.parametrize("abbreviation", data_section("month-or-title"))
def test_month_or_title_abbreviations(abbreviation: str) -> None:
    # After a day number it is a month and may end the sentence; otherwise it is a title before a name.
    assert sentences(f"La firma è del 12 {abbreviation} Il resto segue.") == [
        f"La firma è del 12 {abbreviation}",
        "Il resto segue.",
    ]
    for text in (
        f"Ha parlato il {abbreviation} Carlo Neri, poi la giunta.",
        f"Il comandante, {abbreviation} Neri, ha firmato.",
        f"Dal 3 {abbreviation} 2026 cambia tutto.",
    ):
        assert sentences(text) == [text]


@pytest.mark.parametrize(
    "text",
    [
        "La pieve fu costruita nel sec. XIV e ampliata più tardi.",
        "Il racconto è nel vol. III della raccolta.",
        "Lo prevede il cap. IV del regolamento.",
    ],
)
def test_reference_abbreviation_before_a_roman_numeral_holds(text: str) -> None:
    assert sentences(text) == [text]


def test_data_file_sections_are_filled() -> None:
    for section in ("never-final", "may-end", "sentence-starters", "letter-nouns", "surname-particles"):
        assert data_section(section), section
    listed = set(data_section("never-final")) | set(data_section("may-end"))
    required = "Sig. Sig.ra Dott. Dott.ssa Avv. On. Sen. Prof. ecc. etc. pag. mld. mln. S.p.A. S.r.l. n. art."
    assert set(required.split()) <= listed


def test_single_newline_is_whitespace() -> None:
    text = "La giunta\nsi riunisce oggi. Il voto\nè previsto in serata."
    assert sentences(text) == ["La giunta\nsi riunisce oggi.", "Il voto\nè previsto in serata."]


def test_newline_after_full_stop() -> None:
    assert sentences("Prima frase.\nSeconda frase.") == ["Prima frase.", "Seconda frase."]


def test_blank_line_ends_a_sentence() -> None:
    text = "Titolo senza punto  \n\n  Il testo comincia qui. Il Sig.\n\nRossi"
    assert sentences(text) == ["Titolo senza punto", "Il testo comincia qui.", "Il Sig.", "Rossi"]
