"""The translation memory and MT cache: one SQLite store, single writer under a lock."""

from translate_news.memory.folder import import_tmx_into, prune_machine_drafts
from translate_news.memory.store import SCHEMA_VERSION, TranslationMemory, memory_path

__all__ = [
    "SCHEMA_VERSION",
    "TranslationMemory",
    "import_tmx_into",
    "memory_path",
    "prune_machine_drafts",
]
