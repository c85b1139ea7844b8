"""Tests for assembling the English article: structure copied verbatim, sentences replaced."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate_news.documents.assemble import assemble_article
from translate_news.documents.registry import parse_article
from translate_news.segmentation.segment import segment_article


def assemble(name: str, text: str, english: dict[str, str]) -> str:
    """``english`` maps Italian sentence text to English; ids come from segmenting."""
    article = parse_article(Path(name), text)
    segments = segment_article(article)
    targets = {s.id: english[s.text] for s in segments if s.text in english}
    return assemble_article(article, segments, targets)


def test_txt_keeps_layout():
    source = "\nIl titolo\n\nPrima frase. Seconda frase.\n\n\nUn intertitolo\n\nTerza\nfrase.\n"
    english = {
        "Il titolo": "The title",
        "Prima frase.": "First sentence.",
        "Seconda frase.": "Second sentence.",
        "Un intertitolo": "A subheading",
        "Terza frase.": "Third sentence.",
    }
    assert assemble("a.txt", source, english) == (
        "\nThe title\n\nFirst sentence. Second sentence.\n\n\nA subheading\n\nThird sentence.\n"
    )


def test_missing_targets_keep_italian():
    source = "Titolo\n\nTradotta. Non tradotta.\n"
    assert assemble("a.txt", source, {"Tradotta.": "Translated."}) == "Titolo\n\nTranslated. Non tradotta.\n"
    assert assemble("a.txt", source, {}) == source


def test_md_keeps_markup_and_front_matter():
    source = (
        "---\ntitle: Festa in piazza\nslug: festa\ndate: 2026-05-01\n---\n\n## Il programma\n\n"
        "- Musica dal vivo.\n1. Cena all'aperto.\n\n> Sarà bellissimo.\n\n```\nnon toccare\n```\n"
    )
    english = {
        "Festa in piazza": "Party in the square",
        "Il programma": "The programme",
        "Musica dal vivo.": "Live music.",
        "Cena all'aperto.": "Dinner outdoors.",
        "Sarà bellissimo.": "It will be wonderful.",
    }
    assert assemble("a.md", source, english) == (
        "---\ntitle: Party in the square\nslug: festa\ndate: 2026-05-01\n---\n\n## The programme\n\n"
        "- Live music.\n1. Dinner outdoors.\n\n> It will be wonderful.\n\n```\nnon toccare\n```\n"
    )


@pytest.mark.parametrize(
    ("title_line", "english", "expected"),
    [
        ("title: Piazza piena", "Rome: a full square", 'title: "Rome: a full square"'),
        ("title: Piazza piena", 'The "full" square', 'title: "The \\"full\\" square"'),
        ("title: Piazza piena", "- dash first", 'title: "- dash first"'),
        ('title: "Piazza piena"', 'The "full" square', 'title: "The \\"full\\" square"'),
        ("title: 'Piazza piena'", "The mayor's square", "title: 'The mayor''s square'"),
        ("title: Piazza piena", "A plain title", "title: A plain title"),
    ],
)
def test_front_matter_title_stays_valid_yaml(title_line, english, expected):
    source = f"---\n{title_line}\n---\nTesto.\n"
    out = assemble("a.md", source, {"Piazza piena": english, "Testo.": "Text."})
    assert out == f"---\n{expected}\n---\nText.\n"


@pytest.mark.parametrize(
    "title_line", ['title: "Il \\"caso\\" Roma"', "title: 'L''Aquila in festa'", "title: Roma:la festa"]
)
def test_untranslated_front_matter_title_is_copied_verbatim(title_line):
    source = f"---\n{title_line}\n---\nTesto.\n"
    assert assemble("a.md", source, {}) == source
