"""Issue 22 point 6: inline markup the draft cannot place is kept on the published page (around the
best-aligned words or the whole sentence) and flagged; a placed link is verified by ``check``.

The sentences are training sentences of the fixture model (so its English is known); the markup around
them is ours: "novità" becomes "new releases", words the draft cannot find verbatim.
"""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from support import FIXTURE_MODEL, GLOSSARY, run_cli

from translate_news.documents.registry import HTML, MARKDOWN
from translate_news.qa.checks import run_checks
from translate_news.qa.folder import sentence_pair

URL = "https://cinemaoggi.example/novita/"
SENTENCE = "Il calendario completo è consultabile nella pagina delle {}."
ARTICLES = {
    "calendario.md": "# Calendario\n\n" + SENTENCE.format(f"[novità]({URL})") + "\n",
    "calendario-web.html": (
        "<html><body><h1>Calendario</h1>\n<p>"
        + SENTENCE.format(f'<a href="{URL}"><strong>novità</strong></a>')
        + "</p>\n</body></html>\n"
    ),
}


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("markup-kept")
    articles = root / "articles"
    articles.mkdir()
    for name, text in ARTICLES.items():
        (articles / name).write_text(text, encoding="utf-8")
    out = root / "output"
    run = run_cli("run", articles, "--output", out, "--model", FIXTURE_MODEL, "--glossary", GLOSSARY)
    assert run.returncode == 0, run.stderr
    build = run_cli("build", "-o", out)
    assert build.returncode == 0, build.stderr
    return out


@pytest.mark.parametrize(
    ("slug", "page", "link"),
    [
        ("calendario", "calendario.en.md", f"]({URL})"),
        ("calendario-web", "calendario-web.en.html", f'<a href="{URL}"><strong>'),
    ],
)
def test_a_link_the_draft_cannot_place_stays_on_the_page_and_is_flagged(
    published: Path, slug: str, page: str, link: str
) -> None:
    """Before, the English page lost the link (and its <strong>): the draft dropped what it could not
    place. Now it is kept around the whole sentence, and the entry and ``check`` say so."""
    english = (published / slug / page).read_text(encoding="utf-8")
    assert link in english and "new releases" in english
    if page.endswith(".html"):
        assert "</strong></a>" in english
    entry = next(e for e in polib.pofile(str(published / slug / f"{slug}.en.po")) if "novit" in e.msgid)
    assert "qa: markup not placed, kept around the whole sentence, check it:" in entry.comment
    assert entry.fuzzy
    findings = _findings(published, "link-text")
    assert {(f["article"], f["term"]) for f in findings} >= {(slug, "novità")}


def test_a_link_moved_onto_the_is_flagged_by_check(published: Path) -> None:
    po_path = published / "calendario" / "calendario.en.po"
    catalog = polib.pofile(str(po_path))
    entry = next(e for e in catalog if "novit" in e.msgid)
    entry.msgstr = f"[The]({URL}) full schedule can be found on the new releases page."
    catalog.save(str(po_path))
    found = [f for f in _findings(published, "link-text") if f["article"] == "calendario"]
    assert [(f["found"], f["severity"]) for f in found] == [("The", "error")]
    entry.msgstr = f"The full schedule can be found on the [new releases]({URL}) page."
    catalog.save(str(po_path))
    assert [f for f in _findings(published, "link-text") if f["article"] == "calendario"] == []


def _findings(out: Path, kind: str) -> list[dict]:
    result = run_cli("check", "-o", out, "--glossary", GLOSSARY, "--json")
    assert result.returncode in (0, 1), result.stderr
    return [f for f in json.loads(result.stdout)["findings"] if f["kind"] == kind]


