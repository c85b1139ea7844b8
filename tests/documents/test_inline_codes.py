"""Inline codes come from the input format (``DocumentFormat.pieces``), for every registered format and
for a throwaway one registered here (README's recipe: one module plus one registry entry); HTML msgids
decode entities, and an old catalog with entities keeps its reviewed entries.
"""

from __future__ import annotations

import ast
import re
import shutil
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from support import FIXTURE_MODEL, ROOT
from support.contracts import MARKED, check_contract, check_exchange_contract

from translate_news.documents import registry
from translate_news.documents.article import Article, DocumentFormat, decode_article
from translate_news.documents.codes import Close, Code, Open, Piece, Single, pieces_text
from translate_news.documents.html import FORMAT as HTML
from translate_news.documents.html import for_page, for_people, html_pieces
from translate_news.documents.inline import InlineSpan
from translate_news.documents.text import parse_text
from translate_news.exchange import FORMATS as EXCHANGE_FORMATS
from translate_news.exchange import read_tmx
from translate_news.identity import sentence_key
from translate_news.mt.engine import EngineOptions
from translate_news.pipeline.runner import RunConfig, run
from translate_news.review.catalog import catalog_text, read_catalog
from translate_news.review.xliff_merge import import_xliff

X12 = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
X20 = {"x": "urn:oasis:names:tc:xliff:document:2.0"}


# --- a throwaway format with inline markup: one module-like object plus one registry entry ----------

_BB_TAG = re.compile(r"\[(/?)([a-z]+)(?:=[^\]\s]*)?\]")
_BB_CTYPE = {"b": "bold", "i": "italic", "url": "link"}


def _bb_pieces(text: str) -> list[Piece]:
    """``[b]…[/b]``, ``[i]…[/i]``, ``[url=…]…[/url]`` as pairs, ``[br]`` standalone."""
    tokens: list[tuple[int, re.Match[str]]] = list(enumerate(_BB_TAG.finditer(text)))
    partner: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    for index, match in tokens:
        if match[2] == "br":
            continue
        if not match[1]:
            stack.append((match[2], index))
        elif stack and stack[-1][0] == match[2]:
            partner[stack.pop()[1]] = index
    closes = {end: start for start, end in partner.items()}
    pieces: list[Piece] = []
    by_start: dict[int, Code] = {}
    pos = 0
    for index, match in tokens:
        pieces.append(text[pos : match.start()])
        pos = match.end()
        number = str(len(by_start) + sum(isinstance(p, Single) for p in pieces) + 1)
        ctype = _BB_CTYPE.get(match[2], f"x-bb-{match[2]}")
        if match[2] == "br":
            pieces.append(Single(Code(number, match[0], None, "lb")))
        elif index in partner:
            by_start[index] = Code(number, match[0], tokens[partner[index]][1][0], ctype)
            pieces.append(Open(by_start[index]))
        elif index in closes:
            pieces.append(Close(by_start[closes[index]]))
        else:
            pieces.append(match[0])  # a tag without its partner stays text
    pieces.append(text[pos:])
    return [piece for piece in pieces if piece != ""]


def _bb_strip(text: str) -> tuple[str, tuple[InlineSpan, ...]]:
    """Plain text for MT; outermost pairs as spans."""
    plain = ""
    spans: list[InlineSpan] = []
    depth = 0
    open_at: tuple[str, int] | None = None
    for piece in _bb_pieces(text):
        if isinstance(piece, str):
            plain += piece
        elif isinstance(piece, Open):
            depth += 1
            if depth == 1:
                open_at = (piece.code.open, len(plain))
        elif isinstance(piece, Close):
            depth -= 1
            if depth == 0 and open_at is not None:
                spans.append(InlineSpan(open_at[1], len(plain), open_at[0], piece.code.close or ""))
        else:
            spans.append(InlineSpan(len(plain), len(plain), piece.code.open, ""))
    return plain, tuple(spans)


def _bb_parse(path: Path, text: str) -> Article:
    return replace(parse_text(path, text), format="bbcode")


def _bb_rebuild(ctype: str) -> tuple[str, str | None] | None:
    tag = {"bold": "b", "italic": "i"}.get(ctype)
    return None if tag is None else (f"[{tag}]", f"[/{tag}]")


