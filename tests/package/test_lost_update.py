"""No lost update: a person who saves a catalog or an English article while ``run``, ``build`` or
``xliff import`` works never loses the save.

Each race is made deterministic by a hook: a stage the command calls between its read and its write
(monkeypatched) saves the person's version first, as an editor would. Articles and English are
written for these tests; the English a reviewer saves is set in the PO here, never the model's.
"""

from __future__ import annotations

import pickle
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import polib
import pytest
from click.testing import CliRunner
from support import FIXTURE_MODEL

from translate_news import fileio
from translate_news.cli.main import cli
from translate_news.fileio import FileChanged, Fingerprint, beside, fingerprint, write_if_unchanged
from translate_news.memory.store import TranslationMemory, memory_path
from translate_news.mt.engine import EngineOptions
from translate_news.pipeline import runner
from translate_news.pipeline import trust as trust_module
from translate_news.pipeline.runner import WRITE_TRIES, RunConfig, build_output, run
from translate_news.review import catalog as catalog_module
from translate_news.review import xliff_merge
from translate_news.review.catalog import catalog_text, read_catalog
from translate_news.review.xliff_merge import import_xliff

MARKET = "Il mercato coperto riapre lunedì dopo due anni di lavori."
FISH = "I banchi del pesce tornano al piano terra accanto ai fiorai."
HOURS = "L'orario resta lo stesso dalle sette del mattino alle due."
REVIEWED = "The fish stalls return to the ground floor next to the florists."
EDITED_ENGLISH = "The covered market reopens on Monday.\n\nA copy editor's own paragraph.\n"
X20 = {"x": "urn:oasis:names:tc:xliff:document:2.0"}


def _config(tmp_path: Path) -> RunConfig:
    articles = tmp_path / "articles"
    articles.mkdir()
    return RunConfig(articles, tmp_path / "out", None, FIXTURE_MODEL, EngineOptions(threads=1))


def _write_article(config: RunConfig, *sentences: str) -> None:
    text = "\n\n".join(sentences) + "\n"
    (Path(str(config.articles)) / "mercato.txt").write_text(text, encoding="utf-8")


def _po(config: RunConfig) -> Path:
    return config.output / "mercato" / "mercato.en.po"


def _english(config: RunConfig) -> Path:
    return config.output / "mercato" / "mercato.en.txt"


def _review(po_path: Path, msgid: str, text: str) -> None:
    """A reviewer signs one entry off and the editor saves the PO."""
    po = polib.pofile(str(po_path))
    entry = next(e for e in po if e.msgid == msgid)
    entry.msgstr, entry.flags = text, [f for f in entry.flags if f != "fuzzy"]
    po_path.write_bytes(catalog_text(po).encode("utf-8"))


def _hook(
    monkeypatch: pytest.MonkeyPatch, module: ModuleType, name: str, save: Callable[[], None], times: int = 1
) -> list[int]:
    """Call ``save`` (a person's save) the first ``times`` times ``module.name`` runs, before it: the
    command has read its files and not yet written them. Returns the call counter."""
    real = getattr(module, name)
    calls = [0]

    def hooked(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        if calls[0] <= times:
            save()
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, hooked)
    return calls


def _reviewed_in_memory(config: RunConfig, msgid: str) -> set[str]:
    with TranslationMemory(memory_path(config.output), create=False) as memory:
        return {unit.target for unit in memory.review_history(msgid)}


# --- the compare-and-swap write --------------------------------------------------------------------


def test_write_if_unchanged_writes_what_was_read_over(tmp_path: Path) -> None:
    path = tmp_path / "a.en.po"
    path.write_text("prima\n", encoding="utf-8")
    read = fingerprint(path)
    assert write_if_unchanged(path, "seconda\n", read)
    assert path.read_text(encoding="utf-8") == "seconda\n"
    assert not write_if_unchanged(path, "seconda\n", fingerprint(path))  # same bytes: untouched


