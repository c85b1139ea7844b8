"""``--xliff-profile`` and what ``xliff import`` does with a CAT tool's file (issue 23 points 1-3).

The exact XLIFF 1.2 form OmegaT needs (every ``<target>`` a copy of ``<source>``, codes included,
``state="new"``), checked without OmegaT; ``tests/exchange/test_omegat.py`` runs OmegaT itself on it.
Each test failed before the change it guards: no profile, a target that is the Italian with its
emphasis dropped imported as a translation, a repeated sentence signed off on its second copy dropped, and
``Last-Translator`` left naming the machine after a person's import.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from lxml import etree
from support import FIXTURE_MODEL, merge_mt_drafts, run_cli

from translate_news import defaults
from translate_news.documents.registry import MARKDOWN
from translate_news.exchange import (
    XLIFF_PROFILES,
    ExchangeUnit,
    formats_with_xliff,
    read_xliff12,
    write_xliff12,
)
from translate_news.provenance import mt_provenance
from translate_news.review.xliff_merge import merge_units
from translate_news.segmentation.segment import segment_id

X12 = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
DRAFT = "Read **here** and [the site](https://example.org/x)."
UNITS = [
    ExchangeUnit("a1", "Leggi **qui** e [il sito](https://example.org/x).", "", "initial"),
    ExchangeUnit(
        "b2",
        "Vedi **qui** ora.",
        "See **here** now.",
        "translated",
        (mt_provenance("m@1 glossary g", "See **here** now.").format(),),
    ),
    ExchangeUnit(
        "c3",
        "Vedi il sito.",
        "See the website.",  # a person's edit of the draft: no longer the machine's
        "translated",
        (mt_provenance("m@1 glossary g", "See the site.").format(),),
    ),
    ExchangeUnit("d4", "Fine.", "The end.", "reviewed"),
]
REPEATED = "Le fotografie raccontano trent'anni di vita nei quartieri."
OTHER = "La mostra apre venerdì nelle sale del castello svevo."


def _units(**kwargs: object) -> list[etree._Element]:
    root = etree.fromstring(
        write_xliff12(UNITS, original="a.md", document_format=MARKDOWN, **kwargs).encode()
    )  # type: ignore[arg-type]
    return root.findall(".//x:trans-unit", X12)


def _inner(element: etree._Element) -> bytes:
    """An element's content (text and inline codes), whatever its tag and attributes."""
    copy = etree.fromstring(etree.tostring(element))
    copy.tag = "content"
    copy.attrib.clear()
    return etree.tostring(copy)


def test_omegat_profile_copies_every_source_into_its_target_with_codes() -> None:
    for tu in _units(copy_source=True):
        source, target = tu.find("x:source", X12), tu.find("x:target", X12)
        assert target is not None and target.get("state") == "new"
        assert _inner(target) == _inner(source)
        assert tu.get("approved") is None  # OmegaT never changes it: a sign-off would stick to its copy
    assert _units(copy_source=True)[0].find("x:target/x:g", X12) is not None  # **qui** as a <g> code


def test_default_profile_marks_only_untouched_machine_drafts_as_leveraged_mt() -> None:
    qualifiers = [
        (tu.find("x:target", X12).get("state-qualifier") if tu.find("x:target", X12) is not None else None)
        for tu in _units()
    ]
    assert qualifiers == [None, "leveraged-mt", None, None]
    assert _units()[1].find("x:target", X12).get("state") == "needs-review-translation"


def test_profiles_choose_the_writer_of_the_xliff12_file_only() -> None:
    assert set(XLIFF_PROFILES) == {"default", "omegat"}
    assert formats_with_xliff("both") == ("tsv", "xliff", "xliff12", "tmx", "tmx-drafts")
    assert formats_with_xliff("both", "omegat") == ("tsv", "xliff", "xliff12-omegat", "tmx", "tmx-drafts")
    assert formats_with_xliff("2.0", "omegat") == ("tsv", "xliff", "tmx", "tmx-drafts")


def test_an_omegat_profile_file_reads_back_as_untouched_copies(tmp_path: Path) -> None:
    path = tmp_path / "a.xlf"
    path.write_text(
        write_xliff12(UNITS, original="a.md", document_format=MARKDOWN, copy_source=True), encoding="utf-8"
    )
    skeleton = {u.id: u.source for u in UNITS}
    back = read_xliff12(path, skeleton=skeleton, document_format=MARKDOWN)
    assert [(u.source, u.target) for u in back] == [(u.source, u.source) for u in UNITS]


# --- import: copies of the source, repeated segments ---------------------------------------------


def _catalog() -> polib.POFile:
    po = merge_mt_drafts(None, [OTHER, REPEATED, "Leggi **qui** il programma."])
    po.metadata["X-Source-File"] = "mostra.it.md"
    return po


@pytest.mark.parametrize("state", ["translated", "reviewed"])
def test_a_target_that_is_the_source_without_its_codes_is_untouched(state: str) -> None:
    po = _catalog()
    msgid = "Leggi **qui** il programma."
    before = [e.msgstr for e in po]
    unit = ExchangeUnit(segment_id(msgid, 1), msgid, "Leggi qui il programma.", state)  # type: ignore[arg-type]
    result = merge_units(po, [unit], po_is_newer=False)
    assert (result.reviewed, result.drafts, result.source_copies, result.unchanged) == (0, 0, 1, 1)
    assert [e.msgstr for e in po] == before


