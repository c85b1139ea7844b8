"""Reviewers' work under real newsroom use: each case here once lost or altered a person's text.

Articles are short texts written for these tests; the English is written here as a reviewer would.
"""

from __future__ import annotations

import difflib
import unicodedata
from pathlib import Path

import polib
import pytest
from support import FIXTURE_MODEL, merge_mt_drafts, run_cli

from translate_news.exchange import TMUnit, write_tmx
from translate_news.memory.store import TranslationMemory, memory_path
from translate_news.mt.enforce import Hypothesis, translate_enforced
from translate_news.mt.engine import EngineOptions
from translate_news.pipeline.runner import RunConfig, build_output, run
from translate_news.review import catalog as catalog_module
from translate_news.review.catalog import (
    carried_text,
    catalog_text,
    plan_catalog,
)

FIRST = "Il festival apre domani con un film di fantascienza girato in Sardegna."
SECOND = "La giuria è presieduta da una regista francese premiata a Cannes."
THIRD = "I biglietti per le proiezioni serali sono già esauriti."
REVIEWED = "The jury is chaired by a French director who won at Cannes."
IN_PROGRESS = "The jury is chaired by a French director (check the prize)"


# --- catalog level ---------------------------------------------------------------------------------


def _findable(po: polib.POFile, text: str) -> bool:
    """In an entry's msgstr or carried in a comment (obsolete entries included)."""
    for entry in po:
        if entry.msgstr == text:
            return True
        if any(carried_text(line) == text for line in entry.comment.splitlines()):
            return True
    return False


def _edit(po: polib.POFile, msgid: str, text: str, *, approve: bool) -> polib.POFile:
    entry = next(e for e in po if e.msgid == msgid)
    entry.msgstr = text
    if approve:
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
    return polib.pofile(catalog_text(po))


@pytest.mark.parametrize("text,approve", [(REVIEWED, True), (IN_PROGRESS, False)])
def test_human_text_survives_two_changes_and_a_deletion(text: str, approve: bool) -> None:
    po = _edit(merge_mt_drafts(None, [FIRST, SECOND]), SECOND, text, approve=approve)
    once = SECOND.replace("francese", "belga")
    twice = once.replace("Cannes", "Berlino")
    po = merge_mt_drafts(po, [FIRST, once])
    assert _findable(po, text)
    po = merge_mt_drafts(po, [FIRST, twice])
    assert _findable(po, text)
    entry = next(e for e in po if e.msgid == twice)
    assert "fuzzy" in entry.flags and entry.previous_msgid == once
    po = merge_mt_drafts(po, [FIRST])  # the sentence is deleted: obsolete, the carried text with it
    assert _findable(po, text)
    po = merge_mt_drafts(po, [FIRST, THIRD])  # unrelated sentences come and go
    assert _findable(po, text)


def test_obsolete_entries_keep_their_comments_in_the_file() -> None:
    po = _edit(merge_mt_drafts(None, [FIRST, SECOND]), SECOND, REVIEWED, approve=True)
    po = merge_mt_drafts(po, [FIRST, SECOND.replace("francese", "belga")])
    po = merge_mt_drafts(po, [FIRST])
    text = catalog_text(po)
    assert "#. previous translation: (reviewed) " + REVIEWED in text
    assert text.index("#. previous translation") < text.index("#~ msgid")


def test_a_sentence_split_in_two_carries_the_reviewed_translation_to_both() -> None:
    joined = f"{FIRST} {THIRD}"  # what an older segmenter made one segment
    po = _edit(merge_mt_drafts(None, [joined]), joined, "Both sentences, reviewed.", approve=True)
    po = merge_mt_drafts(po, [FIRST, THIRD])
    for msgid in (FIRST, THIRD):
        entry = next(e for e in po if e.msgid == msgid)
        assert any(carried_text(line) == "Both sentences, reviewed." for line in entry.comment.splitlines())


