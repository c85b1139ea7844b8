"""Property: odd values in files people and tools hand us cost at most their own article.

Random catalogs that ``msgfmt -c`` accepts (header dates of any year, whitespace-only msgids,
figures of hundreds of digits, control characters in front-matter translations), a TMX with any
date and code point, an XLIFF 2.0 with any ``<cp hex>``, go through ``check``, ``build``, a re-run,
``tm import``, ``xliff import`` and ``status``. Whatever the verdict: no exception escapes the CLI,
each error is one line about the damaged article or file, the other article's files are byte for
byte as they were, a person's translation is still in the catalog, and no NUL reaches any file.

The commands run in this process (``cli.main`` as the console entry point calls it), so an example
costs under half a second; CI runs ``ODD_VALUES_EXAMPLES`` (default 8) examples, 10 s in all here.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import hypothesis.strategies as st
import polib
import pytest
from hypothesis import HealthCheck, assume, given, settings
from test_one_bad_thing import CARD, NEWS, RUN_OPTIONS, snapshot

from translate_news.cli.main import main

EXAMPLES = int(os.environ.get("ODD_VALUES_EXAMPLES", "8"))
MSGFMT = shutil.which("msgfmt")
TITLE = "Una giornata di proiezioni"  # plain YAML scalar
SUMMARY = "Biglietti in vendita da lunedì"  # single-quoted YAML scalar
BODY = "Il programma comincia alle dieci del mattino."


def invoke(*args: str | Path) -> tuple[int, str]:
    """The console entry point in this process: its exit code and stderr. Any exception that
    escapes ``main`` (a traceback for a user) fails the test as itself."""
    err, out = io.StringIO(), io.StringIO()
    argv = ["translate-news", *map(str, args)]
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        old_argv, sys.argv = sys.argv, argv
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 0
        finally:
            sys.argv = old_argv
    return code, err.getvalue()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("odd-values")
    (root / "articles").mkdir()
    (root / "articles" / "notizia.txt").write_text(NEWS, encoding="utf-8")
    (root / "articles" / "scheda.md").write_text(CARD, encoding="utf-8")
    code, stderr = invoke("run", root / "articles", "-o", root / "output", *RUN_OPTIONS)
    assert code == 0, stderr
    return root


# --- odd values ---------------------------------------------------------------------------------------

SPACES = " \t\u00a0\u2003\u3000"
CONTROLS = "".join(chr(c) for c in [*range(1, 32), 0x7F, *range(0x80, 0xA0)] if chr(c) not in "\n\r")

huge_figures = st.integers(25, 420).map(lambda n: "1" + "0" * n) | st.integers(9, 140).map(
    lambda n: "1" + ".000" * n
)
odd_words = st.one_of(
    st.text(SPACES, min_size=1, max_size=4),
    huge_figures,
    st.text(st.sampled_from(CONTROLS), min_size=1, max_size=3),
    st.sampled_from(["film", "cinema", "giorni", "9", "12,5", "€3", "'", '"', "\\", "#", "%s"]),
)
odd_texts = st.lists(odd_words, min_size=1, max_size=5).map(" ".join)
dates = st.builds(
    lambda year, day, zone: f"{year:04d}-{day} {zone}",
    st.integers(0, 9999),
    st.sampled_from(["01-01 00:00", "12-31 23:59", "06-15 12:00"]),
    st.sampled_from(["+0000", "+0100", "-0100", "+1400", "-1200"]),
)
code_points = st.integers(0, 0x10FFFF) | st.integers(0xD800, 0xDFFF) | st.just(0)


def po_string(text: str) -> str:
    return '"' + polib.escape(text) + '"'


def damage_catalog(
    po: Path, date: str, title: str, summary: str, extra: tuple[str, str], reviewed: bool
) -> None:
    """A reviewer's save: odd translations of two front-matter values, an odd header date, an odd
    entry added at the end."""
    catalog = polib.pofile(str(po), wrapwidth=0)
    for msgid, msgstr in ((TITLE, title), (SUMMARY, summary)):
        entry = catalog.find(msgid)
        entry.msgstr = msgstr
        if reviewed and "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalog.metadata["PO-Revision-Date"] = date
    text = catalog.__unicode__()
    po.write_text(f"{text}\nmsgid {po_string(extra[0])}\nmsgstr {po_string(extra[1])}\n", encoding="utf-8")


def msgfmt_accepts(po: Path) -> bool:
    if MSGFMT is None:
        return True
    return subprocess.run([MSGFMT, "-c", "-o", os.devnull, str(po)], capture_output=True).returncode == 0


def odd_tmx(path: Path, year: int, target: str, code_point: int) -> None:
    escaped = target.replace("&", "&amp;").replace("<", "&lt;")
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
        '<header creationtool="t" creationtoolversion="1" segtype="sentence" adminlang="en" srclang="it"'
        ' datatype="plaintext" o-tmf="t"/>\n<body>\n'
        f'<tu changedate="{year:04d}0101T000000Z">\n'
        f'<tuv xml:lang="it"><seg>{BODY}</seg></tuv>\n'
        f'<tuv xml:lang="en"><seg>{escaped}<cp hex="{code_point:X}"/></seg></tuv>\n'
        "</tu>\n</body>\n</tmx>\n",
        encoding="utf-8",
    )


def odd_xliff(xlf: Path, code_point: int) -> None:
    """The body sentence's unit signed off with a ``<cp>`` in its target."""
    text = xlf.read_text(encoding="utf-8")
    pattern = (
        r'<segment state="\w+">(\s*<source xml:space="preserve">' + re.escape(BODY) + r"</source>\s*)"
        r'<target xml:space="preserve">[^<]*</target>'
    )
    replacement = (
        rf'<segment state="final">\1<target xml:space="preserve">At ten<cp hex="{code_point:X}"/>.</target>'
    )
    text, count = re.subn(pattern, replacement, text, count=1)
    assert count == 1
    xlf.write_text(text, encoding="utf-8")


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    date=dates,
    title=odd_texts,
    summary=odd_texts,
    extra=st.tuples(odd_texts | st.just("Una frase aggiunta da una revisora."), odd_texts),
    reviewed=st.booleans(),
    tmx_year=st.integers(0, 9999),
    tmx_target=odd_texts,
    tmx_cp=code_points,
    xliff_cp=code_points,
)
def test_odd_values_cost_at_most_their_article(
    base: Path,
    date: str,
    title: str,
    summary: str,
    extra: tuple[str, str],
    reviewed: bool,
    tmx_year: int,
    tmx_target: str,
    tmx_cp: int,
    xliff_cp: int,
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "w"
        shutil.copytree(base, work)
        out = work / "output"
        po = out / "scheda" / "scheda.en.po"
        damage_catalog(po, date, title, summary, extra, reviewed)
        assume(msgfmt_accepts(po))
        written = po.read_bytes()
        odd_xliff(out / "scheda" / "scheda.it-en.xlf", xliff_cp)
        odd_tmx(work / "odd.tmx", tmx_year, tmx_target, tmx_cp)
        other = snapshot(out / "notizia")

        commands = [
            ("check", "-o", out, "--no-glossary"),
            ("build", "-o", out),
            ("run", work / "articles", "-o", out, *RUN_OPTIONS),
            ("tm", "import", work / "odd.tmx", "-o", out),
            ("xliff", "import", out / "scheda" / "scheda.it-en.xlf", "-o", out),
            ("status", "-o", out),
        ]
        for command in commands:
            code, stderr = invoke(*command)
            assert code in (0, 1, 2, 3), (command[0], code, stderr)
            assert "Traceback" not in stderr
            for line in stderr.splitlines():
                if line.startswith("translate-news: error:"):
                    assert "notizia" not in line, (command[0], line)  # only the damaged article or file

        assert snapshot(out / "notizia") == other
        after = po.read_bytes()
        if after != written:  # the catalog was read and rewritten: the person's text is still in it
            assert polib.pofile(str(po), wrapwidth=0).find(TITLE).msgstr == title
        for path in out.rglob("*"):
            if path.is_file() and ".tm" not in path.parts:
                data = path.read_bytes()
                assert b"\x00" not in data, path
                data.decode("utf-8")  # never a surrogate: every file stays valid UTF-8
