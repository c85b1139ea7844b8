"""OmegaT 3.6, run headless, on the demo's XLIFF 1.2 written with ``--xliff-profile omegat`` (issue 23).

OmegaT's XLIFF filter translates the text of ``<target>`` and skips ``<source>``: with the default
profile (the MT draft in ``<target>``) every segment it offered was English. Here OmegaT itself lists
its segments (``console-createpseudotranslatetmx``), translates them from a TMX in ``tm/enforce`` that
this test writes (one sentence per file left out), and its target files go back through
``translate-news xliff import``. One console call takes 3 to 6 s on the 2-core development
machine, so the test runs wherever ``omegat`` is installed (``.ci/run`` installs Debian's package).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from lxml import etree
from support import ARTICLES, FIXTURE_MODEL, run_cli

from translate_news.documents.registry import MARKDOWN as MARKDOWN_FORMAT
from translate_news.exchange import markup_pieces
from translate_news.exchange.codes import our_id
from translate_news.exchange.xml import parse_xml
from translate_news.segmentation.segment import segment_id

OMEGAT = shutil.which("omegat")
pytestmark = pytest.mark.skipif(
    OMEGAT is None, reason="OmegaT not installed (Debian: apt-get install omegat); headless checks skipped"
)

MARKDOWN, HTML = "casting-digitale", "documentario-media"
# One sentence per article nobody translates in OmegaT: it comes back as a copy of the Italian.
LEFT_OUT = {MARKDOWN: "Un provino senza attore", HTML: "Gli abbonati potranno vedere l'anteprima"}
TRANSLATOR = "Ada Rossi <ada@example.org>"
# OmegaT's own tags for inline codes: <g0>…</g0>, <x1/>, <bpt…>: a letter run and a number.
OMEGAT_TAG = re.compile(r"</?[a-z]+\d+/?>")
PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>IT</source_lang>
    <target_lang>EN</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneItalianTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


@dataclass(frozen=True)
class OmegatRun:
    output: Path  # translate-news output folder
    project: Path  # the OmegaT project
    segments: tuple[str, ...]  # every source segment OmegaT offered, in its tag notation


def _omegat(project: Path, *args: str) -> None:
    result = subprocess.run(
        [str(OMEGAT), str(project), *args, f"--config-dir={project.parent / 'omegat-config'}", "--quiet"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0 and "Finished" in result.stdout, result.stdout + result.stderr


def _english(segment: str, number: int) -> str:
    """A made-up English for one OmegaT segment: every run of text replaced, its tags kept in place
    (a space on each side of a standalone tag, which stands for a URL)."""
    parts = OMEGAT_TAG.split(segment)
    tags = [*OMEGAT_TAG.findall(segment), ""]
    out = []
    for k, part in enumerate(parts):
        word = f"Sentence {number} part {k}." if part.strip() else part
        before = " " if k and tags[k - 1].endswith("/>") else ""
        after = " " if tags[k].endswith("/>") else ""
        out.append(before + word + after + tags[k])
    return "".join(out)


@pytest.fixture(scope="module")
def omegat_run(tmp_path_factory: pytest.TempPathFactory) -> OmegatRun:
    base = tmp_path_factory.mktemp("omegat")
    articles = base / "articles"
    articles.mkdir()
    shutil.copy(ARTICLES / f"{MARKDOWN}.md", articles)
    shutil.copy(ARTICLES / f"{HTML}.html", articles)
    output = base / "output"
    ran = run_cli(
        "run", articles, "-o", output, "--model", FIXTURE_MODEL, "--no-glossary", "--threads", "1",
        "--xliff", "1.2", "--xliff-profile", "omegat", "--quiet",
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    project = base / "project"
    for folder in ("source", "target", "tm/auto", "tm/enforce", "tm/mt", "glossary", "omegat"):
        (project / folder).mkdir(parents=True)
    (project / "omegat.project").write_text(PROJECT, encoding="utf-8")
    for slug in (MARKDOWN, HTML):
        shutil.copy(output / slug / f"{slug}.it-en.xliff12.xlf", project / "source")
    listed = base / "segments.tmx"
    _omegat(project, "--mode=console-createpseudotranslatetmx", f"--pseudotranslatetmx={listed}")
    root = parse_xml(listed)
    segments = []
    for number, tu in enumerate(list(root.iter("tu"))):
        source, target = (tuv.find("seg") for tuv in tu.iter("tuv"))  # OmegaT writes IT, then EN
        segments.append(source.text or "")
        if any(left in (source.text or "") for left in LEFT_OUT.values()):
            tu.getparent().remove(tu)
        else:
            target.text = _english(source.text or "", number)
    etree.ElementTree(root).write(
        str(project / "tm" / "enforce" / "reviewed.tmx"), xml_declaration=True, encoding="UTF-8"
    )
    _omegat(project, "--mode=console-translate")
    return OmegatRun(output, project, tuple(segments))


def _catalog(run: OmegatRun, slug: str) -> polib.POFile:
    return polib.pofile(str(run.output / slug / f"{slug}.en.po"))


def _units(path: Path) -> list[etree._Element]:
    return list(parse_xml(path).iter("{*}trans-unit"))


def _tagless(element: etree._Element | None) -> str:
    """An XLIFF 1.2 element's text as OmegaT shows it without its tags: a ``<g>``'s content stays, the
    native markup in ``<bpt>``/``<ept>``/``<ph>``/``<it>`` and a ``<x/>`` are tags (spaces normalised)."""
    if element is None:
        return ""
    out = [element.text or ""]
    for child in element:
        if etree.QName(child).localname in ("g", "mrk"):
            out.append(_tagless(child))
        out.append(child.tail or "")
    return " ".join("".join(out).split())


def _shown(segment: str) -> str:
    return " ".join(OMEGAT_TAG.sub("", segment).split())


def _words(text: str) -> tuple[str, ...]:
    """A loose form for telling two sentences apart whatever their markup: the words only."""
    return tuple(re.findall(r"\w+", re.sub(r"<[^>]*>", " ", html.unescape(text))))


def _phrases(text: str) -> list[str]:
    """The made-up English phrases (``_english``) a text holds, whatever codes surround them."""
    return re.findall(r"Sentence \d+ part \d+\.", text)


def test_omegat_offers_every_italian_sentence_and_no_english(omegat_run: OmegatRun) -> None:
    offered = {_shown(segment) for segment in omegat_run.segments}
    ours, drafts = set(), set()
    for slug in (MARKDOWN, HTML):
        ours |= {
            _tagless(tu.find("{*}source"))
            for tu in _units(omegat_run.project / "source" / f"{slug}.it-en.xliff12.xlf")
        }
        drafts |= {
            _words(e.msgstr)
            for e in _catalog(omegat_run, slug)
            if e.msgstr and _words(e.msgstr) != _words(e.msgid)
        }
    assert drafts, "the run wrote machine drafts"
    assert offered == ours  # one segment per distinct <source>, nothing else
    assert not {_words(segment) for segment in offered} & drafts  # no English draft as the source
    markdown = {
        " ".join("".join(p for p in markup_pieces(e.msgid, MARKDOWN_FORMAT) if isinstance(p, str)).split())
        for e in _catalog(omegat_run, MARKDOWN)
    }
    assert markdown <= offered  # the Markdown msgids, codes aside: the Italian itself


@pytest.mark.parametrize(
    "slug,marked,literal",
    [
        (MARKDOWN, ["casting", "sul sito dell'osservatorio"], ["**", "]("]),
        (HTML, ["L'Eternauta", "novità"], ["<em>", "<a ", "&laquo;", "&egrave;"]),
    ],
)
def test_links_and_emphasis_reach_omegat_as_tags(
    omegat_run: OmegatRun, slug: str, marked: list[str], literal: list[str]
) -> None:
    """Whatever codes the writer uses, OmegaT must see tags around the marked text, no raw markup."""
    ours = {
        _tagless(tu.find("{*}source"))
        for tu in _units(omegat_run.project / "source" / f"{slug}.it-en.xliff12.xlf")
    }
    mine = [seg for seg in omegat_run.segments if _shown(seg) in ours]
    assert mine
    for text in marked:
        assert any(re.search(rf"<([a-z]+)(\d+)>{re.escape(text)}</\1\2>", seg) for seg in mine), text
    assert not [seg for seg in mine for raw in literal if raw in seg]


@pytest.mark.parametrize("slug", [MARKDOWN, HTML])
def test_omegat_translation_imports_back_and_its_italian_copies_stay_out(
    omegat_run: OmegatRun, tmp_path: Path, slug: str
) -> None:
    output = tmp_path / "output"
    shutil.copytree(omegat_run.output, output)
    before = {e.msgid: e.msgstr for e in _catalog(omegat_run, slug)}
    translated = omegat_run.project / "target" / f"{slug}.it-en.xliff12.xlf"

    result = run_cli("xliff", "import", translated, "-o", output, "--translator", TRANSLATOR)

    assert result.returncode == 0, result.stderr
    assert "hold the Italian source as their target" in result.stderr  # OmegaT's copy of LEFT_OUT
    catalog = polib.pofile(str(output / slug / f"{slug}.en.po"))
    entries = {segment_id(e.msgid, 1): e for e in catalog if e.msgid}
    done = set()
    for tu in _units(translated):
        entry = entries[our_id(tu.get("id", "")).split("-")[0]]
        if LEFT_OUT[slug] in _tagless(tu.find("{*}source")):
            assert entry.msgstr == before[entry.msgid], "a copy of the Italian reached the PO"
        else:
            given = _phrases(_tagless(tu.find("{*}target")))
            assert given and _phrases(entry.msgstr) == given, entry.msgid
            assert "fuzzy" in entry.flags  # OmegaT never signs off: a person's edit, not yet approved
        done.add(entry.msgid)
    assert done == set(before)
    assert catalog.metadata["Last-Translator"] == TRANSLATOR
    if slug == MARKDOWN:
        bold = next(e.msgstr for e in catalog if "**casting**" in e.msgid)
        link = next(e.msgstr for e in catalog if "](https://example.org/osservatorio/casting-ia)" in e.msgid)
        assert re.search(r"\*\*Sentence \d+ part \d\.\*\*", bold)
        assert re.search(r"\[Sentence \d+ part \d\.\]\(https://example.org/osservatorio/casting-ia\)", link)
