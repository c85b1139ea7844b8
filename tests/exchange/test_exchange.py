"""XLIFF 2.0 and TMX 1.4: round trips, what other tools write, and the independent validator."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import VALIDATOR

from translate_news.errors import InputError
from translate_news.exchange import (
    ExchangeUnit,
    TMUnit,
    iso_date,
    read_tmx,
    read_xliff,
    strip_forbidden,
    tmx_date,
    write_tmx,
    write_xliff,
    xliff_id,
)

TRICKY = 'Il 5 & 6 maggio <b>Draghi</b> ha detto: «Non è "finita"» — l’Italia c’è 🇮🇹🎉'

UNITS = [
    ExchangeUnit("3f9a0c12b4", "Roma, 3 maggio 2024.", "", "initial", (), 1),
    ExchangeUnit(
        "3f9a0c12b4-2",
        "Il Consiglio dei ministri ha approvato la manovra.",
        "The Council of Ministers approved the budget.",
        "translated",
        ("glossary: manovra → budget",),
        3,
    ),
    ExchangeUnit(
        "a07c9e5d21", TRICKY, "On 5 & 6 May <b>Draghi</b> said: “It isn’t over” 🎉", "reviewed", (), 5
    ),
    ExchangeUnit(
        "sindaco", "  Il sindaco\ttace.  ", "  The mayor\tis silent.  ", "reviewed", ("a", "b & c"), None
    ),
]

PAIRS = [
    TMUnit(
        "Il Consiglio dei ministri ha approvato la manovra.",
        "The Council of Ministers approved the budget.",
        article="articles/manovra.md",
        reviewer="giulia",
        date="2024-05-03T14:02:00Z",
    ),
    TMUnit(TRICKY, "On 5 & 6 May <b>Draghi</b> said: “It isn’t over” 🎉", "articles/draghi.txt", "marco", ""),
    TMUnit("La Borsa di Milano chiude in rialzo.", "The Milan stock exchange closes higher."),
]

# Everything XML 1.0 can carry; the forbidden C0 controls, surrogates and U+FFFE/U+FFFF are excluded.
FORBIDDEN = [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF)]
xml_text = st.text(st.characters(exclude_categories=("Cs",), exclude_characters=FORBIDDEN))


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _validate(*paths: Path) -> subprocess.CompletedProcess[str]:
    if not VALIDATOR.is_file():
        pytest.skip(f"independent validator not found at {VALIDATOR}")
    return subprocess.run(
        [sys.executable, str(VALIDATOR), *map(str, paths)], capture_output=True, text=True, check=False
    )


# --- XLIFF ----------------------------------------------------------------------------------------


def test_xliff_round_trip(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.xlf", write_xliff(UNITS, original="articles/manovra.md"))
    assert read_xliff(path) == UNITS


def test_xliff_structure() -> None:
    text = write_xliff(UNITS, original="articles/a&b.md")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    assert 'xmlns="urn:oasis:names:tc:xliff:document:2.0"' in text
    assert 'srcLang="it" trgLang="en"' in text
    assert '<file id="f1" original="articles/a&amp;b.md" canResegment="no">' in text
    assert '<unit id="s3f9a0c12b4" tn:line="1">' in text
    assert '<unit id="a07c9e5d21"' in text
    assert '<unit id="ssindaco">' in text
    # Reviewed work is final; a machine draft is initial with a target, so no tool counts it translated.
    assert '<segment state="final">' in text
    assert '<segment state="translated">' not in text
    draft = text.split('<unit id="s3f9a0c12b4-2"')[1].split("</unit>")[0]
    assert '<segment state="initial">' in draft and "<target" in draft
    assert "&lt;b&gt;Draghi&lt;/b&gt;" in text
    assert '<target xml:space="preserve">' in text
    # An initial unit without a draft has no <target> at all.
    initial = text.split('<unit id="s3f9a0c12b4" ')[1].split("</unit>")[0]
    assert "<target" not in initial


def test_xliff_is_valid(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.xlf", write_xliff(UNITS, original="articles/manovra.md"))
    odd = ExchangeUnit("0", "campana\x07 e \x1bfine\x0c", "bell\x07", "translated", ("nota\x00",), 2)
    odd_path = _write(tmp_path, "odd.xlf", write_xliff([odd], original="x\x01.md"))
    result = _validate(path, odd_path)
    assert result.returncode == 0, result.stdout
    assert f"{path}: valid" in result.stdout
    assert f"{odd_path}: valid" in result.stdout


def test_xliff_forbidden_characters_travel_as_cp(tmp_path: Path) -> None:
    unit = ExchangeUnit("0", "campana\x07 e \x1bfine\x0c", "bell\x07", "translated", ("nota\x00",), 2)
    text = write_xliff([unit], original="x.md")
    assert '<cp hex="0007"/>' in text and '<cp hex="001B"/>' in text
    back = read_xliff(_write(tmp_path, "a.xlf", text))
    # Source and target are lossless; notes (no <cp> there) lose the control character.
    assert back == [ExchangeUnit("0", unit.source, unit.target, "translated", ("nota",), 2)]


@pytest.mark.parametrize(
    ("unit_id", "xml_id"),
    [
        ("3f9a0c12b4", "s3f9a0c12b4"),
        ("3f9a0c12b4-2", "s3f9a0c12b4-2"),
        ("abc", "abc"),
        ("s1", "ss1"),
        ("-x", "s-x"),
    ],
)
def test_xliff_ids_are_ncnames_and_round_trip(tmp_path: Path, unit_id: str, xml_id: str) -> None:
    assert xliff_id(unit_id) == xml_id
    path = _write(tmp_path, "a.xlf", write_xliff([ExchangeUnit(unit_id, "Ciao.")], original="a.md"))
    assert read_xliff(path)[0].id == unit_id


@pytest.mark.parametrize("bad", ["", "due parole", "a:b", "a/b"])
def test_xliff_rejects_ids_that_cannot_be_nmtokens(bad: str) -> None:
    with pytest.raises(ValueError, match="unit id"):
        write_xliff([ExchangeUnit(bad, "Ciao.")], original="a.md")


def test_xliff_rejects_duplicate_ids_and_bad_states() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        write_xliff([ExchangeUnit("ab", "Uno."), ExchangeUnit("ab", "Due.")], original="a.md")
    with pytest.raises(ValueError, match="state"):
        ExchangeUnit("ab", "Uno.", state="final")  # type: ignore[arg-type]


CAT_TOOL_XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="it-IT" trgLang="en-GB">
 <file id="f1" original="articles/meteo.md">
  <group id="g1">
   <unit id="s1a2b3c4d5e">
    <segment state="final">
     <source>Domani <pc id="1">pioggia</pc> al Nord.</source>
     <target>Rain in the <mrk id="m1" type="term">north</mrk> tomorrow.</target>
    </segment>
   </unit>
  </group>
  <unit id="b9f0e1d2c3">
   <segment state="reviewed"><source>Sole al Sud.</source><target>Sun in the south.</target></segment>
   <ignorable><source> </source></ignorable>
   <segment><source>Venti forti<ph id="p1"/>.</source></segment>
  </unit>
 </file>
</xliff>
"""


