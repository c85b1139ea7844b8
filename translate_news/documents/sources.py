"""What ``run`` reads: files and folders named by the user → articles, and the files it skips and why.

Skipping is reported, never fatal: an archive folder holds backups, autosaves and other documents.

The listing is compact from the start, because an archive run lists hundreds of thousands of files
before it reads the first: each folder's consecutive articles are one row with their names in one
string, and ``Source`` values are made as they are iterated (a chunk at a time). A list of ``Path``
objects, ``Source`` values and a dict keyed by resolved paths took about 1 KB a file, a transient the
allocator kept for the whole run.
"""

from __future__ import annotations

import heapq
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path, PurePath

from translate_news.documents.article import slugify
from translate_news.documents.registry import FORMATS
from translate_news.errors import InputError

__all__ = ["Skipped", "Source", "SourceList", "collect_articles", "list_sources", "skip_reason"]

_SEPARATOR = "\0"  # the one character no file name holds
# Names per list, sort and join: 2,048 pointers are 16 KB, and their names joined stay under glibc's
# 128 KB mmap threshold. A bigger block, once freed, raises that threshold for the rest of the run,
# and the run's own buffers then stay on the heap: +3 MB peak RSS after a 30,000-file folder.
_BATCH = 2048
_SEEN_SETS = 256  # resolved files seen, spread over sets whose tables stay small for the same reason


@dataclass(frozen=True)
class Source:
    """An input file; ``slug_prefix`` is its folder below the one named (``2025/05/`` → ``2025-05-``).

    ``identity`` is its path below the folder named (its name, for a file named alone): recorded in the
    catalog, it tells the article that owns an output folder from a newcomer with the same slug.
    """

    path: Path
    slug_prefix: str = ""
    identity: str = ""
    root: Path = Path(".")


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file or folder not read, and why. ``path`` is a string, as the user would type it: an archive
    can hold as many images as articles, and a ``Path`` costs several times its characters."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class _Row:
    """Consecutive articles of one folder: ``names`` joined by NUL, ``folder`` below the root."""

    root: int  # index in SourceList.roots
    folder: str  # posix path below the root, "" for the root itself
    slug_prefix: str
    names: str
    count: int


@dataclass(frozen=True)
class SourceList:
    """The articles of a run in order, compact: one row per run of files in a folder, ``Source``
    values made as they are iterated."""

    roots: tuple[Path, ...]
    rows: tuple[_Row, ...]
    total: int

    def __len__(self) -> int:
        return self.total

    def __iter__(self) -> Iterator[Source]:
        for row in self.rows:
            root = self.roots[row.root]
            start = 0
            for _ in range(row.count):
                end = row.names.find(_SEPARATOR, start)
                name = row.names[start:] if end < 0 else row.names[start:end]
                start = end + 1
                identity = f"{row.folder}/{name}" if row.folder else name
                yield Source(root / identity, row.slug_prefix, identity, root)

    def chunks(self, size: int) -> Iterator[list[Source]]:
        """``Source`` values ``size`` at a time: only the chunk in hand exists as objects."""
        sources = iter(self)
        while chunk := list(islice(sources, max(1, size))):
            yield chunk


def skip_reason(path: PurePath | str) -> str | None:
    """Why a file (a path, or a name) is not read as an article, or None when it is one."""
    name = path if isinstance(path, str) else path.name
    if name.startswith("."):
        return "hidden"
    if name.endswith("~") or name.endswith((".bak", ".orig", ".swp")):
        return "backup file"
    if name.startswith("#") and name.endswith("#"):
        return "editor autosave file"
    suffix = _suffix(name).lower()
    if suffix not in FORMATS:
        return sys.intern(f"unknown extension {suffix or '(none)'!r}")  # one string per suffix
    return None


