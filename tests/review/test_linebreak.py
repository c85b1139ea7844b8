"""translate_news.review.linebreak gives exactly uniseg's line-break opportunities (uniseg is the oracle).

Already-written PO files must not rewrap, so "close to UAX #14" is not enough: every position must
match uniseg 0.10.1's ``line_break_breakables``, on random strings over every line-break class and on
all the real text the project has.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import ARTICLES, FIXTURES
from uniseg import linebreak as uniseg_linebreak

from translate_news.review import po_wrap
from translate_news.review.linebreak import line_break_breakables, line_break_units

# Characters the rules single out, beyond one class each: quotes of every kind (LB15a/b, LB19a),
# combining marks and joiners (LB8a, LB9, LB10), regional indicators (LB30a), emoji bases and
# modifiers and an unassigned pictographic code point, U+1F02C (LB30b), the dotted circle (LB28a), the
# real hyphen (LB20a), CJK and fullwidth punctuation (East Asian width), Thai (SA), Hebrew (HL), lone
# surrogates (SG).
SPECIAL = (
    " \u00a0\u200b\u2060\u3000\t\n\r\x0b\x0c\x85\u2028"
    "\"'«»‘’‚‛“”„‟‹›⸂⸃「」（）［］｛｝([{)]}"
    "\u0301\u0308\u0e31\u0e48\u200d\u200c\ufe0f"
    "\U0001f1ee\U0001f1f9\U0001f1fa\U0001f44d\U0001f3fb\U0001f3ff\u261d\U0001faf8\U0001f02c"
    "\u25cc\u2010-\u2013\u2014\u00ad/.,:;!?%$€£¥+#°‰0123456789٣"
    "漢字かなカナ、。！？ー가각각"
    "กขคงไม่ใช่"
    "אבגדה׳״־"
    "aZèéàòùìÀ"
    "\ud800\udfff"
)


@cache
def alphabet() -> tuple[str, ...]:
    """Eight code points of each Line_Break class, spread over its range (uniseg scan), and SPECIAL."""
    members: dict[str, list[str]] = {}
    for code in range(0x110000):
        char = chr(code)
        members.setdefault(uniseg_linebreak.line_break(char).value, []).append(char)
    picked = set(SPECIAL)
    for chars in members.values():
        step = max(1, len(chars) // 8)
        picked.update(chars[::step][:8])
        picked.add(chars[-1])
    return tuple(sorted(picked))


def uniseg_breakables(text: str) -> list[int]:
    return list(uniseg_linebreak.line_break_breakables(text))


def test_alphabet_covers_every_class() -> None:
    classes = {uniseg_linebreak.line_break(char).value for char in alphabet()}
    assert classes == set(uniseg_linebreak.LineBreak.__members__)


@st.composite
def mixed_text(draw: st.DrawFn) -> str:
    return draw(st.text(st.sampled_from(alphabet()), max_size=24))


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mixed_text())
def test_equals_uniseg_on_random_text(text: str) -> None:
    assert line_break_breakables(text) == uniseg_breakables(text)


@cache
def members_of(line_break_class: str) -> str:
    """The first two code points of a Line_Break class."""
    return "".join(
        char for char in alphabet() if uniseg_linebreak.line_break(char).value == line_break_class
    )[:2]


# Small alphabets where the rules look further than one neighbour, so that every triple of their
# characters comes up: quotation marks around spaces, brackets and wide characters (LB14–LB19a);
# numbers with prefixes, postfixes and separators (LB25); hyphens before letters and Hebrew (LB20a,
# LB21a/b); Brahmic orthographic syllables (LB28a); marks, joiners, flags and emoji (LB8–LB10, LB30a/b);
# Hangul (LB26, LB27).
CONTEXTS = {
    "quotes": " \u00a0\u3000\"'«»“”‘’„‹›([)]）a漢、",
    "numbers": " 09.,:/%$€+-()[]a",
    "hyphens": " -\u2010\u2013\u00ad\u05be/א\u05d1a0\u200b",
    "brahmic": " \u25cc\u1b03" + "".join(members_of(cls) for cls in ("AK", "AS", "AP", "VI", "VF")),
    "joiners": " \n\r\u0085\u200b\u2060\u0301\u200d«»a\U0001f1ee\U0001f1f9\U0001f44d\U0001f3fb\U0001f02c",
    "hangul": " $%0" + "".join(members_of(cls) for cls in ("JL", "JV", "JT", "H2", "H3")),
}


@pytest.mark.parametrize("context", sorted(CONTEXTS))
@settings(max_examples=500, deadline=None)
@given(data=st.data())
def test_equals_uniseg_in_dense_context(context: str, data: st.DataObject) -> None:
    text = data.draw(st.text(st.sampled_from(CONTEXTS[context]), max_size=8))
    assert line_break_breakables(text) == uniseg_breakables(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "a",
        "The quick (“brown”) fox can’t jump 32.3 feet, right?",
        "Il «Dott.ssa» Rossi: “ciao” — 12,5 % (+3) e 4.000 €.",
        "\u0301\u0301a",  # marks with no base: the second one is hidden (LB9), the first is a letter
        "»\u0301",  # a final quotation mark whose mark is hidden: uniseg does not see the end of text
        "\U0001f1ee\U0001f1f9\U0001f1ee\U0001f1f9\U0001f1ee",
        "x \u200b\u0301 y",
        "$(.5 e $(5, (12).-% 1,5-2",  # LB25's prefix, bracket, separator, digit
        "vale .5 e ,5 o :5",  # LB15c: a break between a space and a separator before a digit
        "« a » e “ b ”",  # LB15a at the start of text, LB15b
        "-abc",  # LB20a at the start of text
        "(12)% [1.5]%",  # LB25: a closing bracket after a number, then a postfix
        "\u1b05\u1b05\u1bf2 \U00011003\u1b05 \u1b05\u1b44\u1b05",  # LB28a: aksara, pre-base, virama
        "’漢 «漢» 漢”",  # LB19a: quotation marks next to wide characters
        "\u05d0-\u05d0 \u05d0\u05be\u05d0 -a \u2010a",  # LB20a, LB21a
        "\U0001f02c\U0001f3fb \U0001f44d\U0001f3fb",  # LB30b: an unassigned pictograph takes a modifier
    ],
)
def test_equals_uniseg_on_edge_cases(text: str) -> None:
    assert line_break_breakables(text) == uniseg_breakables(text)
    assert list(line_break_units(text)) == list(uniseg_linebreak.line_break_units(text))


def _project_lines() -> list[str]:
    """Every line of the sample articles and the text fixtures (glossaries, the model's corpus)."""
    files = [*ARTICLES.iterdir(), *FIXTURES.rglob("*")]
    lines = []
    for path in sorted(files):
        if path.is_file() and path.suffix in {".md", ".txt", ".html", ".tsv", ".csv", ".tbx"}:
            lines += path.read_text(encoding="utf-8", errors="replace").splitlines()
    return [line for line in lines if line.strip()]


def test_equals_uniseg_on_project_text() -> None:
    lines = _project_lines()
    assert len(lines) > 500
    mismatches = [line for line in lines if line_break_breakables(line) != uniseg_breakables(line)]
    assert mismatches == []


def test_demo_catalogs_wrap_as_with_uniseg(demo_output: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo's PO files: every string breaks as uniseg breaks it and rewraps to the same bytes."""
    catalogs = sorted(demo_output.rglob("*.po"))
    assert catalogs
    for path in catalogs:
        text = path.read_text(encoding="utf-8")
        for entry in polib.pofile(text):
            for value in (entry.msgid, entry.msgstr):
                assert line_break_breakables(value) == uniseg_breakables(value), (path.name, value)
        unwrapped = polib.pofile(text, wrapwidth=0).__unicode__()
        ours = po_wrap.wrap_po(unwrapped)
        monkeypatch.setattr(po_wrap, "line_break_units", uniseg_linebreak.line_break_units)
        assert po_wrap.wrap_po(unwrapped) == ours, path.name
        monkeypatch.undo()
