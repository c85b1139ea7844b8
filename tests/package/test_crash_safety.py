"""A run killed at any moment leaves every output file either as it was or as the next run writes it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from support import ARTICLES, FIXTURE_MODEL, GLOSSARY, ROOT

from translate_news.layout import RUN_RECORD
from translate_news.review.catalog import read_catalog

KILL_AFTER = (0.15, 0.4, 0.7, 0.9, 1.1, 1.4)


def snapshot(out: Path) -> dict[str, bytes]:
    """Every output file, with the timestamps a run writes into PO headers removed."""
    files = {}
    for path in sorted(out.rglob("*")):
        if (
            path.is_file()
            and path.suffix not in (".sqlite", ".lock", ".sqlite-journal", ".sqlite-wal")
            and ".tm" not in path.parts
            and not path.name.startswith("qa-report")
            and path.name != RUN_RECORD  # the run's clock; written atomically like the rest
        ):
            data = path.read_bytes()
            lines = [ln for ln in data.splitlines() if b"-Date:" not in ln]
            files[path.relative_to(out).as_posix()] = b"\n".join(lines)
    return files


def start_run(articles: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "translate_news",
            "run",
            str(articles),
            "-o",
            str(out),
            "--model",
            str(FIXTURE_MODEL),
            "--glossary",
            str(GLOSSARY),
            "--threads",
            "1",
            "--quiet",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def test_killed_runs_leave_old_or_new_files(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    shutil.copytree(ARTICLES, articles)
    old_out = tmp_path / "old"
    assert start_run(articles, old_out).wait() == 0
    for path in articles.glob("*.txt"):  # the next run has real work: every title changes
        text = path.read_text(encoding="utf-8")
        path.write_text("Aggiornamento: " + text, encoding="utf-8")
    new_out = tmp_path / "new"
    shutil.copytree(old_out, new_out)
    assert start_run(articles, new_out).wait() == 0
    old, new = snapshot(old_out), snapshot(new_out)
    assert old != new

    for delay in KILL_AFTER:
        out = tmp_path / f"killed-{delay}"
        shutil.copytree(old_out, out)
        process = start_run(articles, out)
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        now = snapshot(out)
        for name, data in now.items():
            if "/." in f"/{name}":  # a temporary file from the killed write: never a real output
                assert name.endswith(".tmp")
                continue
            assert data in (old.get(name), new.get(name)), (
                f"{name} is neither old nor new after kill at {delay}s"
            )
        for po in out.glob("*/*.en.po"):
            assert read_catalog(po) is not None
        # The next run cleans up and completes the work.
        assert start_run(articles, out).wait() == 0
        assert snapshot(out) == new
