"""Compiling the catalogs ``run`` writes with Babel's ``pybabel compile`` and with GNU ``msgfmt``.

Babel (2.19) guesses ``python-format`` from the msgid text, whatever flags the file has, and checks
every entry with a msgstr, fuzzy or not: prose like "3,5% già" reads as the placeholder ``% g``. No
form of the catalog avoids that without changing its text (see the README), so these tests pin what
does hold: gettext's strict check passes, Babel's only complaints are that guess, and the .mo either
tool writes holds every reviewed sentence exactly.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from support import FIXTURE_MODEL

from translate_news.pipeline.runner import RunConfig, run
from translate_news.review.catalog import catalog_text, read_catalog

MODEL = FIXTURE_MODEL
needs_msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")

# Italian prose with a per cent sign that Babel's regex reads as a placeholder (% g, % d, % i), and the
# English a reviewer would write (% a, % o, % m: not or not the same placeholders).
REVIEWED = {
    "Gli abbonati sono cresciuti del 3,5% già nel primo trimestre.": (
        "Subscribers grew 3.5% already in the first quarter."
    ),
    "Il 100% dei biglietti per la prima è stato venduto in un giorno.": (
        "100% of the tickets for the premiere sold out in one day."
    ),
    "La sala resta aperta il 20% in più delle ore.": "The theatre stays open 20% more hours.",
    "La rassegna apre a Bologna in primavera.": "The festival opens in Bologna in the spring.",
}
DRAFT_ONLY = "Un altro 12% di spettatori arriva dal pubblico under 25."


def _babel_compile(po: Path, mo: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """The real ``pybabel compile -i PO -o MO`` of the installed Babel."""
    pybabel = "import sys; from babel.messages.frontend import main; sys.exit(main())"  # as the script
    command = [sys.executable, "-c", pybabel, "compile", "-i", str(po), "-o", str(mo)]
    return subprocess.run([*command, *options], capture_output=True, text=True, timeout=120)


def _messages(mo: Path) -> dict[str, str]:
    return {entry.msgid: entry.msgstr for entry in polib.mofile(str(mo)) if entry.msgid}


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A catalog from a real run, with the English written here (the fixture model knows none of it)."""
    articles = tmp_path_factory.mktemp("articles")
    paragraphs = [*REVIEWED, DRAFT_ONLY]
    (articles / "percentuali.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    run(RunConfig(articles, out, None, MODEL))
    po = out / "percentuali" / "percentuali.en.po"
    edited = read_catalog(po)
    assert edited is not None
    assert {entry.msgid for entry in edited} == set(paragraphs), "one sentence per entry"
    for entry in edited:
        if entry.msgid in REVIEWED:
            entry.msgstr = REVIEWED[entry.msgid]
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        else:
            entry.msgstr = "Another 12% of the audience is under 25."  # stays a fuzzy draft
    po.write_text(catalog_text(edited), encoding="utf-8")
    return po


@needs_msgfmt
def test_msgfmt_strict_check_passes_and_compiles_every_reviewed_sentence(
    catalog: Path, tmp_path: Path
) -> None:
    mo = tmp_path / "gettext.mo"
    subprocess.run(["msgfmt", "-c", "-o", str(mo), str(catalog)], check=True, capture_output=True)
    assert _messages(mo) == REVIEWED


def test_babel_writes_every_reviewed_sentence_and_objects_only_to_its_format_guess(
    catalog: Path, tmp_path: Path
) -> None:
    """pybabel's errors name only entries whose Italian has a '%' and whose file has no format flag."""
    text = catalog.read_text(encoding="utf-8")
    assert "python-format" not in text, "our writer never marks prose as a format string"
    mo = tmp_path / "babel.mo"
    result = _babel_compile(catalog, mo)
    assert _messages(mo) == REVIEWED, "the .mo is written in full, errors or not"
    lines = text.split("\n")
    reported = [int(n) for n in re.findall(rf"error: {re.escape(str(catalog))}:(\d+): ", result.stderr)]
    assert all("%" in lines[n - 1] and lines[n - 1].startswith("msgid ") for n in reported), result.stderr
    assert (result.returncode == 0) == (not reported), result.stderr
    assert "Traceback" not in result.stderr


def test_babel_with_use_fuzzy_also_writes_the_drafts(catalog: Path, tmp_path: Path) -> None:
    mo = tmp_path / "babel-fuzzy.mo"
    _babel_compile(catalog, mo, "--use-fuzzy")
    assert _messages(mo) == {**REVIEWED, DRAFT_ONLY: "Another 12% of the audience is under 25."}


def test_babel_api_without_its_checks_is_the_documented_workaround(catalog: Path, tmp_path: Path) -> None:
    """What the README gives Babel-only setups: read_po then write_mo, exit 0, the same .mo content."""
    mo = tmp_path / "api.mo"
    script = (
        "import sys\n"
        "from babel.messages.mofile import write_mo\n"
        "from babel.messages.pofile import read_po\n"
        "with open(sys.argv[1], 'rb') as po, open(sys.argv[2], 'wb') as mo:\n"
        "    write_mo(mo, read_po(po))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(catalog), str(mo)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert _messages(mo) == REVIEWED
