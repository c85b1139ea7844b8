"""``run`` re-executes itself under jemalloc where installed (translate_news/allocator.py): the choice,
the guard against re-executing a caller's own process, the environment its children and Ray workers
get, and the real CLI."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from support import ARTICLES, FIXTURE_MODEL, assert_one_line_error, run_cli

from translate_news import allocator
from translate_news.errors import InputError

INSTALLED = allocator._installed_jemalloc()
# CI installs libjemalloc2 (.ci/run): there the end-to-end test must run, not skip.
needs_jemalloc = pytest.mark.skipif(
    INSTALLED is None and not os.environ.get("CI"), reason="no libjemalloc.so.2 on this machine"
)


@pytest.fixture
def jemalloc_at(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    library = tmp_path / "libjemalloc.so.2"
    library.write_bytes(b"")
    monkeypatch.setattr(allocator, "_installed_jemalloc", lambda: library)
    return library


def test_auto_preloads_installed_jemalloc_before_the_users_own(jemalloc_at: Path) -> None:
    environment = allocator.preload_environment({"LD_PRELOAD": "/opt/trace.so", "HOME": "/h"}, "system")
    assert environment is not None
    assert environment["LD_PRELOAD"] == f"{jemalloc_at} /opt/trace.so"
    assert environment[allocator.PRELOADED_VARIABLE] == str(jemalloc_at)
    assert environment["MALLOC_CONF"] == allocator.JEMALLOC_CONF
    assert environment["HOME"] == "/h"


def test_the_users_malloc_conf_is_kept_and_ours_is_taken_back(jemalloc_at: Path) -> None:
    theirs = allocator.preload_environment({"MALLOC_CONF": "narenas:2"}, "system")
    assert theirs is not None and theirs["MALLOC_CONF"] == "narenas:2"
    allocator.restore_environment(theirs)
    assert theirs == {"MALLOC_CONF": "narenas:2"}
    ours = allocator.preload_environment({"PATH": "/bin"}, "system")
    assert ours is not None
    allocator.restore_environment(ours)
    assert ours == {"PATH": "/bin"}


@pytest.mark.parametrize(
    ("environ", "loaded"),
    [
        ({allocator.CHOICE_VARIABLE: "system"}, "system"),  # the user's no
        ({allocator.PRELOADED_VARIABLE: "/x/libjemalloc.so.2"}, "system"),  # already re-executed once
        ({}, "jemalloc"),  # preloaded by the user
        ({}, "tcmalloc"),  # another allocator the user chose
    ],
)
def test_no_reexecution(environ: dict[str, str], loaded: str, jemalloc_at: Path) -> None:
    assert allocator.preload_environment(environ, loaded) is None


def test_nothing_installed_runs_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(allocator, "_installed_jemalloc", lambda: None)
    assert allocator.preload_environment({}, "system") is None


def test_a_named_library_is_preloaded_and_a_missing_one_is_an_error(tmp_path: Path) -> None:
    library = tmp_path / "libmimalloc.so"
    library.write_bytes(b"")
    environment = allocator.preload_environment({allocator.CHOICE_VARIABLE: str(library)}, "system")
    assert environment is not None and environment["LD_PRELOAD"] == str(library)
    with pytest.raises(InputError, match="TRANSLATE_NEWS_MALLOC=.*no such library"):
        allocator.preload_environment({allocator.CHOICE_VARIABLE: str(tmp_path / "typo.so")}, "system")


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("/l/libjemalloc.so.2", None),
        ("/l/libjemalloc.so.2 /opt/trace.so", "/opt/trace.so"),
        ("/l/libjemalloc.so.2:/opt/a.so:/opt/b.so", "/opt/a.so /opt/b.so"),
    ],
)
def test_children_get_the_users_environment_back(before: str, after: str | None) -> None:
    environ = {"LD_PRELOAD": before, allocator.PRELOADED_VARIABLE: "/l/libjemalloc.so.2", "PATH": "/bin"}
    allocator.restore_environment(environ)
    assert environ.get("LD_PRELOAD") == after
    assert allocator.PRELOADED_VARIABLE not in environ and environ["PATH"] == "/bin"


def test_restore_leaves_an_environment_it_did_not_make() -> None:
    environ = {"LD_PRELOAD": "/l/libjemalloc.so.2"}  # the user's own preload
    allocator.restore_environment(environ)
    assert environ == {"LD_PRELOAD": "/l/libjemalloc.so.2"}


def test_only_a_process_started_as_the_command_is_reexecuted() -> None:
    script = ["/v/bin/python", "/v/bin/translate-news", "run", "articles", "-o", "out"]
    module = ["/v/bin/python", "-X", "dev", "-m", "translate_news", "run", "articles"]
    assert allocator.started_as(["/v/bin/translate-news", "run", "articles", "-o", "out"], script)
    assert allocator.started_as(["/v/lib/translate_news/__main__.py", "run", "articles"], module)
    # a test or the benchmark sets sys.argv in its own process: replacing it would end the caller
    pytest_process = ["/v/bin/python", "-m", "pytest", "tests/cli"]
    assert not allocator.started_as(["translate-news", "run", "articles"], pytest_process)
    assert not allocator.started_as(["translate-news"], ["/v/bin/python", "-c", "..."])


def test_in_use_reads_the_process_maps(tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    maps.write_text("7f00-7f01 r-xp 0 08:01 1 /usr/lib/x86_64-linux-gnu/libc.so.6\n", encoding="utf-8")
    assert allocator.in_use(maps) == "system"
    maps.write_text(
        maps.read_text() + "7f02-7f03 r-xp 0 08:01 2 /usr/lib/x86_64-linux-gnu/libjemalloc.so.2\n",
        encoding="utf-8",
    )
    assert allocator.in_use(maps) == "jemalloc"
    assert allocator.in_use(tmp_path / "missing") == "system"


def test_workers_get_the_drivers_jemalloc_and_tuning(tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    maps.write_text("7f00-7f01 r-xp 0 08:01 1 /usr/lib/x86_64-linux-gnu/libc.so.6\n", encoding="utf-8")
    assert allocator.worker_environment({}, maps) == ()
    maps.write_text("7f02-7f03 r-xp 0 08:01 2 /opt/jem/lib/libjemalloc.so.2\n", encoding="utf-8")
    assert allocator.worker_environment({}, maps) == (
        ("LD_PRELOAD", "/opt/jem/lib/libjemalloc.so.2"),
        ("MALLOC_CONF", allocator.JEMALLOC_CONF),
    )
    theirs = dict(allocator.worker_environment({"MALLOC_CONF": "narenas:2"}, maps))
    assert theirs["MALLOC_CONF"] == "narenas:2"


@needs_jemalloc
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="LD_PRELOAD is Linux's")
def test_run_translates_under_jemalloc_and_the_output_is_the_same(tmp_path: Path) -> None:
    """The real command re-executes itself, reports it, and writes the same bytes as on glibc."""
    assert INSTALLED is not None, "CI must install libjemalloc2 (.ci/run)"
    outputs = {}
    for choice in ("auto", "system"):
        out = tmp_path / choice
        result = run_cli(
            "run", ARTICLES, "-o", out, "--model", FIXTURE_MODEL, "--json",
            env={allocator.CHOICE_VARIABLE: choice},
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["allocator"] == ("jemalloc" if choice == "auto" else "system")
        outputs[choice] = {
            path.relative_to(out): path.read_bytes()
            for path in sorted(out.rglob("*"))
            if path.is_file() and not path.name.startswith(".translate-news.")  # run record, lock
        }
    assert outputs["auto"] == outputs["system"]
    assert len(outputs["auto"]) > 20


def test_a_missing_library_costs_the_run_one_line(tmp_path: Path) -> None:
    result = run_cli(
        "run", ARTICLES, "-o", tmp_path / "out", "--model", FIXTURE_MODEL,
        env={allocator.CHOICE_VARIABLE: str(tmp_path / "libtypo.so")},
    )  # fmt: skip
    assert_one_line_error(result, "TRANSLATE_NEWS_MALLOC=", "libtypo.so")
    assert not (tmp_path / "out").exists()
