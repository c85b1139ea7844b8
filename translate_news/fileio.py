"""Atomic writes and the output-folder lock: a run killed at any moment leaves every file old or new."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from translate_news.errors import InputError


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual 0666 less the umask
    (mkstemp's 0600 would lock reviewers out of a shared output folder)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


# Our temporary files are named ``.translate-news-<name>.<random>.tmp``: a name nobody else uses, so
# cleaning up after a killed run never touches a file translate-news did not write.
TEMP_PREFIX = ".translate-news-"
TEMP_SUFFIX = ".tmp"
LOCK_NAME = ".translate-news.lock"  # also the output folder's marker: translate-news has written here


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write through a temporary file in the same folder, fsync it, then rename over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    # the name is cut so that prefix, random part and suffix stay within a file name's 255 bytes
    stem = path.name.encode("utf-8")[:200].decode("utf-8", "ignore")
    fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{stem}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_if_changed(path: Path, data: str | bytes) -> bool:
    """Write atomically unless ``path`` already holds ``data``: a re-run with nothing changed touches
    no file, so mtimes, backups and sync tools see no churn."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        if path.read_bytes() == raw:
            return False
    except OSError:
        pass
    write_atomic(path, raw)
    return True


def remove_stale_temporaries(folder: Path) -> None:
    """Temporary files a killed run left behind in ``folder`` and its article folders, by our name
    only; only safe while holding the folder's lock, and only in a folder that holds our marker."""
    if not (folder / LOCK_NAME).is_file():
        return  # a folder translate-news never wrote: nothing in it is ours to remove
    pattern = f"{TEMP_PREFIX}*{TEMP_SUFFIX}"
    for path in (*folder.glob(pattern), *folder.glob(f"*/{pattern}")):
        with contextlib.suppress(OSError):
            if path.is_file() and not path.is_symlink():
                path.unlink()


@contextlib.contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """Hold ``folder/.translate-news.lock`` so two runs never write the same output at once.

    The lock file stays: it marks the folder as ours. Stale temporaries are removed only where it was
    there before this lock was taken (a folder a killed run of ours wrote into)."""
    import fcntl

    folder.mkdir(parents=True, exist_ok=True)
    lock_path = folder / LOCK_NAME
    ours = lock_path.is_file()
    handle = open(lock_path, "a+")  # noqa: SIM115 - held for the duration of the context
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError(lock_path, "another translate-news run is using this output folder") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        if ours:
            remove_stale_temporaries(folder)
        yield
    finally:
        handle.close()
