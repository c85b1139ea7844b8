"""One bad thing costs one article, in every command: inputs that ``msgfmt -c`` accepts (or that a CAT
tool, a file system or a reviewer's editor produces) and that once crashed a whole run.

Each test damages one of two articles and checks: no traceback, one error line naming the file (and
line where known), exit 3 (the other article done) or 2, the other article untouched, and nothing a
person wrote lost. Translations are written by the tests into the PO, never taken from the model.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import polib
import pytest
import yaml
from support import FIXTURE_MODEL, ROOT, run_cli

from translate_news.layout import RUN_RECORD

NEWS = (
    "Il festival apre le porte\n\n"
    "Il festival del cinema di Bari apre domani al pubblico.\n\n"
    "La rassegna presenta quaranta film in cinque giorni.\n"
)
CARD = (
    "---\n"
    "title: Una giornata di proiezioni\n"
    'description: "Le sale aprono alle nove"\n'
    "summary: 'Biglietti in vendita da lunedì'\n"
    "---\n\n"
    "Il programma comincia alle dieci del mattino.\n"
)
RUN_OPTIONS = ("--model", FIXTURE_MODEL, "--threads", "1", "--no-glossary", "-q")


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("translate-news: error:")]


def assert_costs_one_article(result: subprocess.CompletedProcess[str], *needles: str, code: int = 3) -> str:
    """No traceback, exactly one error line holding every needle, the documented exit code."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == code, result.stderr
    [line] = error_lines(result.stderr)
    for needle in needles:
        assert needle in line, line
    return line


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two articles (a text one, a Markdown one with front matter) translated once."""
    root = tmp_path_factory.mktemp("one-bad-thing")
    articles = root / "articles"
    articles.mkdir()
    (articles / "notizia.txt").write_text(NEWS, encoding="utf-8")
    (articles / "scheda.md").write_text(CARD, encoding="utf-8")
    result = run_cli("run", articles, "-o", root / "output", *RUN_OPTIONS)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def work(base: Path, tmp_path: Path) -> Path:
    shutil.copytree(base, tmp_path / "w")
    return tmp_path / "w"


def po_of(work: Path, slug: str) -> Path:
    return work / "output" / slug / f"{slug}.en.po"


def snapshot(folder: Path) -> dict[Path, bytes]:
    """Every file's bytes but the lock file's (it holds the last command's pid) and the run record's
    (it holds the last run's clock)."""
    return {
        p: p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix != ".lock" and p.name != RUN_RECORD
    }


def set_translation(po: Path, msgid: str, msgstr: str, *, reviewed: bool = True) -> None:
    """What a reviewer does in an editor: type a translation and (optionally) clear the fuzzy flag."""
    catalog = polib.pofile(str(po), wrapwidth=0)
    entry = catalog.find(msgid)
    assert entry is not None, msgid
    entry.msgstr = msgstr
    if reviewed and "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    catalog.save(str(po))


def msgfmt_accepts(po: Path) -> bool:
    if shutil.which("msgfmt") is None:
        return True
    return subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(po)], capture_output=True).returncode == 0


def rerun(work: Path) -> subprocess.CompletedProcess[str]:
    return run_cli("run", work / "articles", "-o", work / "output", *RUN_OPTIONS)


# --- PO header dates far in the past or future -------------------------------------------------------


@pytest.mark.parametrize("date", ["0001-01-01 00:00+0000", "0001-01-01 00:00+0100", "9999-12-31 23:59-0100"])
def test_a_po_revision_date_of_any_year_costs_nothing(work: Path, date: str) -> None:
    po = po_of(work, "notizia")
    set_translation(po, "La rassegna presenta quaranta film in cinque giorni.", "Forty films in five days.")
    text = po.read_text(encoding="utf-8")
    po.write_text(re.sub(r"PO-Revision-Date: [^\\]*", f"PO-Revision-Date: {date}", text), encoding="utf-8")
    assert msgfmt_accepts(po)
    result = rerun(work)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    entry = polib.pofile(str(po)).find("La rassegna presenta quaranta film in cinque giorni.")
    assert entry.msgstr == "Forty films in five days." and "fuzzy" not in entry.flags
    with sqlite3.connect(work / "output" / ".tm" / "memory.sqlite") as db:
        dates = [
            row[0]
            for row in db.execute("SELECT date FROM reviewed WHERE target = 'Forty films in five days.'")
        ]
    assert len(dates) == 1 and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", dates[0])
    for command in ("check", "build", "status"):
        other = run_cli(command, "-o", work / "output")
        assert other.returncode == 0 and "Traceback" not in other.stderr, other.stderr


