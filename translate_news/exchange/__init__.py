"""Exchange formats for CAT tools: a writer/reader registry (``FORMATS``) of TSV, XLIFF 2.0,
XLIFF 1.2 and TMX 1.4.
"""

from translate_news.exchange.formats import (
    FORMATS,
    ArticleContext,
    ExchangeUnit,
    TMUnit,
    read_tmx,
    read_tsv,
    read_xliff,
    write_tmx,
    write_tsv,
    write_xliff,
    write_xliff12,
)

__all__ = [
    "ArticleContext",
    "ExchangeUnit",
    "FORMATS",
    "TMUnit",
    "read_tmx",
    "read_tsv",
    "read_xliff",
    "write_tmx",
    "write_tsv",
    "write_xliff",
    "write_xliff12",
]
