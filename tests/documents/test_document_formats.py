"""Contract tests over every registered input format, and the Markdown constructs block by block.

Every format must (1) cut its input into blocks that, with the text between them, rebuild the input
exactly; (2) give back the input byte for byte when each segment is "translated" by itself; (3) keep
every byte outside the segments when the segments are replaced. The samples in tests/data/documents
hold every construct each format handles.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import DATA as TESTS_DATA
from support.contracts import check_contract, rebuild

from translate_news.documents.article import Article
from translate_news.documents.assemble import assemble_article
from translate_news.documents.inline import Kept, restore_inline, strip_inline
from translate_news.documents.registry import FORMATS, MODULES, parse_article, read_article
from translate_news.errors import InputError
from translate_news.segmentation.segment import Segment, segment_article

DATA = TESTS_DATA / "documents"
SAMPLES = sorted(DATA.iterdir())


def test_every_registered_format_has_a_sample():
    assert {p.suffix for p in SAMPLES} >= set(FORMATS) - {".htm"}
    assert {module.FORMAT.name for module in MODULES} == {"txt", "md", "html"}


def test_registry_is_built_from_the_format_modules():
    for module in MODULES:
        for suffix in module.FORMAT.suffixes:
            assert FORMATS[suffix] is module.FORMAT


# --- the contract, for every format ----------------------------------------------------------------


def marked(seg: Segment) -> str:
    return f"EN⟨{seg.text}⟩"


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_contract_on_samples(path):
    article = read_article(path)
    segments = check_contract(article)
    assert len(segments) >= 5


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_contract_with_crlf_and_bom(path, tmp_path):
    raw = path.read_bytes().replace(b"\n", b"\r\n")
    copy = tmp_path / path.name
    copy.write_bytes(b"\xef\xbb\xbf" + raw)
    article = read_article(copy)
    assert article.source == path.read_text("utf-8")
    check_contract(article)


# --- front matter ----------------------------------------------------------------------------------


def english_of(path: Path) -> tuple[Article, str]:
    article = read_article(path)
    segments = segment_article(article)
    return article, assemble_article(article, segments, {seg.id: marked(seg) for seg in segments})


def front_matter(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


def test_front_matter_values_are_read_as_yaml_and_stay_yaml():
    article, english = english_of(DATA / "cronaca.md")
    assert article.title == "Il teatro comunale riapre dopo i lavori"
    assert article.slug == "teatro-riapre"
    assert article.front_matter["summary"].startswith("Dopo due anni di cantiere il teatro torna")
    fields = front_matter(english)
    assert fields["title"] == "EN⟨Il teatro comunale riapre dopo i lavori⟩"
    assert fields["subtitle"] == "EN⟨La stagione parte a ottobre⟩"
    assert fields["summary"] == (
        "EN⟨Dopo due anni di cantiere il teatro torna al pubblico.⟩ EN⟨La prima sera è già esaurita.⟩\n"
    )
    assert fields["description"] == (
        "EN⟨Una città intera attende il sipario.⟩\n  EN⟨Il sindaco parla di festa.⟩\n".replace("\n  ", "\n")
    )
    assert fields["excerpt"] == ["EN⟨Riapre il teatro⟩", "EN⟨Prima già esaurita⟩"]
    assert fields["abstract"] == ["EN⟨Lavori finiti⟩", "EN⟨Stagione nuova⟩"]
    # Keys that are not translated, and values that are not strings, are copied.
    assert fields["tags"] == ["teatro", "cultura"]
    assert str(fields["date"]) == "2026-09-14" and fields["draft"] is False


@pytest.mark.parametrize(
    ("value", "english", "expected"),
    [
        ("[Roma, Milano]", {"Roma": "Rome, Italy"}, '["Rome, Italy", Milano]'),
        ("[Roma, Milano]", {"Roma": "Rome"}, "[Rome, Milano]"),
        ("\n  - Roma\n  - Milano", {"Milano": "yes"}, '\n  - Roma\n  - "yes"'),
        ("Roma", {"Roma": "2026"}, '"2026"'),
        ("Roma", {"Roma": "Rome # comment"}, '"Rome # comment"'),
        ('"Roma"', {"Roma": "C:\\path"}, '"C:\\\\path"'),
    ],
)
def test_front_matter_english_is_quoted_only_where_yaml_needs_it(value, english, expected):
    source = f"---\nsummary: {value}\n---\nTesto.\n"
    article = parse_article(Path("a.md"), source)
    segments = segment_article(article)
    targets = {s.id: english[s.text] for s in segments if s.text in english}
    out = assemble_article(article, segments, targets)
    assert out == f"---\nsummary: {expected}\n---\nTesto.\n"
    assert front_matter(out)["summary"] is not None


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("---\ntitle: Roma: la festa\n---\nTesto.\n", 2),
        ("---\ntitle: ok\ntags: [a, b\n---\nTesto.\n", 4),
        ('---\ntitle: "aperta\n---\nTesto.\n', 3),
        ("---\n- solo\n- una lista\n---\nTesto.\n", 2),
    ],
)
def test_bad_front_matter_is_one_line_error_with_file_and_line(text, line):
    with pytest.raises(InputError) as info:
        parse_article(Path("pezzo.md"), text)
    assert info.value.line == line
    assert str(info.value).startswith(f"pezzo.md:{line}:") and "\n" not in str(info.value)


def test_front_matter_list_of_non_strings_is_copied():
    article = parse_article(Path("a.md"), "---\nsummary: [1, 2.5, true]\n---\nTesto.\n")
    assert [article.source[b.start : b.end] for b in article.blocks] == ["Testo."]


# --- Markdown constructs ---------------------------------------------------------------------------


def md_blocks(text: str) -> list[tuple[str, str]]:
    article = parse_article(Path("a.md"), text)
    assert rebuild(article) == text
    return [(b.kind, article.source[b.start : b.end]) for b in article.blocks]


def test_setext_heading_text_is_the_segment_and_the_underline_is_copied():
    assert md_blocks("Il titolo\n=========\n\nUn capitolo\n-----------\n\nTesto.\n") == [
        ("title", "Il titolo"),
        ("heading", "Un capitolo"),
        ("paragraph", "Testo."),
    ]


def test_code_is_never_a_block():
    text = "Prima.\n\n    rientrato = 1\n    # commento\n\n```\nrecinto\n```\n\n~~~\naltro\n~~~\n\nDopo.\n"
    assert md_blocks(text) == [("paragraph", "Prima."), ("paragraph", "Dopo.")]


def test_html_block_is_copied_and_noted_but_italian_quotes_are_text():
    text = "<div>\nNon tradurre\n</div>\n\n<<Non mi dimetto>>, ha detto.\n\n«Resto qui», ha ripetuto.\n"
    article = parse_article(Path("a.md"), text)
    assert [article.source[b.start : b.end] for b in article.blocks] == [
        "<<Non mi dimetto>>, ha detto.",
        "«Resto qui», ha ripetuto.",
    ]
    assert article.notes == ("line 1: HTML block copied untranslated",)


def test_table_cells_are_segments_and_the_table_is_kept():
    text = "| Nome | Ruolo |\n|:--|--:|\n| Rossi | regista \\| autore |\n| 12 | 3 |\n"
    assert md_blocks(text) == [
        ("paragraph", "Nome"),
        ("paragraph", "Ruolo"),
        ("paragraph", "Rossi"),
        ("paragraph", "regista \\| autore"),
    ]
    article = parse_article(Path("a.md"), text)
    segments = segment_article(article)
    english = {"Nome": "Name", "Ruolo": "Role", "regista \\| autore": "director | author"}
    out = assemble_article(article, segments, {s.id: english[s.text] for s in segments if s.text in english})
    assert out == "| Name | Role |\n|:--|--:|\n| Rossi | director \\| author |\n| 12 | 3 |\n"


def test_nested_quotes_and_lists_keep_every_prefix():
    text = "> Primo livello.\n> > Secondo livello.\n> > > Terzo.\n\n- uno\n  - due\n    1. tre\n"
    assert md_blocks(text) == [
        ("quote", "Primo livello."),
        ("quote", "Secondo livello."),
        ("quote", "Terzo."),
        ("item", "uno"),
        ("item", "due"),
        ("item", "tre"),
    ]


def test_footnote_definitions_are_translated_with_their_labels_kept():
    text = "Lo ha detto[^1].\n\n[^1]: Intervista del 3 marzo.\n[^a]: nota\n"
    assert md_blocks(text) == [
        ("paragraph", "Lo ha detto[^1]."),
        ("paragraph", "Intervista del 3 marzo."),
        ("paragraph", "nota"),
    ]


def test_footnote_labels_inside_code_stay_code():
    assert md_blocks("Testo.\n\n```\n[^1]: non una nota\n```\n") == [("paragraph", "Testo.")]


@pytest.mark.parametrize(
    ("source", "target", "expected", "lost"),
    [
        ("Lo ha detto[^1].", "He said so.", "He said so[^1].", []),
        ("Lo ha detto Rossi[^2] ieri.", "Rossi said it yesterday.", "Rossi[^2] said it yesterday.", []),
        ("~~Chiusa~~ aperta.", "Open.", "~~Open~~.", [Kept("~~Chiusa~~", "sentence", "Open")]),
        ("Vedi <https://a.it/x> ora.", "See https://a.it/x now.", "See <https://a.it/x> now.", []),
        ("Rossi &amp; Bianchi.", "Rossi & Bianchi.", "Rossi &amp; Bianchi.", []),
        ("Costa 5&nbsp;euro.", "It costs 5 euros.", "It costs 5 euros.", [Kept("&nbsp;", "dropped")]),
        (
            "Prima riga<br>seconda riga.",
            "First line second line.",
            "First line<br> second line.",
            [Kept("<br>", "position", "line")],
        ),
        ("Riga di Rossi<br>\n", "Line by Rossi", "Line by Rossi<br>", []),
    ],
)
def test_inline_markup_is_kept_or_reported(source, target, expected, lost):
    plain, spans = strip_inline(source)
    assert "[^" not in plain and "&amp;" not in plain and "<br>" not in plain
    assert restore_inline(plain, spans, target) == (expected, lost)


# --- Markdown from a small grammar -----------------------------------------------------------------

WORDS = st.sampled_from(["il", "teatro", "Roma", "apre", "sera", "città", "pubblico", "festa", "nuovo"])
SENTENCE = st.lists(WORDS, min_size=1, max_size=6).map(lambda w: " ".join(w).capitalize() + ".")
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=3).map(" ".join)
MARKS = st.sampled_from(["", "**Roma** ", "[^1] ", "~~vecchio~~ ", "&amp; ", "<https://a.it> "])
TEXT = st.tuples(MARKS, PARAGRAPH).map("".join)
BLOCK = st.one_of(
    TEXT,
    st.tuples(st.integers(1, 3), SENTENCE).map(lambda t: "#" * t[0] + " " + t[1].rstrip(".")),
    SENTENCE.map(lambda s: s + "\n" + "=" * len(s)),
    SENTENCE.map(lambda s: "    " + s),
    SENTENCE.map(lambda s: "```\n" + s + "\n```"),
    SENTENCE.map(lambda s: "<div>\n" + s + "\n</div>"),
    st.tuples(SENTENCE, SENTENCE).map(lambda t: f"| {t[0]} | x |\n|---|---|\n| {t[1]} | 2 |"),
    st.lists(st.tuples(st.integers(0, 2), TEXT), min_size=1, max_size=4).map(
        lambda items: "\n".join("  " * depth + "- " + text for depth, text in items)
    ),
    st.lists(st.tuples(st.integers(1, 3), TEXT), min_size=1, max_size=3).map(
        lambda lines: "\n".join("> " * depth + text for depth, text in lines)
    ),
    SENTENCE.map(lambda s: "[^n]: " + s),
)
HEAD = st.sampled_from(["", "---\ntitle: Titolo\n---\n", "---\nsummary: >\n  Una frase.\n---\n"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HEAD, st.lists(BLOCK, min_size=1, max_size=6))
def test_generated_markdown_keeps_the_contract(head, blocks):
    text = head + "\n\n".join(blocks) + "\n"
    try:
        article = parse_article(Path("g.md"), text)
    except InputError as exc:
        assert "no text to translate" in exc.message
        return
    check_contract(article)
    code_lines = {i for i, line in enumerate(text.split("\n")) if line.startswith(("    ", "<div", "</div"))}
    for block in article.blocks:
        piece = article.source[block.start : block.end]
        assert not regex.search(r"\n[ \t]*>", piece) and "```" not in piece and "====" not in piece
        assert article.source.count("\n", 0, block.start) not in code_lines or block.kind == "item"


def test_line_break_after_a_sentence_stays_between_segments():
    article = parse_article(Path("a.md"), "Prima frase.<br>Seconda frase.<br />\nTerza.\n")
    assert [s.text for s in segment_article(article)] == ["Prima frase.", "Seconda frase.", "Terza."]


def test_front_matter_alias_is_translated_once_at_its_anchor():
    text = "---\ntitle: &t Festa in piazza\nsummary: *t\n---\nTesto.\n"
    article = parse_article(Path("a.md"), text)
    check_contract(article)
    assert [article.source[b.start : b.end] for b in article.blocks] == ["Festa in piazza", "Testo."]


def test_bad_front_matter_costs_only_its_article(tmp_path):
    from support import FIXTURE_MODEL, run_cli

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "rotto.md").write_text(
        "---\ntitle: ok\ntags: [aperta\n---\nTesto.\n", encoding="utf-8"
    )
    (tmp_path / "in" / "buono.md").write_text("---\ntitle: Festa\n---\nTesto.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("run", tmp_path / "in", "--output", out, "--model", FIXTURE_MODEL, "--no-glossary")
    assert result.returncode == 3  # some articles failed, the others were written
    errors = [line for line in result.stderr.splitlines() if "rotto.md" in line]
    assert len(errors) == 1 and "rotto.md:4: front matter is not valid YAML" in errors[0], result.stderr
    assert "Traceback" not in result.stderr
    assert (out / "buono" / "buono.en.md").exists() and not (out / "rotto").exists()
    alone = run_cli(
        "run", tmp_path / "in" / "rotto.md", "--output", out, "--model", FIXTURE_MODEL, "--no-glossary"
    )
    assert alone.returncode == 2 and "Traceback" not in alone.stderr