# --- a msgid that is only whitespace, with a translation -------------------------------------------


@pytest.mark.parametrize("msgid", ["   ", "\\t", "\u00a0\u2003"])  # as written in the PO
def test_a_whitespace_msgid_costs_its_article_in_every_command(work: Path, msgid: str) -> None:
    po = po_of(work, "notizia")
    text = po.read_text(encoding="utf-8")
    line = len(text.splitlines()) + 2
    po.write_text(f'{text}\nmsgid "{msgid}"\nmsgstr "A translation of nothing."\n', encoding="utf-8")
    assert msgfmt_accepts(po)
    damaged = po.read_bytes()
    other = snapshot(work / "output" / "scheda")
    for command in ("check", "build", "status"):
        result = run_cli(command, "-o", work / "output")
        assert_costs_one_article(result, f"{po}:{line}:", "only whitespace")
    assert_costs_one_article(rerun(work), f"{po}:{line}:", "only whitespace")
    assert po.read_bytes() == damaged
    assert snapshot(work / "output" / "scheda") == other


# --- an amount far beyond any real figure ----------------------------------------------------------

HUGE = "1" + "0" * 400  # 10**400 written in digits


def test_a_huge_figure_in_an_article_costs_that_article_in_run(work: Path) -> None:
    article = work / "articles" / "notizia.txt"
    article.write_text(NEWS.replace("quaranta film", f"{HUGE} film"), encoding="utf-8")
    other = snapshot(work / "output" / "scheda")
    po = po_of(work, "notizia")
    before = po.read_bytes()
    line = assert_costs_one_article(rerun(work), f"{article}:5:", "401 digits", "beyond any real figure")
    assert len(line) < 200  # the number is shortened, not printed whole
    assert po.read_bytes() == before
    assert snapshot(work / "output" / "scheda") == other


def test_a_huge_figure_in_a_catalog_costs_that_article_in_check(work: Path) -> None:
    po = po_of(work, "notizia")
    catalog = polib.pofile(str(po), wrapwidth=0)
    entry = catalog.find("La rassegna presenta quaranta film in cinque giorni.")
    entry.msgid = f"La rassegna presenta {HUGE} film in cinque giorni."
    entry.msgstr = "The festival shows films for five days."  # the figure is missing: a finding to format
    catalog.save(str(po))
    assert msgfmt_accepts(po)
    line = polib.pofile(str(po)).find(entry.msgid).linenum
    set_translation(
        po_of(work, "scheda"), "Il programma comincia alle dieci del mattino.", "It starts at 11 a.m."
    )
    result = run_cli("check", "-o", work / "output", "--no-glossary", "--json")
    assert_costs_one_article(result, f"{po}:{line}:", "beyond any real figure")
    report = json.loads(result.stdout)
    assert {f["article"] for f in report["findings"]} == {"scheda"}  # the other article is checked
    assert any(f["kind"] == "time" for f in report["findings"])
    assert len(report["unreadable"]) == 1


# --- TMX dates in the distant past ------------------------------------------------------------------

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="test" creationtoolversion="1" segtype="sentence" adminlang="en" srclang="it"
          datatype="plaintext" o-tmf="test"/>
  <body>
    <tu changedate="{date}" changeid="Ada">
      <tuv xml:lang="it"><seg>Le sale aprono alle nove.</seg></tuv>
      <tuv xml:lang="en"><seg>The screens open at nine.</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def test_tm_import_keeps_a_date_in_the_distant_past(work: Path) -> None:
    tmx = work / "old.tmx"
    tmx.write_text(TMX.format(date="00010101T000000Z"), encoding="utf-8")
    result = run_cli("tm", "import", tmx, "-o", work / "output")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "imported 1 " in result.stdout
    exported = work / "back.tmx"
    assert run_cli("tm", "export", exported, "-o", work / "output").returncode == 0
    assert 'changedate="00010101T000000Z"' in exported.read_text(encoding="utf-8")


