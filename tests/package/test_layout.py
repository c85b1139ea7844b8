"""Tests for where an article's outputs live and how article folders are found."""

from __future__ import annotations

from pathlib import Path

from translate_news.layout import ArticleFiles, article_files, find_article_files


def test_article_files_paths():
    files = article_files(Path("/out"), "sciopero", "md")
    assert files.folder == Path("/out/sciopero")
    assert files.po == Path("/out/sciopero/sciopero.en.po")
    assert files.tsv == Path("/out/sciopero/sciopero.it-en.tsv")
    assert files.xliff == Path("/out/sciopero/sciopero.it-en.xlf")
    assert files.tmx == Path("/out/sciopero/sciopero.it-en.tmx")
    assert files.english == Path("/out/sciopero/sciopero.en.md")
    assert files.source == Path("/out/sciopero/sciopero.it.md")


def touch(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("", encoding="utf-8")


def test_find_article_files(tmp_path):
    touch(tmp_path / "zeta" / "zeta.en.po")
    touch(tmp_path / "zeta" / "zeta.it.md")
    touch(tmp_path / "alfa" / "alfa.en.po")
    touch(tmp_path / "alfa" / "alfa.it.txt")
    touch(tmp_path / "senza-fonte" / "senza-fonte.en.po")
    touch(tmp_path / "diverso" / "altro.en.po")  # folder name differs from the slug
    touch(tmp_path / "vuoto" / "vuoto.it.txt")  # no catalog
    touch(tmp_path / "radice.en.po")  # not in an article folder
    assert find_article_files(tmp_path) == [
        ArticleFiles(tmp_path / "alfa", "alfa", "txt"),
        ArticleFiles(tmp_path / "senza-fonte", "senza-fonte", "txt"),
        ArticleFiles(tmp_path / "zeta", "zeta", "md"),
    ]


def test_find_article_files_empty_or_missing(tmp_path):
    assert find_article_files(tmp_path) == []
    assert find_article_files(tmp_path / "manca") == []