BBCODE = SimpleNamespace(
    FORMAT=DocumentFormat(
        "bbcode",
        (".bbcode",),  # the name is the suffix: layout names the snapshot and English file by it
        decode_article,
        _bb_parse,
        _bb_strip,
        pieces=_bb_pieces,
        rebuild=_bb_rebuild,
        datatype="x-bbcode",
    )
)
BB_ARTICLE = """Il ritorno di [b]Nebbia[/b]

Il film [url=https://esempio.it/nebbia]Nebbia[/url] è [i]tornato[/i] in sala.[br]Il regista è contento.

Una [b]grande[/b] festa a Roma.
"""


@pytest.fixture
def bbcode(monkeypatch: pytest.MonkeyPatch) -> DocumentFormat:
    """The throwaway format registered: one module-like object, one registry entry."""
    monkeypatch.setattr(registry, "MODULES", (*registry.MODULES, BBCODE))
    monkeypatch.setitem(registry.BY_NAME, BBCODE.FORMAT.name, BBCODE.FORMAT)
    for suffix in BBCODE.FORMAT.suffixes:
        monkeypatch.setitem(registry.FORMATS, suffix, BBCODE.FORMAT)
    monkeypatch.setitem(
        MARKED,
        "bbcode",
        tuple(
            replace(unit, source=_to_bb(unit.source), target=_to_bb(unit.target))
            for unit in MARKED["html"][:1]
        ),
    )
    return BBCODE.FORMAT


def _to_bb(text: str) -> str:
    text = re.sub(r'<a href="([^"]*)"[^>]*>', r"[url=\1]", text).replace("</a>", "[/url]")
    return text.replace("<b>", "[b]").replace("</b>", "[/b]").replace("<em>", "[i]").replace("</em>", "[/i]")


@pytest.mark.parametrize("name", list(EXCHANGE_FORMATS))
def test_a_throwaway_format_keeps_the_exchange_contract(
    bbcode: DocumentFormat, tmp_path: Path, name: str
) -> None:
    assert "[url=" in MARKED["bbcode"][0].source  # the sample has markup of its own
    check_exchange_contract(tmp_path, name, bbcode)


def test_a_throwaway_format_keeps_the_document_contract(bbcode: DocumentFormat, tmp_path: Path) -> None:
    path = tmp_path / "nebbia.bbcode"
    path.write_text(BB_ARTICLE, encoding="utf-8")
    article = registry.read_article(path)
    assert registry.format_named(article.format) is bbcode
    check_contract(article)


def test_a_throwaway_format_runs_end_to_end_with_codes(bbcode: DocumentFormat, tmp_path: Path) -> None:
    """A run on a file of the new format writes exchange files whose markup is codes."""
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "nebbia.bbcode").write_text(BB_ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    summary = run(RunConfig(articles, out, None, FIXTURE_MODEL, EngineOptions(threads=1)))
    assert summary.failed == 0
    folder = out / "nebbia"
    xliff12 = etree.parse(str(folder / "nebbia.it-en.xliff12.xlf"))
    assert xliff12.find(".//x:file", X12).get("datatype") == "x-bbcode"
    assert {g.get("ctype") for g in xliff12.iterfind(".//x:source//x:g", X12)} >= {"bold", "italic", "link"}
    for text in xliff12.iterfind(".//x:source", X12):
        assert "[b]" not in "".join(text.itertext())
    tmx = etree.parse(str(folder / "nebbia.it-en.drafts.tmx"))  # machine drafts: the reviewed TMX is empty
    assert any(bpt.text == "[url=https://esempio.it/nebbia]" for bpt in tmx.iter("bpt"))
    assert (folder / "nebbia.en.bbcode").is_file()


# --- one home per concern: no format decided by its name outside documents/ -------------------------

_NAMES = "|".join(re.escape(module.FORMAT.name) for module in registry.MODULES)
_COMPARED = regex.compile(
    rf"""(?:==|!=|\bin)\s*\(?\s*["'](?:{_NAMES})["']|["'](?:{_NAMES})["']\s*(?:==|!=)"""
)


def test_no_format_name_is_compared_outside_documents() -> None:
    found = []
    for path in sorted((ROOT / "translate_news").rglob("*.py")):
        if "documents" in path.relative_to(ROOT).parts:
            continue
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Compare):
                text = ast.get_source_segment(source, node) or ""
                if _COMPARED.search(text):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text}")
    assert not found, "ask the DocumentFormat instead:\n" + "\n".join(found)