def test_tm_import_refuses_a_year_zero_in_one_line(work: Path) -> None:
    tmx = work / "zero.tmx"
    tmx.write_text(TMX.format(date="00000101T000000Z"), encoding="utf-8")
    assert_costs_one_article(run_cli("tm", "import", tmx, "-o", work / "output"), f"{tmx}:6:", code=2)


# --- XLIFF 2.0 <cp> that is not a character ---------------------------------------------------------


@pytest.mark.parametrize(
    ("hex_value", "needle"), [("D800", "surrogate"), ("DFFF", "surrogate"), ("0000", "NUL")]
)
def test_xliff_cp_that_is_not_a_character_is_refused(work: Path, hex_value: str, needle: str) -> None:
    xlf = work / "output" / "notizia" / "notizia.it-en.xlf"
    text = xlf.read_text(encoding="utf-8")
    text = re.sub(
        r'<segment state="\w+">(\s*<source[^>]*>[^<]*</source>\s*)'
        r'<target xml:space="preserve">[^<]*</target>',
        rf'<segment state="final">\1<target xml:space="preserve">Forty<cp hex="{hex_value}"/> films</target>',
        text,
        count=1,
    )
    xlf.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "<cp " in row)
    before = snapshot(work / "output")
    result = run_cli("xliff", "import", xlf, "-o", work / "output")
    assert_costs_one_article(result, f"{xlf}:{line}:", needle, code=2)
    assert snapshot(work / "output") == before
    for path, data in before.items():
        assert b"\x00" not in data or path.suffix == ".sqlite", path


def test_no_nul_from_a_tmx_cp_either(work: Path) -> None:
    tmx = work / "nul.tmx"
    tmx.write_text(
        TMX.format(date="20240101T000000Z").replace("nine.</seg>", 'nine<cp hex="0"/>.</seg>'),
        encoding="utf-8",
    )
    assert_costs_one_article(run_cli("tm", "import", tmx, "-o", work / "output"), f"{tmx}:", "NUL", code=2)


# --- build: an unwritable article folder ------------------------------------------------------------


def test_build_reports_an_unwritable_article_and_goes_on(work: Path) -> None:
    out = work / "output"
    for english in [*out.glob("*/*.en.txt"), *out.glob("*/*.en.md")]:
        english.unlink()
    blocked = out / "notizia" / "notizia.it-en.tsv"
    blocked.unlink()
    (blocked / "in-the-way").mkdir(parents=True)  # a folder where the file goes: fails even for root
    po = po_of(work, "notizia").read_bytes()
    result = run_cli("build", "-o", out)
    assert_costs_one_article(result, f"{blocked}:", "cannot write")
    assert (out / "scheda" / "scheda.en.md").exists()
    assert po_of(work, "notizia").read_bytes() == po
    assert not list(out.rglob("*.tmp"))


# A permission error where the kernel gives one: creating the temporary file in the article's folder.
DENY_TEMPORARY = """
import errno, os, sys
from translate_news.cli.main import main

real_open = os.open

def deny(path, *args, **kwargs):
    if os.path.basename(str(path)).startswith(".translate-news-notizia.en.po."):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
    return real_open(path, *args, **kwargs)

os.open = deny
sys.argv = ["translate-news", *sys.argv[1:]]
main()
"""


