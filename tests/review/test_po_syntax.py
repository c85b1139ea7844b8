"""The strict PO check: what msgfmt -c refuses is refused (file:line), what editors write is accepted."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import ARTICLES, FIXTURE_MODEL, GLOSSARY, run_cli

from translate_news.errors import InputError
from translate_news.provenance import mt_provenance
from translate_news.review.catalog import (
    CatalogUnit,
    Decision,
    Draft,
    catalog_text,
    merge_catalog,
    read_catalog,
)
from translate_news.review.po_syntax import check_po_bytes, check_po_file

MSGFMT = shutil.which("msgfmt")
needs_msgfmt = pytest.mark.skipif(MSGFMT is None, reason="GNU gettext (msgfmt) is not installed")

HEADER = (
    'msgid ""\n'
    'msgstr ""\n'
    '"Project-Id-Version: test\\n"\n'
    '"PO-Revision-Date: 2026-03-02 10:00+0000\\n"\n'
    '"Last-Translator: Rita Revisora <rita@example.org>\\n"\n'
    '"Language-Team: English\\n"\n'
    '"Language: en\\n"\n'
    '"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
    "\n"
)
HEADER_LINES = HEADER.count("\n")  # the first entry's first line is HEADER_LINES + 1


def errors(body: str, header: str = HEADER) -> list[tuple[int, str]]:
    return [(f.line - HEADER_LINES, f.message) for f in check_po_bytes((header + body).encode("utf-8"))]


def msgfmt_accepts(data: bytes, tmp_path: Path) -> bool:
    path = tmp_path / "probe.po"
    path.write_bytes(data)
    result = subprocess.run([MSGFMT or "msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True)
    return result.returncode == 0


def our_verdict(data: bytes) -> bool:
    """Accept/reject as msgfmt would: our deliberately stricter findings are left out of the comparison."""
    return not [f for f in check_po_bytes(data) if not f.beyond_msgfmt]


# The damage that polib silently "repairs" (issue 8): each is refused with the right line.
UNTERMINATED = (
    '#. origin: mt x\nmsgid "Lo sciopero"\nmsgstr "The strike (reviewed)\n\nmsgid "b"\nmsgstr "B"\n'
)
MISSING_MSGSTR = '# checked with the union\nmsgid "a"\n\n# second comment\nmsgid "b"\nmsgstr "B"\n'


def test_polib_would_repair_these_files_silently() -> None:
    """Why the check exists: polib accepts both and changes the reviewer's work."""
    damaged = polib.pofile(HEADER + UNTERMINATED)
    assert damaged.find("Lo sciopero").msgstr == "The strike (reviewed"  # last character lost
    moved = polib.pofile(HEADER + MISSING_MSGSTR)
    assert "checked with the union" in moved.find("b").tcomment  # the comment moved to the next entry


BROKEN = [
    (UNTERMINATED, 3, "end of line inside a string"),
    (MISSING_MSGSTR, 2, "msgid without msgstr"),
    ('msgid "a"\nmsgstr "A"\n\nmsgid "b"\nmsgstr "B', 5, "end of file inside a string"),
    ('msgid "a"\nmsgstr "A"\n\nmsgid "b"\n', 4, "msgid without msgstr"),  # truncated after msgid
    ('msgid "a"\nmsgstr "A"\n\nmsgctxt "x"\n', 4, "file ends in the middle of an entry"),
    (
        'msgid "a"\nmsgstr "A"\n\nmsgid "a"\nmsgstr "B"\n',
        4,
        "duplicate message definition (first defined at line 13)",
    ),
    ('msgid "a"\nmsgstr "A"\n\n#~ msgid "a"\n#~ msgstr "B"\n', 4, "duplicate message definition"),
    ('#~ msgid "a"\n#~ msgstr "A"\n\n#~ msgid "a"\n#~ msgstr "B"\n', 4, "duplicate message definition"),
    ('msgid "a"\nmsgstr "A\\q"\n', 2, "invalid escape sequence '\\\\q'"),
    ('msgid "a"\nmsgstr "A\\u00e8"\n', 2, "invalid escape sequence"),
    ('msgid "a"\nmsgstr "A" trailing\n', 2, 'unknown keyword "trailing"'),
    ('msgid "a"\nmsgstr "A" ;\n', 2, "found ';'"),
    ('msgstr "A"\n', 1, "expected a keyword or a comment, found msgstr"),
    ('msgid "a"\nmsgid "b"\nmsgstr "B"\n', 1, "msgid without msgstr"),
    ('msgstr "A"\nmsgid "a"\n', 1, "found msgstr"),  # keywords out of order
    ('msgid "a"\n# a comment inside\nmsgstr "A"\n', 1, "msgid without msgstr"),
    ('#| msgid "old"\n#, fuzzy\nmsgid "a"\nmsgstr "A"\n', 2, "msgid after the #| lines"),
    ('#| msgstr "old"\nmsgid "a"\nmsgstr "A"\n', 1, 'unknown keyword "msgstr"'),
    ('#~ msgid "a"\nmsgstr "A"\n', 2, "inconsistent use of #~"),
    ('#~, fuzzy\n#~ msgid "a"\n#~ msgstr "A"\n', 1, "found ','"),
    ('msgid "a"\nmsgstr "A\\n"\n', 1, "do not both end with a newline"),
    ('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "A"\n', 1, "nplurals = 2 but this entry has 1"),
    ('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "A"\nmsgstr[2] "As"\n', 4, "plural form has wrong index"),
    ('msgid "a"\nmsgid_plural "as"\n', 1, "msgid_plural without msgstr[0]"),
    ('msgid "a"\nmsgstr[0] "A"\n', 1, "msgstr[N] without msgid_plural"),
    ('msgid "a"\nmsgid_plural "as"\nmsgstr "A"\n', 3, "expected [ after msgstr"),
    ('msgid "a"\nmsgstr "A"\n\u00e8\n', 3, "found 'è'"),
    ('domain "other"\nmsgid "a"\nmsgstr "A"\n', 1, "domain directives"),
]


