"""The publication gate (issue 22, point 7): ``build`` says, per article, which sentences nobody has
approved (a machine draft, a person's unfinished edit, no translation), and ``build --reviewed-only``
writes no file of an article that has one, while the other articles are built.

The articles and every English text are written for these tests; no test relies on the model's output.
"""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from support import FIXTURE_MODEL, run_cli

from translate_news.mt.engine import EngineOptions
from translate_news.pipeline.runner import RunConfig, run
from translate_news.review.catalog import catalog_text

READY = {  # an article the desk has fully reviewed
    "Il teatro riapre dopo due anni di lavori.": "The theatre reopens after two years of work.",
    "La prima sera andrà in scena una commedia.": "A comedy opens the first night.",
}
PENDING_TITLE = "Nuovo orario per la biblioteca"
PENDING_FIGURE = "La biblioteca resterà aperta fino alle 22 per 4 giorni."
PENDING_OTHER = "I lettori potranno prenotare i libri anche dal telefono."
UNFINISHED = "[DRAFT - check figure] The library stays open until 10 pm for 4 days."


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """Two articles run through the fixture model: ``teatro`` reviewed by the test in full, and
    ``biblioteca`` with a person's unfinished edit, one sentence cleared and one machine draft."""
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "teatro.txt").write_text("Il teatro riapre\n\n" + " ".join(READY) + "\n", encoding="utf-8")
    text = f"{PENDING_TITLE}\n\n{PENDING_FIGURE} {PENDING_OTHER}\n"
    (articles / "biblioteca.txt").write_text(text, encoding="utf-8")
    config = RunConfig(articles, tmp_path / "out", None, FIXTURE_MODEL, EngineOptions(threads=1))
    assert run(config).failed == 0
    _edit(config.output / "teatro" / "teatro.en.po", {**READY, "Il teatro riapre": "The theatre reopens"})
    po_path = config.output / "biblioteca" / "biblioteca.en.po"
    po = polib.pofile(str(po_path), wrapwidth=0)
    for entry in po:
        if entry.msgid == PENDING_FIGURE:
            entry.msgstr = UNFINISHED  # edited, still fuzzy: not approved yet
        elif entry.msgid == PENDING_OTHER:
            entry.msgstr, entry.flags = "", []  # cleared: no translation in the catalog
    po_path.write_text(catalog_text(po), encoding="utf-8")
    return config.output


def _edit(path: Path, texts: dict[str, str]) -> None:
    """A reviewer writes and approves every entry of ``texts``."""
    po = polib.pofile(str(path), wrapwidth=0)
    for entry in po:
        if entry.msgid in texts:
            entry.msgstr, entry.flags = texts[entry.msgid], []
    path.write_text(catalog_text(po), encoding="utf-8")


def _lines(path: Path) -> dict[str, int]:
    """Each msgid's PO line, as an editor opening the file sees it."""
    return {e.msgid: e.linenum for e in polib.pofile(str(path), wrapwidth=0) if e.msgid}


def _folder(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.is_file()}


def test_build_counts_and_lists_unreviewed_sentences(out: Path) -> None:
    po = out / "biblioteca" / "biblioteca.en.po"
    lines = _lines(po)

    result = run_cli("build", "-o", out, "--json")
    assert result.returncode == 0, result.stderr  # the default still writes drafts: it says how many
    document = json.loads(result.stdout)
    built = {b["article"]: b for b in document["built"]}
    assert built["teatro"]["unreviewed"] == [] and built["teatro"]["written"]
    assert built["biblioteca"]["written"] and built["biblioteca"]["po"] == str(po)
    listed = {u["msgid"]: u for u in built["biblioteca"]["unreviewed"]}
    assert listed[PENDING_FIGURE] == {
        "line": lines[PENDING_FIGURE],
        "msgid": PENDING_FIGURE,
        "state": "unfinished edit",
    }
    assert listed[PENDING_OTHER]["state"] == "untranslated"
    assert listed[PENDING_TITLE]["state"] == "machine draft"
    assert set(listed) == {PENDING_TITLE, PENDING_FIGURE, PENDING_OTHER}
    assert document["unreviewed"] == 3 and document["withheld"] == 0
    english = (out / "biblioteca" / "biblioteca.en.txt").read_text(encoding="utf-8")
    assert UNFINISHED in english  # published as a draft, and now said

    result = run_cli("build", "-o", out)
    assert result.returncode == 0, result.stderr
    assert "biblioteca.en.txt: 3 of 3 sentences unreviewed" in result.stderr
    assert "1 unfinished edit" in result.stderr and "1 machine draft" in result.stderr
    assert "teatro.en.txt: " not in result.stderr  # a fully reviewed article has nothing to say
    assert "build: 2 articles written; 3 unreviewed sentences in 1 of them published as drafts" in (
        result.stderr
    )


def test_reviewed_only_writes_no_file_of_an_article_with_unreviewed_sentences(out: Path) -> None:
    pending, ready = out / "biblioteca", out / "teatro"
    (pending / "biblioteca.en.txt").unlink()  # never built: must stay so
    (ready / "teatro.en.txt").unlink()
    before = _folder(pending)
    lines = _lines(pending / "biblioteca.en.po")

    result = run_cli("build", "-o", out, "--reviewed-only")
    assert result.returncode == 1, result.stderr
    assert _folder(pending) == before  # nothing of it written, created or changed
    english = (ready / "teatro.en.txt").read_text(encoding="utf-8")  # the other article is built
    assert "The theatre reopens after two years of work." in english
    figure = f"biblioteca.en.po:{lines[PENDING_FIGURE]}: unfinished edit: La biblioteca resterà"
    assert figure in result.stderr
    assert f"biblioteca.en.po:{lines[PENDING_OTHER]}: untranslated: I lettori" in result.stderr
    assert "refused: " in result.stderr and "not written (--reviewed-only)" in result.stderr
    assert "1 withheld for 3 unreviewed sentences" in result.stderr

    document = json.loads(run_cli("build", "-o", out, "--reviewed-only", "--json").stdout)
    built = {b["article"]: b for b in document["built"]}
    assert not built["biblioteca"]["written"] and built["teatro"]["written"]
    assert [u["msgid"] for u in built["biblioteca"]["unreviewed"]] == [
        PENDING_TITLE,
        PENDING_FIGURE,
        PENDING_OTHER,
    ]
    assert _folder(pending) == before

    _edit(  # the desk finishes the article: now it is published
        pending / "biblioteca.en.po",
        {
            PENDING_TITLE: "New library hours",
            PENDING_FIGURE: "The library stays open until 10 pm for 4 days.",
            PENDING_OTHER: "Readers can also book books by phone.",
        },
    )
    result = run_cli("build", "-o", out, "--reviewed-only")
    assert result.returncode == 0, result.stderr
    english = (pending / "biblioteca.en.txt").read_text(encoding="utf-8")
    assert "The library stays open until 10 pm for 4 days." in english
    assert "every sentence reviewed" in result.stderr
