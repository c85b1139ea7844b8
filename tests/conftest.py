"""Shared fixtures: an isolated home for Argos and our caches, the real fixture model, a demo run."""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from hypothesis import settings

# CI runs each property test on the same examples every time (a red CI must be reproducible); local
# runs and `make soak` keep exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_MODEL = ROOT / "tests" / "fixtures" / "model" / "translate-it_en-fixture.argosmodel"
GLOSSARY = ROOT / "translate_news" / "data" / "glossaries" / "film-tv.it-en.tsv"
ARTICLES = ROOT / "articles"
SHARED = ROOT.parent / "shared"

# argostranslate reads its folders from the environment at import: isolate them before any import.
_HOME = Path(tempfile.mkdtemp(prefix="translate-news-tests-"))
atexit.register(shutil.rmtree, _HOME, ignore_errors=True)
for _name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
    os.environ[_name] = str(_HOME / _name.lower())
os.environ["ARGOS_PACKAGES_DIR"] = str(_HOME / "argos-packages")


class NetworkBlocked(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise NetworkBlocked(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


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


def merge_mt_drafts(old: polib.POFile | None, msgids: list[str]) -> polib.POFile:
    """A re-run's merge at catalog level: ``msgids`` in order (lines 1, 2, …), every sentence the plan
    does not keep drafted as ``MT <msgid>``; the result read back as an editor would."""
    # Imported here: this module isolates argostranslate's folders before anything of ours loads.
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


@pytest.fixture(scope="session")
def demo_output(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The sample articles translated once with the fixture model and the film-tv glossary."""
    out = tmp_path_factory.mktemp("demo") / "output"
    result = run_cli(
        "run", ARTICLES, "--output", out, "--model", FIXTURE_MODEL, "--glossary", GLOSSARY, "--threads", "1"
    )
    assert result.returncode == 0, result.stderr
    yield out
    shutil.rmtree(out, ignore_errors=True)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The cross-machine variants the demo ran under, and whether each reproduced the pins."""
    module = sys.modules.get("test_any_machine")
    results = getattr(module, "VARIANT_RESULTS", None)
    if results:
        terminalreporter.section("demo pins under every CPU path and machine setting tried")
        for variant, outcome in results:
            terminalreporter.write_line(f"{variant:<40} {outcome}")