def _suffix(name: str) -> str:
    """``PurePath(name).suffix`` without making a path: pathlib (3.11) interns every part it parses,
    which would grow the interpreter's table of interned strings by a folder's names."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def collect_articles(inputs: Sequence[Path], recursive: bool = False) -> tuple[list[Source], list[Skipped]]:
    """Files and folders named on the command line → articles in a stable order, and what was skipped.

    A missing path is an error; everything else that cannot be an article is skipped and reported.
    """
    sources, skipped = list_sources(inputs, recursive)
    return list(sources), skipped


@dataclass(frozen=True)
class _Found:
    """Files found next to each other in one folder, in order; ``real`` is the folder resolved."""

    root: Path
    folder: str
    slug_prefix: str
    real: str
    names: list[str]
    links: frozenset[str]  # of ``names``: symbolic links, resolved one by one

    @classmethod
    def named(cls, file: Path) -> _Found:
        """A file named on the command line: its own folder is its root; resolved in full (a link?)."""
        return cls(file.parent, "", "", "", [file.name], frozenset([file.name]))


def list_sources(inputs: Sequence[Path], recursive: bool = False) -> tuple[SourceList, list[Skipped]]:
    """``collect_articles`` as a ``SourceList``: the same order, skips and deduplication (a file named
    twice, or named and inside a folder named, is read once, where it comes first), in about the
    characters of the names. A file is known by its resolved folder and resolved name."""
    rows = _Rows()
    seen: list[set[str]] = [set() for _ in range(_SEEN_SETS)]  # "resolved folder\0name"
    skipped: list[Skipped] = []
    for given in inputs:
        file_skips: list[Skipped] = []  # reported after the input's folders, as they always were
        if given.is_file():
            reason = skip_reason(given)
            if reason:
                file_skips.append(Skipped(str(given), reason))
            found: Iterator[_Found] = iter(() if reason else [_Found.named(given)])
        elif given.is_dir():
            found = _walk(given, "", recursive, skipped, file_skips)
        else:
            raise InputError(given, "no such file or folder of articles")
        for run in found:
            rows.add(run, [name for name in run.names if _first_time(run, name, seen)])
        skipped += file_skips
    return rows.done(), skipped


def _first_time(run: _Found, name: str, seen: list[set[str]]) -> bool:
    """Whether the file ``name`` of ``run`` is new to the listing, known by its resolved path (as
    ``Path.resolve`` has it: its folder resolved once, only a link resolved on its own)."""
    if name in run.links:
        real_folder, real_name = os.path.split(os.path.realpath(os.path.join(run.root, run.folder, name)))
    else:
        real_folder, real_name = run.real, name
    key = f"{real_folder}{_SEPARATOR}{real_name}"
    keys = seen[hash(key) % _SEEN_SETS]
    if key in keys:
        return False
    keys.add(key)
    return True


class _Rows:
    """The ``SourceList`` being built: consecutive runs of one folder (files named one by one on the
    command line, say) extend one row, joined once when it is complete."""

    def __init__(self) -> None:
        self.roots: dict[Path, int] = {}
        self.rows: list[_Row] = []
        self.key: tuple[int, str, str] | None = None  # (root, folder, slug prefix) of the open row
        self.pieces: list[str] = []  # the open row's names, joined a batch at a time
        self.count = 0

    def add(self, run: _Found, names: list[str]) -> None:
        if not names:
            return
        key = (self.roots.setdefault(run.root, len(self.roots)), run.folder, run.slug_prefix)
        if key != self.key:
            self._close()
            self.key = key
        self.pieces.append(_SEPARATOR.join(names))
        self.count += len(names)

    def _close(self) -> None:
        if self.key is not None and self.count:
            root, folder, prefix = self.key
            self.rows.append(_Row(root, folder, prefix, _SEPARATOR.join(self.pieces), self.count))
        self.pieces, self.count = [], 0

    def done(self) -> SourceList:
        self._close()
        return SourceList(tuple(self.roots), tuple(self.rows), sum(row.count for row in self.rows))


def _walk(
    root: Path, folder: str, recursive: bool, skipped: list[Skipped], file_skips: list[Skipped]
) -> Iterator[_Found]:
    """The articles of ``root/folder`` in name order, a subfolder's walked where it sorts; only one
    folder's names are held at a time."""
    path = os.path.join(root, folder)
    names, dirs, links = _entries(path)
    prefix = "".join(f"{slugify(part)}-" for part in folder.split("/")) if folder else ""
    real = os.path.realpath(path)
    files: list[str] = []
    for name in names:
        if name in dirs:
            if name.startswith("."):
                continue  # .git, .tm: never articles, not worth a line
            below = os.path.join(path, name)
            if os.path.isfile(os.path.join(below, ".translate-news.lock")) or os.path.isfile(
                os.path.join(below, f"{name}.en.po")
            ):
                skipped.append(Skipped(str(root / folder / name), "a translate-news output folder"))
            elif recursive:
                if files:
                    yield _Found(root, folder, prefix, real, files, links)
                    files = []
                yield from _walk(root, f"{folder}/{name}" if folder else name, True, skipped, file_skips)
            else:
                skipped.append(Skipped(str(root / folder / name), "folder (use --recursive)"))
        elif name.lower() != "readme.md":
            reason = skip_reason(name)
            if reason:
                file_skips.append(Skipped(str(root / folder / name), reason))
            else:
                files.append(name)
                if len(files) == _BATCH:
                    yield _Found(root, folder, prefix, real, files, links)
                    files = []
    if files:
        yield _Found(root, folder, prefix, real, files, links)


def _entries(path: str) -> tuple[Iterator[str], set[str], frozenset[str]]:
    """A folder's names in ``Path`` order, which of them are folders (links followed), which links.
    Sorted a batch at a time and merged, so no list grows with the folder (see ``_BATCH``)."""
    batches: list[list[str]] = []
    dirs: set[str] = set()
    links: set[str] = set()
    with os.scandir(path) as entries:
        for entry in entries:
            if not batches or len(batches[-1]) == _BATCH:
                batches.append([])
            batches[-1].append(entry.name)
            try:
                is_dir = entry.is_dir()
            except OSError:  # a link loop, say: not a folder, as Path.is_dir has it
                is_dir = False
            if is_dir:
                dirs.add(entry.name)
            elif entry.is_symlink():
                links.add(entry.name)
    for batch in batches:
        batch.sort(key=os.path.normcase)  # Path sorts case-folded where the system does
    return heapq.merge(*batches, key=os.path.normcase), dirs, frozenset(links)