def test_sentences_merged_into_one_carry_both_translations() -> None:
    po = merge_mt_drafts(None, [FIRST, THIRD])
    po = _edit(po, FIRST, "The festival opens tomorrow.", approve=True)
    po = _edit(po, THIRD, "Evening screenings are sold out.", approve=True)
    joined = f"{FIRST} {THIRD}"
    po = merge_mt_drafts(po, [joined])
    carried = [carried_text(line) for line in next(e for e in po if e.msgid == joined).comment.splitlines()]
    assert "The festival opens tomorrow." in carried and "Evening screenings are sold out." in carried


def test_sentences_joined_with_a_conjunction_carry_both_translations() -> None:
    po = merge_mt_drafts(None, [FIRST, THIRD])
    po = _edit(po, FIRST, "The festival opens tomorrow.", approve=True)
    po = _edit(po, THIRD, "Evening screenings are sold out.", approve=True)
    joined = f"{FIRST[:-1]} e {THIRD[0].lower()}{THIRD[1:]}"  # "A." + "B." → "A e b."
    po = merge_mt_drafts(po, [joined])
    carried = [carried_text(line) for line in next(e for e in po if e.msgid == joined).comment.splitlines()]
    assert "The festival opens tomorrow." in carried and "Evening screenings are sold out." in carried


def test_multiline_translation_is_carried_whole() -> None:
    text = "First line of the reviewer's text\nsecond line with a \\ backslash"
    po = _edit(merge_mt_drafts(None, [SECOND]), SECOND, text, approve=True)
    po = merge_mt_drafts(po, [SECOND.replace("francese", "belga")])
    assert _findable(po, text)


@pytest.mark.parametrize(
    "resave",
    [
        lambda t: unicodedata.normalize("NFD", t),
        lambda t: t.replace("'", "’"),
        lambda t: t.replace("’", "'"),
        lambda t: t.replace("«", '"').replace("»", '"'),
    ],
    ids=["nfd", "curly-apostrophe", "straight-apostrophe", "quotes"],
)
def test_unicode_resave_keeps_reviewed_entries_reviewed(resave) -> None:  # noqa: ANN001
    sentence = "«Non c'è tempo», dice l’attrice: è già sera."
    po = _edit(
        merge_mt_drafts(None, [sentence]), sentence, "“There’s no time,” the actress says.", approve=True
    )
    again = resave(sentence)
    po = merge_mt_drafts(po, [again])
    entry = next(e for e in po if not e.obsolete)
    assert entry.msgid == again  # the source's own bytes
    assert entry.msgstr == "“There’s no time,” the actress says." and "fuzzy" not in entry.flags
    assert not [e for e in po if e.obsolete]


def test_msgctxt_variant_added_by_hand_is_kept_beside_the_real_entry() -> None:
    po = _edit(merge_mt_drafts(None, [FIRST, SECOND]), SECOND, REVIEWED, approve=True)
    variant = polib.POEntry(msgctxt="headline", msgid=SECOND, msgstr="Belgian director to chair jury")
    po.append(variant)
    po = merge_mt_drafts(polib.pofile(catalog_text(po)), [FIRST, SECOND])
    plain = [e for e in po if e.msgid == SECOND and e.msgctxt is None]
    ctx = [e for e in po if e.msgctxt == "headline"]
    assert len(plain) == 1 and plain[0].msgstr == REVIEWED and not plain[0].obsolete
    assert len(ctx) == 1 and ctx[0].msgstr == "Belgian director to chair jury" and not ctx[0].obsolete


def test_merge_never_edits_the_catalog_it_read() -> None:
    po = _edit(merge_mt_drafts(None, [FIRST, SECOND]), SECOND, REVIEWED, approve=True)
    before = catalog_text(po)
    merge_mt_drafts(po, [THIRD])
    assert catalog_text(po) == before


def test_changed_sentence_match_is_near_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    """10,000 changed sentences: similarity is computed for a bounded number of candidates each."""
    calls = {"n": 0}

    class Counting(difflib.SequenceMatcher):
        def __init__(self, *args: object, **kwargs: object) -> None:
            calls["n"] += 1
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(catalog_module.difflib, "SequenceMatcher", Counting)
    count = 10_000
    old_ids = [
        f"Nella puntata numero {i} il conduttore intervista l'ospite {i * 7919 % 10007}."
        for i in range(count)
    ]
    old = polib.POFile()
    for msgid in old_ids:
        old.append(polib.POEntry(msgid=msgid, msgstr="x", comment="origin: mt m #0"))
    new_ids = [m.replace("intervista", "incontra") for m in old_ids]
    plan = plan_catalog(old, new_ids)
    assert calls["n"] <= 8 * count
    matched = sum(
        d.previous is not None and d.previous.msgid == old_ids[i] for i, d in enumerate(plan.values())
    )
    assert matched >= 0.99 * count


