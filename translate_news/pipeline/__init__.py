"""The run: prepare each article, translate the run's unique sentences once, draft, merge and write;
``build`` reassembles from reviewed catalogs.
"""

from translate_news.pipeline.layout import ArticleFiles, article_files, find_article_files
from translate_news.pipeline.runner import RunConfig, build_output, prepare, run

__all__ = [
    "ArticleFiles",
    "RunConfig",
    "article_files",
    "build_output",
    "find_article_files",
    "prepare",
    "run",
]
