"""QA calibration: how often ``check`` cries wolf on real human translations, and what it catches.

The pairs of ``../shared/bench/qa/partut-it-en.tsv`` (Italian, the English a person wrote) become
reviewed PO catalogs in an output folder laid out as ``run`` writes one (``<slug>/<slug>.en.po``, not
fuzzy, plus the Italian snapshot), and ``check_folder`` (the code ``translate-news check`` runs) reads
them back. Each finding is a true discrepancy when ``bench/qa-discrepancies.tsv`` lists its pair and
kind (a person read the pair and found the English really differs in fact), a false alarm otherwise.

Recall: for each pair where it applies, one controlled edit of the English per kind (a digit, a scale
word, a date, a year, an Italian number format, a name dropped, a name misspelt; seeded RNG). An edit
is caught when the edited pair has a finding the unedited pair does not.

Measurement only: the sentences stay in ``../shared``; nothing here copies them into the project
(``--flagged`` writes the flagged pairs to a file for review, outside the repository).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import polib
import regex

from translate_news.errors import InputError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import cpu_name  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "bench" / "qa" / "partut-it-en.tsv"
DISCREPANCIES = ROOT / "bench" / "qa-discrepancies.tsv"
RESULTS = ROOT / "bench" / "qa-results.md"
SEED = 22  # issue 22: the edits are the same on every run
PER_CATALOG = 50  # pairs per catalog, about a long article
GROUPS = {"train": ("train",), "dev+test": ("dev", "test")}


@dataclass(frozen=True)
class Pair:
    id: str
    split: str
    it: str
    en: str


@dataclass(frozen=True)
class Flag:
    """One finding of ``check`` on one pair."""

    pair: str
    check: str
    severity: str
    message: str


@dataclass(frozen=True)
class Edit:
    """One controlled edit of a pair's English."""

    kind: str
    pair: str
    en: str
    what: str  # "2019 → 2016": the edit as a reviewer would describe it


# -- reading -------------------------------------------------------------------------------------


def _rows(path: Path, columns: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) of a tab-separated file with a header, ``#`` lines skipped; a bad file names
    its line. One record per line (csv quoting within a line, as the corpus has it)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read: {exc}") from None
    lines = [
        (n, line) for n, line in enumerate(text.splitlines(), start=1) if line and not line.startswith("#")
    ]
    if not lines:
        raise InputError(path, "empty: expected a header line")
    try:
        parsed = [(n, next(csv.reader([line], delimiter="\t", strict=True))) for n, line in lines]
    except csv.Error as exc:
        raise InputError(path, f"malformed line: {exc}") from None
    (header_line, header), body = parsed[0], parsed[1:]
    missing = [c for c in columns if c not in header]
    if missing:
        raise InputError(path, f"missing column(s) {', '.join(missing)} in the header", header_line)
    rows = []
    for n, fields in body:
        if len(fields) != len(header):
            raise InputError(path, f"expected {len(header)} columns, found {len(fields)}", n)
        rows.append((n, dict(zip(header, fields, strict=True))))
    return rows


def read_pairs(path: Path) -> tuple[Pair, ...]:
    pairs = []
    for line, row in _rows(path, ("id", "split", "it", "en")):
        pair = Pair(row["id"].strip(), row["split"].strip(), row["it"].strip(), row["en"].strip())
        if not (pair.id and pair.it and pair.en) or pair.split not in {"train", "dev", "test"}:
            raise InputError(path, "empty id, it or en, or a split not train/dev/test", line)
        pairs.append(pair)
    return tuple(pairs)


def read_discrepancies(path: Path) -> frozenset[tuple[str, str]]:
    """The reviewed (pair id, check kind) findings that are real: the English differs in fact."""
    if not path.exists():
        return frozenset()
    return frozenset(
        (row["id"].strip(), row["kind"].strip()) for _, row in _rows(path, ("id", "kind", "reason"))
    )