def test_a_permission_error_names_the_catalog_not_its_temporary_file(work: Path) -> None:
    (work / "articles" / "notizia.txt").write_text(NEWS + "\nUna frase in più.\n", encoding="utf-8")
    po = po_of(work, "notizia")
    before = po.read_bytes()
    result = subprocess.run(
        [sys.executable, "-c", DENY_TEMPORARY, "run", str(work / "articles"), "-o", str(work / "output")]
        + list(map(str, RUN_OPTIONS)),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    line = assert_costs_one_article(result, f"{po}: cannot write: Permission denied")
    assert ".tmp" not in line
    assert po.read_bytes() == before


# --- a reviewer's #. line on a draft ----------------------------------------------------------------


def test_a_comment_line_a_reviewer_adds_to_a_draft_is_kept(work: Path) -> None:
    po = po_of(work, "notizia")
    catalog = polib.pofile(str(po), wrapwidth=0)
    draft = catalog.find("La rassegna presenta quaranta film in cinque giorni.")
    changing = catalog.find("Il festival del cinema di Bari apre domani al pubblico.")
    assert "fuzzy" in draft.flags and "fuzzy" in changing.flags  # machine drafts, refreshed by a run
    draft.comment += "\nVerificare il numero dei film con la redazione"
    changing.comment += "\nBari: nome della città, non tradurre"
    catalog.save(str(po))
    assert rerun(work).returncode == 0
    assert "#. Verificare il numero dei film con la redazione" in po.read_text(encoding="utf-8")
    # The sentence changes: the person's line moves to the new entry with the previous msgid.
    article = work / "articles" / "notizia.txt"
    article.write_text(NEWS.replace("apre domani", "apre sabato"), encoding="utf-8")
    assert rerun(work).returncode == 0
    entry = polib.pofile(str(po)).find("Il festival del cinema di Bari apre sabato al pubblico.")
    assert entry.previous_msgid == "Il festival del cinema di Bari apre domani al pubblico."
    assert "Bari: nome della città, non tradurre" in entry.comment.splitlines()
    assert "#. Verificare il numero dei film con la redazione" in po.read_text(encoding="utf-8")


# --- control characters in a front-matter translation -----------------------------------------------


def english_front_matter(work: Path) -> dict[str, str]:
    text = (work / "output" / "scheda" / "scheda.en.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def test_control_characters_in_front_matter_are_escaped_where_yaml_can(work: Path) -> None:
    po = po_of(work, "scheda")
    set_translation(po, "Una giornata di proiezioni", "A day\x07 of screenings")
    set_translation(po, "Le sale aprono alle nove", "Screens open\x1b at nine\x7f")
    assert msgfmt_accepts(po)
    result = run_cli("build", "-o", work / "output")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    fields = english_front_matter(work)  # valid YAML, the translation read back exactly
    assert fields["title"] == "A day\x07 of screenings"
    assert fields["description"] == "Screens open\x1b at nine\x7f"


def test_a_control_character_yaml_cannot_hold_costs_its_article(work: Path) -> None:
    po = po_of(work, "scheda")
    set_translation(po, "Biglietti in vendita da lunedì", "Tickets\x07 on sale from Monday")  # single-quoted
    assert msgfmt_accepts(po)
    line = polib.pofile(str(po)).find("Biglietti in vendita da lunedì").linenum
    english = work / "output" / "scheda" / "scheda.en.md"
    before = english.read_bytes()
    other = work / "output" / "notizia" / "notizia.en.txt"
    other.unlink()
    result = run_cli("build", "-o", work / "output")
    assert_costs_one_article(result, f"{po}:{line}:", "U+0007", "single-quoted")
    assert english.read_bytes() == before and other.exists()
    assert_costs_one_article(rerun(work), f"{po}:{line}:", "U+0007")
    assert polib.pofile(str(po)).find("Biglietti in vendita da lunedì").msgstr.startswith("Tickets\x07")
    english_front_matter(work)  # still the old, valid English


# --- file names a PO header cannot hold --------------------------------------------------------------


@pytest.mark.parametrize("name", ["due\nrighe.txt", "campanello\x07.txt", "ritorno\r.txt"])
def test_a_file_name_the_header_cannot_hold_costs_that_article(work: Path, name: str) -> None:
    (work / "articles" / name).write_text("Titolo nuovo\n\nUna frase nuova.\n", encoding="utf-8")
    before = snapshot(work / "output")
    result = rerun(work)
    escaped = name.encode("unicode_escape").decode("ascii")
    assert_costs_one_article(result, f"{work / 'articles' / escaped}:", "X-Source-Path", "rename the file")
    after = snapshot(work / "output")
    assert {p: b for p, b in after.items() if ".tm" not in p.parts} == {
        p: b for p, b in before.items() if ".tm" not in p.parts
    }
    for po in (work / "output").glob("*/*.en.po"):
        assert polib.pofile(str(po)).metadata["X-Source-Path"] in {"notizia.txt", "scheda.md"}
