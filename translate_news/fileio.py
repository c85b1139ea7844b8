"""Atomic writes, compare-and-swap writes and the output-folder lock: a run killed at any moment
leaves every file old or new, and a file a person saved while a command worked is never overwritten."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
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


def write_atomic(path: Path, data: str | bytes, *, unless_changed_from: Fingerprint | None = None) -> None:
    """Write through a temporary file in the same folder, fsync it, then rename over ``path``.

    With ``unless_changed_from``, ``path`` must still hold those bytes (or ``data`` itself) when the
    temporary file is ready: checked right before the rename, else :class:`FileChanged` and ``path``
    is left alone (see :func:`write_if_unchanged`). An OSError names ``path``, the file the user
    knows, never the temporary file it failed on.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        _write_atomic(path, raw, unless_changed_from)
    except OSError as exc:
        if exc.errno is None or exc.filename is None or (exc.filename == str(path) and exc.filename2 is None):
            raise
        raise type(exc)(exc.errno, exc.strerror, str(path)) from exc


def _write_atomic(path: Path, raw: bytes, unless_changed_from: Fingerprint | None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # the name is cut so that prefix, random part and suffix stay within a file name's 255 bytes
    stem = path.name.encode("utf-8")[:200].decode("utf-8", "ignore")
    fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{stem}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        if unless_changed_from is not None and fingerprint(path) not in {
            unless_changed_from,
            Fingerprint.of(raw),
        }:
            raise FileChanged(path)
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


@dataclass(frozen=True)
class Fingerprint:
    """What a command read of a file a person may edit: the SHA-256 of its bytes, ``None`` when it
    did not exist. Compared again just before the write, whatever mtimes or sizes say (an editor can
    save twice in one clock tick, with the same size, in place)."""

    digest: str | None

    @classmethod
    def of(cls, data: bytes | None) -> Fingerprint:
        return cls(None if data is None else hashlib.sha256(data).hexdigest())


def read_or_none(path: Path) -> bytes | None:
    """The file's bytes, or ``None`` when there is no file."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def fingerprint(path: Path) -> Fingerprint:
    return Fingerprint.of(read_or_none(path))


class FileChanged(Exception):
    """A file changed on disk between a command's read and its write: a person's newer version.

    ``kept`` is where the command's own version went instead (``<file>.new``), or ``None`` when the
    caller re-reads the file and merges again."""

    def __init__(self, path: str | Path, kept: str | Path | None = None) -> None:
        self.path = str(path)
        self.kept = str(kept) if kept is not None else None
        super().__init__(self.path, self.kept)

    def __reduce__(self) -> tuple[type[FileChanged], tuple[str, str | None]]:
        """Pickled as its arguments: a Ray write task returns it to the driver."""
        return (type(self), (self.path, self.kept))


def beside(path: Path) -> Path:
    """Where a command's version goes when a person's save came first: ``story.en.po.new``."""
    return path.with_name(path.name + ".new")


def write_if_unchanged(path: Path, data: str | bytes, read: Fingerprint, *, keep_ours: bool = False) -> bool:
    """Compare-and-swap: write ``data`` atomically only while ``path`` still holds what was ``read``.

    The one write for every file a person may edit (catalogs, English articles). Unchanged bytes are
    not rewritten (as ``write_if_changed``); a file that already holds ``data`` is no conflict. Anything
    else raises :class:`FileChanged` and leaves the person's file as they saved it; with ``keep_ours``
    the command's version is written beside it (:func:`beside`) so both versions survive. The file is
    compared when the write starts and again after the new bytes are synced, right before the rename:
    a save landing between that last read and the rename (microseconds; editors take no lock we could
    honour) is the one window left.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    current = read_or_none(path)
    if current == raw:
        return False
    try:
        if Fingerprint.of(current) != read:
            raise FileChanged(path)
        write_atomic(path, raw, unless_changed_from=read)  # compared again once the new bytes are synced
    except FileChanged:
        kept = None
        if keep_ours:
            kept = beside(path)
            write_atomic(kept, raw)
        raise FileChanged(path, kept) from None
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