# --- enforcement hands finished work back as it goes -----------------------------------------------


class _DiesAfterOneBatch:
    def __init__(self) -> None:
        self.batches = 0

    def tokenize(self, texts):  # noqa: ANN001, ANN201
        return [t.split() for t in texts]

    def translate_tokens(self, batch, num_hypotheses=1):  # noqa: ANN001, ANN201
        if not batch:
            return []
        self.batches += 1
        if self.batches > 1:
            raise KeyboardInterrupt
        return [[Hypothesis("EN " + " ".join(tokens), tuple(tokens), -1.0)] for tokens in batch]

    def score_tokens(self, sources, targets):  # noqa: ANN001, ANN201
        return [0.0] * len(sources)


def test_an_interrupted_translation_has_handed_over_its_finished_batches() -> None:
    stored: list[str] = []
    sources = [f"frase numero {i}" for i in range(10)]
    with pytest.raises(KeyboardInterrupt):
        translate_enforced(
            _DiesAfterOneBatch(),
            None,
            sources,
            [()] * 10,
            chunk=4,
            on_done=lambda done: stored.extend(t.source for t in done),
        )
    assert len(stored) == 4


# --- whole runs --------------------------------------------------------------------------------------


def _config(tmp_path: Path, **engine: object) -> RunConfig:
    articles = tmp_path / "articles"
    articles.mkdir(exist_ok=True)
    return RunConfig(articles, tmp_path / "out", None, FIXTURE_MODEL, EngineOptions(threads=1, **engine))  # type: ignore[arg-type]


def _po(config: RunConfig, slug: str) -> polib.POFile:
    return polib.pofile(str(config.output / slug / f"{slug}.en.po"))


def test_in_progress_edits_go_to_memory_as_edits_never_as_reviewed(tmp_path: Path) -> None:
    config = _config(tmp_path)
    (config.articles / "festival.txt").write_text(
        f"Festival del cinema\n\n{FIRST} {SECOND}\n", encoding="utf-8"
    )
    run(config)
    po = _po(config, "festival")
    entry = next(e for e in po if e.msgid == SECOND)
    entry.msgstr = IN_PROGRESS  # fuzzy stays: not approved
    po.save()
    run(config)
    with TranslationMemory(memory_path(config.output)) as memory:
        assert [u.target for u in memory.edit_history(SECOND)] == [IN_PROGRESS]
        assert memory.lookup_reviewed(SECOND) is None
    # Another article with the same sentence does not get the unapproved edit.
    (config.articles / "altro.txt").write_text(f"{SECOND}\n", encoding="utf-8")
    run(config)
    assert next(e for e in _po(config, "altro") if e.msgid == SECOND).msgstr != IN_PROGRESS


def test_colliding_newcomer_is_refused_and_names_itself(tmp_path: Path) -> None:
    config = _config(tmp_path)
    (config.articles / "citta.txt").write_text(f"Festival del cinema\n\n{FIRST} {SECOND}\n", encoding="utf-8")
    run(config)
    po = _po(config, "citta")
    po = polib.pofile(catalog_text(_edit(po, SECOND, REVIEWED, approve=True)))
    po.save(str(config.output / "citta" / "citta.en.po"))
    newcomer = config.articles / "Città.txt"
    newcomer.write_text(f"{THIRD}\n", encoding="utf-8")
    result = run_cli("run", config.articles, "-o", config.output, "--model", FIXTURE_MODEL, "--threads", "1")
    assert result.returncode == 3  # the other articles were done
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and str(newcomer) in errors[0] and "citta.txt" in errors[0]
    assert "Traceback" not in result.stderr
    after = _po(config, "citta")
    assert next(e for e in after if e.msgid == SECOND).msgstr == REVIEWED
    assert not any(e.msgid == THIRD for e in after)


