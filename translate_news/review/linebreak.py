"""UAX #14 line-break opportunities, exactly as uniseg 0.10.1's ``line_break_breakables`` gives them.

Why hand-written: PO wrapping must keep the break points uniseg gives (files already written must
not rewrap), but uniseg's rule engine copies its ``Run`` cursor on every look-behind and costs about
70 µs per character, which made wrapping most of a run's time. This is the same rule chain (LB1–LB31,
with uniseg's own readings of LB9's skipped marks, LB10's stand-in ``A``, LB15a–d, LB19a, LB20a,
LB21a/b, LB25, LB28a, LB30a/b) in one pass over plain lists. Character properties still come from
uniseg (``line_break``, its ``category``, ``east_asian_width`` and ``extended_pictographic``), cached
per character; uniseg stays the oracle in the tests, which compare both on random and real text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from uniseg.emoji import extended_pictographic
from uniseg.linebreak import line_break
from uniseg.unicodedatawrapper import category, east_asian_width

__all__ = ["line_break_breakables", "line_break_units"]


class _Props(NamedTuple):
    """One character's properties, as the rules read them."""

    line_break: str  # after LB1's resolution of AI, SG, XX, SA and CJ
    category: str  # General_Category
    wide: bool  # East_Asian_Width F, W or H
    pictographic: bool  # Extended_Pictographic


_PROPS: dict[str, _Props] = {}

_MANDATORY = frozenset({"BK", "CR", "LF", "NL"})
_CM_ZWJ = frozenset({"CM", "ZWJ"})
_LB9_STOP = frozenset({"BK", "CR", "LF", "NL", "SP", "ZW"})
_LB13 = frozenset({"CL", "CP", "EX", "SY"})
_LB15A_BEFORE = frozenset({"BK", "CR", "LF", "NL", "OP", "QU", "GL", "SP", "ZW"})
_LB15B_AFTER = frozenset({"SP", "GL", "WJ", "CL", "QU", "CP", "EX", "IS", "SY", "BK", "CR", "LF", "NL", "ZW"})
_LB20A_BEFORE = frozenset({"BK", "CR", "LF", "NL", "SP", "ZW", "CB", "GL"})
_HY_BA = frozenset({"HY", "BA"})
_LB21 = frozenset({"BA", "HY", "NS"})
_AL_HL = frozenset({"AL", "HL"})
_ID_EB_EM = frozenset({"ID", "EB", "EM"})
_PR_PO = frozenset({"PR", "PO"})
_SY_IS = frozenset({"SY", "IS"})
_CL_CP = frozenset({"CL", "CP"})
_HANGUL = frozenset({"JL", "JV", "JT", "H2", "H3"})
_AK_AS = frozenset({"AK", "AS"})
_VF_VI = frozenset({"VF", "VI"})
_AL_HL_NU = frozenset({"AL", "HL", "NU"})
_DOTTED_CIRCLE = "\u25cc"
_LETTER_A = _Props("AL", "Lu", False, False)  # LB10's stand-in for a visible CM/ZWJ


def _props(char: str) -> _Props:
    """``char``'s properties from uniseg, with LB1's class resolution (AI/SG/XX, SA, CJ) applied."""
    props = _PROPS.get(char)
    if props is None:
        lb = line_break(char).value
        cat = category(char).value
        if lb in ("AI", "SG", "XX"):
            lb = "AL"
        elif lb == "SA":
            lb = "CM" if cat in ("Mn", "Mc") else "AL"
        elif lb == "CJ":
            lb = "NS"
        wide = east_asian_width(char).value in ("F", "W", "H")
        props = _PROPS[char] = _Props(lb, cat, wide, extended_pictographic(char))
    return props


def _explicit_breaks(classes: list[str], breaks: list[int | None]) -> None:
    """LB4–LB8a on the raw classes (before LB9 hides combining marks)."""
    for p in range(1, len(classes)):
        prev, cur = classes[p - 1], classes[p]
        if prev == "BK":
            breaks[p] = 1
        elif prev == "CR" and cur == "LF":
            breaks[p] = 0
        elif prev in ("CR", "LF", "NL"):
            breaks[p] = 1
        elif cur in _MANDATORY or cur == "SP" or cur == "ZW":
            breaks[p] = 0
        elif prev == "ZW" or (prev == "SP" and _before_run(classes, p, "SP") == "ZW"):
            breaks[p] = 1
        elif prev == "ZWJ":
            breaks[p] = 0