def test_read_xliff_from_a_cat_tool(tmp_path: Path) -> None:
    units = read_xliff(_write(tmp_path, "meteo.xlf", CAT_TOOL_XLIFF))
    assert units == [
        ExchangeUnit("1a2b3c4d5e", "Domani pioggia al Nord.", "Rain in the north tomorrow.", "reviewed"),
        # A unit a tool split is joined back; its state is the least advanced segment's.
        ExchangeUnit("b9f0e1d2c3", "Sole al Sud. Venti forti.", "Sun in the south. ", "initial"),
    ]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("<?xml version='1.0'?>\n<xliff>\n  <file>\n</xliff>\n", "not well-formed", 4),
        (
            '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file><body>\n'
            "<trans-unit><source>x</source></trans-unit></body></file></xliff>",
            "<trans-unit> without an id",
            2,
        ),
        ("<tmx version='1.4'/>", "not an XLIFF 1.2 or 2.0 file", 1),
        (
            '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="it">\n'
            '<file id="f"><unit id="a"><segment state="done"><source>x</source></segment></unit>'
            "</file></xliff>",
            "unknown segment state 'done'",
            2,
        ),
        (
            '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="it">\n'
            '<file id="f">\n'
            '<unit id="a"><segment><source>x</source></segment></unit>\n'
            '<unit id="a"><segment><source>y</source></segment></unit></file></xliff>',
            "duplicate unit id 'a'",
            4,
        ),
    ],
)
def test_read_xliff_errors_name_file_and_line(tmp_path: Path, text: str, message: str, line: int) -> None:
    path = _write(tmp_path, "bad.xlf", text)
    with pytest.raises(InputError, match=message) as info:
        read_xliff(path)
    assert info.value.path == str(path)
    assert info.value.line == line
    assert str(info.value).startswith(f"{path}:{line}: ")


def test_read_xliff_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_xliff(tmp_path / "nope.xlf")