def test_the_name_rule_catches_a_comparison() -> None:
    assert _COMPARED.search('article.format == "md"') and _COMPARED.search("'html' != fmt")
    assert _COMPARED.search('fmt in ("md", "txt")') and not _COMPARED.search('name == "mdx"')


# --- HTML: pieces and entities ------------------------------------------------------------------------


def test_html_elements_are_pairs_void_elements_and_comments_standalone() -> None:
    text = 'Il <a href="/x?a=1&amp;b=2">film</a> è <b>già <em>qui</em></b>.<br>Fine <!-- n --> 3 &lt; 5.'
    pieces = html_pieces(text)
    assert pieces_text(pieces, HTML.escape) == text
    opened = [p.code for p in pieces if isinstance(p, Open)]
    assert [(c.open, c.close, c.ctype) for c in opened] == [
        ('<a href="/x?a=1&amp;b=2">', "</a>", "link"),
        ("<b>", "</b>", "bold"),
        ("<em>", "</em>", "x-html-em"),
    ]
    assert [p.code.ctype for p in pieces if isinstance(p, Single)] == ["lb", "x-html-comment"]
    assert "3 < 5." in [p.strip() for p in pieces if isinstance(p, str)]  # text as characters


def test_an_element_cut_by_a_sentence_boundary_is_half_a_pair() -> None:
    pieces = html_pieces("fine.</em> E poi <b>apre")
    assert isinstance(pieces[1], Close) and pieces[1].code.open == ""
    assert isinstance(pieces[3], Open) and pieces[3].code.close == ""


@given(st.text(alphabet=st.sampled_from(list("ab <>/&;#x1emp=\"'!-")), max_size=40))
def test_html_pieces_give_back_the_people_form(text: str) -> None:
    people = for_people(text)
    assert for_people(people) == people
    assert pieces_text(html_pieces(people), HTML.escape) == people


def test_entities_are_decoded_for_people_but_lt_amp_gt_stay() -> None:
    assert for_people("Perch&eacute; &rsquo;no&rsquo; &#8211; 3 &lt; 5 &amp; AT&T") == (
        "Perché ’no’ – 3 &lt; 5 &amp; AT&amp;T"
    )
    assert for_people('<a title="&egrave;">&egrave;</a>') == '<a title="&egrave;">è</a>'  # tags as written
    assert for_page("10\u00a0km <b\u00a0x>") == "10&nbsp;km <b\u00a0x>"


def test_sentence_identity_treats_an_entity_and_its_character_alike() -> None:
    assert sentence_key("Perch&eacute; &laquo;no&raquo;") == sentence_key("Perché «no»")
    assert sentence_key("3 &lt; 5") != sentence_key("3 < 5")  # a literal < is never markup


# --- HTML articles end to end: codes, round trip, old catalogs ---------------------------------------

SLUG = "documentario-media"


@pytest.fixture(scope="module")
def html_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    articles = tmp_path_factory.mktemp("articles")
    shutil.copy(ROOT / "articles" / f"{SLUG}.html", articles)
    out = tmp_path_factory.mktemp("out")
    run(RunConfig(articles, out, None, FIXTURE_MODEL, EngineOptions(threads=1)))
    return out


