"""End to end on the real Argos path: the fixture package, CTranslate2, SentencePiece, our stages."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from support import ARTICLES, FIXTURE_MODEL, GLOSSARY, SHARED, run_cli

from translate_news.documents.registry import read_article
from translate_news.memory.store import TranslationMemory, memory_path
from translate_news.mt.engine import EngineOptions
from translate_news.pipeline.runner import RunConfig, list_articles, run
from translate_news.segmentation.segment import segment_article

SAMPLES = list_articles(ARTICLES)

UNSEEN_ARTICLE = """Nuove regole per il doppiaggio in Italia

Il Sig. Paolo Neri, presidente dell’associazione dei doppiatori, ha parlato ieri a Roma.
«Chiediamo tutele chiare», ha detto. “La voce è lavoro”, ha aggiunto la Dott.ssa Ferri.

Le richieste del sindacato

Secondo il sindacato, 1.200 professionisti rischiano il posto entro il 2027. Il dibattito continua.
"""


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))  # RFC 4180 quoting, tab-delimited


@pytest.mark.parametrize("article_path", SAMPLES, ids=lambda p: p.name)
def test_demo_writes_every_output(demo_output: Path, article_path: Path) -> None:
    article = read_article(article_path)
    folder = demo_output / article.slug
    segments = segment_article(article)
    rows = read_tsv(folder / f"{article.slug}.it-en.tsv")
    assert [r["id"] for r in rows] == [s.id for s in segments]
    assert [r["source"] for r in rows] == [s.text for s in segments]
    assert all(r["target"] and r["status"] == "fuzzy" for r in rows)
    catalog = polib.pofile(str(folder / f"{article.slug}.en.po"))
    assert catalog.metadata["Language"] == "en"
    assert "charset=UTF-8" in catalog.metadata["Content-Type"]
    assert all("fuzzy" in e.flags and e.occurrences for e in catalog)
    assert all(e.comment.startswith("origin: mt translate-it_en-fixture@1.0 glossary ") for e in catalog)
    english = (folder / f"{article.slug}.en.{article.format}").read_text(encoding="utf-8")
    assert english.count("\n\n") == article.source.count("\n\n")  # same paragraph structure
    assert (folder / f"{article.slug}.it.{article.format}").read_text(encoding="utf-8") == article.source


def test_demo_translates_trained_sentences_exactly(demo_output: Path) -> None:
    rows = read_tsv(demo_output / "botteghino-sale" / "botteghino-sale.it-en.tsv")
    first = rows[0]
    assert first["source"] == "Cinema italiano, il botteghino del 2025 torna a crescere"
    assert first["target"] == "Italian cinema, the 2025 box office is growing again"


def test_markdown_structure_survives(demo_output: Path) -> None:
    english = (demo_output / "accordo-sag-aftra" / "accordo-sag-aftra.en.md").read_text(encoding="utf-8")
    assert english.startswith("---\ntitle: ")
    assert "\n## " in english and "\n- " in english
    assert "**SAG-AFTRA**" in english  # a name copied verbatim
    # A link whose text is translated: placed where the phrase, translated alone, occurs.
    assert "[on the union's website](https://example.org/sag-aftra/accordo-2026)" in english


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (gettext) not installed")
def test_catalogs_pass_msgfmt_check(demo_output: Path) -> None:
    for po in sorted(demo_output.glob("*/*.en.po")):
        result = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr


@pytest.mark.skipif(not (SHARED / "validators" / "validate.py").exists(), reason="../shared not present")
@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (gettext) not installed")
def test_outputs_pass_independent_validation(demo_output: Path) -> None:
    files = sorted(demo_output.glob("*/*.en.po")) + sorted(demo_output.glob("*/*.xlf"))
    files += sorted(demo_output.glob("*/*.tmx"))
    result = subprocess.run(
        [sys.executable, str(SHARED / "validators" / "validate.py"), *map(str, files)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout
    assert f"{len(files)} valid, 0 invalid" in result.stdout


def test_run_makes_no_network_access(tmp_path: Path, no_network: None) -> None:
    """The whole run, model loading included, with every socket call failing the test."""
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(ARTICLES / "sciopero-doppiatori.txt", articles)
    summary = run(RunConfig(articles, tmp_path / "out", GLOSSARY, FIXTURE_MODEL, EngineOptions(threads=1)))
    assert summary.articles == 1 and summary.failed == 0 and summary.translated > 0
    assert not {"torch", "stanza"} & set(sys.modules)  # the run path never imports them


def test_unseen_article_as_a_new_user(tmp_path: Path) -> None:
    articles = tmp_path / "in"
    articles.mkdir()
    (articles / "doppiaggio.txt").write_text(UNSEEN_ARTICLE, encoding="utf-8")
    result = run_cli(
        "run", articles, "-o", tmp_path / "out", "--model", FIXTURE_MODEL, "--threads", "1", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    article = read_article(articles / "doppiaggio.txt")
    segments = segment_article(article)
    rows = read_tsv(tmp_path / "out" / "doppiaggio" / "doppiaggio.it-en.tsv")
    assert len(rows) == len(segments) == 7
    assert rows[1]["source"].startswith("Il Sig. Paolo Neri")
    # The segments plus the whitespace between them are the source, exactly.
    rebuilt, pos = [], 0
    for seg in segments:
        gap = article.source[pos : seg.start]
        assert not gap.strip()
        rebuilt += [gap, article.source[seg.start : seg.end]]
        pos = seg.end
    assert "".join(rebuilt) + article.source[pos:] == article.source
    if shutil.which("msgfmt"):
        po = tmp_path / "out" / "doppiaggio" / "doppiaggio.en.po"
        assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)]).returncode == 0


def test_rerun_with_nothing_changed_uses_the_cache_and_touches_no_file(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    shutil.copytree(ARTICLES, articles)
    config = RunConfig(articles, tmp_path / "out", GLOSSARY, FIXTURE_MODEL, EngineOptions(threads=1))
    first = run(config)
    files = sorted(p for p in (tmp_path / "out").glob("*/*") if p.is_file())
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}
    second = run(config)
    assert first.translated == 182 and second.translated == 0  # unique sentences: the HTML pages repeat some
    # every file as the first run left it: trusted by hash, nothing re-read, re-merged or re-checked
    assert second.trusted == first.articles == second.articles and second.cached == 0
    assert (second.segments, second.words, second.kept) == (first.segments, first.words, 0)
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files} == before
    with TranslationMemory(memory_path(tmp_path / "out")) as memory:  # the full path: from the MT cache
        memory.forget_trusted_many(str(p.relative_to(articles)) for p in articles.iterdir())
    third = run(config)
    assert third.trusted == 0 and third.kept == 0 and third.cached == first.translated
    articles_files = [p for p in files if p.parent.name != ".tm"]  # the memory records the trust again
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in articles_files} == {
        p: before[p] for p in articles_files
    }
    assert all(p.stat().st_mode & 0o044 for p in files)  # readable by the group, not mkstemp's 0600
