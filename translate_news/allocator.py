"""``run`` under jemalloc where the system has it: peak memory stays flat over a long archive.

glibc's malloc keeps a long run's freed memory resident: CTranslate2's worker threads allocate every
batch's results in their own arenas and Python's thread frees them, and the holes stay (bench/README.md,
"what grows on unique sentences": 1.24x peak RSS from 60 to 6,000 unique-sentence articles, 1.30x at
60,000). jemalloc returns that memory (1.14x at 60,000). An allocator can only be chosen when a process starts
(``LD_PRELOAD``; glibc's own tunables are read at start too), so the ``run`` command re-executes itself
once, exactly as it was started, with the library preloaded and tuned (:data:`JEMALLOC_CONF`). Its
children (msgfmt, a local Ray) get the environment as the user set it.

``TRANSLATE_NEWS_MALLOC``: ``auto`` (the default: jemalloc when installed, e.g. Debian's
``libjemalloc2``), ``system`` (never re-execute), or the path of a malloc library to preload.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from translate_news.errors import InputError

__all__ = [
    "CHOICE_VARIABLE",
    "in_use",
    "preload_environment",
    "reexec_preloaded",
    "restore_environment",
    "worker_environment",
]

CHOICE_VARIABLE = "TRANSLATE_NEWS_MALLOC"
# Set by the re-execution to the library it preloaded: the new process must not re-execute again (a
# library ld.so could not preload is skipped with a warning, not an error) and takes it out of its
# own environment so that its children start as the user's shell would start them.
PRELOADED_VARIABLE = "TRANSLATE_NEWS_MALLOC_PRELOADED"
# Set by the re-execution when it added JEMALLOC_CONF (the user's own MALLOC_CONF is kept as it is).
CONF_ADDED_VARIABLE = "TRANSLATE_NEWS_MALLOC_CONF_ADDED"
JEMALLOC = "libjemalloc.so.2"
# jemalloc gives allocations of 8 MiB and more an arena of their own that hands pages back to the
# system at once; CTranslate2 allocates buffers that large while it decodes, so they are faulted in
# again and again: 19% slower than glibc on the benchmark model. Served by the ordinary arenas (whose
# dirty pages wait 10 s before they are returned), the same run is 12-14% faster than glibc, and memory
# stays as flat (bench/README.md, "jemalloc, tuned").
JEMALLOC_CONF = "oversize_threshold:0"
# Allocators that replace malloc when preloaded: one already there is the user's choice, kept.
REPLACEMENTS = {"libjemalloc": "jemalloc", "libtcmalloc": "tcmalloc", "libmimalloc": "mimalloc"}


def _replacement(maps: Path) -> tuple[str, str] | None:
    """The malloc replacement this process has loaded, and the library's path."""
    try:
        text = maps.read_text(encoding="utf-8", errors="replace")
    except OSError:  # not Linux
        return None
    for line in text.splitlines():
        path = line[line.find("/") :] if "/" in line else ""  # a mapping's file, after its addresses
        for prefix, allocator in REPLACEMENTS.items():
            if path.rpartition("/")[2].startswith(prefix):
                return allocator, path
    return None


def in_use(maps: Path = Path("/proc/self/maps")) -> str:
    """The malloc this process runs on: ``jemalloc`` (or another preloaded replacement), else ``system``."""
    found = _replacement(maps)
    return found[0] if found else "system"


def worker_environment(
    environ: Mapping[str, str] = os.environ, maps: Path = Path("/proc/self/maps")
) -> tuple[tuple[str, str], ...]:
    """What worker processes of this machine that do the run's work (a Ray started by the run) need to
    run on this process's jemalloc: its library and tuning. Empty on the system's malloc."""
    found = _replacement(maps)
    if found is None or found[0] != "jemalloc":
        return ()
    return (("LD_PRELOAD", found[1]), ("MALLOC_CONF", environ.get("MALLOC_CONF", JEMALLOC_CONF)))


def _installed_jemalloc() -> Path | None:
    """Where the distribution puts jemalloc's shared library (Debian/Ubuntu multiarch, Fedora, Alpine)."""
    import sysconfig  # here, not at import: every command imports this module, only ``run`` looks

    multiarch = sysconfig.get_config_var("MULTIARCH") or ""
    folders = [f"/usr/lib/{multiarch}" if multiarch else "", "/usr/lib64", "/usr/lib", "/usr/local/lib"]
    for folder in filter(None, folders):
        candidate = Path(folder) / JEMALLOC
        if candidate.is_file():
            return candidate
    return None


def preload_environment(environ: Mapping[str, str], allocator: str) -> dict[str, str] | None:
    """The environment to re-execute in, or None to run on as is.

    None when the user chose ``system``, when this process is already a re-execution, when a malloc
    replacement is already loaded (``allocator``, from :func:`in_use`) or when no jemalloc is installed.
    A library named by path must exist: a typo is the user's to hear about, not silently ignored.
    """
    choice = environ.get(CHOICE_VARIABLE, "auto").strip() or "auto"
    if choice == "system" or PRELOADED_VARIABLE in environ or allocator != "system":
        return None
    if choice == "auto":
        library = _installed_jemalloc()
        if library is None:
            return None
    else:
        library = Path(choice)
        if not library.is_file():
            raise InputError(None, f"{CHOICE_VARIABLE}={choice}: no such library (auto, system or a path)")
    preload = " ".join(filter(None, [str(library), environ.get("LD_PRELOAD", "").strip()]))
    environment = {**environ, "LD_PRELOAD": preload, PRELOADED_VARIABLE: str(library)}
    if "MALLOC_CONF" not in environ:
        environment |= {"MALLOC_CONF": JEMALLOC_CONF, CONF_ADDED_VARIABLE: "1"}
    return environment


def restore_environment(environ: dict[str, str]) -> None:
    """After a re-execution: ``LD_PRELOAD`` and ``MALLOC_CONF`` as the user had them, so that children
    start as they would have."""
    library = environ.pop(PRELOADED_VARIABLE, None)
    if library is None:
        return
    if environ.pop(CONF_ADDED_VARIABLE, None) is not None:
        environ.pop("MALLOC_CONF", None)
    # ld.so separates LD_PRELOAD's entries by spaces or colons
    kept = [entry for entry in environ.get("LD_PRELOAD", "").replace(":", " ").split() if entry != library]
    if kept:
        environ["LD_PRELOAD"] = " ".join(kept)
    else:
        environ.pop("LD_PRELOAD", None)


def started_as(argv: Sequence[str], orig_argv: Sequence[str]) -> bool:
    """Whether ``argv`` (what the command parses) is how this process was started: the console script
    or ``python -m translate_news``, not a caller that set ``sys.argv`` in its own process (a test, the
    benchmark), which must never be replaced by a re-execution."""
    arguments = list(argv[1:])
    return bool(arguments) and list(orig_argv[-len(arguments) :]) == arguments


def reexec_preloaded() -> None:
    """Re-execute this process as it was started, with jemalloc preloaded, where
    :func:`preload_environment` says so; return only if it does not (nothing is done yet then).

    Linux only: elsewhere ``LD_PRELOAD`` means nothing and the system's malloc is kept.
    """
    if not sys.platform.startswith("linux"):
        return
    environment = preload_environment(os.environ, in_use())
    if environment is None:
        return
    # the interpreter by its full path: a bare "python" in argv[0] could find another one on PATH
    command = [sys.executable, *sys.orig_argv[1:]]
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, command, environment)