@pytest.mark.parametrize(("body", "line", "fragment"), BROKEN)
def test_broken_files_are_refused_at_the_right_line(body: str, line: int, fragment: str) -> None:
    found = errors(body)
    assert found, "accepted a broken file"
    assert found[0][0] == line and fragment in found[0][1], found


def test_a_missing_or_empty_header_is_refused() -> None:
    assert errors('msgid "a"\nmsgstr "A"\n', header="") == [
        (1 - HEADER_LINES, 'header entry (msgid "") missing or empty')
    ]
    assert errors("", header='msgid ""\nmsgstr ""\n')[0][1].startswith("header entry")
    assert check_po_bytes(b"") and check_po_bytes(b"# only a comment\n")


@pytest.mark.parametrize(
    ("plural_forms", "fragment"),
    [
        ("nplurals=2; plural=n/0;", "divide by zero"),
        ("nplurals=2; plural=n-1;", "negative values"),
        ("nplurals=1; plural=(n != 1);", "nplurals = 1 but plural expression can produce 1"),
        ("nplurals=x; plural=(n != 1);", "invalid nplurals value"),
        ("nplurals=2; plural=n=1;", "invalid plural expression"),
        ("nplurals=2; plural=(n != 1));", "invalid plural expression"),
        ("nplurals=2;", 'lacks "plural=EXPRESSION"'),
    ],
)
def test_plural_forms_that_gettext_rejects(plural_forms: str, fragment: str) -> None:
    header = HEADER.replace("nplurals=2; plural=(n != 1);", plural_forms)
    found = errors('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "A"\nmsgstr[1] "As"\n', header=header)
    assert found and fragment in found[0][1], found


def test_invalid_utf8_names_the_byte_offset() -> None:
    data = (HEADER + 'msgid "a"\nmsgstr "caff').encode("utf-8") + b'\xe8"\n'
    (finding,) = check_po_bytes(data)
    offset = data.index(b"\xe8")
    assert finding.line == HEADER_LINES + 2 and finding.message == f"invalid UTF-8 at byte {offset}"
    assert "byte-order mark" in check_po_bytes(b"\xef\xbb\xbf" + HEADER.encode())[0].message


ACCEPTED = [
    'msgid "a"\nmsgstr "A"\n',
    "# translator note\n#. origin: mt x #1234abcd\n#: art.txt:3\n#, fuzzy, python-format\n"
    'msgid "a"\nmsgstr "A"\n',
    '#, fuzzy\n#| msgid "old a"\nmsgid "a"\nmsgstr "A"\n',
    '#| msgctxt "k"\n#| msgid "old"\n#| msgid_plural "olds"\nmsgctxt "k"\nmsgid "a"\nmsgstr "A"\n',
    '#~ msgid "gone"\n#~ msgstr "Gone"\n',
    '#~| msgid "older"\n#~ msgid "gone"\n#~ msgstr "Gone"\n',
    'msgid ""\n"a long sentence "\n"wrapped by msgcat"\nmsgstr ""\n"a long translation "\n"wrapped too"\n',
    'msgid "tab\\there \\"quoted\\" back\\\\slash"\nmsgstr "ok \\"\\\\\\t"\n',
    'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "A"\nmsgstr[1] "As"\n',
    '#, fuzzy\nmsgid "a"\nmsgid_plural "as"\nmsgstr[0] "A"\n',  # fuzzy: msgfmt ignores it
    'msgid "a"\nmsgstr ""\n\nmsgctxt "x"\nmsgid "a"\nmsgstr "A"\n',
    'msgid "città è là"\nmsgstr "città — “town”"\n',
    'msgid "line\\n"\nmsgstr "riga\\n"\n',
]