# -- controlled edits (pure: pair + RNG → edited English or None) -------------------------------

_NUMBER = regex.compile(r"(?<![\p{L}\d])\d+(?:[.,]\d+)*(?![\p{L}\d])")
_SCALES = {"thousand": "million", "million": "billion", "billion": "million", "trillion": "billion"}
_SCALE = regex.compile(r"(?<![\p{L}])(?i:thousand|million|billion|trillion)(?=s?(?![\p{L}]))")
_YEAR = regex.compile(r"(?<![\d.,/])(?:1[6-9]\d\d|20\d\d)(?![\d]|[.,]\d)")
_FORMATTED = regex.compile(r"(?<![\p{L}\d.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)(?![\p{L}\d]|[.,]\d)")
_CAPITALISED = regex.compile(r"(?<![\p{L}\p{M}\d])\p{Lu}[\p{L}\p{M}]+(?![\p{L}\p{M}\d])")
_SENTENCE_START = regex.compile(r"(?:^|[.!?:;\"“‘'(\[—–-])\s*$")


def _months_and_days() -> tuple[list[str], list[str]]:
    from babel.dates import get_day_names, get_month_names

    return list(get_month_names("wide", locale="en").values()), list(
        get_day_names("wide", locale="en").values()
    )


def _other(rng: random.Random, choices: Sequence[str], current: str) -> str:
    return rng.choice([c for c in choices if c != current])


def edit_digit(pair: Pair, rng: random.Random) -> tuple[str, str] | None:
    """One digit of a number the Italian states too changed to another digit (never a new leading zero).
    A number only the English has (a list mark "(1)" the Italian leaves out) is no fact a check can hold
    it to."""
    stated = {regex.sub(r"\D", "", m.group()) for m in _NUMBER.finditer(pair.it)}
    spots = [
        (m.start() + i, m.group(), i)
        for m in _NUMBER.finditer(pair.en)
        if regex.sub(r"\D", "", m.group()) in stated
        for i, c in enumerate(m.group())
        if c.isdigit()
    ]
    if not spots:
        return None
    at, token, index = rng.choice(spots)
    digits = [
        d for d in "0123456789" if d != pair.en[at] and not (d == "0" and index == 0 and len(token) > 1)
    ]
    new = rng.choice(digits)
    edited = pair.en[:at] + new + pair.en[at + 1 :]
    return edited, f"{token} → {edited[at - index : at - index + len(token)]}"


def edit_scale(pair: Pair, rng: random.Random) -> tuple[str, str] | None:
    """million ↔ billion, thousand → million, trillion → billion (case kept)."""
    spots = list(_SCALE.finditer(pair.en))
    if not spots:
        return None
    m = rng.choice(spots)
    word = m.group()
    new = _SCALES[word.lower()]
    new = new.title() if word[0].isupper() else new
    return pair.en[: m.start()] + new + pair.en[m.end() :], f"{word} → {new}"


def edit_date(pair: Pair, rng: random.Random) -> tuple[str, str] | None:
    """A date's day (next to a month name), its month, or a weekday, changed."""
    months, days = _months_and_days()
    month = "|".join(months)
    spots: list[tuple[int, int, str]] = []  # start, end, replacement
    for m in regex.finditer(rf"(?<![\p{{L}}])(?:{month})(?![\p{{L}}])", pair.en):
        after_time_word = regex.search(r"\b(?:in|of|by|since|until|from)\s+$|\d\s+$", pair.en[: m.start()])
        if m.group() == "May" and not after_time_word and not regex.match(r"\s+\d", pair.en[m.end() :]):
            continue  # "May" the verb or a name
        spots.append((m.start(), m.end(), _other(rng, months, m.group())))
    day = r"(?<![\d.,])(?P<day>[12]\d|3[01]|0?[1-9])(?!\d)"
    for form in (rf"(?:{month})\s+{day}", rf"{day}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{month})(?![\p{{L}}])"):
        for m in regex.finditer(form, pair.en):
            current = int(m.group("day"))
            spots.append(
                (m.start("day"), m.end("day"), str(rng.choice([d for d in range(1, 29) if d != current])))
            )
    for m in regex.finditer(rf"(?<![\p{{L}}])(?:{'|'.join(days)})(?![\p{{L}}])", pair.en):
        spots.append((m.start(), m.end(), _other(rng, days, m.group())))
    if not spots:
        return None
    start, end, new = rng.choice(sorted(spots))
    return pair.en[:start] + new + pair.en[end:], f"{pair.en[start:end]} → {new}"


