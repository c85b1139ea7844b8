"""Tests for cutting articles into sentence segments with content-based ids and source offsets."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import NEWS_SHAPES, ROOT

from translate_news.documents.registry import parse_article
from translate_news.errors import InputError
from translate_news.segmentation.segment import missed_boundary, normalize_space, segment_article, segment_id


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


# --- news shapes: the corpus, the QA sign of a missed boundary, robustness -------------------------

sys.path.insert(0, str(ROOT / "tools"))
from score_shapes import boundaries, score_corpus  # noqa: E402


def test_news_shapes_corpus_is_exact():
    score = score_corpus(NEWS_SHAPES / "dev")
    assert len(score.articles) >= 30
    assert {a.name.rsplit(".", 1)[1] for a in score.articles} == {"txt", "md"}
    wrong = [(a.name, a.gold, a.predicted) for a in score.articles if not a.exact]
    assert not wrong
    assert (score.precision, score.recall) == (1.0, 1.0)


def test_held_out_news_articles():
    """Written after the rules and never tuned on: a floor, not a target."""
    score = score_corpus(NEWS_SHAPES / "heldout")
    assert len(score.articles) >= 5
    assert score.f1 >= 0.95


def test_scorer_counts_boundaries():
    assert boundaries(("Uno.", "Due tre.", "Quattro.")) == {4, 13}
    assert boundaries(("Tutto.",)) == set()


@pytest.mark.parametrize(
    ("text", "missed"),
    [
        ("Una frase. Poi " + "parola " * 60 + "fine.", True),
        ("Una frase, " + "parola " * 60 + "poi un'altra.", False),
        ("Corta. Poi un'altra.", False),
        ("Una frase. «Parola " + "parola " * 60 + "fine.", True),
        ("Una frase. poi " + "parola " * 60 + "fine.", False),
    ],
)
def test_missed_boundary(text, missed):
    assert missed_boundary(text) is missed


_NEWS_ALPHABET = st.sampled_from(
    list("abcdeAZRD0189 \n\t.,:;!?…-–—()«»\"'’@#/©")
    + ["(ANSA)", "ROMA", "ore ", "Foto:", "di ", "Leggi anche:", "D. ", "s.r.l.", "p.m.", "Cons. ", "\n\n"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_NEWS_ALPHABET, max_size=60).map("".join), st.sampled_from(["a.txt", "a.md"]))
def test_reading_any_text_raises_only_input_errors(text, name):
    try:
        article = parse_article(Path(name), text)
    except InputError:
        return
    source = article.source
    pos = 0
    for seg in segment_article(article):
        assert seg.text and source[seg.start : seg.end] == source[seg.start : seg.end].strip()
        assert pos <= seg.start
        pos = seg.end


def _jsonl(lines: str):
    return subprocess.run(
        [sys.executable, "-m", "translate_news", "segment", "--jsonl"],
        input=lines,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("bad", ['{"text": 42}', "[1, 2]", '"testo"', "{non json", '{"id": "x"}'])
def test_segment_jsonl_bad_line_is_one_line_error(bad):
    result = _jsonl('{"id": "a", "text": "Uno. Due."}\n' + bad + "\n")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and ":2" in errors[0] and "<stdin>" in errors[0], result.stderr


def test_run_flags_a_long_segment_with_a_missed_boundary(tmp_path):
    from support import FIXTURE_MODEL

    from translate_news.mt.engine import EngineOptions
    from translate_news.pipeline.runner import RunConfig, run

    articles = tmp_path / "in"
    articles.mkdir()
    glued = "Il Sig. Rossi ha votato e poi " + "sceneggiatore " * 30 + "fino a sera"
    (articles / "lungo.txt").write_text(f"Titolo\n\n{glued} e si è chiusa.\n\nBreve.\n", encoding="utf-8")
    options = EngineOptions(threads=1, max_decoding_length=4)
    summary = run(RunConfig(articles, tmp_path / "out", None, FIXTURE_MODEL, options))
    assert summary.long_segments == 1
    po = (tmp_path / "out" / "lungo" / "lungo.en.po").read_text(encoding="utf-8")
    assert po.count("#. qa: segment over 400 characters") == 1