@settings(max_examples=200, deadline=None)
@given(source=xml_text, target=xml_text, note=xml_text)
def test_xliff_round_trips_any_text(
    tmp_path_factory: pytest.TempPathFactory, source: str, target: str, note: str
) -> None:
    unit = ExchangeUnit("3f9a0c12b4", source, target, "translated", (note,), 7)
    path = tmp_path_factory.mktemp("x") / "a.xlf"
    path.write_text(write_xliff([unit], original="a.md"), encoding="utf-8")
    assert read_xliff(path) == [unit]


@settings(max_examples=100, deadline=None)
# NUL is left out: no article can hold one (read as a binary file), and <cp hex="0000"/> is refused.
@given(source=st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00")))
def test_xliff_source_is_lossless_even_with_control_characters(
    tmp_path_factory: pytest.TempPathFactory, source: str
) -> None:
    unit = ExchangeUnit("ab", source, "", "initial")
    path = tmp_path_factory.mktemp("x") / "a.xlf"
    path.write_text(write_xliff([unit], original="a.md"), encoding="utf-8")
    assert read_xliff(path) == [unit]


# --- TMX ------------------------------------------------------------------------------------------


def test_tmx_round_trip(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.tmx", write_tmx(PAIRS))
    assert read_tmx(path) == PAIRS


def test_tmx_header_and_units() -> None:
    text = write_tmx(PAIRS[:1], creationdate="2024-05-04T08:00:00+02:00")
    assert '<tmx version="1.4">' in text
    for attribute in (
        'creationtool="translate-news"',
        'creationtoolversion="',
        'segtype="sentence"',
        'o-tmf="translate-news"',
        'adminlang="en"',
        'srclang="it"',
        'datatype="plaintext"',
        'creationdate="20240504T060000Z"',
    ):
        assert attribute in text
    assert 'changedate="20240503T140200Z"' in text and 'changeid="giulia"' in text
    assert '<prop type="x-article">articles/manovra.md</prop>' in text
    assert '<tuv xml:lang="it">' in text and '<tuv xml:lang="en">' in text


def test_tmx_is_valid(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.tmx", write_tmx(PAIRS, creationdate="2024-05-04T08:00:00Z"))
    empty = _write(tmp_path, "empty.tmx", write_tmx([]))
    result = _validate(path, empty)
    assert result.returncode == 0, result.stdout
    assert f"{path}: valid" in result.stdout


def test_tmx_drops_forbidden_control_characters(tmp_path: Path) -> None:
    pair = TMUnit("campana\x07 rotta\x00", "broken\x1b bell", "a\x01.md", "re\x02")
    path = _write(tmp_path, "a.tmx", write_tmx([pair]))
    assert read_tmx(path) == [TMUnit("campana rotta", "broken bell", "a.md", "re")]
    assert strip_forbidden("a\tb\nc\rd\x0be") == "a\tb\nc\rde"


OTHER_TOOL_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="OmegaT" creationtoolversion="6.0" segtype="sentence" o-tmf="OmegaT TMX"
          adminlang="EN-US" srclang="IT-IT" datatype="plaintext"/>
  <body>
    <tu creationid="anna" creationdate="20240110T090000Z">
      <prop type="x-article">articles/scuola.md</prop>
      <tuv xml:lang="it-IT">
        <seg>La scuola riapre <bpt i="1">&lt;b&gt;</bpt>lunedì<ept i="1">&lt;/b&gt;</ept>.</seg>
      </tuv>
      <tuv xml:lang="EN-GB"><seg>School <hi type="x-bold">reopens</hi> on Monday.</seg></tuv>
    </tu>
    <tu changeid="paolo" changedate="20240211T101500Z" creationid="anna" creationdate="20240110T090000Z">
      <tuv lang="IT"><seg>Sciopero dei treni venerdì.</seg></tuv>
      <tuv xml:lang="de-DE"><seg>Bahnstreik am Freitag.</seg></tuv>
      <tuv xml:lang="en_US"><seg>Train strike on Friday.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="fr-FR"><seg>Grève des trains.</seg></tuv>
      <tuv xml:lang="en-GB"><seg>Train strike.</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def test_read_tmx_from_another_tool_with_region_subtags(tmp_path: Path) -> None:
    units = read_tmx(_write(tmp_path, "omegat.tmx", OTHER_TOOL_TMX))
    assert units == [
        TMUnit(
            "La scuola riapre lunedì.",
            "School reopens on Monday.",
            "articles/scuola.md",
            "anna",
            "2024-01-10T09:00:00Z",
        ),
        # changeid/changedate win over creation*; the French unit has no Italian side and is skipped.
        TMUnit("Sciopero dei treni venerdì.", "Train strike on Friday.", "", "paolo", "2024-02-11T10:15:00Z"),
    ]


def test_read_tmx_other_direction(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.tmx", write_tmx(PAIRS[:1]))
    assert read_tmx(path, source_lang="en-US", target_lang="IT") == [
        TMUnit(PAIRS[0].target, PAIRS[0].source, PAIRS[0].article, PAIRS[0].reviewer, PAIRS[0].date)
    ]


def _tmx(body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
        '<header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en"'
        ' srclang="it" datatype="plaintext"/>\n'
        f"<body>\n{body}</body>\n</tmx>\n"
    )


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        (_tmx('<tu>\n<tuv xml:lang="it"><seg>Ciao</tuv>\n</tu>\n'), "not well-formed XML", 6),
        (_tmx('<tu>\n<tuv xml:lang="it"><seg>a &nbsp; b</seg></tuv>\n</tu>\n'), "not well-formed XML", 6),
        (
            _tmx('<tu>\n<tuv xml:lang="it"><seg>Ciao</seg></tuv>\n<tuv xml:lang="en"/>\n</tu>\n'),
            "without <seg>",
            7,
        ),
        (_tmx("<tu>\n<tuv><seg>Ciao</seg></tuv>\n</tu>\n"), "without xml:lang", 6),
        (
            _tmx(
                '<tu changedate="ieri">\n<tuv xml:lang="it"><seg>a</seg></tuv>\n'
                '<tuv xml:lang="en"><seg>b</seg></tuv></tu>\n'
            ),
            "bad date 'ieri'",
            5,
        ),
        ("<?xml version='1.0'?>\n<tmx version='1.4'>\n<body/>\n</tmx>\n", "needs a <header> and a <body>", 2),
        ("<?xml version='1.0'?>\n\n<po/>", "not a TMX file", 3),
        ("", "not well-formed XML", 1),
    ],
)
def test_malformed_tmx_is_an_input_error_with_a_line(
    tmp_path: Path, text: str, message: str, line: int
) -> None:
    path = _write(tmp_path, "bad.tmx", text)
    with pytest.raises(InputError, match=message) as info:
        read_tmx(path)
    assert info.value.path == str(path)
    assert info.value.line == line
    assert str(info.value).startswith(f"{path}:{line}: ")


def test_tmx_without_the_language_pair(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "de.tmx",
        _tmx('<tu><tuv xml:lang="de"><seg>a</seg></tuv><tuv xml:lang="en"><seg>b</seg></tuv></tu>\n'),
    )
    with pytest.raises(InputError, match=r"no it→en units \(languages found: de, en\)"):
        read_tmx(path)


def test_tmx_entities_are_never_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("password", encoding="utf-8")
    text = _tmx(
        '<tu><tuv xml:lang="it"><seg>&ext;</seg></tuv><tuv xml:lang="en"><seg>&int;</seg></tuv></tu>\n'
    ).replace(
        "<tmx ",
        f'<!DOCTYPE tmx [<!ENTITY ext SYSTEM "file://{secret}"><!ENTITY int "espanso">]>\n<tmx ',
    )
    with pytest.raises(InputError, match="entity reference &ext; is not supported"):
        read_tmx(_write(tmp_path, "xxe.tmx", text))


@settings(max_examples=200, deadline=None)
@given(source=xml_text, target=xml_text, article=xml_text, reviewer=xml_text)
def test_tmx_round_trips_any_text(
    tmp_path_factory: pytest.TempPathFactory, source: str, target: str, article: str, reviewer: str
) -> None:
    pair = TMUnit(source, target, article, reviewer, "2024-05-03T14:02:00Z")
    path = tmp_path_factory.mktemp("t") / "a.tmx"
    path.write_text(write_tmx([pair]), encoding="utf-8")
    assert read_tmx(path) == [pair]


# --- dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2024-05-03T14:02:00Z", "2024-05-03T14:02:00Z"),
        ("2024-05-03T16:02:00+02:00", "2024-05-03T14:02:00Z"),
        ("2024-05-03 14:02:00.123456", "2024-05-03T14:02:00Z"),
        ("2024-05-03", "2024-05-03T00:00:00Z"),
        ("20240503T140200Z", "2024-05-03T14:02:00Z"),
    ],
)
def test_dates(value: str, iso: str) -> None:
    assert iso_date(value) == iso
    assert tmx_date(value) == iso.replace("-", "").replace(":", "")


def test_bad_date_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="not an ISO 8601"):
        iso_date("3 maggio")