@pytest.mark.parametrize("body", ACCEPTED)
def test_what_editors_write_is_accepted(body: str) -> None:
    assert errors(body) == []
    assert errors(body.replace("\n", "\r\n"), header=HEADER.replace("\n", "\r\n")) == []  # CRLF files


def test_our_own_writers_output_is_accepted() -> None:
    """merge_catalog (polib) output with fuzzy drafts, previous msgids and obsolete entries."""
    units = [CatalogUnit("Uno.", (("a.txt", "1"),)), CatalogUnit('Due "virgolette"\\.', (("a.txt", "2"),))]
    draft = Draft("One.", mt_provenance("model", "One."))
    first, _ = merge_catalog(
        None,
        units,
        {u.msgid: Decision("translate") for u in units},
        dict.fromkeys((u.msgid for u in units), draft),
        {},
    )
    changed = [CatalogUnit("Uno cambiato.", (("a.txt", "1"),))]
    second, _ = merge_catalog(
        first,
        changed,
        {"Uno cambiato.": Decision("translate", previous=first[0])},
        {"Uno cambiato.": draft},
        {},
    )
    text = catalog_text(second)
    assert "#| msgid" in text and "#~ msgid" in text
    assert check_po_bytes(text.encode("utf-8")) == ()


def test_babel_output_is_accepted() -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(locale="en", project="test", version="1")
    catalog.add("Il film è uscito.", "The film is out.", locations=[("a.txt", 1)])
    catalog.add('Un altro "titolo" molto lungo ' * 4, "Another long title " * 4, flags=["fuzzy"])
    catalog.add(("un voto", "%(n)s voti"), ("one vote", "%(n)s votes"))
    catalog.obsolete["Vecchio"] = catalog["Il film è uscito."].__class__("Vecchio", "Old")
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76)
    data = buffer.getvalue()
    header_done = data.replace(b"YEAR-MO-DA HO:MI+ZONE", b"2026-03-02 10:00+0000")
    assert [f for f in check_po_bytes(header_done)] == []


def test_check_po_file_raises_input_error_and_leaves_the_file(tmp_path: Path) -> None:
    path = tmp_path / "art.en.po"
    raw = (HEADER + UNTERMINATED).replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(raw)
    with pytest.raises(InputError) as info:
        read_catalog(path)
    assert info.value.line == HEADER_LINES + 3 and str(info.value).startswith(f"{path}:{HEADER_LINES + 3}: ")
    assert "\n" not in str(info.value) and path.read_bytes() == raw
    path.write_text(HEADER + 'msgid "a"\nmsgstr "A"\n', encoding="utf-8")
    check_po_file(path)  # a good file passes


# --- Differential: our verdict equals msgfmt -c's ---------------------------------------------------

FIXED_CORPUS = [
    *(body for body, _, _ in BROKEN),
    *ACCEPTED,
    'msgid "a\\\nb"\nmsgstr "c"\n',  # backslash-newline joins lines, even inside a string
    '# comment ending in a backslash \\\nmsgid "a"\nmsgstr "A"\n',
    'msgid "a" msgstr "A"\n',
    'msgid "a"\nmsgid_plural "b"\nmsgstr [ 0 ] "x"\nmsgstr[1]"y"\n',
    '#~ msgid "a"\n#~ msgstr "b"\n"c"\n',
    '"continues the header"\n',
    'msgid "a"\nmsgstr "A" # trailing comment\n',
    'msgid "a"\nmsgstr "A\\0B"\n',
    'msgid "a"\nmsgstr "A\\x41\\101"\n',
    'msgid "\\na"\nmsgstr "A"\n',
    'msgid "a"\nmsgstr "A"\n12\n',
]


@needs_msgfmt
@pytest.mark.parametrize("body", FIXED_CORPUS)
def test_fixed_corpus_matches_msgfmt(body: str, tmp_path: Path) -> None:
    data = (HEADER + body).encode("utf-8")
    assert our_verdict(data) == msgfmt_accepts(data, tmp_path), check_po_bytes(data)


TEXT = st.text(alphabet='ab è"\\\n\t', min_size=1, max_size=12)


def quoted(text: str) -> str:
    return (
        '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'
    )


