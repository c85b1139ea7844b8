"""Shared fixtures: an isolated home for Argos and our caches, no network, a demo run.

Constants and helpers the tests import live in ``tests/support/`` (``from support import …``).
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from support import ARTICLES, FIXTURE_MODEL, GLOSSARY, run_cli

# CI runs each property test on the same examples every time (a red CI must be reproducible); local
# runs and `make soak` keep exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

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
