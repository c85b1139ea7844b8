"""Tests for cutting articles into sentence segments with content-based ids and source offsets."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from translate_news.article import parse_article
from translate_news.segment import normalize_space, segment_article, segment_id


def segments_of(name: str, text: str):
    article = parse_article(Path(name), text)
    segments = segment_article(article)
    for seg in segments:
        assert seg.text == normalize_space(article.source[seg.start : seg.end])
        assert seg.text
    return article, segments


def texts(name: str, text: str) -> list[str]:
    return [seg.text for seg in segments_of(name, text)[1]]


TXT = """Un titolo lungo. Con due frasi? No

Il primo paragrafo ha una frase.   La seconda va
a capo.

Un intertitolo. Con punto interno

Ultima frase.
"""


def test_txt_sentences_titles_and_headings_never_split():
    assert texts("a.txt", TXT) == [
        "Un titolo lungo. Con due frasi? No",
        "Il primo paragrafo ha una frase.",
        "La seconda va a capo.",
        "Un intertitolo. Con punto interno",
        "Ultima frase.",
    ]


def test_txt_line_numbers_and_blocks():
    _, segments = segments_of("a.txt", TXT)
    assert [(s.line, s.block) for s in segments] == [(1, 0), (3, 1), (3, 1), (6, 2), (8, 3)]


def test_md_segments():
    md = (
        "---\ntitle: 'Il titolo. In due parti'\n---\n\n## Sezione. Uno\n\n"
        "- Prima voce. Seconda frase.\n\n> Citazione qui.\n\n```\nNon tradurre.\n```\nFine.\n"
    )
    article, segments = segments_of("a.md", md)
    assert [(s.text, s.line) for s in segments] == [
        ("Il titolo. In due parti", 2),
        ("Sezione. Uno", 5),
        ("Prima voce.", 7),
        ("Seconda frase.", 7),
        ("Citazione qui.", 9),
        ("Fine.", 14),
    ]
    covered = {i for s in segments for i in range(s.start, s.end)}
    for block in article.blocks:
        left = "".join(article.source[i] for i in range(block.start, block.end) if i not in covered)
        assert not left.strip()


def test_ids_are_content_based():
    _, first = segments_of("a.txt", "Titolo\n\nIl sole splende. Piove a Milano.\n")
    _, second = segments_of("b.txt", "Altro titolo\n\nNuova frase. Piove a Milano. Il sole splende.\n")
    ids_first = {s.text: s.id for s in first}
    ids_second = {s.text: s.id for s in second}
    assert ids_first["Il sole splende."] == ids_second["Il sole splende."]
    assert ids_first["Piove a Milano."] == ids_second["Piove a Milano."]
    assert ids_first["Il sole splende."] != ids_first["Piove a Milano."]
    assert ids_first["Titolo"] != ids_second["Altro titolo"]


def test_id_ignores_whitespace_differences():
    _, one = segments_of("a.txt", "Titolo\n\nUna  frase\tcon spazi.\n")
    _, two = segments_of("b.txt", "Titolo\n\nUna frase\ncon spazi.\n")
    assert one[1].id == two[1].id


def test_repeated_sentence_gets_suffix():
    _, segments = segments_of("a.txt", "Titolo\n\nSì. Un'altra cosa. Sì.\n\nSì.\n")
    ids = [s.id for s in segments if s.text == "Sì."]
    base = segment_id("Sì.", 1)
    assert ids == [base, f"{base}-2", f"{base}-3"]
    assert len(base) == 10 and "-" not in base


# --- property: segments rebuild a .txt source with only whitespace between them ----------------

_WORD = st.text(alphabet="abcdeèilmnorstuzABCLMR0123456789'’", min_size=1, max_size=8)
_SENTENCE = st.builds(
    lambda words, end: " ".join(words) + end,
    st.lists(_WORD, min_size=1, max_size=6),
    st.sampled_from([".", "!", "?", "…", "", ".»", ":"]),
)
_SPACE = st.sampled_from([" ", "  ", "\t", " \n", "\n", "\n\t  "])
_BLANK = st.sampled_from(["\n\n", "\n \n", "\n\t\n\n", "\n\n\n  "])
_PARAGRAPH = st.builds(
    lambda sentences, spaces: "".join(s + w for s, w in zip(sentences, spaces, strict=False)).strip(),
    st.lists(_SENTENCE, min_size=1, max_size=5),
    st.lists(_SPACE, min_size=5, max_size=5),
)
_ARTICLE = st.builds(
    lambda lead, paragraphs, blanks, tail: (
        lead + "".join(p + b for p, b in zip(paragraphs, blanks, strict=False)) + tail
    ),
    st.sampled_from(["", "\n", "  \n\n", "\t"]),
    st.lists(_PARAGRAPH, min_size=1, max_size=6),
    st.lists(_BLANK, min_size=6, max_size=6),
    st.sampled_from(["", " ", "\n", "\n\n  \t"]),
)


@settings(max_examples=150, deadline=None)
@given(_ARTICLE)
def test_txt_segments_rebuild_source(text):
    article, segments = segments_of("p.txt", text)
    rebuilt, pos = [], 0
    for seg in segments:
        assert pos <= seg.start < seg.end <= len(text)
        gap = text[pos : seg.start]
        assert not gap.strip(), (gap, seg)
        rebuilt += [gap, text[seg.start : seg.end]]
        pos = seg.end
    assert not text[pos:].strip()
    assert "".join(rebuilt) + text[pos:] == text
    # Every segment lies inside one block and titles/headings are one segment each.
    for seg in segments:
        block = article.blocks[seg.block]
        assert block.start <= seg.start and seg.end <= block.end
        if block.kind in ("title", "heading"):
            assert (seg.start, seg.end) == (block.start, block.end)
        assert seg.line == text.count("\n", 0, seg.start) + 1
