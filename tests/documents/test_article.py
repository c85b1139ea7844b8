"""Tests for reading articles into blocks: .txt rules, .md rules, slugs, decoding and errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate_news.documents.article import slugify
from translate_news.documents.registry import parse_article, read_article
from translate_news.errors import InputError


def parse(name: str, text: str):
    article = parse_article(Path(name), text)
    for block in article.blocks:
        piece = article.source[block.start : block.end]
        assert piece and piece == piece.strip(), block
    return article


def blocks(name: str, text: str) -> list[tuple[str, str]]:
    article = parse(name, text)
    return [(b.kind, article.source[b.start : b.end]) for b in article.blocks]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- .txt ---------------------------------------------------------------------------------------


def test_txt_title_heading_and_paragraphs():
    text = (
        "\n\n  Lo sciopero dei tranvieri  \n\n"
        "Domani i tram restano fermi.\n\n"
        "Le ragioni della protesta\n\n"
        "I sindacati chiedono più personale\ne turni meno lunghi.\n"
    )
    assert blocks("a.txt", text) == [
        ("title", "Lo sciopero dei tranvieri"),
        ("paragraph", "Domani i tram restano fermi."),
        ("heading", "Le ragioni della protesta"),
        ("paragraph", "I sindacati chiedono più personale\ne turni meno lunghi."),
    ]


def test_txt_title_line_numbers_and_rest_of_first_paragraph():
    article = parse("a.txt", "\nTitolo breve\nIl resto del primo paragrafo\ncontinua qui.\n")
    kinds = [(b.kind, b.line) for b in article.blocks]
    assert kinds == [("title", 2), ("paragraph", 3)]
    assert article.title == "Titolo breve"
    assert article.source[article.blocks[1].start : article.blocks[1].end].endswith("continua qui.")


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Un intertitolo senza punto", "heading"),
        ("Una frase che finisce con il punto.", "paragraph"),
        ("Davvero?", "paragraph"),
        ("Le parole del ministro:", "paragraph"),
        ("Una riga " + "molto " * 20 + "lunga senza punto", "paragraph"),
    ],
)
def test_txt_standalone_line_kind(line, kind):
    assert blocks("a.txt", f"Titolo\n\n{line}\n")[1] == (kind, line)


def test_txt_two_line_paragraph_without_period_is_not_heading():
    assert blocks("a.txt", "Titolo\n\nprima riga\nseconda riga\n")[1][0] == "paragraph"


# --- .md ----------------------------------------------------------------------------------------

MD = """---
title: "Il cinema d'estate: tutti i titoli"
slug: Cinema Estate
date: 2026-07-01
---

# Questo diventa un intertitolo

Il festival apre lunedì.
Le proiezioni sono gratuite.

## Il programma ##

- La prima serata
1. Il secondo film

> Una frase del regista.

```
codice non tradotto
```

---

<div class="nota">html</div>