def test_renamed_article_keeps_its_folder(tmp_path: Path) -> None:
    config = _config(tmp_path)
    (config.articles / "citta.txt").write_text(f"{FIRST}\n", encoding="utf-8")
    run(config)
    (config.articles / "citta.txt").rename(config.articles / "Città.txt")
    summary = run(config)
    assert summary.failed == 0
    assert _po(config, "citta").metadata["X-Source-Path"] == "Città.txt"


def test_drafts_made_with_other_settings_are_not_reused(tmp_path: Path) -> None:
    config = _config(tmp_path, max_decoding_length=2)
    (config.articles / "festival.txt").write_text(f"{FIRST}\n", encoding="utf-8")
    run(config)
    short = next(e for e in _po(config, "festival") if e.msgid == FIRST).msgstr
    default = _config(tmp_path)
    summary = run(default)
    assert summary.translated == 1 and summary.cached == 0
    assert next(e for e in _po(default, "festival") if e.msgid == FIRST).msgstr != short
    # tm prune --mt clears drafts and nothing else.
    with TranslationMemory(memory_path(config.output)) as memory:
        memory.add_reviewed(SECOND, REVIEWED, article="x")
    result = run_cli("tm", "prune", "--mt", "-o", config.output)
    assert result.returncode == 0 and "deleted 2 cached machine drafts" in result.stdout
    with TranslationMemory(memory_path(config.output)) as memory:
        assert memory.stats().mt_rows == 0 and memory.lookup_reviewed(SECOND) is not None


def test_failed_catalog_write_leaves_snapshot_and_catalog_consistent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _config(tmp_path)
    article = config.articles / "festival.txt"
    article.write_text(f"{FIRST}\n", encoding="utf-8")
    run(config)
    article.write_text(f"Festival del cinema\n\n{FIRST} {THIRD}\n", encoding="utf-8")
    from translate_news import fileio

    real = fileio.write_atomic

    def failing(path: Path, data: str | bytes, **kwargs: object) -> None:
        if path.suffix == ".po":
            raise OSError(28, "No space left on device", str(path))
        real(path, data, **kwargs)

    monkeypatch.setattr(fileio, "write_atomic", failing)
    summary = run(config)
    assert summary.failed == 1
    monkeypatch.undo()
    build_output(config.output)
    english = (config.output / "festival" / "festival.en.txt").read_text(encoding="utf-8")
    assert THIRD not in english  # the new Italian sentence was never published


def test_build_falls_back_to_machine_translation_for_a_cleared_entry(tmp_path: Path) -> None:
    config = _config(tmp_path)
    (config.articles / "festival.txt").write_text(f"{FIRST}\n", encoding="utf-8")
    run(config)
    po = _po(config, "festival")
    entry = next(e for e in po if e.msgid == FIRST)
    machine = entry.msgstr
    entry.msgstr = ""
    po.save()
    built = build_output(config.output)
    english = (config.output / "festival" / "festival.en.txt").read_text(encoding="utf-8")
    assert FIRST not in english and machine in english and built[0].italian == 0


def test_empty_target_in_tmx_is_not_a_reviewed_translation(tmp_path: Path) -> None:
    tmx = tmp_path / "in.tmx"
    tmx.write_text(write_tmx([TMUnit(FIRST, "", "a"), TMUnit(SECOND, REVIEWED, "a")]), encoding="utf-8")
    with TranslationMemory(memory_path(tmp_path / "out")) as memory:
        assert memory.import_tmx(tmx).imported == 1
        assert memory.lookup_reviewed(FIRST) is None


def test_future_dated_unit_does_not_outrank_later_reviews(tmp_path: Path) -> None:
    with TranslationMemory(memory_path(tmp_path / "out")) as memory:
        memory.add_reviewed_many([TMUnit(SECOND, "From the future.", "a", "x", "2999-01-01T00:00:00Z")])
        memory.add_reviewed(SECOND, REVIEWED, article="b")
        unit = memory.lookup_reviewed(SECOND)
        assert unit is not None and unit.target == REVIEWED


