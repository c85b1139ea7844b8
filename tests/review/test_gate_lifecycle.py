"""Notes and the publication gate through any sequence of edits, runs and builds (issue 22, 5 and 7).

A hypothesis state machine: a person edits, approves or half-edits entries (their English written
here), runs re-run with the fixture model, builds run with and without ``--reviewed-only``. After every
step: each text a person wrote is in the catalog exactly; after a run, the ``qa:`` notes of a person's
entry are those of their text; a ``--reviewed-only`` build changed no file of an article with an
unreviewed sentence, and wrote the others.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import polib
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from support import FIXTURE_MODEL

from translate_news.mt.engine import EngineOptions
from translate_news.pipeline.drafts import PERSON_CHECKS
from translate_news.pipeline.runner import RunConfig, build_output, run
from translate_news.provenance import note_kind
from translate_news.qa.checks import SentencePair, run_checks
from translate_news.review.catalog import catalog_text, human_state

SENTENCES = (
    "Il mercato coperto ospiterà 30 bancarelle di 5 regioni.",
    "Gli organizzatori attendono molti visitatori nel fine settimana.",
)
TITLE = "Fiera dei prodotti locali"
TEXTS = st.sampled_from(
    (
        "The covered market will host 30 stalls from 5 regions.",
        "The covered market will host 30 stalls from 6 regions.",
        "[DRAFT - check figure] The market will host 3 stalls.",
        "Organisers expect many visitors over the weekend.",
        "Gli organizzatori attendono molti visitatori nel fine settimana.",
        "The fair, finally.",
    )
)


class GateLifecycle(RuleBasedStateMachine):
    @initialize()
    def start(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="gate-"))
        articles = self.root / "articles"
        articles.mkdir()
        (articles / "fiera.txt").write_text(f"{TITLE}\n\n{' '.join(SENTENCES)}\n", encoding="utf-8")
        self.config = RunConfig(articles, self.root / "out", None, FIXTURE_MODEL, EngineOptions(threads=1))
        assert run(self.config).failed == 0
        self.written: dict[str, str] = {}  # msgid → the text a person last wrote there

    def teardown(self) -> None:
        shutil.rmtree(getattr(self, "root", ""), ignore_errors=True)

    @property
    def po_path(self) -> Path:
        return self.config.output / "fiera" / "fiera.en.po"

    def _catalog(self) -> polib.POFile:
        return polib.pofile(str(self.po_path), wrapwidth=0)

    @rule(which=st.sampled_from((TITLE, *SENTENCES)), text=TEXTS, approve=st.booleans())
    def person_edits(self, which: str, text: str, approve: bool) -> None:
        po = self._catalog()
        for entry in po:
            if entry.msgid == which and not entry.obsolete:
                entry.msgstr, entry.flags = text, [] if approve else ["fuzzy"]
        self.po_path.write_text(catalog_text(po), encoding="utf-8")
        self.written[which] = text

    @rule(which=st.sampled_from((TITLE, *SENTENCES)))
    def person_approves(self, which: str) -> None:
        po = self._catalog()
        for entry in po:
            if entry.msgid == which and entry.msgstr:
                entry.flags = []
                self.written[which] = entry.msgstr
        self.po_path.write_text(catalog_text(po), encoding="utf-8")

    @rule()
    def rerun(self) -> None:
        assert run(self.config).failed == 0
        for entry in self._catalog():
            if not entry.msgid or entry.obsolete or human_state(entry) is None:
                continue
            seg = SentencePair(entry.msgid, entry.msgstr, msgid=entry.msgid)
            wanted = list(dict.fromkeys(f.note() for f in run_checks(seg, None, PERSON_CHECKS)))
            assert [line for line in entry.comment.splitlines() if note_kind(line) == "qa"] == wanted

    @rule(reviewed_only=st.booleans())
    def build(self, reviewed_only: bool) -> None:
        folder = self.po_path.parent
        before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
        (built,) = build_output(self.config.output, reviewed_only=reviewed_only)
        unreviewed = [e.msgid for e in self._catalog() if e.msgid and not e.obsolete and not _reviewed(e)]
        assert sorted(u.msgid for u in built.unreviewed) == sorted(unreviewed)
        assert built.written is not (reviewed_only and bool(unreviewed))
        if not built.written:
            assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before

    @invariant()
    def persons_text_is_kept(self) -> None:
        if not hasattr(self, "config"):
            return
        texts = {e.msgid: e.msgstr for e in self._catalog() if e.msgid and not e.obsolete}
        for msgid, text in self.written.items():
            assert texts[msgid] == text


def _reviewed(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr) and "fuzzy" not in entry.flags


GateLifecycle.TestCase.settings = settings(
    max_examples=10,
    stateful_step_count=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestGateLifecycle = GateLifecycle.TestCase