def test_write_if_unchanged_never_overwrites_a_save_made_after_the_read(tmp_path: Path) -> None:
    path = tmp_path / "a.en.po"
    path.write_text("prima\n", encoding="utf-8")
    read = fingerprint(path)
    path.write_text("salvato da una persona\n", encoding="utf-8")
    with pytest.raises(FileChanged) as raised:
        write_if_unchanged(path, "della macchina\n", read)
    assert raised.value.kept is None and not beside(path).exists()
    assert path.read_text(encoding="utf-8") == "salvato da una persona\n"
    with pytest.raises(FileChanged) as raised:
        write_if_unchanged(path, "della macchina\n", read, keep_ours=True)
    assert path.read_text(encoding="utf-8") == "salvato da una persona\n"
    assert raised.value.kept == str(beside(path))
    assert beside(path).read_text(encoding="utf-8") == "della macchina\n"


def test_write_if_unchanged_checks_again_once_its_bytes_are_synced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save landing while the new bytes go to disk (after the first compare) is not overwritten."""
    path = tmp_path / "a.en.po"
    path.write_text("prima\n", encoding="utf-8")
    read = fingerprint(path)
    real = fileio.os.fsync

    def slow_disk(fd: int) -> None:
        real(fd)
        if not beside(path).exists():
            path.write_text("salvato durante la scrittura\n", encoding="utf-8")

    monkeypatch.setattr(fileio.os, "fsync", slow_disk)
    with pytest.raises(FileChanged):
        write_if_unchanged(path, "della macchina\n", read, keep_ours=True)
    monkeypatch.undo()
    assert path.read_text(encoding="utf-8") == "salvato durante la scrittura\n"
    assert beside(path).read_text(encoding="utf-8") == "della macchina\n"
    assert not list(tmp_path.glob(".*.tmp")), "the temporary file was left behind"


def test_write_if_unchanged_treats_a_file_created_meanwhile_as_a_save(tmp_path: Path) -> None:
    path = tmp_path / "a.en.txt"
    read = fingerprint(path)
    assert read == Fingerprint.of(None)
    path.write_text("scritto a mano\n", encoding="utf-8")
    with pytest.raises(FileChanged):
        write_if_unchanged(path, "della macchina\n", read)
    assert path.read_text(encoding="utf-8") == "scritto a mano\n"
    assert not write_if_unchanged(path, "scritto a mano\n", read)  # the same bytes: nothing lost


# --- run -------------------------------------------------------------------------------------------


def test_run_merges_into_a_catalog_saved_while_it_translates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _config(tmp_path)
    _write_article(config, MARKET, FISH)
    run(config)
    _write_article(config, MARKET, FISH, HOURS)  # the reporter adds a sentence: the next run has MT to do
    _hook(monkeypatch, runner, "machine_translations", lambda: _review(_po(config), FISH, REVIEWED))
    summary = run(config)
    assert summary.failed == 0, summary.errors
    po = read_catalog(_po(config))
    assert po is not None
    fish = next(e for e in po if e.msgid == FISH)
    assert (fish.msgstr, fish.flags) == (REVIEWED, []), "the save made during the run was lost"
    assert any(e.msgid == HOURS and not e.obsolete for e in po), "the run's draft was not merged in"
    assert REVIEWED in _reviewed_in_memory(config, FISH)
    assert REVIEWED in _english(config).read_text(encoding="utf-8")
    assert not beside(_po(config)).exists()


def test_run_keeps_an_english_article_saved_while_it_translates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _config(tmp_path)
    _write_article(config, MARKET, FISH)
    run(config)
    _write_article(config, MARKET, FISH, HOURS)
    _hook(
        monkeypatch,
        runner,
        "machine_translations",
        lambda: _english(config).write_text(EDITED_ENGLISH, encoding="utf-8"),
    )
    summary = run(config)
    assert summary.failed == 1 and len(summary.errors) == 1
    (error,) = summary.errors
    assert error.startswith(f"{_english(config)}: ") and "\n" not in error
    assert "mercato.en.txt.new" in error
    assert _english(config).read_text(encoding="utf-8") == EDITED_ENGLISH
    assert beside(_english(config)).read_text(encoding="utf-8").count("\n\n") == 2  # ours: 3 paragraphs
    assert any(e.msgid == HOURS for e in read_catalog(_po(config)) or ())  # the catalog is written


def test_run_stops_an_article_whose_catalog_is_saved_at_every_merge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _config(tmp_path)
    _write_article(config, MARKET, FISH)
    run(config)
    _write_article(config, MARKET, FISH, HOURS)
    saves = iter(range(WRITE_TRIES))

    def save() -> None:
        _review(_po(config), FISH, f"{REVIEWED} (take {next(saves)})")

    calls = _hook(monkeypatch, runner, "machine_translations", save, times=WRITE_TRIES)
    summary = run(config)
    assert calls[0] == WRITE_TRIES
    assert summary.failed == 1 and "\n" not in summary.errors[0] and "mercato.en.po.new" in summary.errors[0]
    last = f"{REVIEWED} (take {WRITE_TRIES - 1})"
    assert next(e for e in read_catalog(_po(config)) or () if e.msgid == FISH).msgstr == last
    ours = polib.pofile(str(beside(_po(config))))
    assert {e.msgid for e in ours} >= {MARKET, FISH, HOURS}
    assert next(e for e in ours if e.msgid == FISH).msgstr == f"{REVIEWED} (take {WRITE_TRIES - 2})"
    assert f"{REVIEWED} (take {WRITE_TRIES - 2})" in _reviewed_in_memory(config, FISH)  # the last it read


def test_run_leaves_a_broken_catalog_saved_while_it_translates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _config(tmp_path)
    _write_article(config, MARKET, FISH)
    run(config)
    _write_article(config, MARKET, FISH, HOURS)
    good = _po(config).read_bytes()
    broken = good + b'\nmsgid "Il mercato chiude alle\n'  # the editor crashed mid-save

    _hook(monkeypatch, runner, "machine_translations", lambda: _po(config).write_bytes(broken))
    summary = run(config)
    assert summary.failed == 1
    (error,) = summary.errors
    assert error.startswith(f"{_po(config)}:") and "\n" not in error and "untouched" in error
    assert _po(config).read_bytes() == broken


# --- build -----------------------------------------------------------------------------------------


def test_build_keeps_an_english_article_saved_while_it_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _config(tmp_path)
    _write_article(config, MARKET, FISH)
    run(config)
    _review(_po(config), FISH, REVIEWED)  # so build has a new English article to write
    save = lambda: _english(config).write_text(EDITED_ENGLISH, encoding="utf-8")  # noqa: E731
    _hook(monkeypatch, runner, "segment_article", save)
    errors: list[object] = []
    built = build_output(config.output, on_error=errors.append)
    assert built == [] and len(errors) == 1 and "mercato.en.txt.new" in str(errors[0])
    assert _english(config).read_text(encoding="utf-8") == EDITED_ENGLISH
    assert REVIEWED in beside(_english(config)).read_text(encoding="utf-8")


def test_build_command_reports_the_kept_save_in_one_line_with_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _config(tmp_path)
    _write_article(config, MARKET, FISH)
    run(config)
    _review(_po(config), FISH, REVIEWED)
    save = lambda: _english(config).write_text(EDITED_ENGLISH, encoding="utf-8")  # noqa: E731
    _hook(monkeypatch, runner, "segment_article", save)
    result = CliRunner().invoke(cli, ["build", "-o", str(config.output), "-q"])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"translate-news: error: {_english(config)}: ")
    assert "Traceback" not in result.output
    assert _english(config).read_text(encoding="utf-8") == EDITED_ENGLISH


# --- xliff import ----------------------------------------------------------------------------------


def _sign_off_in_a_cat_tool(path: Path, source: str, target: str) -> None:
    ET.register_namespace("", X20["x"])
    ET.register_namespace("tn", "urn:translate-news:xliff")
    tree = ET.parse(path)
    for segment in tree.iter(f"{{{X20['x']}}}segment"):
        if segment.find("x:source", X20).text == source:
            segment.set("state", "final")
            segment.find("x:target", X20).text = target
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def _translated_and_signed_off(tmp_path: Path, signed: str) -> tuple[RunConfig, Path]:
    """The market article run, its XLIFF 2.0 exported and MARKET signed off there as ``signed``."""
    config = _config(tmp_path)
    _write_article(config, MARKET, FISH)
    run(config)
    exported = tmp_path / "mercato.it-en.xlf"
    shutil.copy(config.output / "mercato" / exported.name, exported)
    _sign_off_in_a_cat_tool(exported, MARKET, signed)
    return config, exported


def test_xliff_import_merges_into_a_po_saved_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    signed = "The covered market reopens on Monday after two years of works."
    config, exported = _translated_and_signed_off(tmp_path, signed)
    _hook(monkeypatch, xliff_merge, "merge_units", lambda: _review(_po(config), FISH, REVIEWED))
    po_path, result = import_xliff(exported, config.output)
    po = read_catalog(po_path)
    assert po is not None
    by_msgid = {e.msgid: e for e in po}
    assert (by_msgid[FISH].msgstr, by_msgid[FISH].flags) == (REVIEWED, []), "the PO save was lost"
    assert (by_msgid[MARKET].msgstr, by_msgid[MARKET].flags) == (signed, [])
    # their save is newer than the export: the untouched draft in the XLIFF yields to it, as it would
    # had they saved before the import
    assert result.reviewed == 1 and len(result.conflicts) == 1 and "PO keeps" in result.conflicts[0]


def test_xliff_import_stops_when_the_po_is_saved_at_every_merge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, exported = _translated_and_signed_off(tmp_path, "The covered market reopens on Monday.")
    saves = iter(range(xliff_merge.MERGE_TRIES))

    def save() -> None:
        _review(_po(config), FISH, f"{REVIEWED} (take {next(saves)})")

    _hook(monkeypatch, xliff_merge, "merge_units", save, times=xliff_merge.MERGE_TRIES)
    from translate_news.errors import InputError

    with pytest.raises(InputError, match=r"mercato\.en\.po\.new"):
        import_xliff(exported, config.output)
    last = f"{REVIEWED} (take {xliff_merge.MERGE_TRIES - 1})"
    assert next(e for e in read_catalog(_po(config)) or () if e.msgid == FISH).msgstr == last
    assert "The covered market reopens on Monday." in beside(_po(config)).read_text(encoding="utf-8")


def test_a_file_changed_result_survives_pickling() -> None:
    """A Ray write task returns it to the driver."""
    changed = pickle.loads(pickle.dumps(FileChanged(Path("a/a.en.po"), Path("a/a.en.po.new"))))
    assert (changed.path, changed.kept) == ("a/a.en.po", "a/a.en.po.new")


def test_a_run_without_saves_reads_each_file_a_bounded_number_of_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The compare-and-swap costs a fixed number of reads per file, whatever the run's size: the
    catalog is read for the check, once more to see it was not saved during the parse, and before
    the write; the English article when the article is read and before the write."""
    config = _config(tmp_path)
    for n in range(3):
        (Path(str(config.articles)) / f"mercato-{n}.txt").write_text(
            f"{MARKET}\n\n{FISH}\n", encoding="utf-8"
        )
    run(config)
    with TranslationMemory(memory_path(config.output)) as memory:  # no trust: the full path, merged again
        memory.forget_trusted_many(f"mercato-{n}.txt" for n in range(3))
    reads: Counter[str] = Counter()
    real = fileio.read_or_none

    def counting(path: Path) -> bytes | None:
        reads[Path(path).name] += 1
        return real(path)

    monkeypatch.setattr(fileio, "read_or_none", counting)
    monkeypatch.setattr(catalog_module, "read_or_none", counting)
    monkeypatch.setattr(trust_module, "read_or_none", counting)
    summary = run(config)
    assert summary.articles == 3 and summary.failed == 0 and summary.trusted == 0
    for n in range(3):
        assert reads[f"mercato-{n}.en.po"] == 3
        assert reads[f"mercato-{n}.en.txt"] == 2
    assert sum(reads.values()) == 3 * 5 + 3  # the source's fingerprint, taken before it is read
    reads.clear()
    summary = run(config)  # trusted: each file read once, to hash it, and nothing parsed
    assert summary.articles == summary.trusted == 3
    assert all(count == 1 for count in reads.values()) and len(reads) == 3 * (4 + len(config.exchanges))
