"""Generate the benchmark's articles from the samples in articles/ (deterministic, never committed).

Articles are recombinations of the samples' titles, headings, paragraphs and list items, in both
formats (.md with front matter, inline markup and lists; .txt with wrapped lines). Every sentence is
varied (numbers, cities, an opening phrase) until it is unique in the corpus: real news batches
repeat little, and the pipeline deduplicates, so a corpus of repeated samples would measure the
deduplication rather than the translation.

Each article is short (about five segments, a news brief) so that the Argos baseline, which decodes
one sentence at a time, finishes a 60-article corpus within the benchmark's time budget.

usage: python bench/corpus.py DEST [--articles 60] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import regex

from translate_news.documents.registry import read_article
from translate_news.segmentation.sentences import split_sentences

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "articles"

CITIES = (
    "Roma", "Milano", "Torino", "Napoli", "Venezia", "Bologna", "Firenze", "Genova",
    "Palermo", "Bari", "Trieste", "Cagliari", "Verona", "Padova", "Perugia", "Lecce",
)  # fmt: skip
OPENERS = (
    "Intanto", "Nel frattempo", "Secondo fonti di settore", "Come previsto", "In ogni caso",
    "Allo stesso tempo", "Da parte sua", "Non a caso", "Di conseguenza", "Per ora",
    "Come ricordano gli analisti", "Stando ai dati diffusi", "Sul fronte opposto", "In particolare",
    "A quanto risulta", "Al momento", "Secondo gli organizzatori", "In sintesi",
)  # fmt: skip
# Capitalised words that may be lowercased after an opener (not names).
_COMMON_START = frozenset((
    "il", "lo", "la", "i", "gli", "le", "un", "uno", "una", "nel", "nella", "nei", "negli", "nelle", "per",
    "secondo", "anche", "dopo", "ogni", "alcuni", "alcune", "molti", "molte", "diversi", "diverse", "tra",
    "questo", "questa", "questi", "queste", "in", "a", "da", "di", "con", "su", "non", "più", "qui", "ora",
    "chi", "cosa", "come", "quando", "dove",
))  # fmt: skip
_CITY = regex.compile(r"\b(?:" + "|".join(CITIES) + r")\b")
_NUMBER = regex.compile(r"\d+")
_MARKUP = ((regex.compile(r"\*\*(.+?)\*\*"), r"\1"), (regex.compile(r"\*(.+?)\*"), r"\1"))
_LINK = regex.compile(r"\[([^\]]+)\]\([^)]+\)")


@dataclass
class Pool:
    """The samples cut into reusable pieces; paragraphs are kept as lists of sentences."""

    titles: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    paragraphs: list[list[str]] = field(default_factory=list)
    items: list[str] = field(default_factory=list)


@dataclass
class CorpusStats:
    articles: int = 0
    sentences: int = 0  # generated units: titles, headings, paragraph sentences and list items
    words: int = 0


def load_pool(samples: Path = SAMPLES) -> Pool:
    pool = Pool()
    for path in sorted(samples.iterdir()):
        if path.suffix not in (".md", ".txt") or path.name.lower() == "readme.md":
            continue
        article = read_article(path)
        for block in article.blocks:
            text = " ".join(article.source[block.start : block.end].split())
            if block.kind == "title":
                pool.titles.append(text)
            elif block.kind == "heading":
                pool.headings.append(text)
            elif block.kind == "item":
                pool.items.append(text)
            else:
                sentences = [text[s:e] for s, e in split_sentences(text)]
                if sentences:
                    pool.paragraphs.append(sentences)
    return pool


def plain(text: str) -> str:
    """Markdown inline markup removed, for .txt articles."""
    for pattern, repl in _MARKUP:
        text = pattern.sub(repl, text)
    return _LINK.sub(r"\1", text)


class Varier:
    """Varies sentences until each is new in the corpus; deterministic for a given seed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[str] = set()

    def _numbers(self, text: str) -> str:
        def swap(match: regex.Match[str]) -> str:
            digits = match.group(0)
            low = 10 ** (len(digits) - 1) if len(digits) > 1 else 1
            return str(self.rng.randint(low, 10 ** len(digits) - 1))

        return _NUMBER.sub(swap, text)

    def _opener(self, text: str) -> str:
        first, _, rest = text.partition(" ")
        if first.lower() in _COMMON_START:
            first = first.lower()
        return f"{self.rng.choice(OPENERS)}, {first} {rest}".rstrip()

    def vary(self, text: str, *, opener: bool = True) -> str:
        candidate = text
        for attempt in range(60):
            if attempt or self.rng.random() < 0.5:
                candidate = _CITY.sub(lambda _: self.rng.choice(CITIES), text)
                candidate = self._numbers(candidate)
                if opener and (attempt > 2 or self.rng.random() < 0.35):
                    candidate = self._opener(candidate)
            if candidate not in self.seen:
                break
        else:
            candidate = f"Aggiornamento {len(self.seen)}: {candidate}"
        self.seen.add(candidate)
        return candidate

    def heading(self, text: str) -> str:
        """Headings stay short and unpunctuated, so .txt parsing still sees headings."""
        candidate = text
        for _ in range(60):
            if candidate not in self.seen:
                break
            suffix = self.rng.choice([f"a {self.rng.choice(CITIES)}", f"nel {self.rng.randint(2019, 2027)}"])
            candidate = f"{text} {suffix}"
        self.seen.add(candidate)
        return candidate


