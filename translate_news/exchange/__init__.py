"""Exchange formats for CAT tools: a writer/reader registry (``FORMATS``) of TSV, XLIFF 2.0,
XLIFF 1.2 and TMX 1.4 (reviewed pairs, and machine drafts in a file of their own).

Each format is one module with a class declaring ``name``, ``suffix``, ``write`` and ``read``
(``ExchangeFormat``); adding a format is that module plus one line in ``FORMATS``. ``xliff import``
and ``tm import`` read through this registry too. Every XML reader goes through the package's one
hardened parser (``translate_news.xmlparse``: no DTD, no network, no entities) and one inline walker.
Machine drafts are always marked as drafts, so no tool takes them for human work.
"""

from translate_news.exchange.codes import markup_pieces, pieces_text, xliff_id
from translate_news.exchange.tmx import (
    TMXContents,
    TmxDraftsFormat,
    TmxFormat,
    read_tmx,
    read_tmx_contents,
    write_tmx,
)
from translate_news.exchange.tsv import TSV_COLUMNS, TsvFormat, read_tsv, write_tsv
from translate_news.exchange.units import (
    STATES,
    ArticleContext,
    ExchangeFormat,
    ExchangeUnit,
    ReadOptions,
    State,
    TMUnit,
    clamp_future,
    iso_date,
    now_iso,
    tmx_date,
)
from translate_news.exchange.xliff12 import Xliff12Format, read_xliff12, write_xliff12
from translate_news.exchange.xliff20 import Xliff20Format, read_xliff, write_xliff
from translate_news.exchange.xml import strip_forbidden

# Written in this order; the key is the format's ``name`` (``--xliff`` picks among the XLIFF ones).
FORMATS: dict[str, type[ExchangeFormat]] = {
    fmt.name: fmt
    for fmt in (
        TsvFormat,
        Xliff20Format,
        Xliff12Format,
        TmxFormat,
        TmxDraftsFormat,
    )
}
# The registered reader ``xliff import`` uses: it reads either XLIFF version, whatever the file's name.
XLIFF_READER = "xliff"
# The registered reader ``tm import`` uses.
TM_READER = "tmx"
# ``--xliff``: which XLIFF versions of FORMATS are written.
XLIFF_VERSIONS: dict[str, frozenset[str]] = {
    "2.0": frozenset({"xliff"}),
    "1.2": frozenset({"xliff12"}),
    "both": frozenset({"xliff", "xliff12"}),
}


def formats_with_xliff(version: str) -> tuple[str, ...]:
    """Names in FORMATS to write when only XLIFF ``version`` ("2.0", "1.2" or "both") is wanted."""
    unwanted = XLIFF_VERSIONS["both"] - XLIFF_VERSIONS[version]
    return tuple(name for name in FORMATS if name not in unwanted)


__all__ = [
    "ArticleContext",
    "ExchangeFormat",
    "ExchangeUnit",
    "FORMATS",
    "ReadOptions",
    "STATES",
    "State",
    "TMUnit",
    "TMXContents",
    "TM_READER",
    "TSV_COLUMNS",
    "XLIFF_READER",
    "XLIFF_VERSIONS",
    "clamp_future",
    "formats_with_xliff",
    "iso_date",
    "markup_pieces",
    "now_iso",
    "pieces_text",
    "read_tmx",
    "read_tmx_contents",
    "read_tsv",
    "read_xliff",
    "read_xliff12",
    "strip_forbidden",
    "tmx_date",
    "write_tmx",
    "write_tsv",
    "write_xliff",
    "write_xliff12",
    "xliff_id",
]
