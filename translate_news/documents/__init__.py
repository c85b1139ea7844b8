"""Input formats: reading articles from a folder, one ``DocumentFormat`` per suffix in ``FORMATS``,
parsing each into blocks with exact offsets, and splicing the English back into the same bytes.

One module per format, each declaring ``FORMAT``: ``text`` (.txt), ``markdown`` (.md, with YAML
``frontmatter``), ``html`` (.html, .htm); ``registry.MODULES`` lists them.
"""

from translate_news.documents.article import ARTICLE_SUFFIXES, Article, slugify
from translate_news.documents.assemble import assemble_article
from translate_news.documents.inline import InlineSpan, Kept, restore_inline, strip_inline
from translate_news.documents.registry import (
    FORMATS,
    DocumentFormat,
    format_named,
    parse_article,
    read_article,
)
from translate_news.documents.sources import Skipped, Source, collect_articles

__all__ = [
    "ARTICLE_SUFFIXES",
    "Article",
    "DocumentFormat",
    "FORMATS",
    "InlineSpan",
    "Kept",
    "Skipped",
    "Source",
    "assemble_article",
    "collect_articles",
    "format_named",
    "parse_article",
    "read_article",
    "restore_inline",
    "slugify",
    "strip_inline",
]
