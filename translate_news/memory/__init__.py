"""The translation memory and MT cache: one SQLite store, single writer under a lock."""

from translate_news.memory.store import SCHEMA_VERSION, TranslationMemory, memory_path

__all__ = [
    "SCHEMA_VERSION",
    "TranslationMemory",
    "memory_path",
]
