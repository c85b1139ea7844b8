"""Score the segmenter against hand-made gold segmentations of news articles.

A corpus folder holds articles (``NAME.txt`` / ``NAME.md``) and, beside each, ``NAME.gold``: the
segments a reader expects, one per line, in order, whitespace collapsed (titles and headings
included). The whole path a run takes is scored: reading the article (title rule, Markdown blocks)
and splitting it. Reports exact articles and boundary precision/recall/F1, a boundary being the
position of a segment end in the article's segments joined by one space.

    python tools/score_shapes.py tests/news_shapes/dev [tests/news_shapes/heldout ...] [-v]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from translate_news.documents.article import ARTICLE_SUFFIXES
from translate_news.documents.registry import read_article
from translate_news.segmentation.segment import segment_article

__all__ = ["ArticleScore", "CorpusScore", "boundaries", "score_article", "score_corpus"]


@dataclass(frozen=True)
class ArticleScore:
    name: str
    gold: tuple[str, ...]
    predicted: tuple[str, ...]
    true_positives: int

    @property
    def exact(self) -> bool:
        return self.gold == self.predicted


@dataclass(frozen=True)
class CorpusScore:
    folder: Path
    articles: tuple[ArticleScore, ...]

    @property
    def exact(self) -> int:
        return sum(a.exact for a in self.articles)

    @property
    def precision(self) -> float:
        predicted = sum(len(a.predicted) - 1 for a in self.articles)
        return sum(a.true_positives for a in self.articles) / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        gold = sum(len(a.gold) - 1 for a in self.articles)
        return sum(a.true_positives for a in self.articles) / gold if gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def boundaries(segments: tuple[str, ...]) -> set[int]:
    """Offsets of the segment ends (the last excluded) in the segments joined by one space."""
    ends, position = set(), 0
    for segment in segments[:-1]:
        position += len(segment)
        ends.add(position)
        position += 1
    return ends


def score_article(path: Path) -> ArticleScore:
    gold_path = path.with_suffix(".gold")
    gold = tuple(line.strip() for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip())
    predicted = tuple(seg.text for seg in segment_article(read_article(path)))
    if " ".join(gold) != " ".join(predicted):
        raise ValueError(f"{gold_path}: the gold segments do not spell the article's text")
    return ArticleScore(path.name, gold, predicted, len(boundaries(gold) & boundaries(predicted)))


def score_corpus(folder: Path) -> CorpusScore:
    paths = sorted(p for p in folder.iterdir() if p.suffix in ARTICLE_SUFFIXES)
    return CorpusScore(folder, tuple(score_article(p) for p in paths))


def _report(score: CorpusScore, verbose: bool) -> str:
    lines = [
        f"{score.folder}: {score.exact}/{len(score.articles)} articles exact, boundary "
        f"P {score.precision:.3f} R {score.recall:.3f} F1 {score.f1:.3f}"
    ]
    for article in score.articles:
        if verbose and not article.exact:
            lines.append(f"  {article.name}:")
            lines += [f"    - {s}" for s in article.gold if s not in article.predicted]
            lines += [f"    + {s}" for s in article.predicted if s not in article.gold]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="show the segments that differ")
    args = parser.parse_args(argv)
    scores = [score_corpus(folder) for folder in args.folders]
    for score in scores:
        print(_report(score, args.verbose))
    return 0 if all(s.exact == len(s.articles) for s in scores) else 1


if __name__ == "__main__":
    sys.exit(main())