def _copy(html_run: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(html_run, out)
    return out


def test_html_msgids_decode_entities(html_run: Path) -> None:
    catalog = read_catalog(html_run / SLUG / f"{SLUG}.en.po")
    msgids = [entry.msgid for entry in catalog]
    assert not any(regex.search(r"&(?!lt;|gt;|amp;)[#A-Za-z0-9]+;", m) for m in msgids), msgids
    assert any("è" in m for m in msgids)


def test_html_exchange_files_carry_codes(html_run: Path) -> None:
    folder = html_run / SLUG
    x12 = etree.parse(str(folder / f"{SLUG}.it-en.xliff12.xlf"))
    assert x12.find(".//x:file", X12).get("datatype") == "html"
    assert x12.findall(".//x:source//x:g", X12) or x12.findall(".//x:source//x:x", X12)
    x20 = etree.parse(str(folder / f"{SLUG}.it-en.xlf"))
    assert x20.findall(".//x:originalData/x:data", X20)
    for root in (x12.getroot(), x20.getroot()):
        for source in root.iter(f"{{{X12['x']}}}source", f"{{{X20['x']}}}source"):
            assert not regex.search(r"</?[a-z]+[ >]", "".join(source.itertext()))  # no tag as text
    tmx = etree.parse(str(folder / f"{SLUG}.it-en.drafts.tmx"))  # nothing is reviewed yet
    assert tmx.find("header").get("datatype") == "html"
    assert tmx.findall(".//bpt") and len(tmx.findall(".//bpt")) == len(tmx.findall(".//ept"))
    msgids = {entry.msgid for entry in read_catalog(folder / f"{SLUG}.en.po")}
    pairs = read_tmx(folder / f"{SLUG}.it-en.drafts.tmx")  # what ``tm import`` reads: codes back as markup
    assert pairs and {pair.source for pair in pairs} <= msgids
    assert any("<a href=" in pair.source for pair in pairs)


def test_a_translators_target_with_codes_comes_back_as_html(html_run: Path, tmp_path: Path) -> None:
    """XLIFF 1.2 and 2.0: a target retyped around the codes (as a CAT tool keeps them) is imported
    into the PO msgstr with the source's own markup."""
    for name, ns in (("xliff12.xlf", X12), ("xlf", X20)):
        out = _copy(html_run, tmp_path / name)
        exported = tmp_path / name / f"{SLUG}.it-en.{name}"
        shutil.copy(out / SLUG / exported.name, exported)
        tree = etree.parse(str(exported))
        unit_tag = "trans-unit" if ns is X12 else "unit"
        unit = next(
            u
            for u in tree.iterfind(f".//x:{unit_tag}", ns)
            if u.find(".//x:source/x:g", ns) is not None or u.find(".//x:source/x:pc", ns) is not None
        )
        source = unit.find(".//x:source", ns)
        target = unit.find(".//x:target", ns)
        target.getparent().replace(target, _retyped(source, ns))
        if ns is X12:
            unit.set("approved", "yes")
        else:
            unit.find("x:segment", ns).set("state", "final")
        tree.write(str(exported), xml_declaration=True, encoding="UTF-8")
        _, result = import_xliff(exported, out)
        assert result.reviewed == 1, result
        catalog = read_catalog(out / SLUG / f"{SLUG}.en.po")
        reviewed = [e for e in catalog if "REVIEWED" in e.msgstr]
        assert len(reviewed) == 1
        msgid, msgstr = reviewed[0].msgid, reviewed[0].msgstr
        tags = regex.findall(r"<[^>]+>", msgid)
        assert tags and regex.findall(r"<[^>]+>", msgstr) == tags, (msgid, msgstr)


def _retyped(source: etree._Element, ns: dict[str, str]) -> etree._Element:
    """The source's codes with every text run replaced: what a translator does in a CAT tool."""
    target = etree.Element(f"{{{ns['x']}}}target")
    copy = etree.fromstring(etree.tostring(source))
    target.text = "REVIEWED "
    for child in copy:
        target.append(child)
    for element in target.iter():
        if element is not target and element.text:
            element.text = "words"
        if element is not target and element.tail:
            element.tail = " text"
    if ns is X12:
        target.set("state", "signed-off")
    return target


def test_an_old_catalog_with_entities_keeps_its_reviewed_entries(html_run: Path, tmp_path: Path) -> None:
    """A catalog written before msgids decoded entities (``&egrave;`` in its msgids) keeps a reviewed
    msgstr on the next run: the msgid is rewritten decoded, the person's text unchanged."""
    out = _copy(html_run, tmp_path)
    po_path = out / SLUG / f"{SLUG}.en.po"
    catalog = read_catalog(po_path)
    source = (ROOT / "articles" / f"{SLUG}.html").read_text(encoding="utf-8")
    entry = next(e for e in catalog if "è" in e.msgid)
    old_msgid = _as_in_the_page(entry.msgid, source)
    assert old_msgid != entry.msgid and "&egrave;" in old_msgid
    entry.msgid = old_msgid
    entry.msgstr = "A reviewer's own sentence."
    entry.flags = [f for f in entry.flags if f != "fuzzy"]
    entry.comment = ""
    entry.tcomment = "reviewed by a person"
    po_path.write_text(catalog_text(catalog), encoding="utf-8")
    status_before = read_catalog(po_path)
    kept = next(e for e in status_before if e.msgid == old_msgid)
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(ROOT / "articles" / f"{SLUG}.html", articles)
    run(RunConfig(articles, out, None, FIXTURE_MODEL, EngineOptions(threads=1)))
    after = read_catalog(po_path)
    match = [e for e in after if e.msgstr == "A reviewer's own sentence." and not e.obsolete]
    assert len(match) == 1, [(e.msgid, e.msgstr) for e in after]
    assert match[0].msgid == _decoded(old_msgid) and "fuzzy" not in match[0].flags
    assert kept.msgstr == match[0].msgstr
    english = (out / SLUG / f"{SLUG}.en.html").read_text(encoding="utf-8")
    assert "A reviewer&#x27;s own sentence." in english or "A reviewer's own sentence." in english


def _as_in_the_page(msgid: str, page: str) -> str:
    """``msgid`` with its characters written as the page writes them (its entities)."""
    spelled = {_decoded(entity): entity for entity in set(regex.findall(r"&[A-Za-z]+;", page))}
    spelled = {char: entity for char, entity in spelled.items() if char not in "<>&"}
    return "".join(spelled.get(char, char) for char in msgid)


def _decoded(text: str) -> str:
    return for_people(text)


def test_a_memory_keyed_before_entities_were_decoded_finds_the_sentence(tmp_path: Path) -> None:
    """A schema-2 memory stored an HTML sentence's review under its entities; opened now, the review is
    found by the decoded msgid (schema 3 re-keys it)."""
    import sqlite3

    from translate_news.memory.store import TranslationMemory

    path = tmp_path / "memory.sqlite"
    with TranslationMemory(path) as memory:
        memory.add_reviewed("Il film è bello.", "The film is fine.", article="a", date="2024-05-03T10:00:00Z")
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE reviewed SET source = 'Il film &egrave; bello.'")
        db.execute("UPDATE reviewed_history SET source = 'Il film &egrave; bello.'")
        db.execute("DELETE FROM schema_version")
        db.execute("INSERT INTO schema_version (version) VALUES (2)")
    db.close()
    with TranslationMemory(path) as memory:
        found = memory.lookup_reviewed("Il film è bello.")
        assert found is not None and found.target == "The film is fine."
        assert [unit.target for unit in memory.review_history("Il film è bello.")] == ["The film is fine."]


def test_xliff12_without_the_po_rebuilds_what_the_code_kind_says(tmp_path: Path) -> None:
    """Read without the skeleton, an HTML file's ``<g>`` gives back a bare element of its kind; a link
    (its address is only in the PO) keeps its text."""
    from translate_news.exchange import ExchangeUnit, read_xliff12, write_xliff12

    unit = ExchangeUnit(
        "a1", 'Il <a href="/x">film</a> è <strong>bello</strong><br>ora.', "The film", "translated"
    )
    path = tmp_path / "a.xliff12.xlf"
    path.write_text(write_xliff12([unit], original="a.it.html", document_format=HTML), encoding="utf-8")
    assert read_xliff12(path)[0].source == "Il film è <strong>bello</strong><br>ora."
    assert read_xliff12(path, skeleton={"a1": unit.source})[0].source == unit.source


def test_an_html_xliff12_exported_before_codes_imports_its_markup_as_written(tmp_path: Path) -> None:
    """An XLIFF 1.2 of an HTML article from before codes (``datatype="plaintext"``, tags as text) is
    read as written: a translator's ``<em>`` typed as text is markup, as it was when exported."""
    from translate_news.documents.registry import TEXT
    from translate_news.exchange import ExchangeUnit, read_xliff, write_xliff12

    unit = ExchangeUnit("a1", "Il film <em>bello</em>.", "The <em>fine</em> film.", "translated")
    path = tmp_path / "a.xliff12.xlf"
    path.write_text(write_xliff12([unit], original="a.it.html", document_format=TEXT), encoding="utf-8")
    assert "&lt;em&gt;" in path.read_text(encoding="utf-8")  # the old export: markup as text
    assert read_xliff(path, document_format=HTML)[0].target == "The <em>fine</em> film."
