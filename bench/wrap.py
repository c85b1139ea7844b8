"""PO wrapping micro-benchmark: our UAX #14 break finder against uniseg's, same strings, same output.

Every catalog the pipeline writes goes through ``wrap_po`` (GNU gettext's 79-column wrapping); with
uniseg's rule engine (about 70-100 µs per character) that was most of a ``run`` on small articles. The
strings are paragraphs of four training sentences of the fixture model and their English, as the
pipeline writes them (``msgid`` Italian, ``msgstr`` English), seeded. Both variants must give the same
bytes; the benchmark stops if they do not. Each variant first wraps a small catalog untimed (caches,
regular expressions), then the whole one once, timed in CPU seconds of this process (the wall clock
follows whatever else shares the machine).

usage: python bench/wrap.py [--entries 300] [--output FILE]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

import polib  # noqa: E402
from uniseg import linebreak as uniseg_linebreak  # noqa: E402

from translate_news.review import linebreak, po_wrap  # noqa: E402

FIXTURE_CORPUS = ROOT / "tests" / "fixtures" / "model" / "corpus.it-en.tsv"
SENTENCES_PER_ENTRY = 4
WARM_UP_ENTRIES = 10


@dataclass(frozen=True)
class WrapRow:
    variant: str
    what: str
    strings: int
    chars: int
    seconds: float


def unwrapped_catalog(entries: int, seed: int = 14) -> str:
    """A PO text as polib writes it with ``wrapwidth=0``: ``entries`` paragraphs and their English."""
    with FIXTURE_CORPUS.open(encoding="utf-8", newline="") as handle:
        pairs = [(row["source"], row["target"]) for row in csv.DictReader(handle, delimiter="\t")]
    rng = random.Random(seed)
    catalog = polib.POFile(wrapwidth=0)
    for number in range(entries):
        picked = rng.sample(pairs, SENTENCES_PER_ENTRY)
        catalog.append(
            polib.POEntry(
                msgctxt=f"p{number}",
                msgid=" ".join(source for source, _ in picked),
                msgstr=" ".join(target for _, target in picked),
            )
        )
    return catalog.__unicode__()


def _timed(function: Callable[[], object]) -> tuple[float, object]:
    started = time.process_time()
    result = function()
    return time.process_time() - started, result


def run_scenario(entries: int) -> list[WrapRow]:
    """Time ``wrap_po`` and the bare break finder, ours and uniseg's; stop if any output differs."""
    text = unwrapped_catalog(entries)
    strings = [s for e in polib.pofile(text, wrapwidth=0) for s in (e.msgid, e.msgstr)]
    chars = sum(map(len, strings))
    warm_up = unwrapped_catalog(WARM_UP_ENTRIES, seed=15)
    po_wrap.wrap_po(warm_up)
    po_wrap.line_break_units = uniseg_linebreak.line_break_units  # type: ignore[assignment]
    try:
        po_wrap.wrap_po(warm_up)
    finally:
        po_wrap.line_break_units = linebreak.line_break_units  # type: ignore[assignment]
    rows = []
    seconds, ours = _timed(lambda: [linebreak.line_break_breakables(s) for s in strings])
    rows.append(WrapRow("ours", "line_break_breakables", len(strings), chars, seconds))
    seconds, theirs = _timed(lambda: [list(uniseg_linebreak.line_break_breakables(s)) for s in strings])
    rows.append(WrapRow("uniseg 0.10.1", "line_break_breakables", len(strings), chars, seconds))
    if ours != theirs:
        raise SystemExit("wrap bench: our break opportunities differ from uniseg's")
    seconds, ours_po = _timed(lambda: po_wrap.wrap_po(text))
    rows.append(WrapRow("ours", "wrap_po", len(strings), chars, seconds))
    po_wrap.line_break_units = uniseg_linebreak.line_break_units  # type: ignore[assignment]
    try:
        seconds, theirs_po = _timed(lambda: po_wrap.wrap_po(text))
    finally:
        po_wrap.line_break_units = linebreak.line_break_units  # type: ignore[assignment]
    rows.append(WrapRow("uniseg 0.10.1", "wrap_po", len(strings), chars, seconds))
    if ours_po != theirs_po:
        raise SystemExit("wrap bench: wrap_po's output differs with uniseg's break finder")
    return rows


def table(rows: list[WrapRow]) -> str:
    """The Markdown table: time per character and per string, and uniseg's time over ours."""
    lines = [
        "| Break finder | Timed | Strings | Characters | CPU s | µs/char | ms/string | uniseg/ours |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    ours = {row.what: row.seconds for row in rows if row.variant == "ours"}
    for row in rows:
        ratio = row.seconds / ours[row.what]
        lines.append(
            f"| {row.variant} | `{row.what}` | {row.strings:,} | {row.chars:,} | {row.seconds:.3f} "
            f"| {row.seconds / row.chars * 1e6:.2f} | {row.seconds / row.strings * 1e3:.3f} | {ratio:.1f}x |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=300, help="PO entries (two strings each)")
    parser.add_argument("--output", type=Path, help="also write the table here")
    args = parser.parse_args()
    text = table(run_scenario(args.entries))
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
