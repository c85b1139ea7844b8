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


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write through a temporary file in the same folder, fsync it, then rename over ``path``.

    An OSError names ``path``, the file the user knows, never the temporary file it failed on."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        _write_atomic(path, raw)
    except OSError as exc:
        if exc.errno is None or exc.filename is None or (exc.filename == str(path) and exc.filename2 is None):
            raise
        raise type(exc)(exc.errno, exc.strerror, str(path)) from exc


def _write_atomic(path: Path, raw: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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
    """Temporary files a killed run left behind; only safe while holding the folder's lock."""
    for pattern in (".*.tmp", "*/.*.tmp"):
        for path in folder.glob(pattern):
            with contextlib.suppress(OSError):
                path.unlink()


@contextlib.contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """Hold ``folder/.translate-news.lock`` so two runs never write the same output at once."""
    import fcntl

    folder.mkdir(parents=True, exist_ok=True)
    lock_path = folder / ".translate-news.lock"
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
        remove_stale_temporaries(folder)
        yield
    finally:
        handle.close()