def edit_year(pair: Pair, rng: random.Random) -> tuple[str, str] | None:
    """A year (1600–2099) moved by 1 to 9 years."""
    spots = list(_YEAR.finditer(pair.en))
    if not spots:
        return None
    m = rng.choice(spots)
    new = str(int(m.group()) + rng.choice([d for d in range(-9, 10) if d]))
    return pair.en[: m.start()] + new + pair.en[m.end() :], f"{m.group()} → {new}"


def edit_italian_format(pair: Pair, rng: random.Random) -> tuple[str, str] | None:
    """A number written the Italian way: 1.5 → 1,5; 10,000 → 10.000; 1,234.5 → 1.234,5."""
    spots = list(_FORMATTED.finditer(pair.en))
    if not spots:
        return None
    m = rng.choice(spots)
    new = m.group().translate(str.maketrans(",.", ".,"))
    return pair.en[: m.start()] + new + pair.en[m.end() :], f"{m.group()} → {new}"


def _names(pair: Pair) -> list[regex.Match[str]]:
    """Capitalised words of the English (not opening a sentence) that the Italian has verbatim: names
    by a definition of our own, so recall does not depend on the checker's name extractor."""
    found = []
    for m in _CAPITALISED.finditer(pair.en):
        if _SENTENCE_START.search(pair.en[: m.start()]):
            continue
        if regex.search(rf"(?<![\p{{L}}\p{{M}}\d]){regex.escape(m.group())}(?![\p{{L}}\p{{M}}\d])", pair.it):
            found.append(m)
    return found


def edit_drop_name(pair: Pair, rng: random.Random) -> tuple[str, str] | None:
    """A name removed (with one space beside it)."""
    names = _names(pair)
    if not names:
        return None
    m = rng.choice(names)
    before, after = pair.en[: m.start()], pair.en[m.end() :]
    edited = before.rstrip(" ") + (" " if before.endswith(" ") and after[:1].isalnum() else "") + after
    return edited, f"{m.group()} dropped"


def edit_misspell_name(pair: Pair, rng: random.Random) -> tuple[str, str] | None:
    """Two neighbouring inner letters of a name swapped (Bertolini → Bertoilni)."""
    spots = [
        (m, i)
        for m in _names(pair)
        for i in range(1, len(m.group()) - 2)
        if m.group()[i] != m.group()[i + 1] and m.group()[i : i + 2].isalpha()
    ]
    if not spots:
        return None
    m, i = rng.choice(spots)
    word = m.group()
    new = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return pair.en[: m.start()] + new + pair.en[m.end() :], f"{word} → {new}"


EDITS: dict[str, Callable[[Pair, random.Random], tuple[str, str] | None]] = {
    "digit": edit_digit,
    "scale word": edit_scale,
    "date (day, month, weekday)": edit_date,
    "year": edit_year,
    "Italian number format": edit_italian_format,
    "name dropped": edit_drop_name,
    "name misspelt": edit_misspell_name,
}


def make_edits(pairs: Iterable[Pair], seed: int = SEED) -> dict[str, list[Edit]]:
    """Per edit kind, one edit of each pair it applies to; each kind and pair has its own RNG stream,
    so adding pairs or kinds never changes another pair's edit."""
    edits: dict[str, list[Edit]] = {kind: [] for kind in EDITS}
    for pair in pairs:
        for kind, edit in EDITS.items():
            done = edit(pair, random.Random(f"{seed}:{kind}:{pair.id}"))
            if done is not None and done[0] != pair.en:
                edits[kind].append(Edit(kind, pair.id, *done))
    return edits


