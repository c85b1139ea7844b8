"""What the tests share besides fixtures: the repository's paths, the CLI in a child process, helpers.

Importable from any test folder as ``from support import …`` (pyproject puts ``tests/`` on the path).
Fixtures stay in ``tests/conftest.py``; nothing here imports translate_news at import time, so the
conftest can isolate argostranslate's folders first.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib

__all__ = [
    "ARTICLES",
    "DATA",
    "FIXTURES",
    "FIXTURE_CORPUS",
    "FIXTURE_MODEL",
    "GLOSSARY",
    "NEWS_SHAPES",
    "PINNED",
    "ROOT",
    "SHARED",
    "TESTS",
    "VALIDATOR",
    "assert_one_line_error",
    "merge_mt_drafts",
    "run_cli",
]

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
DATA = TESTS / "data"
FIXTURES = TESTS / "fixtures"
NEWS_SHAPES = TESTS / "news_shapes"
# pytest-regressions keeps its data beside its module: the English articles the demo must reproduce.
PINNED = TESTS / "package" / "test_regressions"
FIXTURE_MODEL = FIXTURES / "model" / "translate-it_en-fixture.argosmodel"
FIXTURE_CORPUS = FIXTURES / "model" / "corpus.it-en.tsv"
GLOSSARY = ROOT / "translate_news" / "data" / "glossaries" / "film-tv.it-en.tsv"
ARTICLES = ROOT / "articles"
SHARED = ROOT.parent / "shared"
VALIDATOR = SHARED / "validators" / "validate.py"


def run_cli(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The real console entry point in a child process: exit codes and stderr as a user sees them."""
    return subprocess.run(
        [sys.executable, "-m", "translate_news", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env={**os.environ, **(env or {})},
        input=input,
        timeout=300,
    )


def assert_one_line_error(result, *needles: str, code: int = 2) -> None:  # noqa: ANN001
    """A bad-input failure as the rules want it: exit ``code``, no traceback, one error line naming
    each of ``needles``."""
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("translate-news: error:")]
    assert len(errors) == 1, result.stderr
    for needle in needles:
        assert needle in errors[0]


def merge_mt_drafts(old: polib.POFile | None, msgids: list[str]) -> polib.POFile:
    """A re-run's merge at catalog level: ``msgids`` in order (lines 1, 2, …), every sentence the plan
    does not keep drafted as ``MT <msgid>``; the result read back as an editor would."""
    # Imported here: the conftest isolates argostranslate's folders before anything of ours loads.
    from translate_news.provenance import mt_provenance
    from translate_news.review.catalog import CatalogUnit, Draft, catalog_text, merge_catalog, plan_catalog

    units = [CatalogUnit(m, (("a.it.txt", str(i + 1)),)) for i, m in enumerate(msgids)]
    plan = plan_catalog(old, msgids)
    drafts = {}
    for msgid, decision in plan.items():
        if decision.kind != "keep":
            target = f"MT {msgid}"
            drafts[msgid] = Draft(target, mt_provenance("m@1 glossary g", target))
    merged, _ = merge_catalog(old, units, plan, drafts, {})
    return polib.pofile(catalog_text(merged))