def _before_run(classes: list[str], k: int, member: str) -> str | None:
    """The class before the run of ``member`` that ends just before ``k`` (None at the start)."""
    j = k
    while j > 0 and classes[j - 1] == member:
        j -= 1
    return classes[j - 1] if j > 0 else None


def _before_runs(classes: list[str], k: int, members: frozenset[str]) -> str | None:
    """As :func:`_before_run` for a run of any of ``members``."""
    j = k
    while j > 0 and classes[j - 1] in members:
        j -= 1
    return classes[j - 1] if j > 0 else None


def _kept_positions(classes: list[str], breaks: list[int | None]) -> list[int]:
    """LB9: positions that stay visible; a CM/ZWJ attached to its base is hidden and not broken before."""
    kept = [0]
    base: str | None = classes[0] if classes[0] not in _CM_ZWJ else None
    for p in range(1, len(classes)):
        cls = classes[p]
        if cls in _CM_ZWJ:
            if base not in _LB9_STOP:
                if breaks[p] is None:
                    breaks[p] = 0
                continue
        else:
            base = cls
        kept.append(p)
    return kept


def _pair_rule(k: int, cls: list[str], chars: list[str], props: list[_Props], at_end: bool) -> int | None:
    """LB11–LB30 before visible position ``k``: 0 no break, 1 break, None no rule (uniseg's order)."""
    cur, prev = cls[k], cls[k - 1]
    last = len(cls) - 1
    nxt = cls[k + 1] if k < last else None
    if cur == "WJ" or prev == "WJ" or prev == "GL":  # LB11, LB12
        return 0
    if cur == "GL" and prev not in ("SP", "BA", "HY"):  # LB12a
        return 0
    if cur in _LB13:
        return 0
    j = k
    while j > 0 and cls[j - 1] == "SP":
        j -= 1
    before_spaces = cls[j - 1] if j > 0 else None
    if before_spaces == "OP":  # LB14
        return 0
    if (  # LB15a, with uniseg's "or at the start of text" applying whatever the class
        j > 0
        and props[j - 1].category == "Pi"
        and ((cls[j - 1] == "QU" and j >= 2 and cls[j - 2] in _LB15A_BEFORE) or j == 1)
    ):
        return 0
    if cur == "QU" and props[k].category == "Pf" and (nxt in _LB15B_AFTER or at_end):  # LB15b
        return 0
    if cur == "IS":
        return 1 if prev == "SP" and nxt == "NU" else 0  # LB15c, LB15d
    if cur == "NS" and before_spaces in _CL_CP:  # LB16
        return 0
    if cur == "B2" and before_spaces == "B2":  # LB17
        return 0
    if prev == "SP":  # LB18
        return 1
    if (cur == "QU" and props[k].category != "Pi") or (  # LB19
        prev == "QU" and props[k - 1].category != "Pf"
    ):
        return 0
    if cur == "QU" and (not props[k - 1].wide or nxt is None or not props[k + 1].wide or at_end):  # LB19a
        return 0
    if prev == "QU" and (not props[k].wide or k < 2 or not props[k - 2].wide):
        return 0
    if cur == "CB" or prev == "CB":  # LB20
        return 1
    if (  # LB20a
        cur == "AL"
        and prev in _HY_BA
        and (k == 1 or cls[k - 2] in _LB20A_BEFORE)
        and (prev == "HY" or chars[k - 1] == "\u2010")
    ):
        return 0
    if cur in _LB21 or prev == "BB":
        return 0
    if prev in _HY_BA and k >= 2 and cls[k - 2] == "HL" and cur != "HL":  # LB21a
        return 0
    if (prev == "SY" and cur == "HL") or cur == "IN":  # LB21b, LB22
        return 0
    if (prev in _AL_HL and cur == "NU") or (prev == "NU" and cur in _AL_HL):  # LB23
        return 0
    if (prev == "PR" and cur in _ID_EB_EM) or (prev in _ID_EB_EM and cur == "PO"):  # LB23a
        return 0
    if (prev in _PR_PO and cur in _AL_HL) or (prev in _AL_HL and cur in _PR_PO):  # LB24
        return 0
    if _lb25(k, cls, prev, cur, nxt):
        return 0
    if (  # LB26
        (prev == "JL" and cur in ("JL", "JV", "H2", "H3"))
        or (prev in ("JV", "H2") and cur in ("JV", "JT"))
        or (prev in ("JT", "H3") and cur == "JT")
    ):
        return 0
    if (prev in _HANGUL and cur == "PO") or (prev == "PR" and cur in _HANGUL):  # LB27
        return 0
    if prev in _AL_HL and cur in _AL_HL:  # LB28
        return 0
    if _lb28a(k, cls, chars, prev, cur, nxt):
        return 0
    if prev == "IS" and cur in _AL_HL:  # LB29
        return 0
    if (prev in _AL_HL_NU and cur == "OP" and not props[k].wide) or (  # LB30
        prev == "CP" and not props[k - 1].wide and cur in _AL_HL_NU
    ):
        return 0
    return None