# -- checking (the code path of ``translate-news check``) ----------------------------------------


def _chunks(pairs: Sequence[Pair], size: int) -> list[list[Pair]]:
    """Catalogs of ``size`` pairs; a sentence already in the current catalog starts a new one (a PO
    catalog holds each msgid once)."""
    chunks: list[list[Pair]] = [[]]
    seen: set[str] = set()
    for pair in pairs:
        if len(chunks[-1]) >= size or pair.it in seen:
            chunks.append([])
            seen = set()
        chunks[-1].append(pair)
        seen.add(pair.it)
    return [c for c in chunks if c]


def write_output_folder(
    output: Path, pairs: Sequence[Pair], size: int = PER_CATALOG
) -> dict[tuple[str, str], str]:
    """An output folder as ``run`` lays it out, every entry reviewed (msgstr = the human English, not
    fuzzy); returns (slug, msgid) → pair id."""
    from translate_news.fileio import write_atomic
    from translate_news.review.catalog import catalog_text

    index: dict[tuple[str, str], str] = {}
    for number, chunk in enumerate(_chunks(pairs, size), start=1):
        slug = f"qa-{number:04d}"
        catalog = polib.POFile(wrapwidth=0, encoding="utf-8")
        catalog.metadata = {
            "Project-Id-Version": slug,
            "Language": "en",
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "X-Source-Language": "it",
            "X-Source-File": f"{slug}.it.txt",
        }
        for line, pair in enumerate(chunk, start=1):
            catalog.append(
                polib.POEntry(msgid=pair.it, msgstr=pair.en, occurrences=[(f"{slug}.it.txt", str(line))])
            )
            index[(slug, pair.it)] = pair.id
        write_atomic(output / slug / f"{slug}.en.po", catalog_text(catalog))
        write_atomic(output / slug / f"{slug}.it.txt", "\n\n".join(p.it for p in chunk) + "\n")
    return index


def check_pairs(
    pairs: Sequence[Pair],
    glossary_path: Path | None = None,
    size: int = PER_CATALOG,
    profile: str = "default",
) -> list[Flag]:
    """Every finding ``check`` reports on these pairs as reviewed catalogs, by pair id."""
    from translate_news.glossary.model import Glossary, load_glossary
    from translate_news.qa.folder import check_folder

    glossary = load_glossary(glossary_path) if glossary_path else Glossary(None, ())
    with tempfile.TemporaryDirectory(prefix="qa-bench-") as tmp:
        output = Path(tmp) / "output"
        index = write_output_folder(output, pairs, size)
        run = check_folder(output, glossary, profile)
    if run.unreadable:
        raise run.unreadable[0]  # a catalog the scorer wrote: a bug here, reported as check reports it
    return [Flag(index[(f.article, f.msgid)], f.check, str(f.severity), f.message) for f in run.findings]


# -- scoring (pure) ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AlarmRow:
    """One check kind (or a severity total) on one group of splits."""

    group: str
    kind: str
    severity: str
    sentences: int
    findings: int
    flagged_sentences: int
    true: int  # findings on a reviewed real discrepancy
    false: int  # the other findings: false alarms
    false_sentences: int  # sentences with at least one false alarm

    @property
    def false_per_100(self) -> float:
        return 100 * self.false / self.sentences if self.sentences else 0.0

    @property
    def false_sentence_share(self) -> float:
        return 100 * self.false_sentences / self.sentences if self.sentences else 0.0