def test_a_repeated_sentence_translated_on_its_second_copy_only_is_applied() -> None:
    """What OmegaT writes back: the untranslated copy holds the Italian, the other the English."""
    po = _catalog()
    uid = segment_id(REPEATED, 1)
    units = [
        ExchangeUnit(uid, REPEATED, REPEATED, "translated"),
        ExchangeUnit(f"{uid}-2", REPEATED, "Thirty years of life in the districts.", "translated"),
    ]
    result = merge_units(po, units, po_is_newer=False)
    assert (result.drafts, result.conflicts, result.source_copies) == (1, (), 1)
    assert next(e for e in po if e.msgid == REPEATED).msgstr == "Thirty years of life in the districts."


# --- import: Last-Translator and PO-Revision-Date -----------------------------------------------------


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real run of a three-sentence article, the second sentence twice."""
    base = tmp_path_factory.mktemp("profiles")
    (base / "articles").mkdir()
    (base / "articles" / "mostra.txt").write_text(
        f"Mostra a Bari\n\n{REPEATED} {OTHER} {REPEATED}\n", encoding="utf-8"
    )
    ran = run_cli(
        "run", base / "articles", "-o", base / "out", "--model", FIXTURE_MODEL, "--no-glossary",
        "--threads", "1", "--xliff", "1.2", "--quiet",
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    return base / "out"


def _sign_off_second_copy(xlf: Path, phase: dict[str, str] | None) -> None:
    """Trados-like: the second copy of the repeated sentence retyped and signed off (state final)."""
    tree = etree.parse(str(xlf))
    if phase is not None:
        header = tree.find(".//x:header", X12)
        group = etree.SubElement(header, f"{{{X12['x']}}}phase-group")
        etree.SubElement(
            group, f"{{{X12['x']}}}phase", {"phase-name": "p1", "process-name": "review", **phase}
        )
    uid = segment_id(REPEATED, 1)
    second = tree.find(f".//x:trans-unit[@id='s{uid}-2']", X12)
    target = second.find("x:target", X12)
    target.text, target.attrib["state"] = "Thirty years of life in the districts.", "final"
    tree.write(str(xlf), xml_declaration=True, encoding="UTF-8")


@pytest.mark.parametrize(
    "phase,option,expected",
    [
        (None, None, defaults.XLIFF_TRANSLATOR),
        (
            {"contact-name": "Ada Rossi", "contact-email": "ada@example.org"},
            None,
            "Ada Rossi <ada@example.org>",
        ),
        ({"contact-name": "Ada Rossi"}, "Bo Neri <bo@example.org>", "Bo Neri <bo@example.org>"),
    ],
)
def test_import_signs_off_a_second_copy_and_names_the_translator(
    exported: Path, tmp_path: Path, phase: dict[str, str] | None, option: str | None, expected: str
) -> None:
    out = tmp_path / "out"
    shutil.copytree(exported, out)
    old = polib.pofile(str(out / "mostra" / "mostra.en.po"))
    old.metadata["PO-Revision-Date"] = "2026-01-02 03:04+0000"
    old.save()
    before = dict(old.metadata)
    xlf = tmp_path / "mostra.it-en.xliff12.xlf"
    shutil.copy(out / "mostra" / xlf.name, xlf)
    _sign_off_second_copy(xlf, phase)

    result = run_cli("xliff", "import", xlf, "-o", out, *(["--translator", option] if option else []))

    assert result.returncode == 0, result.stderr
    assert "1 reviewed" in result.stdout
    catalog = polib.pofile(str(out / "mostra" / "mostra.en.po"))
    entry = next(e for e in catalog if e.msgid == REPEATED)
    assert entry.msgstr == "Thirty years of life in the districts." and "fuzzy" not in entry.flags
    assert catalog.metadata["Last-Translator"] == expected != before["Last-Translator"]
    assert catalog.metadata["PO-Revision-Date"] != before["PO-Revision-Date"]


def test_an_import_that_changes_nothing_leaves_the_header(exported: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(exported, out)
    po = out / "mostra" / "mostra.en.po"
    before = po.read_bytes()
    result = run_cli("xliff", "import", out / "mostra" / "mostra.it-en.xliff12.xlf", "-o", out)
    assert result.returncode == 0 and "0 reviewed, 0 draft(s) updated" in result.stdout
    assert po.read_bytes() == before


def test_run_with_the_omegat_profile_writes_copies(exported: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(exported, out)
    result = run_cli("build", "-o", out, "--xliff", "1.2", "--xliff-profile", "omegat", "--quiet")
    assert result.returncode == 0, result.stderr
    units = etree.parse(str(out / "mostra" / "mostra.it-en.xliff12.xlf")).findall(".//x:trans-unit", X12)
    assert len(units) == 4
    for tu in units:
        assert _inner(tu.find("x:target", X12)) == _inner(tu.find("x:source", X12))
    bad = run_cli("build", "-o", out, "--xliff-profile", "trados")
    assert bad.returncode == 2 and "omegat" in bad.stderr