def make_article(index: int, pool: Pool, varier: Varier, rng: random.Random) -> tuple[str, str, list[str]]:
    """(file name, content, translatable units) of article ``index``: about five segments."""
    markdown = index % 2 == 0
    slug = f"bench-{index:03d}"
    fix = (lambda s: s) if markdown else plain
    title = varier.heading(fix(rng.choice(pool.titles + pool.headings)).rstrip("."))
    units = [title]
    body: list[str] = []
    for section in range(1 if rng.random() < 0.6 else 2):
        if section or rng.random() < 0.3:
            heading = varier.heading(rng.choice(pool.headings))
            units.append(heading)
            body.append(f"## {heading}" if markdown else heading)
        source = rng.choice(pool.paragraphs)
        count = min(len(source), rng.choice((1, 2)) if section else rng.choice((2, 3, 4)))
        begin = rng.randrange(len(source) - count + 1)
        sentences = [varier.vary(fix(s)) for s in source[begin : begin + count]]
        units.extend(sentences)
        text = " ".join(sentences)
        if not markdown and index % 3 == 1:
            text = textwrap.fill(text, 88, break_on_hyphens=False)
        body.append(text)
        if markdown and pool.items and rng.random() < 0.2:
            items = [varier.vary(i) for i in rng.sample(pool.items, 2)]
            units.extend(items)
            body.append("\n".join(f"- {item}" for item in items))
    if markdown:
        head = f'---\ntitle: "{title}"\nslug: {slug}\ndate: 2026-03-{index % 28 + 1:02d}\n---\n\n'
        return f"{slug}.md", head + "\n\n".join(body) + "\n", units
    return f"{slug}.txt", title + "\n\n" + "\n\n".join(body) + "\n", units


def write_corpus(dest: Path, articles: int, seed: int = 1) -> CorpusStats:
    """Write ``articles`` articles into ``dest`` (created; existing bench files are overwritten)."""
    pool = load_pool()
    rng = random.Random(seed)
    varier = Varier(random.Random(seed + 1))
    dest.mkdir(parents=True, exist_ok=True)
    stats = CorpusStats()
    for index in range(articles):
        name, content, units = make_article(index, pool, varier, rng)
        (dest / name).write_text(content, encoding="utf-8")
        stats.articles += 1
        stats.sentences += len(units)
        stats.words += sum(len(u.split()) for u in units)
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    stats = write_corpus(args.dest, args.articles, args.seed)
    print(f"{stats.articles} articles, {stats.sentences} sentences, {stats.words} words in {args.dest}")


if __name__ == "__main__":
    main()