@dataclass(frozen=True)
class RecallRow:
    group: str
    kind: str
    edited: int
    caught_any: int  # a new finding, warning or error
    caught_error: int  # a new error-level finding

    @property
    def recall_any(self) -> float:
        return 100 * self.caught_any / self.edited if self.edited else 0.0

    @property
    def recall_error(self) -> float:
        return 100 * self.caught_error / self.edited if self.edited else 0.0


def _group_of(split: str) -> str:
    return next(name for name, splits in GROUPS.items() if split in splits)


def alarm_rows(
    pairs: Sequence[Pair], flags: Sequence[Flag], real: frozenset[tuple[str, str]]
) -> list[AlarmRow]:
    """Per group, per check kind, then per severity and over all: findings, true, false alarms."""
    group = {p.id: _group_of(p.split) for p in pairs}
    sentences = Counter(group.values())
    rows = []
    for name in GROUPS:
        mine = [f for f in flags if group[f.pair] == name]
        kinds = sorted({(f.check, f.severity) for f in mine}, key=lambda k: (k[1] != "error", k[0]))
        selections = [(k, s, lambda f, k=k: f.check == k) for k, s in kinds] + [
            ("all errors", "error", lambda f: f.severity == "error"),
            ("all warnings", "warning", lambda f: f.severity == "warning"),
            ("all findings", "any", lambda f: True),
        ]
        for kind, severity, keep in selections:
            chosen = [f for f in mine if keep(f)]
            false = [f for f in chosen if (f.pair, f.check) not in real]
            rows.append(
                AlarmRow(
                    name,
                    kind,
                    severity,
                    sentences[name],
                    len(chosen),
                    len({f.pair for f in chosen}),
                    len(chosen) - len(false),
                    len(false),
                    len({f.pair for f in false}),
                )
            )
    return rows


def _caught(before: Iterable[Flag], after: Iterable[Flag], error_only: bool) -> bool:
    keep = (lambda f: f.severity == "error") if error_only else (lambda f: True)
    old = {(f.check, f.message) for f in before if keep(f)}
    return any((f.check, f.message) not in old for f in after if keep(f))


def recall_rows(
    pairs: Sequence[Pair],
    edits: Mapping[str, Sequence[Edit]],
    flags: Sequence[Flag],
    edited_flags: Mapping[str, Sequence[Flag]],
) -> list[RecallRow]:
    """Per group and edit kind: edited pairs, and those with a finding the unedited pair lacks."""
    group = {p.id: _group_of(p.split) for p in pairs}
    before: dict[str, list[Flag]] = defaultdict(list)
    for f in flags:
        before[f.pair].append(f)
    rows = []
    for name in GROUPS:
        for kind, kind_edits in edits.items():
            after: dict[str, list[Flag]] = defaultdict(list)
            for f in edited_flags.get(kind, ()):
                after[f.pair].append(f)
            mine = [e for e in kind_edits if group[e.pair] == name]
            rows.append(
                RecallRow(
                    name,
                    kind,
                    len(mine),
                    sum(_caught(before[e.pair], after[e.pair], False) for e in mine),
                    sum(_caught(before[e.pair], after[e.pair], True) for e in mine),
                )
            )
    return rows


@dataclass(frozen=True)
class Results:
    data: str
    pairs: int
    glossary: str  # "" when facts checks only, as ``check --no-glossary``
    discrepancies_listed: int
    discrepancies_not_flagged: tuple[str, ...]  # listed (id, kind) that check no longer reports
    alarms: tuple[AlarmRow, ...]
    recall: tuple[RecallRow, ...]
    missed: tuple[Edit, ...]  # edits no finding caught (for whoever tunes the checks)
    profile: str = "default"  # the check profile measured: default (``check``) or strict (``--strict``)


