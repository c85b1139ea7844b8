"""HTML input: which text is translated, what is left alone, and an English document that is valid HTML."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html
import polib
import pytest
from support import ARTICLES, FIXTURE_MODEL, GLOSSARY, run_cli

from translate_news.documents.assemble import assemble_article
from translate_news.documents.html import (
    INLINE,
    decode_html,
    english_document,
    escape_text,
    parse_html,
    strip_html_inline,
)
from translate_news.documents.inline import restore_inline
from translate_news.documents.registry import read_article
from translate_news.errors import InputError
from translate_news.mt.engine import EngineOptions
from translate_news.pipeline.runner import RunConfig, build_output, run
from translate_news.segmentation.segment import segment_article

PAGE = """<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8"><title>Il film &laquo;Nebbia&raquo; torna in sala</title>
<meta name="description" content="Una recensione del film. Il regista &egrave; contento.">
<meta name="keywords" content="cinema, sala">
<style>p::before { content: "Non tradurre"; }</style>
<script>var etichetta = "<p>Non tradurre</p>";</script></head>
<body><nav><ul><li><a href="/">Pagina iniziale</a></li></ul></nav>
<header><p>Giornale del cinema</p></header>
<article><header><h1>Il ritorno di <em>Nebbia</em></h1></header>
<p>Il film <a href="https://esempio.it/nebbia" title="Scheda">Nebbia</a> &egrave; tornato.
<strong>Grande</strong> festa.<br>
Una nuova riga.</p>
<figure><img src="a.jpg" alt="La locandina del film"><figcaption>La locandina originale</figcaption></figure>
<!-- Un commento da non tradurre. -->
<pre><code>Codice da non tradurre.</code></pre>
<p translate="no">Firma da non tradurre.</p>
<table><tr><td>Incassi</td><td>1.200</td></tr></table>
</article>
<aside><p>Leggi anche questo.</p></aside>
<footer><p>Tutti i diritti riservati.</p></footer></body></html>
"""


def structure(document: str) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """Block elements in order with their attributes, translatable values blanked: what must not change.

    Parsed with lxml (libxml2's HTML parser): a stray or unclosed tag would change the tree."""
    root = lxml.html.document_fromstring(document)
    out = []
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in INLINE:
            continue  # text-level markup MT could not place is dropped, with a QA note (tested apart)
        attributes = tuple(
            (name, "" if name in ("alt", "title", "content") else value)
            for name, value in sorted(element.attrib.items())
            if not (element.tag == "html" and name == "lang")  # the English page says lang="en"
        )
        out.append((element.tag, attributes))
    return out


def texts(article_source: str) -> list[str]:
    article = parse_html(Path("pagina.html"), article_source)
    return [s.text for s in segment_article(article)]


def test_blocks_attributes_and_what_is_left_alone() -> None:
    assert texts(PAGE) == [
        "Il film «Nebbia» torna in sala",  # msgids decode entities (as people read them)
        "Una recensione del film.",
        "Il regista è contento.",
        "Il ritorno di <em>Nebbia</em>",
        'Il film <a href="https://esempio.it/nebbia" title="Scheda">Nebbia</a> è tornato.',
        "<strong>Grande</strong> festa.",
        "Una nuova riga.",
        "La locandina del film",
        "La locandina originale",
        "Incassi",
    ]
    assert all("tradurre" not in t and "Leggi" not in t and "diritti" not in t for t in texts(PAGE))


def test_article_title_from_the_title_element() -> None:
    article = parse_html(Path("pagina.html"), PAGE)
    assert article.title == "Il film &laquo;Nebbia&raquo; torna in sala"
    assert article.format == "html" and article.slug == "pagina"


def test_inline_elements_become_spans_with_entities_decoded() -> None:
    plain, spans = strip_html_inline('Il film <a href="x">Nebbia</a> &egrave; &laquo;bello&raquo;.')
    assert plain == "Il film Nebbia è «bello»."
    assert [(s.open, s.close, plain[s.start : s.end]) for s in spans] == [('<a href="x">', "</a>", "Nebbia")]


def test_element_cut_by_a_sentence_boundary() -> None:
    segments = texts("<p><em>Prima frase qui. Seconda frase qui.</em></p>")
    assert segments == ["<em>Prima frase qui.", "Seconda frase qui.</em>"]
    first = strip_html_inline(segments[0])
    assert restore_inline(*first, "First sentence here.") == ("<em>First sentence here.", [])


def test_english_output_is_escaped_html() -> None:
    plain, spans = strip_html_inline("Tom &amp; <em>Jerry</em> al cinema.")
    english, lost = restore_inline(plain, spans, "Tom & Jerry at the <cinema>.", escape=escape_text)
    assert (english, lost) == ("Tom &amp; <em>Jerry</em> at the &lt;cinema&gt;.", [])


def test_untranslated_document_is_byte_identical_and_translation_only_touches_text() -> None:
    article = parse_html(Path("pagina.html"), PAGE)
    segments = segment_article(article)
    assert assemble_article(article, segments, {}) == PAGE
    targets = {}
    for seg in segments:  # "English": the Italian in capitals, with a quote and an ampersand
        plain, spans = strip_html_inline(seg.text)
        targets[seg.id] = restore_inline(plain, spans, plain.upper() + ' "Q" & R', escape=escape_text)[0]
    english = assemble_article(article, segments, targets)
    assert structure(english) == structure(PAGE)  # same elements, same untranslatable attributes
    assert 'content="UNA RECENSIONE DEL FILM. &quot;Q&quot; &amp; R' in english  # quotes stay inside
    assert '<title>IL FILM «NEBBIA» TORNA IN SALA "Q" &amp; R</title>' in english
    assert '<h1>IL RITORNO DI <em>NEBBIA</em> "Q" &amp; R</h1>' in english
    for kept in (
        "Codice da non tradurre.",
        "Tutti i diritti riservati.",
        "Pagina iniziale",
        "<!-- Un commento",
    ):
        assert kept in english


def test_non_utf8_charset_is_refused_in_one_line(tmp_path: Path) -> None:
    raw = '<html><head><meta charset="windows-1252"><title>Perch\xe9</title></head></html>'.encode("cp1252")
    with pytest.raises(InputError, match="declares charset windows-1252; only UTF-8"):
        decode_html(tmp_path / "a.html", raw)
    utf8 = '<meta http-equiv="Content-Type" content="text/html; charset=utf-8"><p>Perché</p>'.encode()
    assert decode_html(tmp_path / "a.html", utf8).endswith("Perché</p>")


def test_cli_refuses_a_latin1_page_and_goes_on(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(ARTICLES / "botteghino-sale.txt", articles)
    (articles / "vecchia.htm").write_bytes(b'<meta charset="iso-8859-1"><p>Perch\xe9 no.</p>')
    result = run_cli("run", articles, "-o", tmp_path / "out", "--model", FIXTURE_MODEL, "--threads", "1")
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert "vecchia.htm: declares charset iso-8859-1" in result.stderr
    assert (tmp_path / "out" / "botteghino-sale" / "botteghino-sale.en.po").exists()


@pytest.mark.parametrize("sample", sorted(ARTICLES.glob("*.html")), ids=lambda p: p.stem)
def test_sample_reads_and_rebuilds_exactly(sample: Path) -> None:
    article = read_article(sample)
    assert assemble_article(article, segment_article(article), {}) == sample.read_text(encoding="utf-8")


def test_reviewed_html_round_trip_gives_valid_english(tmp_path: Path) -> None:
    """A reviewer writes HTML msgstrs; build splices them in; the page keeps every element and attribute."""
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(ARTICLES / "festival-corti-wordpress.html", articles)
    out = tmp_path / "out"
    run(RunConfig(articles, out, GLOSSARY, FIXTURE_MODEL, EngineOptions(threads=1)))
    po_path = out / "festival-corti-wordpress" / "festival-corti-wordpress.en.po"
    po = polib.pofile(str(po_path))
    for entry in po:
        if entry.msgid.startswith("Il regista ha presentato"):
            entry.msgstr = "The director showed the trailer &amp; a first scene at the festival."
            entry.flags.remove("fuzzy")
    po.save()
    build_output(out)
    english = (out / "festival-corti-wordpress" / "festival-corti-wordpress.en.html").read_text(
        encoding="utf-8"
    )
    source = (ARTICLES / "festival-corti-wordpress.html").read_text(encoding="utf-8")
    assert "<p>The director showed the trailer &amp; a first scene at the festival.<br>" in english
    assert structure(english) == structure(source)
    notes = " ".join(e.comment for e in polib.pofile(str(po_path)))
    for name in ("em", "strong", "a"):  # each inline element is in the English or named in a note
        opening = re.compile(rf"<{name}[\s>]")
        missing = len(opening.findall(source)) - len(opening.findall(english))
        assert len(opening.findall(english)) == english.count(f"</{name}>")
        assert missing == notes.count(f"restore it by hand: <{name}")
    head = source.split("<body", 1)[0]
    # byte-identical up to the first text, but for the root's lang (the English page says "en")
    assert english.startswith(english_document(head[: head.index("<title>")]))


@pytest.mark.parametrize("sample", sorted(ARTICLES.glob("*.html")), ids=lambda p: p.stem)
def test_demo_english_is_the_same_document(sample: Path, demo_output: Path) -> None:  # noqa: ANN001
    slug = sample.stem
    english = (demo_output / slug / f"{slug}.en.html").read_text(encoding="utf-8")
    assert structure(english) == structure(sample.read_text(encoding="utf-8"))


def test_english_page_announces_english() -> None:
    page = '<!DOCTYPE html>\n<html lang="it-IT" xml:lang=\'it\'>\n<body><p lang="it">ciao</p></body></html>\n'
    assert english_document(page) == (
        '<!DOCTYPE html>\n<html lang="en" xml:lang=\'en\'>\n<body><p lang="it">ciao</p></body></html>\n'
    )
    assert english_document('<html lang="fr"><p>x</p></html>') == '<html lang="fr"><p>x</p></html>'
