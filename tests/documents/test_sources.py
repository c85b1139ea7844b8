"""The run's article list (issue 14): compact from the start, yet the same order, skips and
deduplication as a walk of ``Path`` objects."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from translate_news.documents import sources as sources_module
from translate_news.documents.sources import (
    Skipped,
    Source,
    collect_articles,
    list_sources,
    skip_reason,
)
from translate_news.errors import InputError

symlinks = pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")


def _touch(folder: Path, *names: str) -> None:
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Titolo\n\nUn testo breve.\n", encoding="utf-8")


def _identities(sources: list[Source]) -> list[str]:
    return [source.identity for source in sources]


def test_subfolders_are_walked_where_they_sort_with_their_slug_prefixes(tmp_path: Path) -> None:
    archive = tmp_path / "archivio"
    _touch(archive, "a.txt", "2025/05/Pezzo.md", "2025/z.html", "Città Aperta/b.txt", "c.txt")
    sources, skipped = collect_articles([archive], recursive=True)
    assert not skipped
    assert _identities(sources) == ["2025/05/Pezzo.md", "2025/z.html", "Città Aperta/b.txt", "a.txt", "c.txt"]
    assert [s.slug_prefix for s in sources] == ["2025-05-", "2025-", "citta-aperta-", "", ""]
    assert all(s.root == archive and s.path == archive / s.identity for s in sources)


def test_what_is_skipped_and_why_folders_before_files(tmp_path: Path) -> None:
    folder = tmp_path / "pezzi"
    _touch(folder, "a.txt", "b.docx", "c.txt~", "d.bak", "#e.txt#", ".f.txt", "g", "h.", "README.md")
    _touch(folder, "sotto/x.txt", ".git/config.txt", "uscita/.translate-news.lock", "vecchio/vecchio.en.po")
    sources, skipped = collect_articles([folder])
    assert _identities(sources) == ["a.txt"]
    assert skipped == [
        Skipped(str(folder / "sotto"), "folder (use --recursive)"),
        Skipped(str(folder / "uscita"), "a translate-news output folder"),
        Skipped(str(folder / "vecchio"), "a translate-news output folder"),
        Skipped(str(folder / "#e.txt#"), "editor autosave file"),
        Skipped(str(folder / ".f.txt"), "hidden"),
        Skipped(str(folder / "b.docx"), "unknown extension '.docx'"),
        Skipped(str(folder / "c.txt~"), "backup file"),
        Skipped(str(folder / "d.bak"), "backup file"),
        Skipped(str(folder / "g"), "unknown extension '(none)'"),
        Skipped(str(folder / "h."), "unknown extension '(none)'"),
    ]
    # Output folders stay skipped when walking; a plain subfolder is walked.
    walked, skipped = collect_articles([folder], recursive=True)
    assert _identities(walked) == ["a.txt", "sotto/x.txt"]
    assert [s.reason for s in skipped[:2]] == ["a translate-news output folder"] * 2


def test_skipped_paths_read_as_typed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _touch(tmp_path, "nota.docx", "pezzo.txt")
    monkeypatch.chdir(tmp_path)
    sources, skipped = collect_articles([Path(".")])
    assert skipped == [Skipped("nota.docx", "unknown extension '.docx'")]
    assert [s.path for s in sources] == [Path("pezzo.txt")]


def test_skip_reason_of_a_name_is_that_of_its_path() -> None:
    for name in ("a.txt", "A.TXT", "b.md", "c.htm", "d.docx", "e", "f.", ".g.txt", "h.txt~", "#i#", "j.tgz"):
        assert skip_reason(name) == skip_reason(Path("cartella") / name), name
    assert skip_reason("A.TXT") is None
    assert skip_reason("f.") == "unknown extension '(none)'"


def test_a_file_named_twice_or_in_a_folder_named_is_read_once_where_it_comes_first(tmp_path: Path) -> None:
    folder = tmp_path / "pezzi"
    _touch(folder, "a.txt", "b.txt", "sotto/c.txt")
    alone = folder / "b.txt"
    first, _ = collect_articles([alone, folder, alone])
    assert [(s.root, s.identity) for s in first] == [(folder, "b.txt"), (folder, "a.txt")]
    last, _ = collect_articles([folder, alone])
    assert _identities(last) == ["a.txt", "b.txt"]
    nested, _ = collect_articles([folder / "sotto", folder], recursive=True)
    assert [(s.root, s.identity, s.slug_prefix) for s in nested] == [
        (folder / "sotto", "c.txt", ""),
        (folder, "a.txt", ""),
        (folder, "b.txt", ""),
    ]
    twice, skipped = collect_articles([folder, folder])
    assert _identities(twice) == ["a.txt", "b.txt"]
    assert len(skipped) == 2  # the subfolder, once per time the folder is named


@symlinks
def test_links_are_known_by_what_they_point_to(tmp_path: Path) -> None:
    folder = tmp_path / "pezzi"
    _touch(folder, "b.txt", "anni/2025/d.txt")
    (folder / "a-link.txt").symlink_to("b.txt")
    (folder / "z-anni").symlink_to("anni", target_is_directory=True)
    sources, _ = collect_articles([folder], recursive=True)
    assert _identities(sources) == ["a-link.txt", "anni/2025/d.txt"]
    through_link, _ = collect_articles([folder / "z-anni", folder], recursive=True)
    assert _identities(through_link) == ["2025/d.txt", "a-link.txt"]


@symlinks
def test_a_link_loop_is_an_article_that_fails_to_read_not_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "pezzi"
    _touch(folder, "a.txt")
    (folder / "giro.txt").symlink_to("tondo.txt")
    (folder / "tondo.txt").symlink_to("giro.txt")
    sources, _ = collect_articles([folder])
    assert _identities(sources) == ["a.txt", "giro.txt", "tondo.txt"]


def test_a_missing_input_is_an_error_naming_it(tmp_path: Path) -> None:
    _touch(tmp_path, "a.txt")
    with pytest.raises(InputError, match="manca"):
        list_sources([tmp_path / "a.txt", tmp_path / "manca"])


def test_the_list_is_one_row_per_folder_and_yields_sources_a_chunk_at_a_time(tmp_path: Path) -> None:
    folder = tmp_path / "pezzi"
    names = [f"pezzo-{n}.txt" for n in range(5)]
    _touch(folder, *names, "sotto/x.txt", "z.md")
    listing, _ = list_sources([folder], recursive=True)
    assert len(listing) == 7
    # pezzo-*, then sotto/, then z.md: three runs of files, three rows whatever the file count.
    assert [(row.folder, row.count) for row in listing.rows] == [("", 5), ("sotto", 1), ("", 1)]
    assert [len(chunk) for chunk in listing.chunks(3)] == [3, 3, 1]
    assert [s for chunk in listing.chunks(3) for s in chunk] == list(listing)
    assert _identities(list(listing)) == [*names, "sotto/x.txt", "z.md"]
    # Files named one by one (a shell glob) still make one row.
    one_by_one, _ = list_sources([folder / name for name in names])
    assert [(row.folder, row.count) for row in one_by_one.rows] == [("", 5)]
    assert list(one_by_one) == list(listing)[:5]


def test_big_folders_are_sorted_and_joined_in_batches_with_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "pezzi"
    names = [f"pezzo-{n}.txt" for n in (7, 3, 9, 1, 5, 8, 2, 6, 4)]
    _touch(folder, *names, "pezzo-5/x.txt", "pezzo-0.docx")
    whole, whole_skipped = collect_articles([folder, folder / "pezzo-1.txt"], recursive=True)
    monkeypatch.setattr(sources_module, "_BATCH", 2)
    batched, batched_skipped = collect_articles([folder, folder / "pezzo-1.txt"], recursive=True)
    assert batched == whole and batched_skipped == whole_skipped
    assert _identities(batched) == [*sorted(names)[:4], "pezzo-5/x.txt", *sorted(names)[4:]]
    listing, _ = list_sources([folder], recursive=True)
    assert [(row.folder, row.count) for row in listing.rows] == [("", 4), ("pezzo-5", 1), ("", 5)]
