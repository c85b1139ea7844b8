"""The SQLite translation memory: reviewed translations, the MT cache and its invalidation, TMX in and out."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import VALIDATOR

from translate_news.cli.tm import tm
from translate_news.errors import InputError
from translate_news.exchange import TMUnit, read_tmx, write_tmx
from translate_news.memory.store import SCHEMA_VERSION, TranslationMemory, memory_path

MANOVRA = "Il Consiglio dei ministri ha approvato la manovra."
BORSA = "La Borsa di Milano chiude in rialzo: +1,2% per il Ftse Mib."
TRICKY = '«L’Italia c’è» & <noi> "ci siamo" 🇮🇹'


@pytest.fixture
def memory(tmp_path: Path) -> Iterator[TranslationMemory]:
    with TranslationMemory(memory_path(tmp_path / "output")) as tm_:
        yield tm_


def test_memory_path() -> None:
    assert memory_path(Path("output")) == Path("output/.tm/memory.sqlite")


def test_reviewed_lookup_normalises_whitespace(memory: TranslationMemory) -> None:
    memory.add_reviewed(
        MANOVRA, "The cabinet approved the budget.", article="articles/manovra.md", reviewer="giulia"
    )
    unit = memory.lookup_reviewed("  Il Consiglio dei ministri\n ha approvato\tla manovra. ")
    assert unit is not None
    assert (unit.source, unit.target, unit.article, unit.reviewer) == (
        MANOVRA,
        "The cabinet approved the budget.",
        "articles/manovra.md",
        "giulia",
    )
    assert unit.date.endswith("Z")
    assert memory.lookup_reviewed("Il Consiglio dei ministri ha approvato la Manovra.") is None


def test_latest_review_wins_and_history_is_kept(memory: TranslationMemory) -> None:
    memory.add_reviewed(
        BORSA, "Milan closes higher.", article="a.md", reviewer="anna", date="2024-03-01T10:00:00Z"
    )
    memory.add_reviewed(
        BORSA,
        "The Milan stock exchange closes higher.",
        article="b.md",
        reviewer="paolo",
        date="2024-03-02T10:00Z",
    )
    # An older review arriving later (say, from an old TMX) goes into history but does not win.
    memory.add_reviewed(BORSA, "Bourse up.", article="c.md", reviewer="old", date="2023-12-31T23:00:00+01:00")
    assert memory.lookup_reviewed(BORSA) == TMUnit(
        BORSA, "The Milan stock exchange closes higher.", "b.md", "paolo", "2024-03-02T10:00:00Z"
    )
    assert [unit.reviewer for unit in memory.review_history(BORSA)] == ["old", "anna", "paolo"]
    assert [unit.source for unit in memory.reviewed_units()] == [BORSA]


def test_reviewed_input_errors(memory: TranslationMemory) -> None:
    with pytest.raises(ValueError, match="non-empty source"):
        memory.add_reviewed(" \n", "x", article="a.md")
    with pytest.raises(ValueError, match="ISO 8601"):
        memory.add_reviewed("Ciao.", "Hi.", article="a.md", date="ieri")
    assert memory.reviewed_units() == []


def test_memory_persists_across_opens(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite"
    with TranslationMemory(path) as first:
        first.add_reviewed(TRICKY, '“Italy is here” & <we> "are here" 🇮🇹', article="a.md")
        first.put_mt_many([(BORSA, "Milan up.")], "argos-1.9", "g-abc")
    with TranslationMemory(path, create=False) as second:
        unit = second.lookup_reviewed(TRICKY)
        assert unit is not None and unit.target == '“Italy is here” & <we> "are here" 🇮🇹'
        assert second.get_mt(BORSA, "argos-1.9", "g-abc") == "Milan up."


def test_mt_cache_is_keyed_by_model_and_glossary(memory: TranslationMemory) -> None:
    memory.add_reviewed(MANOVRA, "The cabinet approved the budget.", article="a.md")
    memory.put_mt_many([(MANOVRA, "The Council approved the manoeuvre."), (BORSA, "Milan up.")], "m1", "g1")
    assert memory.get_mt(BORSA, "m1", "g1") == "Milan up."
    assert memory.get_mt(f" {BORSA}\n", "m1", "g1") == "Milan up."
    # A new model or a new glossary version misses: the draft must be made again.
    assert memory.get_mt(BORSA, "m2", "g1") is None
    assert memory.get_mt(BORSA, "m1", "g2") is None
    assert memory.get_mt_many([BORSA, MANOVRA], "m1", "g2") == {}
    memory.put_mt_many([(BORSA, "Milan rises.")], "m1", "g2")
    assert memory.get_mt(BORSA, "m1", "g2") == "Milan rises."
    assert memory.get_mt(BORSA, "m1", "g1") == "Milan up."
    # Pruning drops every machine draft, never reviewed translations.
    assert memory.clear_mt() == 3
    assert memory.get_mt(BORSA, "m1", "g1") is None and memory.get_mt(BORSA, "m1", "g2") is None
    reviewed = memory.lookup_reviewed(MANOVRA)
    assert reviewed is not None and reviewed.target == "The cabinet approved the budget."
    assert memory.stats().mt_by_key == ()


def test_put_mt_overwrites(memory: TranslationMemory) -> None:
    memory.put_mt_many([(BORSA, "one")], "m", "g")
    memory.put_mt_many([(BORSA, "two")], "m", "g")
    assert memory.get_mt(BORSA, "m", "g") == "two"
    assert memory.stats().mt_rows == 1


def test_many_lookups_answer_under_the_callers_spelling(memory: TranslationMemory) -> None:
    memory.add_reviewed(MANOVRA, "The cabinet approved the budget.", article="a.md")
    memory.put_mt_many([(BORSA, "Milan up.")], "m", "g")
    spaced = MANOVRA.replace(" ", "  ")
    found = memory.lookup_reviewed_many([MANOVRA, spaced, BORSA])
    assert set(found) == {MANOVRA, spaced}
    assert found[spaced].source == MANOVRA
    assert memory.get_mt_many([BORSA, f"{BORSA} ", MANOVRA], "m", "g") == {
        BORSA: "Milan up.",
        f"{BORSA} ": "Milan up.",
    }


def test_fifty_thousand_lookups_cost_a_query_per_chunk_and_use_the_index(memory: TranslationMemory) -> None:
    """Complexity, not time: 50,000 lookups are a handful of indexed ``IN`` queries, never one per source
    or a table scan (timings belong in ``make bench``)."""
    sources = [
        f"Notizia numero {i}: il governo annuncia nuove misure per {i % 97} comuni." for i in range(50_000)
    ]
    memory.add_reviewed_many(
        TMUnit(s, f"News item {i}", "a.md", "", "2024-01-01") for i, s in enumerate(sources[::2])
    )
    memory.put_mt_many(((s, f"draft {i}") for i, s in enumerate(sources)), "m", "g")

    statements: list[str] = []
    memory._db.set_trace_callback(statements.append)
    try:
        assert len(memory.lookup_reviewed_many(sources)) == 25_000
        assert len(memory.get_mt_many(sources, "m", "g")) == 50_000
    finally:
        memory._db.set_trace_callback(None)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    chunks = -(-len(sources) // 900)  # store._CHUNK sources per query
    assert len(selects) <= 2 * chunks, f"{len(selects)} queries for {len(sources)} lookups"

    for table, key in (
        ("reviewed", "source IN (?, ?)"),
        ("mt_cache", "model_key = ? AND glossary_key = ? AND source IN (?, ?)"),
    ):
        plan = " ".join(
            str(row[-1])
            for row in memory._db.execute(
                f"EXPLAIN QUERY PLAN SELECT * FROM {table} WHERE {key}",
                ("a", "b", "c", "d")[: key.count("?")],
            )
        )
        assert plan.startswith("SEARCH") and "USING" in plan, f"{table}: {plan}"


# --- TMX in and out -------------------------------------------------------------------------------


def test_export_import_round_trip(tmp_path: Path, memory: TranslationMemory) -> None:
    memory.add_reviewed(
        MANOVRA, "The cabinet approved the budget.", article="articles/manovra.md", reviewer="giulia"
    )
    memory.add_reviewed(
        TRICKY, "“Italy is here” 🇮🇹", article="articles/italia.md", date="2024-06-02T09:30:00+02:00"
    )
    exported = tmp_path / "share" / "memory.tmx"
    assert memory.export_tmx(exported) == 2
    with TranslationMemory(tmp_path / "other.sqlite") as other:
        assert other.import_tmx(exported).imported == 2
        assert other.reviewed_units() == memory.reviewed_units()
        # Importing the same file again changes nothing, history included.
        assert other.import_tmx(exported).imported == 2
        assert other.stats().history == 2


def test_exported_tmx_is_valid(tmp_path: Path, memory: TranslationMemory) -> None:
    memory.add_reviewed(TRICKY, "“Italy is here” & <we> 🇮🇹", article="a&b.md", reviewer="o’neill")
    path = tmp_path / "memory.tmx"
    memory.export_tmx(path)
    if not VALIDATOR.is_file():
        pytest.skip(f"independent validator not found at {VALIDATOR}")
    result = subprocess.run(
        [sys.executable, str(VALIDATOR), str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout
    assert f"{path}: valid" in result.stdout


IMPORTED_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="Trados" creationtoolversion="16" segtype="sentence" o-tmf="sdlxliff"
          adminlang="en-US" srclang="it-IT" datatype="plaintext"/>
  <body>
    <tu creationid="anna" creationdate="20240110T090000Z" changeid="paolo" changedate="20240201T120000Z">
      <prop type="x-article">articles/treni.md</prop>
      <tuv xml:lang="it-IT"><seg>Sciopero dei treni venerdì.</seg></tuv>
      <tuv xml:lang="en-GB"><seg>Train strike on Friday.</seg></tuv>
    </tu>
    <tu creationid="anna">
      <tuv xml:lang="IT"><seg>Allerta meteo in Liguria.</seg></tuv>
      <tuv xml:lang="EN"><seg>Weather alert in Liguria.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="it-IT"><seg>  </seg></tuv>
      <tuv xml:lang="en-GB"><seg>(empty)</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def test_import_reads_reviewer_article_and_date(tmp_path: Path, memory: TranslationMemory) -> None:
    path = tmp_path / "trados.tmx"
    path.write_text(IMPORTED_TMX, encoding="utf-8")
    assert memory.import_tmx(path).imported == 2
    assert memory.lookup_reviewed("Sciopero dei treni venerdì.") == TMUnit(
        "Sciopero dei treni venerdì.",
        "Train strike on Friday.",
        "articles/treni.md",
        "paolo",
        "2024-02-01T12:00:00Z",
    )
    meteo = memory.lookup_reviewed("Allerta meteo in Liguria.")
    assert meteo is not None and (meteo.reviewer, meteo.article) == ("anna", "")
    assert meteo.date  # undated units are dated at import


def test_import_of_malformed_tmx_names_file_and_line(tmp_path: Path, memory: TranslationMemory) -> None:
    path = tmp_path / "broken.tmx"
    path.write_text(
        IMPORTED_TMX.replace('</seg></tuv>\n      <tuv xml:lang="en-GB">', "</tuv>", 1), encoding="utf-8"
    )
    with pytest.raises(InputError) as info:
        memory.import_tmx(path)
    assert str(info.value).startswith(f"{path}:8: not well-formed XML")
    assert memory.reviewed_units() == []


# --- damaged files and crashes --------------------------------------------------------------------


def test_corrupt_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite"
    path.write_bytes(b"this is not a database, just some bytes " * 200)
    with pytest.raises(InputError, match="not a translation memory") as info:
        TranslationMemory(path)
    assert info.value.path == str(path)


def test_truncated_database_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite"
    with TranslationMemory(path) as memory:
        memory.put_mt_many(((f"Frase {i}.", f"Sentence {i}.") for i in range(5000)), "m", "g")
    raw = path.read_bytes()
    path.write_bytes(raw[:4096] + b"\xff" * (len(raw) - 4096))
    # Either opening or reading must fail, naming the file.
    with pytest.raises(InputError) as info, TranslationMemory(path) as memory:
        memory.get_mt_many([f"Frase {i}." for i in range(5000)], "m", "g")
    assert info.value.path == str(path)


def test_other_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE photos (name TEXT)")
    db.close()
    with pytest.raises(InputError, match="not a translate-news translation memory"):
        TranslationMemory(path)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite"
    TranslationMemory(path).close()
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    db.close()
    with pytest.raises(InputError, match="newer than this translate-news"):
        TranslationMemory(path)


def test_missing_memory_without_create(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no translation memory here"):
        TranslationMemory(tmp_path / "none.sqlite", create=False)
    assert not (tmp_path / "none.sqlite").exists()


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from translate_news.memory.store import TranslationMemory

    with TranslationMemory(Path(sys.argv[1])) as memory:
        for batch in range(100_000):
            rows = [(f"Frase {batch}-{i}.", f"Sentence {batch}-{i}.") for i in range(100)]
            memory.put_mt_many(rows, "m", "g")
            print(batch, flush=True)
    """
)


