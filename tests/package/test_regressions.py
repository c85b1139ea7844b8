"""Pinned glossary behaviour: any change in hits or in the final English shows as a readable diff.

Regenerate deliberately with ``pytest tests/package/test_regressions.py --force-regen`` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import ARTICLES, GLOSSARY

from translate_news.documents.registry import format_named, read_article
from translate_news.glossary.match import build_matcher, find_hits
from translate_news.glossary.model import load_glossary
from translate_news.pipeline.runner import list_articles
from translate_news.segmentation.segment import segment_article

SAMPLES = list_articles(ARTICLES)


@pytest.mark.parametrize("article_path", SAMPLES, ids=lambda p: p.stem)
def test_glossary_hits_per_article(article_path: Path, data_regression) -> None:  # noqa: ANN001
    glossary = load_glossary(GLOSSARY)
    matcher = build_matcher(glossary)
    article = read_article(article_path)
    hits = []
    for seg in segment_article(article):
        plain, _ = format_named(article.format).strip_inline(seg.text)
        for hit in find_hits(matcher, plain):
            hits.append(
                {
                    "segment": seg.id,
                    "term": hit.entry_id,
                    "text": hit.text,
                    "target": glossary.by_id[hit.entry_id].target,
                }
            )
    data_regression.check({"article": article.slug, "hits": hits})


@pytest.mark.parametrize("article_path", SAMPLES, ids=lambda p: p.stem)
def test_final_english(article_path: Path, demo_output: Path, file_regression) -> None:  # noqa: ANN001
    article = read_article(article_path)
    english = demo_output / article.slug / f"{article.slug}.en.{article.format}"
    file_regression.check(english.read_text(encoding="utf-8"), extension=f".{article.format}")
