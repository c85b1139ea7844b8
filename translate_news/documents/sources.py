"""What ``run`` reads: files and folders named by the user → articles, and the files it skips and why.

Skipping is reported, never fatal: an archive folder holds backups, autosaves and other documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from translate_news.documents.article import slugify
from translate_news.documents.registry import FORMATS
from translate_news.errors import InputError

__all__ = ["Skipped", "Source", "collect_articles", "skip_reason"]


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


@dataclass(frozen=True)
class Skipped:
    path: Path
    reason: str


def skip_reason(path: Path) -> str | None:
    """Why a file is not read as an article, or None when it is one."""
    name = path.name
    if name.startswith("."):
        return "hidden"
    if name.endswith("~") or name.endswith((".bak", ".orig", ".swp")):
        return "backup file"
    if name.startswith("#") and name.endswith("#"):
        return "editor autosave file"
    if path.suffix.lower() not in FORMATS:
        return f"unknown extension {path.suffix.lower() or '(none)'!r}"
    return None


def collect_articles(inputs: Sequence[Path], recursive: bool = False) -> tuple[list[Source], list[Skipped]]:
    """Files and folders named on the command line → articles in a stable order, and what was skipped.

    A missing path is an error; everything else that cannot be an article is skipped and reported.
    """
    sources: dict[Path, Source] = {}
    skipped: list[Skipped] = []
    for given in inputs:
        if given.is_file():
            found: list[tuple[Path, str]] = [(given, "")]
            root = given.parent
        elif given.is_dir():
            found = _walk(given, given, recursive, skipped)
            root = given
        else:
            raise InputError(given, "no such file or folder of articles")
        for path, prefix in found:
            reason = skip_reason(path)
            if reason:
                skipped.append(Skipped(path, reason))
            else:
                identity = path.relative_to(root).as_posix()
                sources.setdefault(path.resolve(), Source(path, prefix, identity, root))
    return list(sources.values()), skipped


def _walk(root: Path, folder: Path, recursive: bool, skipped: list[Skipped]) -> list[tuple[Path, str]]:
    found: list[tuple[Path, str]] = []
    for path in sorted(folder.iterdir()):
        if path.is_dir():
            if path.name.startswith("."):
                continue  # .git, .tm: never articles, not worth a line
            if (path / ".translate-news.lock").is_file() or (path / f"{path.name}.en.po").is_file():
                skipped.append(Skipped(path, "a translate-news output folder"))  # -o inside the articles
            elif recursive:
                found += _walk(root, path, recursive, skipped)
            else:
                skipped.append(Skipped(path, "folder (use --recursive)"))
        elif path.name.lower() != "readme.md":
            parts = path.parent.relative_to(root).parts
            found.append((path, "".join(f"{slugify(part)}-" for part in parts)))
    return found
