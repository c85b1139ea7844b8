"""Catalog merge rules in isolation: what happens to each entry across runs."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from translate_news.errors import InputError
from translate_news.provenance import mt_provenance
from translate_news.review.catalog import (
    CatalogUnit,
    Draft,
    catalog_text,
    is_machine_draft,
    merge_catalog,
    plan_catalog,
    read_catalog,
)

A, B, C = "Il regista parla.", "La serie è finita.", "Gli abbonati crescono."


def draft(text: str) -> Draft:
    target = f"EN {text}"
    return Draft(target, mt_provenance("m@1 glossary g", target))


def merge(old: polib.POFile | None, msgids: list[str]) -> polib.POFile:
    units = [CatalogUnit(m, (("a.txt", str(i + 1)),)) for i, m in enumerate(msgids)]
    plan = plan_catalog(old, msgids)
    drafts = {m: draft(m) for m, d in plan.items() if d.kind != "keep"}
    catalog, _ = merge_catalog(old, units, plan, drafts, {})
    return polib.pofile(catalog_text(catalog))


def test_new_entries_are_fuzzy_machine_drafts() -> None:
    po = merge(None, [A, B])
    assert [e.msgid for e in po] == [A, B]
    assert all("fuzzy" in e.flags and is_machine_draft(e) for e in po)
    assert po.metadata["Language"] == "en" and "UTF-8" in po.metadata["Content-Type"]


def test_obsolete_reviewed_entry_revives_when_its_sentence_returns() -> None:
    po = merge(None, [A, B])
    po[1].msgstr, po[1].flags = "The series is over.", []
    po = merge(po, [A])  # B deleted: obsolete
    assert [(e.msgid, e.obsolete) for e in po] == [(A, False), (B, True)]
    po = merge(po, [A, B])  # B back: reviewed translation revived
    entry = {e.msgid: e for e in po}[B]
    assert not entry.obsolete and entry.msgstr == "The series is over." and "fuzzy" not in entry.flags


def test_unrelated_replacement_is_deleted_plus_inserted() -> None:
    po = merge(merge(None, [A]), [C])
    by_id = {e.msgid: e for e in po}
    assert by_id[A].obsolete and by_id[C].previous_msgid is None


def test_people_set_header_fields_are_kept() -> None:
    po = merge(None, [A])
    po.metadata["Last-Translator"] = "Ada <ada@example.org>"
    po.metadata["PO-Revision-Date"] = "2026-11-20 09:00+0100"
    po = merge(po, [A])
    assert po.metadata["Last-Translator"] == "Ada <ada@example.org>"
    assert po.metadata["PO-Revision-Date"] == "2026-11-20 09:00+0100"


def test_malformed_catalog_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "x.en.po"
    path.write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\ngarbage here\n', encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_catalog(path)
    assert str(error.value).startswith(f"{path}:") and error.value.line is not None
