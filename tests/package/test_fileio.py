"""Tests for atomic writes and the output-folder lock."""

from __future__ import annotations

import os

import pytest

from translate_news import fileio
from translate_news.errors import InputError
from translate_news.fileio import output_lock, write_atomic


def test_write_atomic_creates_parents_and_replaces(tmp_path):
    path = tmp_path / "a" / "b" / "articolo.en.md"
    write_atomic(path, "prima versione è qui\n")
    assert path.read_text(encoding="utf-8") == "prima versione è qui\n"
    write_atomic(path, b"seconda\n")
    assert path.read_bytes() == b"seconda\n"
    assert os.listdir(path.parent) == ["articolo.en.md"]


def test_write_atomic_failure_leaves_old_file(tmp_path, monkeypatch):
    path = tmp_path / "articolo.en.po"
    path.write_text("vecchio", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError("disco pieno")

    monkeypatch.setattr(fileio.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disco pieno"):
        write_atomic(path, "nuovo")
    assert path.read_text(encoding="utf-8") == "vecchio"
    assert os.listdir(tmp_path) == ["articolo.en.po"]


def test_output_lock_is_exclusive_and_released(tmp_path):
    folder = tmp_path / "out"
    with output_lock(folder):
        lock = folder / ".translate-news.lock"
        assert lock.read_text() == f"{os.getpid()}\n"
        # flock belongs to the open file description: a second open conflicts even in this process.
        with pytest.raises(InputError, match="another translate-news run") as info, output_lock(folder):
            pass
        assert info.value.path == str(lock)
    with output_lock(folder):
        pass
