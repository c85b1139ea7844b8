"""Where each output of an article lives: ``OUTPUT/<slug>/<slug>.*``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
