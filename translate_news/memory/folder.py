"""What the ``tm`` commands change in an output folder's memory, each under the folder's lock.

The lock is the operation's, not its caller's: a run, a build and an import of the same folder never
write at once, whoever calls them (the CLI, a script, a test).
"""

from __future__ import annotations

from pathlib import Path

from translate_news.errors import InputError
from translate_news.fileio import output_lock
from translate_news.memory.store import TMXImport, TranslationMemory, memory_path

__all__ = ["import_tmx_into", "prune_machine_drafts"]


def import_tmx_into(output: Path, file: Path) -> TMXImport:
    """Add ``file``'s reviewed units to ``output``'s memory (created if missing)."""
    with output_lock(output), TranslationMemory(memory_path(output)) as memory:
        return memory.import_tmx(file)


def prune_machine_drafts(output: Path) -> int:
    """Delete every cached machine draft of ``output``'s memory; how many were deleted."""
    path = memory_path(output)
    if not path.exists():  # no lock file left behind in a folder that is not an output folder
        raise InputError(path, "no translation memory here (nothing has been imported or reviewed)")
    with output_lock(output), TranslationMemory(path, create=False) as memory:
        return memory.clear_mt()
