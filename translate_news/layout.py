"""Where each output of an article lives: ``OUTPUT/<slug>/<slug>.*``; and the run record,
``OUTPUT/.translate-news.run.json`` beside the output lock."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from translate_news.documents.registry import FORMATS, MARKDOWN, MODULES, DocumentFormat

if TYPE_CHECKING:
    import polib


# What the last ``run`` into the folder used (``pipeline.runrecord``): a dotfile beside the lock, so
# a listing of the articles never shows it and only our own name is ever written there.
RUN_RECORD = ".translate-news.run.json"


def run_record_path(output: Path) -> Path:
    return output / RUN_RECORD


@dataclass(frozen=True)
class ArticleFiles:
    folder: Path
    slug: str
    fmt: str  # "txt" or "md": the format of the source and of the English article

    def _file(self, suffix: str) -> Path:
        return self.folder / f"{self.slug}{suffix}"

    @property
    def po(self) -> Path:
        return self._file(".en.po")

    @property
    def tsv(self) -> Path:
        return self._file(".it-en.tsv")

    @property
    def xliff(self) -> Path:
        return self._file(".it-en.xlf")

    @property
    def tmx(self) -> Path:
        return self._file(".it-en.tmx")

    @property
    def english(self) -> Path:
        return self._file(f".en.{self.fmt}")

    @property
    def source(self) -> Path:
        """A snapshot of the Italian source the catalog was made from: ``build`` assembles from it."""
        return self._file(f".it.{self.fmt}")


def article_files(output: Path, slug: str, fmt: str) -> ArticleFiles:
    return ArticleFiles(output / slug, slug, fmt)


def find_article_files(output: Path) -> list[ArticleFiles]:
    """Every article folder under ``output`` that holds a catalog, in name order."""
    found = []
    for po in sorted(output.glob("*/*.en.po")):
        slug = po.name[: -len(".en.po")]
        if po.parent.name != slug:
            continue
        sources = sorted(po.parent.glob(f"{slug}.it.*"))
        fmt = sources[0].suffix.lstrip(".") if sources else "txt"
        found.append(ArticleFiles(po.parent, slug, fmt))
    return found


def snapshot_of(files: ArticleFiles, catalog: polib.POFile | None) -> ArticleFiles:
    """The files of the snapshot the catalog names (``X-Source-File``): after a change of input format
    (``x.html`` replaced by ``x.md``) a run killed before it retired the old snapshot leaves both, and
    the catalog says which one its entries translate."""
    named = catalog.metadata.get("X-Source-File", "") if catalog is not None else ""
    prefix = f"{files.slug}.it."
    if named.startswith(prefix) and "/" not in named and (files.folder / named).is_file():
        return replace(files, fmt=named[len(prefix) :])
    return files


def catalog_format(catalog: polib.POFile) -> DocumentFormat:
    """The article's input format, from the catalog header's ``X-Source-File``: checks and imports
    must read the text as a reader sees it (HTML entities decoded, tags gone). Markdown for catalogs
    older than the header."""
    suffix = Path(catalog.metadata.get("X-Source-File", "")).suffix.lower()
    return FORMATS.get(suffix, MARKDOWN)


def other_formats(files: ArticleFiles) -> list[Path]:
    """The snapshot and English article of the slug's other input formats: what a change of format
    (``x.html`` replaced by ``x.md``) retires. The catalog and exchange files serve every format."""
    others = [m.FORMAT.name for m in MODULES if m.FORMAT.name != files.fmt]  # never a person's .bak
    paths = [files.folder / f"{files.slug}.{lang}.{fmt}" for fmt in others for lang in ("it", "en")]
    return [path for path in paths if path.is_file()]