def _lb25(k: int, cls: list[str], prev: str, cur: str, nxt: str | None) -> bool:
    """LB25 as uniseg reads it (numbers with prefixes, postfixes and infix separators)."""
    if cur in _PR_PO:
        if prev in _CL_CP and _before_runs(cls, k - 1, _SY_IS) == "NU":
            return True
        return _before_runs(cls, k, _SY_IS) == "NU"
    if cur == "OP" and prev in _PR_PO:
        return nxt == "NU" or (nxt == "IS" and k + 2 < len(cls) and cls[k + 2] == "NU")
    if cur == "NU":
        return prev in _PR_PO or prev in ("HY", "IS") or _before_runs(cls, k, _SY_IS) == "NU"
    return False


def _lb28a(k: int, cls: list[str], chars: list[str], prev: str, cur: str, nxt: str | None) -> bool:
    """LB28a (Brahmic orthographic syllables), dotted circle included."""
    cur_base = cur in _AK_AS or chars[k] == _DOTTED_CIRCLE
    prev_base = prev in _AK_AS or chars[k - 1] == _DOTTED_CIRCLE
    if prev == "AP" and cur_base:
        return True
    if prev_base and cur in _VF_VI:
        return True
    if (
        prev == "VI"
        and (cur == "AK" or chars[k] == _DOTTED_CIRCLE)
        and k >= 2
        and (cls[k - 2] in _AK_AS or chars[k - 2] == _DOTTED_CIRCLE)
    ):
        return True
    return prev_base and cur_base and nxt == "VF"


def _regional_indicators(cls: list[str], kept: list[int], breaks: list[int | None]) -> None:
    """LB30a: no break inside a pair of regional indicators, walked as uniseg walks it."""
    last = len(cls) - 1
    k = 0
    while True:
        while cls[k] != "RI":
            if k == last:
                return
            k += 1
        if k == last:
            return
        k += 1
        while cls[k - 1] == "RI" and cls[k] == "RI":
            if breaks[kept[k]] is None:
                breaks[kept[k]] = 0
            if k + 2 > last:
                return
            k += 2


def line_break_breakables(text: str) -> list[int]:
    """1 where a line may break before each position of ``text``, else 0 (uniseg's result)."""
    if not text:
        return []
    known = _PROPS.get
    raw_props = [known(char) or _props(char) for char in text]
    raw = [prop.line_break for prop in raw_props]
    breaks: list[int | None] = [None] * len(text)
    breaks[0] = 0  # LB2
    _explicit_breaks(raw, breaks)
    kept = _kept_positions(raw, breaks)
    # LB10: a visible CM/ZWJ stands for the letter "A" from here on.
    chars = ["A" if raw[p] in _CM_ZWJ else text[p] for p in kept]
    props = [_LETTER_A if raw[p] in _CM_ZWJ else raw_props[p] for p in kept]
    cls = [prop.line_break for prop in props]
    end = len(text) - 1
    for k in range(1, len(kept)):
        p = kept[k]
        if breaks[p] is None:
            if cls[k] == "AL" and cls[k - 1] == "AL" and props[k - 1].category != "Pi":
                breaks[p] = 0  # inside a word: no rule before LB28 applies (the common case, kept fast)
            else:
                breaks[p] = _pair_rule(k, cls, chars, props, p == end)
    if "RI" in cls:
        _regional_indicators(cls, kept, breaks)
    for k in range(1, len(kept)):  # LB30b
        p = kept[k]
        if breaks[p] is None and cls[k] == "EM":
            prev_props = props[k - 1]
            if cls[k - 1] == "EB" or (prev_props.category == "Cn" and prev_props.pictographic):
                breaks[p] = 0
    return [1 if value is None else value for value in breaks]  # LB31


def line_break_units(text: str) -> Iterator[str]:
    """``text`` cut at its line-break opportunities (uniseg's ``line_break_units``)."""
    start = 0
    for position, breakable in enumerate(line_break_breakables(text)):
        if breakable and position:
            yield text[start:position]
            start = position
    if text:
        yield text[start:]
