"""The markup check: inline markup a reviewer lost, broke or invented, and nothing else.

Measured on hand-written reviewer translations (Markdown and HTML), half faithful in other words and
word order, half broken; and on the sample articles' drafts, where it must find exactly the one link
the fixture model's draft could not place.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from support import GLOSSARY, run_cli

from translate_news.documents.html import strip_html_inline
from translate_news.documents.inline import strip_inline
from translate_news.qa.checks import SentencePair, check_markup

MD, HTML = strip_inline, strip_html_inline

# (format, Italian source, a reviewer's English, what the check must say: the markup reported, or ()).
FAITHFUL = [
    (MD, "Il film esce **oggi** nelle sale.", "The film opens in cinemas **today**.", ()),
    (
        MD,
        "Leggi [l'intervista](https://x.example/a) al regista.",
        "Read [our interview](https://x.example/a) with the director.",
        (),
    ),
    (MD, "Un *cameo* di `Rossi` e **due** ospiti.", "Two **guests** and a *cameo* by `Rossi`.", ()),
    (MD, "Il dato[^1] è provvisorio.", "The figure[^1] is provisional.", ()),
    (MD, "Ricavi &amp; costi in calo.", "Revenue & costs are down.", ()),
    (
        MD,
        "Scrivete a <redazione@x.example> o a ~~Mario~~ Anna.",
        "Write to ~~Mario~~ Anna or <redazione@x.example>.",
        (),
    ),
    (HTML, "Il <b>festival</b> apre <i>domani</i>.", "<i>Tomorrow</i> the <b>festival</b> opens.", ()),
    (HTML, 'Vedi la <a href="/p">pagina</a> del bando.', 'See the call\'s <a href="/p">page</a>.', ()),
    (HTML, "Costo: 5&nbsp;euro, <em>tutto</em> incluso.", "Cost: 5\u00a0euros, <em>all</em> included.", ()),
    (HTML, "Prima riga<br>seconda riga.", "First line<br>second line.", ()),
]
BROKEN = [
    (MD, "Il film esce **oggi** nelle sale.", "The film opens in cinemas today.", ("**…**",)),
    (
        MD,
        "Leggi [l'intervista](https://x.example/a) al regista.",
        "Read the interview with the director.",
        ("[…](https://x.example/a)",),
    ),
    (
        MD,
        "Leggi [l'intervista](https://x.example/a) al regista.",
        "Read [the interview](https://x.example/b) now.",
        ("[…](https://x.example/a)", "[…](https://x.example/b)"),
    ),
    (MD, "Un *cameo* di `Rossi`.", "A *cameo* by Rossi`.", ("`…`",)),
    (MD, "Il dato[^1] è provvisorio.", "The figure is provisional.", ("[^1]",)),
    (MD, "Il film esce oggi.", "The film opens **today**.", ("**…**",)),
    (HTML, "Il <b>festival</b> apre domani.", "The <b>festival opens tomorrow.", ("<b>…</b>", "<b>…")),
    (HTML, 'Vedi la <a href="/p">pagina</a> del bando.', "See the call's page.", ('<a href="/p">…</a>',)),
    (
        HTML,
        "Il <b>festival</b> apre domani.",
        "The <strong>festival</strong> opens tomorrow.",
        ("<b>…</b>", "<strong>…</strong>"),
    ),
    (HTML, "Il festival apre domani.", "The festival opens <i>tomorrow</i>.", ("<i>…</i>",)),
]


def markup_findings(strip, source: str, target: str) -> tuple[str, ...]:  # noqa: ANN001
    plain_source, source_markup = strip(source)
    plain_target, target_markup = strip(target)
    seg = SentencePair(
        plain_source, plain_target, msgid=source, source_markup=source_markup, target_markup=target_markup
    )
    return tuple(sorted(f.expected or f.found for f in check_markup(seg)))


@pytest.mark.parametrize(("strip", "source", "target", "expected"), FAITHFUL + BROKEN)
def test_markup_check_on_reviewer_translations(
    strip, source: str, target: str, expected: tuple[str, ...]
) -> None:  # noqa: ANN001
    assert markup_findings(strip, source, target) == tuple(sorted(expected))


def test_false_alarms_and_misses_measured() -> None:
    """The figures the README gives: no faithful translation flagged, every broken one caught."""
    false_alarms = sum(bool(markup_findings(s, src, tgt)) for s, src, tgt, _ in FAITHFUL)
    misses = sum(not markup_findings(s, src, tgt) for s, src, tgt, _ in BROKEN)
    assert (false_alarms, len(FAITHFUL), misses, len(BROKEN)) == (0, 10, 0, 10)


def test_check_finds_the_draft_link_and_forgets_it_once_restored(demo_output: Path, tmp_path: Path) -> None:
    """On the sample drafts: exactly the entry whose draft could not place the link. The draft keeps it
    around the whole sentence (the page keeps the link) and ``check`` flags where it sits; a reviewer
    who moves it onto the right words (in the PO, as in an editor) clears it."""
    out = tmp_path / "output"
    shutil.copytree(demo_output, out)
    findings = _markup_findings(out)
    assert [f["kind"] for f in findings] == ["link-text"]
    po_path = Path(findings[0]["where"].rsplit(":", 1)[0])
    catalog = polib.pofile(str(po_path))
    entry = next(e for e in catalog if e.msgid == findings[0]["msgid"])
    assert "markup not placed, kept around the whole sentence" in entry.comment
    opening = entry.msgstr.split(">")[0] + ">"
    assert opening.startswith("<a href=") and entry.msgstr.endswith("</a>.")
    entry.msgstr = f"The full schedule is on the {opening}new releases</a> page."
    catalog.save(str(po_path))
    assert _markup_findings(out) == []


def _markup_findings(out: Path) -> list[dict]:
    import json

    result = run_cli("check", "-o", out, "--glossary", GLOSSARY, "--json")
    assert result.returncode in (0, 1), result.stderr
    return [f for f in json.loads(result.stdout)["findings"] if f["kind"] in ("markup", "link-text")]