def score(
    pairs: Sequence[Pair],
    real: frozenset[tuple[str, str]],
    data: str = "",
    glossary: Path | None = None,
    seed: int = SEED,
    size: int = PER_CATALOG,
    profile: str = "default",
) -> tuple[Results, list[Flag]]:
    """The whole measurement: false alarms on the pairs as they are, recall on edited copies."""
    flags = check_pairs(pairs, glossary, size, profile)
    by_id = {p.id: p for p in pairs}
    edits = make_edits(pairs, seed)
    edited_flags = {
        kind: check_pairs(
            [Pair(e.pair, by_id[e.pair].split, by_id[e.pair].it, e.en) for e in kind_edits],
            glossary,
            size,
            profile,
        )
        for kind, kind_edits in edits.items()
    }
    flagged = {(f.pair, f.check) for f in flags}
    ids = set(by_id)
    stale = tuple(sorted(f"{i} {k}" for i, k in real if i in ids and (i, k) not in flagged))
    before: dict[str, list[Flag]] = defaultdict(list)
    for f in flags:
        before[f.pair].append(f)
    after: dict[tuple[str, str], list[Flag]] = defaultdict(list)
    for kind, kind_flags in edited_flags.items():
        for f in kind_flags:
            after[(kind, f.pair)].append(f)
    missed = tuple(
        e
        for kind, kind_edits in edits.items()
        for e in kind_edits
        if not _caught(before[e.pair], after[(kind, e.pair)], False)
    )
    results = Results(
        data,
        len(pairs),
        str(glossary or ""),
        sum(1 for i, _ in real if i in ids),
        stale,
        tuple(alarm_rows(pairs, flags, real)),
        tuple(recall_rows(pairs, edits, flags, edited_flags)),
        missed,
        profile,
    )
    return results, flags


# -- reporting -----------------------------------------------------------------------------------


def _commit(results: Path | None = None) -> str:
    """HEAD, with "-dirty" when tracked files differ from it (the results file being rewritten aside)."""

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True).stdout

    try:
        head = git("rev-parse", "--short", "HEAD").strip()
        changed = [line[3:] for line in git("status", "--porcelain", "--untracked-files=no").splitlines()]
    except OSError:
        return "unknown"
    skip = (
        str(results.resolve().relative_to(ROOT)) if results and results.resolve().is_relative_to(ROOT) else ""
    )
    return (head or "unknown") + ("-dirty" if any(path != skip for path in changed) else "")


def _machine() -> str:
    cpu = cpu_name()
    return f"{cpu}, {os.cpu_count()} cores; {platform.platform()}; Python {platform.python_version()}"