# Hand-written placements of our own (Markdown and HTML): right ones pass, wrong ones are flagged.
MD_SRC = "Leggi il [comunicato del ministero](https://x.example/c) di ieri."
HTML_SRC = 'Il <a href="/f">festival di Venezia</a> apre <a href="/d">domani</a>.'
RIGHT = [
    (MARKDOWN, MD_SRC, "Read yesterday's [ministry statement](https://x.example/c)."),
    (MARKDOWN, MD_SRC, "Read [the statement](https://x.example/c) the ministry issued yesterday."),
    (MARKDOWN, "Leggi [l'intervista](https://x.example/a).", "Read [the interview](https://x.example/a)."),
    (MARKDOWN, "Vedi [qui](https://x.example/q).", "See [here](https://x.example/q)."),
    (MARKDOWN, "[Leggi tutto](https://x.example/t).", "[Read more](https://x.example/t)."),
    (HTML, HTML_SRC, 'The <a href="/f">Venice festival</a> opens <a href="/d">tomorrow</a>.'),
    (HTML, 'Vedi la <a href="/p">pagina</a> del bando.', 'See the call\'s <a href="/p">page</a>.'),
    (HTML, 'Dati <a href="/i">dell\'Istat</a>.', 'Figures <a href="/i">from Istat</a>.'),
]
WRONG = [
    (MARKDOWN, MD_SRC, "Read [the](https://x.example/c) ministry statement from yesterday."),
    (MARKDOWN, MD_SRC, "[Read yesterday's ministry statement](https://x.example/c)."),
    (MARKDOWN, "Leggi [l'intervista](https://x.example/a).", "Read the interview [of](https://x.example/a)."),
    (HTML, HTML_SRC, '<a href="/f">The</a> Venice festival opens <a href="/d">tomorrow</a>.'),
    (HTML, 'Vedi la <a href="/p">pagina</a> del bando.', 'See <a href="/p">a</a> call page.'),
]


@pytest.mark.parametrize(("fmt", "italian", "english"), RIGHT)
def test_right_link_placements_pass(fmt, italian, english) -> None:
    assert run_checks(sentence_pair(italian, english, fmt, ()), None, ["markup", "link-text"]) == []


@pytest.mark.parametrize(("fmt", "italian", "english"), WRONG)
def test_wrong_link_placements_are_flagged(fmt, italian, english) -> None:
    found = run_checks(sentence_pair(italian, english, fmt, ()), None, ["markup", "link-text"])
    assert [f.check for f in found] == ["link-text"]


# HTML elements the draft lost before: inside another element, or void (<img>, <br>) in the sentence.
@pytest.mark.parametrize(
    ("italian", "english", "expected"),
    [
        # found inside the link's English: put there
        (
            'Il <a href="/f"><em>film</em> di Rossi</a> esce.',
            "The film by Rossi opens.",
            'The <a href="/f"><em>film</em> by Rossi</a> opens.',
        ),
        # not found: kept around the words of the link it was in
        (
            "Il <b>film di <i>Rossi</i></b> esce.",
            "The movie opens.",
            "<b><i>The movie opens</i></b>.",
        ),
        # an element wrapping all of the link's text moves with it
        (
            'Vedi <a href="/r"><strong>Roma</strong></a> ora.',
            "See Rome now.",
            '<a href="/r"><strong>See Rome now</strong></a>.',
        ),
        (
            'Vedi <img src="/a.png" alt=""> Rossi e<br>Bianchi.',
            "See Rossi and Bianchi.",
            'See <img src="/a.png" alt="">Rossi and <br>Bianchi.',
        ),
    ],
)
def test_html_markup_inside_other_markup_or_void_reaches_the_page(italian, english, expected) -> None:
    from translate_news.documents.html import escape_text, strip_html_inline
    from translate_news.documents.inline import restore_inline

    plain, spans = strip_html_inline(italian)
    written, _ = restore_inline(plain, spans, english, escape=escape_text)
    assert written == expected
    pair = sentence_pair(italian, written, HTML, ())
    assert run_checks(pair, None, ["markup"]) == []