Fine dell'articolo.
"""


def test_md_front_matter_and_blocks():
    article = parse("pezzo.md", MD)
    assert article.front_matter == {
        "title": "Il cinema d'estate: tutti i titoli",
        "slug": "Cinema Estate",
        "date": "2026-07-01",
    }
    assert article.slug == "cinema-estate"
    assert article.title == "Il cinema d'estate: tutti i titoli"
    assert article.source[article.body_start :].startswith("\n# Questo")
    got = [(b.kind, b.level, b.line, article.source[b.start : b.end]) for b in article.blocks]
    assert got == [
        ("title", 0, 2, "Il cinema d'estate: tutti i titoli"),
        ("heading", 1, 7, "Questo diventa un intertitolo"),
        ("paragraph", 0, 9, "Il festival apre lunedì.\nLe proiezioni sono gratuite."),
        ("heading", 2, 12, "Il programma"),
        ("item", 0, 14, "La prima serata"),
        ("item", 0, 15, "Il secondo film"),
        ("quote", 0, 17, "Una frase del regista."),
        ("paragraph", 0, 27, "Fine dell'articolo."),
    ]


def test_md_hash_heading_is_title_without_front_matter():
    assert blocks("a.md", "# Il titolo\n\n## Sezione\n\nTesto.\n# Secondo\n") == [
        ("title", "Il titolo"),
        ("heading", "Sezione"),
        ("paragraph", "Testo."),
        ("heading", "Secondo"),
    ]


def test_md_heading_keeps_trailing_hash_of_a_word():
    assert blocks("a.md", "# Titolo\n\n## Il linguaggio C#\n")[1] == ("heading", "Il linguaggio C#")


def test_md_empty_hash_heading_does_not_take_the_title():
    assert blocks("a.md", "# \n\n# Vero titolo\n\nTesto.\n")[0] == ("title", "Vero titolo")


def test_md_quote_and_item_content_is_stripped():
    assert blocks("a.md", "Testo.\n\n>    citazione rientrata\n\n-\tvoce col tab\n") == [
        ("paragraph", "Testo."),
        ("quote", "citazione rientrata"),
        ("item", "voce col tab"),
    ]


def test_md_item_continuation_line_joins_the_item():
    assert blocks("a.md", "- una voce che\n  prosegue sotto\n\nAltro.\n") == [
        ("item", "una voce che\n  prosegue sotto"),
        ("paragraph", "Altro."),
    ]


def test_md_fenced_code_and_rules_are_not_blocks():
    assert blocks("a.md", "Prima.\n\n~~~\n# non titolo\n~~~\n***\nDopo.\n") == [
        ("paragraph", "Prima."),
        ("paragraph", "Dopo."),
    ]


def test_md_unclosed_front_matter():
    with pytest.raises(InputError) as info:
        parse_article(Path("x.md"), "---\ntitle: Senza fine\n\nTesto.\n")
    assert info.value.line == 1 and "never closed" in info.value.message
    assert str(info.value).startswith("x.md:1:")


def test_md_with_only_code_has_nothing_to_translate():
    with pytest.raises(InputError, match="no text to translate"):
        parse_article(Path("x.md"), "```\nx = 1\n```\n")


# --- slugs --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Città più bella", "citta-piu-bella"),
        ("  L'ÀNCORA  del porto ", "l-ancora-del-porto"),
        ("日本", "article"),
    ],
)
def test_slugify(name, slug):
    assert slugify(name) == slug


def test_slug_from_file_name(tmp_path):
    path = write(tmp_path, "Perché è così.txt", b"Titolo\n")
    assert read_article(path).slug == "perche-e-cosi"


def test_slug_from_front_matter_wins_over_file_name():
    assert parse("nome.md", "---\nslug: Là giù\n---\nTesto.\n").slug == "la-giu"


# --- decoding and errors ------------------------------------------------------------------------


def test_bom_and_crlf(tmp_path):
    path = write(tmp_path, "a.txt", b"\xef\xbb\xbfTitolo\r\n\r\nUna riga.\rAltra riga.\r\n")
    article = read_article(path)
    assert article.source == "Titolo\n\nUna riga.\nAltra riga.\n"
    assert [b.kind for b in article.blocks] == ["title", "paragraph"]
    assert article.title == "Titolo"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"  \n\t\r\n ", "empty file"),
        (b"Titolo\x00resto", "NUL byte at byte offset 6"),
        (b"ciao \xff", "byte 0xff at byte offset 5"),
        (b"\xef\xbb\xbfcaf\xc3", "byte 0xc3 at byte offset 6"),
    ],
)
def test_decoding_errors(tmp_path, data, message):
    path = write(tmp_path, "a.txt", data)
    with pytest.raises(InputError) as info:
        read_article(path)
    assert message in info.value.message
    assert info.value.path == str(path)


@pytest.mark.parametrize("name", ["a.docx", "senza_estensione"])
def test_unknown_extension(tmp_path, name):
    path = write(tmp_path, name, b"Titolo\n")
    with pytest.raises(InputError, match="unknown extension"):
        read_article(path)


def test_extension_is_case_insensitive(tmp_path):
    assert read_article(write(tmp_path, "A.MD", b"# Titolo\n")).format == "md"


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        read_article(tmp_path / "manca.txt")


# --- .txt titles: a first line is a title only when it looks like one -----------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Il comune ha approvato il piano. Le ruspe arrivano lunedì. Il cantiere dura un anno.\n",
        "(ANSA) - ROMA, 5 MAG - Il governo ha approvato il decreto.\n\nSeguono le reazioni.\n",
        "TORINO – Una nevicata ha imbiancato la collina\n\nLe scuole restano chiuse.\n",
        "di Marco Bianchi\n\nIl testo comincia qui.\n",
        "ore 8.05 - Aperti i seggi\n\nSi vota fino alle 23.\n",
        "la prima riga di un paragrafo a capo senza punto finale\ne la seconda riga.\n",
    ],
)
def test_txt_first_line_that_is_copy_is_not_a_title(text):
    article = parse("wire-copy.txt", text)
    assert all(b.kind != "title" for b in article.blocks)
    assert article.blocks[0].kind == "paragraph"
    assert article.title == "wire-copy"  # catalog header and XLIFF/TMX metadata use the slug


def test_txt_title_followed_by_byline_line():
    article = parse(
        "a.txt", "Alluvione, la valle conta i danni\ndal nostro inviato Luca Ferraris\n\nTesto.\n"
    )
    assert [(b.kind, b.line) for b in article.blocks] == [("title", 1), ("paragraph", 2), ("paragraph", 4)]
    assert article.title == "Alluvione, la valle conta i danni"


def test_one_line_article_is_segmented():
    from translate_news.segmentation.segment import segment_article

    article = parse("breve.txt", "Chiude la libreria. I proprietari vanno in pensione.\n")
    assert [s.text for s in segment_article(article)] == [
        "Chiude la libreria.",
        "I proprietari vanno in pensione.",
    ]
