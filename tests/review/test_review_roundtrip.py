"""A scripted review: a reviewer edits the PO, the source article changes, the pipeline re-runs."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from support import ARTICLES, FIXTURE_MODEL, GLOSSARY, run_cli

from translate_news.memory.store import TranslationMemory, memory_path
from translate_news.mt.engine import EngineOptions
from translate_news.pipeline.runner import RunConfig, build_output, run
from translate_news.provenance import Carried

SLUG = "sciopero-doppiatori"
REVIEWED_TEXT = "Voice actors stop work: the dubbing strike begins (reviewed)"
COMMENT = "checked against the union's press release"


def catalog(out: Path) -> polib.POFile:
    return polib.pofile(str(out / SLUG / f"{SLUG}.en.po"))


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[RunConfig, Path]:
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(ARTICLES / f"{SLUG}.txt", articles)
    config = RunConfig(articles, tmp_path / "out", GLOSSARY, FIXTURE_MODEL, EngineOptions(threads=1))
    run(config)
    return config, articles / f"{SLUG}.txt"


def review(out: Path) -> dict[str, str]:
    """Edit the title's msgstr, approve two more entries, add a translator comment."""
    po = catalog(out)
    entries = [e for e in po if not e.obsolete]
    title, second, third = entries[0], entries[1], entries[2]
    title.msgstr = REVIEWED_TEXT
    title.tcomment = COMMENT
    for entry in (title, second, third):
        entry.flags.remove("fuzzy")
    po.metadata["Last-Translator"] = "Giulia Reviewer <giulia@example.org>"
    po.save()
    return {title.msgid: title.msgstr, second.msgid: second.msgstr, third.msgid: third.msgstr}


def test_review_survives_source_edits(workspace: tuple[RunConfig, Path]) -> None:
    config, source = workspace
    out = config.output
    reviewed = review(out)
    po = catalog(out)
    live = [e for e in po if not e.obsolete]
    # Change one sentence, delete one, insert one (all in body paragraphs, none reviewed).
    changed, deleted = live[5], live[7]
    text = source.read_text(encoding="utf-8")
    assert changed.msgid in text and deleted.msgid in text
    new_changed = changed.msgid.replace(changed.msgid.split()[1], changed.msgid.split()[1] + " ancora", 1)
    inserted = "Una nuova frase è stata aggiunta dalla redazione."
    text = text.replace(changed.msgid, new_changed).replace(deleted.msgid, inserted)
    source.write_text(text, encoding="utf-8")

    summary = run(config)
    assert (summary.kept, summary.changed, summary.obsoleted) == (3, 1, 1)
    po = catalog(out)
    by_id = {e.msgid: e for e in po}
    for msgid, msgstr in reviewed.items():  # reviewed entries intact
        entry = by_id[msgid]
        assert entry.msgstr == msgstr and "fuzzy" not in entry.flags and not entry.obsolete
    assert by_id[next(iter(reviewed))].tcomment == COMMENT
    moved = by_id[new_changed]  # changed: new MT, fuzzy, previous msgid kept
    assert "fuzzy" in moved.flags and moved.previous_msgid == changed.msgid and moved.msgstr
    # The old sentence's translation was a machine draft, not a person's work: nothing to carry.
    assert not any(Carried.parse(line) for line in moved.comment.splitlines())
    gone = by_id[deleted.msgid]  # deleted: obsolete, not dropped
    assert gone.obsolete and gone.msgstr == deleted.msgstr
    fresh = by_id[inserted]  # inserted: fuzzy MT
    assert "fuzzy" in fresh.flags and fresh.msgstr and fresh.previous_msgid is None
    po_text = (out / SLUG / f"{SLUG}.en.po").read_text(encoding="utf-8")
    assert "#| msgid " in po_text and "#~ msgid" in po_text

    build_output(out)
    english = (out / SLUG / f"{SLUG}.en.txt").read_text(encoding="utf-8")
    assert english.splitlines()[0] == REVIEWED_TEXT


def test_reviewed_work_goes_to_memory_and_serves_other_articles(workspace: tuple[RunConfig, Path]) -> None:
    config, source = workspace
    reviewed = review(config.output)
    run(config)
    with TranslationMemory(memory_path(config.output)) as memory:
        assert {u.source: u.target for u in memory.reviewed_units()}.items() >= reviewed.items()
    # The same title in another article gets the reviewed translation, marked as TM.
    other = source.with_name("altro-articolo.txt")
    other.write_text(
        next(iter(reviewed)) + "\n\nUna nuova frase è stata aggiunta dalla redazione.\n", encoding="utf-8"
    )
    run(config)
    po = polib.pofile(str(config.output / "altro-articolo" / "altro-articolo.en.po"))
    title = po[0]
    assert title.msgstr == REVIEWED_TEXT and "fuzzy" not in title.flags
    assert "origin: tm reviewed" in title.comment


def test_edited_machine_draft_is_kept(workspace: tuple[RunConfig, Path]) -> None:
    config, _ = workspace
    po = catalog(config.output)
    entry = [e for e in po if not e.obsolete][4]
    entry.msgstr = "A reviewer's half-finished edit"  # still fuzzy: not approved yet
    po.save()
    run(config)
    assert {e.msgid: e.msgstr for e in catalog(config.output)}[entry.msgid] == entry.msgstr


def test_malformed_catalog_is_reported_and_left_untouched(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    shutil.copytree(ARTICLES, articles)
    out = tmp_path / "out"
    first = run_cli("run", articles, "-o", out, "--model", FIXTURE_MODEL, "--threads", "1")
    assert first.returncode == 0, first.stderr
    po = out / SLUG / f"{SLUG}.en.po"
    broken = po.read_text(encoding="utf-8").replace('msgstr "', 'msgstr "unterminated\n', 3)
    po.write_text(broken, encoding="utf-8")
    other = out / "botteghino-sale" / "botteghino-sale.en.po"
    other.unlink()
    second = run_cli("run", articles, "-o", out, "--model", FIXTURE_MODEL, "--threads", "1")
    assert second.returncode == 3  # the other articles were done
    errors = [line for line in second.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and f"{SLUG}.en.po:" in errors[0] and "Traceback" not in second.stderr
    assert po.read_text(encoding="utf-8") == broken  # untouched
    assert other.exists()  # the other articles were processed


def test_concurrent_runs_are_refused(workspace: tuple[RunConfig, Path]) -> None:
    from translate_news.fileio import output_lock

    config, _ = workspace
    with output_lock(config.output):
        result = run_cli("run", config.articles, "-o", config.output, "--model", FIXTURE_MODEL)
    assert result.returncode == 2
    assert "another translate-news run is using this output folder" in result.stderr