def test_template_header_date_does_not_abort_the_run(tmp_path: Path) -> None:
    config = _config(tmp_path)
    (config.articles / "festival.txt").write_text(
        f"Festival del cinema\n\n{FIRST} {SECOND}\n", encoding="utf-8"
    )
    (config.articles / "altro.txt").write_text(f"{THIRD}\n", encoding="utf-8")
    run(config)
    po = _po(config, "festival")
    po.metadata["PO-Revision-Date"] = "YEAR-MO-DA HO:MI+ZONE"
    po = _edit(po, SECOND, REVIEWED, approve=True)
    po.save(str(config.output / "festival" / "festival.en.po"))
    summary = run(config)
    assert summary.failed == 0 and summary.articles == 2
    with TranslationMemory(memory_path(config.output)) as memory:
        assert memory.lookup_reviewed(SECOND) is not None


def test_old_memory_is_migrated_to_folded_keys(tmp_path: Path) -> None:
    import sqlite3

    path = memory_path(tmp_path / "out")
    path.parent.mkdir(parents=True)
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE TABLE schema_version (version INTEGER NOT NULL);
        INSERT INTO schema_version VALUES (1);
        CREATE TABLE reviewed (source TEXT PRIMARY KEY, target TEXT NOT NULL, article TEXT NOT NULL,
            reviewer TEXT NOT NULL, date TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE reviewed_history (id INTEGER PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL,
            article TEXT NOT NULL, reviewer TEXT NOT NULL, date TEXT NOT NULL,
            UNIQUE (source, target, article, reviewer, date));
        CREATE TABLE mt_cache (model_key TEXT NOT NULL, glossary_key TEXT NOT NULL, source TEXT NOT NULL,
            target TEXT NOT NULL, PRIMARY KEY (model_key, glossary_key, source)) WITHOUT ROWID;
        INSERT INTO reviewed VALUES
            ('L’attrice parla.', 'The actress speaks.', 'a', 'r', '2026-01-01T00:00:00Z');
        INSERT INTO reviewed_history VALUES
            (1, 'L’attrice parla.', 'The actress speaks.', 'a', 'r', '2026-01-01T00:00:00Z');
        """
    )
    db.commit()
    db.close()
    with TranslationMemory(path) as memory:
        unit = memory.lookup_reviewed("L'attrice parla.")
        assert unit is not None and unit.target == "The actress speaks."
        assert len(memory.review_history("L'attrice parla.")) == 1


def test_output_of_an_older_segmenter_keeps_its_reviewed_work(tmp_path: Path) -> None:
    """A catalog made when two sentences were one segment: both new entries carry the reviewed text."""
    config = _config(tmp_path)
    (config.articles / "festival.txt").write_text(
        f"Festival del cinema\n\n{FIRST} {THIRD}\n", encoding="utf-8"
    )
    run(config)
    path = config.output / "festival" / "festival.en.po"
    po = polib.pofile(str(path))
    joined = f"{FIRST} {THIRD}"
    for entry in [e for e in po if e.msgid in (FIRST, THIRD)]:
        po.remove(entry)
    po.append(polib.POEntry(msgid=joined, msgstr="The festival opens; screenings are sold out."))
    path.write_text(catalog_text(po), encoding="utf-8")
    summary = run(config)
    assert summary.failed == 0
    after = _po(config, "festival")
    for msgid in (FIRST, THIRD):
        entry = next(e for e in after if e.msgid == msgid)
        carried = [carried_text(line) for line in entry.comment.splitlines()]
        assert "The festival opens; screenings are sold out." in carried
    with TranslationMemory(memory_path(config.output)) as memory:
        unit = memory.lookup_reviewed(joined)
        assert unit is not None and unit.target == "The festival opens; screenings are sold out."


def test_check_runs_facts_only_without_a_glossary_from_any_folder(tmp_path: Path) -> None:
    config = _config(tmp_path)
    (config.articles / "festival.txt").write_text(f"Festival del cinema\n\n{FIRST}\n", encoding="utf-8")
    run(config)
    result = run_cli("check", "-o", config.output, "--no-glossary", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    import json

    report = json.loads(result.stdout)
    assert report["glossary"] is None and report["segments_checked"] == 2