def markdown(results: Results, when: str, machine: str, commit: str, command: str) -> str:
    lines = [
        "# QA calibration: false alarms and recall of `check` on real human translations",
        "",
        f"Run {when} by `{command}`.",
        "",
        f"- Machine: {machine}",
        f"- Commit: {commit}",
        f"- Data: {results.data} ({results.pairs:,} pairs); reviewed as catalogs a reviewer approved "
        "(msgstr the human English, not fuzzy), through `check_folder`, the code `translate-news check` "
        f"runs, {results.profile} profile, "
        + (f"glossary {results.glossary}" if results.glossary else "no glossary (facts checks only)"),
        f"- Real discrepancies: {results.discrepancies_listed} (pair, kind) listed in "
        "`bench/qa-discrepancies.tsv` (what counts as one: its header)"
        + (
            f"; listed but no longer reported: {', '.join(results.discrepancies_not_flagged)}"
            if results.discrepancies_not_flagged
            else ""
        ),
        "",
        "## False alarms",
        "",
        "Findings on pairs a person translated. *True*: the pair and kind are in the reviewed list (the "
        "English really differs in fact). *False alarms /100*: the other findings per 100 sentences; "
        "*sentences with a false alarm*: share of all sentences of the group.",
        "",
        "| Split | Check | Level | Sentences | Findings | Sentences flagged | True | False alarms "
        "| False alarms /100 | Sentences with a false alarm |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results.alarms:
        bold = "**" if r.kind.startswith("all ") else ""
        lines.append(
            f"| {r.group} | {bold}{r.kind}{bold} | {r.severity} | {r.sentences:,} | {r.findings:,} "
            f"| {r.flagged_sentences:,} "
            f"| {r.true} | {r.false:,} | {r.false_per_100:.1f} | {r.false_sentence_share:.1f}% |"
        )
    lines += [
        "",
        "## Recall on single controlled edits of the English",
        "",
        f"One edit per pair where it applies (seed {SEED}); caught when the edited pair has a finding the "
        "unedited pair does not. *Any*: a warning or an error; *error*: an error-level finding (what "
        "`check --strict` and `make qa` gate on).",
        "",
        "| Split | Edit | Edited pairs | Caught (any) | Recall (any) | Caught (error) | Recall (error) |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in results.recall:
        shown = lambda n, rate, e=r.edited: f"{n:,}" if e else "–"  # noqa: E731
        lines.append(
            f"| {r.group} | {r.kind} | {r.edited:,} | {shown(r.caught_any, 0)} | "
            + (f"{r.recall_any:.1f}%" if r.edited else "–")
            + f" | {shown(r.caught_error, 0)} | "
            + (f"{r.recall_error:.1f}%" if r.edited else "–")
            + " |"
        )
    return "\n".join(lines) + "\n"


def as_json(results: Results, when: str, machine: str, commit: str) -> str:
    document = {
        "when": when,
        "machine": machine,
        "commit": commit,
        "seed": SEED,
        **asdict(results),
        "alarms": [
            {**asdict(r), "false_per_100": r.false_per_100, "false_sentence_share": r.false_sentence_share}
            for r in results.alarms
        ],
        "recall": [
            {**asdict(r), "recall_any": r.recall_any, "recall_error": r.recall_error} for r in results.recall
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def flagged_tsv(pairs: Sequence[Pair], flags: Sequence[Flag], real: frozenset[tuple[str, str]]) -> str:
    """The flagged pairs with their findings, for a person to review (holds the corpus text: keep it out
    of the repository)."""
    by_id = {p.id: p for p in pairs}
    rows = ["id\tsplit\tkind\tseverity\tlisted\tmessage\tit\ten"]
    for f in flags:
        p = by_id[f.pair]
        listed = "yes" if (f.pair, f.check) in real else ""
        rows.append("\t".join([f.pair, p.split, f.check, f.severity, listed, f.message, p.it, p.en]))
    return "\n".join(rows) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("QA_BENCH_DATA", DEFAULT_DATA)))
    parser.add_argument("--discrepancies", type=Path, default=DISCREPANCIES)
    parser.add_argument("--results", type=Path, default=RESULTS, help="Markdown results file ('-': none)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pairs (a smoke run)")
    parser.add_argument("--glossary", type=Path, help="also the terminology checks of this glossary")
    parser.add_argument(
        "--flagged", type=Path, help="write the flagged pairs here for review (not in the repo)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of the Markdown table")
    parser.add_argument(
        "--profile", choices=("default", "strict"), default="default", help="check's profile (--strict)"
    )
    args = parser.parse_args(argv)
    try:
        pairs = read_pairs(args.data)[: args.limit or None]
        real = read_discrepancies(args.discrepancies)
        results, flags = score(pairs, real, str(args.data), args.glossary, profile=args.profile)
    except InputError as exc:  # a data, list or glossary file: one line, as the CLI reports it
        print(f"error: {exc}", file=sys.stderr)
        return 2
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine, commit = _machine(), _commit(args.results)
    command = "python bench/qa_bench.py" + ("" if argv is None else " " + " ".join(argv))
    if argv is None:
        command = "python bench/qa_bench.py " + " ".join(sys.argv[1:])
    table = markdown(results, when, machine, commit, command.strip())
    from translate_news.fileio import write_atomic

    if str(args.results) != "-":
        write_atomic(args.results, table)
    if args.flagged:
        write_atomic(args.flagged, flagged_tsv(pairs, flags, real))
    print(as_json(results, when, machine, commit) if args.json else table, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
