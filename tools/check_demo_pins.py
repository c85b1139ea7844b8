"""Compare `make demo`'s English articles with the pinned ones (tests/package/test_regressions): CI's
proof that a fresh machine reproduces them. Exit 1, naming each article that differs, with a unified diff.

usage: python tools/check_demo_pins.py [demo-output]
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from translate_news.documents.registry import read_article  # noqa: E402
from translate_news.pipeline.runner import list_articles  # noqa: E402


def main(argv: list[str]) -> int:
    output = Path(argv[0]) if argv else ROOT / "demo-output"
    pinned_dir = ROOT / "tests" / "package" / "test_regressions"
    differing = 0
    samples = list_articles(ROOT / "articles")
    for sample in samples:
        article = read_article(sample)
        pinned = pinned_dir / f"test_final_english_{sample.stem.replace('-', '_')}_.{article.format}"
        produced = output / article.slug / f"{article.slug}.en.{article.format}"
        if not produced.is_file():
            print(f"{produced}: missing", file=sys.stderr)
            differing += 1
            continue
        want, got = pinned.read_text(encoding="utf-8"), produced.read_text(encoding="utf-8")
        if want != got:
            differing += 1
            print(f"{produced}: differs from {pinned.relative_to(ROOT)}", file=sys.stderr)
            sys.stderr.writelines(
                difflib.unified_diff(want.splitlines(True), got.splitlines(True), "pinned", "demo", n=1)
            )
    print(f"demo pins: {len(samples) - differing} of {len(samples)} English articles as pinned")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