def field(keyword: str, text: str, prefix: str, wrap: bool) -> str:
    """``keyword "text"``, or msgcat's wrapped form: an empty first string, then one line per piece."""
    if wrap and len(text) > 3:
        pieces = [text[: len(text) // 2], text[len(text) // 2 :]]
        return f'{prefix}{keyword} ""\n' + "".join(f"{prefix}{quoted(p)}\n" for p in pieces)
    return f"{prefix}{keyword} {quoted(text)}\n"


@st.composite
def entry_blocks(draw: st.DrawFn, index: int) -> str:
    msgid = f"s{index} " + draw(TEXT)
    msgstr = draw(st.one_of(st.just(""), TEXT))
    obsolete = draw(st.booleans())
    prefix = "#~ " if obsolete else ""
    wrap = draw(st.booleans())
    lines = ""
    if draw(st.booleans()):
        lines += "# reviewer note\n"
    if draw(st.booleans()):
        lines += "#, fuzzy\n"
    if draw(st.booleans()):
        lines += field("msgid", "old " + draw(TEXT), "#~| " if obsolete else "#| ", False)
    if draw(st.booleans()):
        lines += field("msgctxt", draw(TEXT), prefix, wrap)
    lines += field("msgid", msgid, prefix, wrap)
    if draw(st.integers(0, 4)) == 0:
        lines += field("msgid_plural", msgid + " plural", prefix, wrap)
        lines += field("msgstr[0]", msgstr, prefix, wrap) + field("msgstr[1]", msgstr, prefix, wrap)
    else:
        lines += field("msgstr", msgstr, prefix, wrap)
    return lines


STRAY_LINES = [
    '"stray"',
    "msgstr",
    'msgid "s0 a"',
    "#~",
    "#, fuzzy",
    "x",
    '#| msgid "q"',
    "]",
    'msgstr[1] "z"',
]


@st.composite
def catalogs(draw: st.DrawFn) -> bytes:
    """A valid catalog, then up to three of the damages editors and people cause."""
    count = draw(st.integers(1, 5))
    blocks = [draw(entry_blocks(i)) for i in range(count)]
    text = HEADER + "\n".join(blocks)
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["quote", "cut", "duplicate", "stray", "drop line", "backslash", "swap"]))
        lines = text.split("\n")
        if kind == "quote" and '"' in text:
            spots = [i for i, c in enumerate(text) if c == '"']
            at = draw(st.sampled_from(spots))
            text = text[:at] + text[at + 1 :]
        elif kind == "cut":
            text = text[: draw(st.integers(0, len(text)))]
        elif kind == "duplicate":
            text += "\n" + draw(st.sampled_from(blocks))
        elif kind == "stray":
            at = draw(st.integers(0, len(lines)))
            text = "\n".join([*lines[:at], draw(st.sampled_from(STRAY_LINES)), *lines[at:]])
        elif kind == "drop line":
            at = draw(st.integers(0, len(lines) - 1))
            text = "\n".join(lines[:at] + lines[at + 1 :])
        elif kind == "backslash":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + "\\" + text[at:]
        elif kind == "swap" and len(lines) > 1:
            at = draw(st.integers(0, len(lines) - 2))
            lines[at], lines[at + 1] = lines[at + 1], lines[at]
            text = "\n".join(lines)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text.encode("utf-8")


@needs_msgfmt
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=catalogs())
def test_mutated_catalogs_match_msgfmt(data: bytes, tmp_path: Path) -> None:
    assert our_verdict(data) == msgfmt_accepts(data, tmp_path), (data.decode(), check_po_bytes(data))


@needs_msgfmt
def test_msgcat_rewrap_is_accepted(tmp_path: Path) -> None:
    source = tmp_path / "in.po"
    source.write_text(
        HEADER + field("msgid", "una frase molto lunga " * 8, "", False) + 'msgstr "x"\n', "utf-8"
    )
    wrapped = tmp_path / "out.po"
    subprocess.run(["msgcat", "--width=40", "-o", str(wrapped), str(source)], check=True)
    assert check_po_bytes(wrapped.read_bytes()) == ()


# --- Through the CLI: one broken PO costs only its article ---------------------------------------


def test_run_refuses_a_broken_po_and_processes_the_others(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    shutil.copytree(ARTICLES, articles)
    out = tmp_path / "out"
    args = ("run", articles, "-o", out, "--model", FIXTURE_MODEL, "--glossary", GLOSSARY, "--threads", "1")
    first = run_cli(*args)
    assert first.returncode == 0, first.stderr
    po = out / "sciopero-doppiatori" / "sciopero-doppiatori.en.po"
    text = po.read_text(encoding="utf-8")
    # A reviewer's editor saved the last msgstr without its closing quote: polib would drop a character.
    last = text.rstrip("\n")
    assert last.endswith('"')
    broken = (last[:-1] + "\n").encode("utf-8")
    po.write_bytes(broken)
    bad_line = broken.count(b"\n")
    other = out / "botteghino-sale" / "botteghino-sale.en.po"
    other.unlink()
    second = run_cli(*args)
    assert second.returncode == 3 and "Traceback" not in second.stderr
    assert f"{po}:{bad_line}: malformed PO file, left untouched: end of line inside a string" in second.stderr
    assert po.read_bytes() == broken  # byte for byte
    assert other.exists()  # the other articles were processed