def test_killed_writer_leaves_whole_batches(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite"
    TranslationMemory(path).close()
    process = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    committed = 0
    for line in process.stdout:
        committed = int(line) + 1
        if committed >= 20:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()
    with TranslationMemory(path) as memory:
        rows = memory.stats().mt_rows
    assert rows % 100 == 0
    assert rows >= committed * 100


# --- command line ---------------------------------------------------------------------------------


def test_cli_import_stats_export(tmp_path: Path) -> None:
    runner = CliRunner()
    output = tmp_path / "output"
    source = tmp_path / "in.tmx"
    source.write_text(IMPORTED_TMX, encoding="utf-8")

    result = runner.invoke(tm, ["import", str(source), "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert f"imported 2 reviewed translations into {memory_path(output)}" in result.output

    result = runner.invoke(tm, ["stats", "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert "reviewed translations: 2" in result.output

    exported = tmp_path / "out.tmx"
    result = runner.invoke(tm, ["export", str(exported), "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "exported 2 reviewed translations" in result.output
    assert {unit.source for unit in read_tmx(exported)} == {
        "Sciopero dei treni venerdì.",
        "Allerta meteo in Liguria.",
    }


def test_cli_defaults_to_output_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "one.tmx").write_text(write_tmx([TMUnit("Buongiorno.", "Good morning.")]), encoding="utf-8")
    result = CliRunner().invoke(tm, ["import", "one.tmx"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "output" / ".tm" / "memory.sqlite").is_file()


def test_cli_errors_are_input_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(tm, ["export", str(tmp_path / "x.tmx"), "--output", str(tmp_path / "empty")])
    assert isinstance(result.exception, InputError)
    assert "no translation memory here" in str(result.exception)
    bad = tmp_path / "bad.tmx"
    bad.write_text("<tmx>\n<body>\n</tmx>\n", encoding="utf-8")
    result = runner.invoke(tm, ["import", str(bad), "--output", str(tmp_path / "o")])
    assert isinstance(result.exception, InputError)
    assert str(result.exception).startswith(f"{bad}:3: ")


# --- who made a text: first seen, never re-credited (issue 23 point 3) ------------------------------


def test_a_text_seen_again_keeps_who_made_it(tmp_path: Path) -> None:
    """Every run re-reads people's catalogs: a later header naming someone else (who reviewed another
    entry) must not re-credit a text already recorded, nor add a history row for it."""
    with TranslationMemory(tmp_path / "m.sqlite") as memory:
        memory.add_reviewed(
            "Il film esce oggi.",
            "The film is out today.",
            article="a",
            reviewer="Anna",
            date="2024-05-01T10:00:00Z",
        )
        memory.add_reviewed(
            "Il film esce oggi.",
            "The film is out today.",
            article="a",
            reviewer="Marco",
            date="2024-05-09T10:00:00Z",
        )
        unit = memory.lookup_reviewed("Il film esce oggi.")
        assert unit is not None and (unit.reviewer, unit.date) == ("Anna", "2024-05-01T10:00:00Z")
        assert [u.reviewer for u in memory.review_history("Il film esce oggi.")] == ["Anna"]
        memory.add_reviewed(
            "Il film esce oggi.",
            "The film comes out today.",
            article="a",
            reviewer="Marco",
            date="2024-05-10T10:00:00Z",
        )
        unit = memory.lookup_reviewed("Il film esce oggi.")
        assert unit is not None and (unit.target, unit.reviewer) == ("The film comes out today.", "Marco")


def test_a_name_fills_in_a_nameless_record(tmp_path: Path) -> None:
    with TranslationMemory(tmp_path / "m.sqlite") as memory:
        memory.add_reviewed("Ciao.", "Hello.", article="a", reviewer="", date="2024-05-01T10:00:00Z")
        memory.add_reviewed("Ciao.", "Hello.", article="a", reviewer="Anna", date="2024-05-02T10:00:00Z")
        unit = memory.lookup_reviewed("Ciao.")
        assert unit is not None and unit.reviewer == "Anna"
        memory.add_reviewed("Ciao.", "Hello.", article="a", reviewer="", date="2024-05-03T10:00:00Z")
        unit = memory.lookup_reviewed("Ciao.")
        assert unit is not None and unit.reviewer == "Anna"
