"""The local translation memory: reviewed translations (kept forever) and a machine-translation cache.

One SQLite file per output folder. Every write is one transaction, so a run killed at any moment leaves
the memory as it was before or after a whole batch, never in between. Source texts are keyed by
:func:`sentence_key` (whitespace collapsed, NFC, quotes folded), so a sentence re-wrapped or re-saved
with other apostrophes still hits.

Three kinds of text, never mixed: reviewed translations (reused in other articles), edits a person
made but has not approved yet (kept as history, never reused), and machine drafts (a cache keyed by
everything that changes the output).
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import ParamSpec, TypeVar

from translate_news.errors import InputError
from translate_news.exchange import (
    FORMATS,
    TM_READER,
    ReadOptions,
    TMUnit,
    TMXContents,
    clamp_future,
    iso_date,
    now_iso,
    write_tmx,
)
from translate_news.fileio import write_atomic
from translate_news.identity import sentence_key

SCHEMA_VERSION = 3
# Well under SQLite's oldest bound-parameter limit (999), so chunked IN (...) lookups work anywhere.
_CHUNK = 900

_EDITS_TABLE = """CREATE TABLE IF NOT EXISTS edits (
    id INTEGER PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL, article TEXT NOT NULL,
    reviewer TEXT NOT NULL, date TEXT NOT NULL,
    UNIQUE (source, target, article)
)"""

# How many pieces an over-long source was translated in, keyed as its draft in mt_cache: a re-run
# takes the count from here instead of cutting the sentence again. Added without a schema version:
# an older translate-news ignores the table.
_PIECES_TABLE = """CREATE TABLE IF NOT EXISTS mt_pieces (
    model_key TEXT NOT NULL, glossary_key TEXT NOT NULL, source TEXT NOT NULL, pieces INTEGER NOT NULL,
    PRIMARY KEY (model_key, glossary_key, source)
) WITHOUT ROWID"""

# What the last run wrote for each article (``pipeline.trust``): a re-run that finds every file still
# holding those bytes, and the same source and inputs, skips the article. Our own note, like
# mt_pieces added without a schema version; losing it costs one full re-run, never a person's text.
_TRUST_TABLE = """CREATE TABLE IF NOT EXISTS trusted (
    identity TEXT PRIMARY KEY, key TEXT NOT NULL, slug TEXT NOT NULL, source TEXT NOT NULL,
    files TEXT NOT NULL, sentences TEXT NOT NULL, reviewed TEXT NOT NULL, counts TEXT NOT NULL
)"""

# The slugs whose output folder an article took earlier in the run in progress (``pipeline.runner``),
# so a run of any size holds none of them in memory (issue 24). A TEMP table: on disk (SQLite's temp
# store is a file unless a build says otherwise, and its cache here is 256 KiB), gone with the
# connection, and the memory file untouched (an unchanged re-run writes nothing).
_RUN_SLUGS_TABLE = "CREATE TEMP TABLE IF NOT EXISTS run_slugs (slug TEXT PRIMARY KEY) WITHOUT ROWID"
_RUN_SLUGS_CACHE = "PRAGMA temp.cache_size = -256"

_SCHEMA = (
    "CREATE TABLE schema_version (version INTEGER NOT NULL)",
    # The latest review of each normalised source text: what lookups return.
    """CREATE TABLE reviewed (
        source TEXT PRIMARY KEY, target TEXT NOT NULL, article TEXT NOT NULL,
        reviewer TEXT NOT NULL, date TEXT NOT NULL
    ) WITHOUT ROWID""",
    # Every review ever recorded; identical rows collapse so re-importing a TMX adds nothing.
    """CREATE TABLE reviewed_history (
        id INTEGER PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL, article TEXT NOT NULL,
        reviewer TEXT NOT NULL, date TEXT NOT NULL,
        UNIQUE (source, target, article, reviewer, date)
    )""",
    # Edits a person made and has not approved yet: findable, never served as reviewed work.
    _EDITS_TABLE,
    # The model, its decoding settings and the glossary version are part of the key: a change misses.
    """CREATE TABLE mt_cache (
        model_key TEXT NOT NULL, glossary_key TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
        PRIMARY KEY (model_key, glossary_key, source)
    ) WITHOUT ROWID""",
)

# Who made a text is who was recorded when it was first seen: the same text seen again (every run
# re-reads people's catalogs, whatever their header says by then) changes nothing, unless the first
# record named nobody and this one names someone. A different text, newer, replaces it.
_UPSERT_REVIEWED = """
    INSERT INTO reviewed (source, target, article, reviewer, date) VALUES (?1, ?2, ?3, ?4, ?5)
    ON CONFLICT (source) DO UPDATE SET
        target = excluded.target, article = excluded.article,
        reviewer = excluded.reviewer, date = excluded.date
    WHERE (excluded.target <> reviewed.target AND excluded.date >= reviewed.date)
       OR (excluded.target = reviewed.target AND reviewed.reviewer = '' AND excluded.reviewer <> '')
"""
_INSERT_HISTORY = """
    INSERT OR IGNORE INTO reviewed_history (source, target, article, reviewer, date)
    SELECT ?1, ?2, ?3, ?4, ?5 WHERE NOT EXISTS (
        SELECT 1 FROM reviewed WHERE source = ?1 AND target = ?2 AND (reviewer <> '' OR ?4 = '')
    )
"""

P = ParamSpec("P")
R = TypeVar("R")


def memory_path(output_dir: Path) -> Path:
    """Where an output folder keeps its translation memory."""
    return Path(output_dir) / ".tm" / "memory.sqlite"


@dataclass(frozen=True)
class MemoryStats:
    reviewed: int
    history: int
    edits: int
    mt_rows: int
    mt_by_key: tuple[tuple[str, str, int], ...]  # (model_key, glossary_key, rows)


@dataclass(frozen=True)
class TrustRow:
    """What a run wrote for one article, as ``pipeline.trust`` encodes it; the memory only stores it.

    ``key`` holds every run input the outputs depend on, ``source`` the input's SHA-256, ``files``,
    ``sentences`` and ``counts`` JSON, ``reviewed`` a digest of the memory's reviews of the sentences."""

    identity: str
    key: str
    slug: str
    source: str
    files: str
    sentences: str
    reviewed: str
    counts: str


@dataclass(frozen=True)
class TMXImport:
    """What ``tm import`` did: reviewed pairs added, drafts left out, inline codes and dates it changed."""

    imported: int
    drafts_skipped: int = 0
    dropped_codes: int = 0
    future_dates: int = 0


def _guarded(method: Callable[P, R]) -> Callable[P, R]:
    """Turn SQLite failures (corrupt file, locked database, full disk) into an InputError naming the file."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except (sqlite3.ProgrammingError, sqlite3.InterfaceError):
            raise
        except sqlite3.DatabaseError as exc:
            memory = args[0]
            assert isinstance(memory, TranslationMemory)
            raise InputError(memory.path, f"translation memory unusable: {exc}") from None

    return wrapper


def safe_iso_date(value: str) -> str:
    """``iso_date`` for dates people's tools write; '' for a template or malformed date."""
    try:
        return iso_date(value) if value.strip() else ""
    except ValueError:
        return ""


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _unit(row: tuple[str, str, str, str, str]) -> TMUnit:
    return TMUnit(source=row[0], target=row[1], article=row[2], reviewer=row[3], date=row[4])


class TranslationMemory:
    """A translation memory in one SQLite file; use as a context manager.

    ``create=False`` refuses to make a new, empty memory (for export and stats, where a missing file
    is a mistaken ``--output`` rather than an empty memory).
    """

    def __init__(
        self, path: Path, *, source_lang: str = "it", target_lang: str = "en", create: bool = True
    ) -> None:
        self.path = Path(path)
        self.source_lang = source_lang
        self.target_lang = target_lang
        if not self.path.exists():
            if not create:
                raise InputError(
                    self.path, "no translation memory here (nothing has been imported or reviewed)"
                )
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise InputError(self.path.parent, f"cannot create folder: {exc.strerror or exc}") from None
        elif not self.path.is_file():
            raise InputError(self.path, "not a file")
        try:
            # Autocommit mode: every write below opens its own explicit transaction.
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        except sqlite3.Error as exc:
            raise InputError(self.path, f"cannot open translation memory: {exc}") from None
        try:
            self._open()
        except BaseException:
            self._db.close()
            raise

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT: a whole batch lands or none of it does."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
            self._db.execute("COMMIT")
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    @_guarded
    def _open(self) -> None:
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as exc:
            raise InputError(self.path, f"not a translation memory ({exc})") from None
        self._db.execute("PRAGMA synchronous=NORMAL")
        with self._transaction() as db:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables:
                for statement in (*_SCHEMA, _PIECES_TABLE, _TRUST_TABLE):
                    db.execute(statement)
                db.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
                return
            if "schema_version" not in tables:
                raise InputError(
                    self.path, "not a translate-news translation memory (no schema_version table)"
                )
            row = db.execute("SELECT max(version) FROM schema_version").fetchone()
            version = row[0] if row else None
            if not isinstance(version, int):
                raise InputError(self.path, "translation memory has no schema version")
            if version > SCHEMA_VERSION:
                raise InputError(
                    self.path,
                    f"translation memory schema {version} is newer than this translate-news"
                    f" (it reads up to {SCHEMA_VERSION})",
                )
            if version < 2:
                _migrate_to_2(db)
            if version < 3:
                _migrate_to_3(db, tables)
            if "mt_pieces" not in tables:
                db.execute(_PIECES_TABLE)
            if "trusted" not in tables:
                db.execute(_TRUST_TABLE)

    # --- reviewed translations -----------------------------------------------------------------

    def add_reviewed(
        self, source: str, target: str, *, article: str, reviewer: str = "", date: str | None = None
    ) -> None:
        """Record a human-approved translation; ``date`` (ISO 8601) defaults to now."""
        self.add_reviewed_many([TMUnit(source, target, article, reviewer, date or "")])

    @_guarded
    def add_reviewed_many(self, units: Iterable[TMUnit]) -> int:
        """Record many reviews in one transaction; the latest date per source wins, every one is history,
        and a text already recorded keeps who made it (first seen; a name fills in a nameless record).

        Units without a date are dated now, future dates are clamped to now, and a unit with an empty
        target is no translation and is not recorded. Raises ValueError for an empty source or a bad
        date. Returns how many were recorded.
        """
        rows = _rows(units)
        with self._transaction() as db:
            db.executemany(_INSERT_HISTORY, rows)
            db.executemany(_UPSERT_REVIEWED, rows)
        return len(rows)

    @_guarded
    def add_edits_many(self, units: Iterable[TMUnit]) -> int:
        """Record edits a person made but has not approved (fuzzy, not our draft): kept, never reused."""
        rows = _rows(units)
        with self._transaction() as db:
            db.executemany(
                "INSERT OR IGNORE INTO edits (source, target, article, reviewer, date)"
                " VALUES (?, ?, ?, ?, ?)",
                rows,
            )
        return len(rows)

    @_guarded
    def edit_history(self, source: str) -> list[TMUnit]:
        """Every unapproved edit recorded for ``source``, oldest first."""
        rows = self._db.execute(
            "SELECT source, target, article, reviewer, date FROM edits WHERE source = ? ORDER BY date, id",
            (sentence_key(source),),
        )
        return [_unit(row) for row in rows]

    @_guarded
    def lookup_reviewed(self, source: str) -> TMUnit | None:
        row = self._db.execute(
            "SELECT source, target, article, reviewer, date FROM reviewed WHERE source = ?",
            (sentence_key(source),),
        ).fetchone()
        return _unit(row) if row else None

    @_guarded
    def lookup_reviewed_many(self, sources: Iterable[str]) -> dict[str, TMUnit]:
        """Reviewed translations for those of ``sources`` that have one, keyed by the caller's strings."""
        wanted = _by_key(sources)
        found: dict[str, TMUnit] = {}
        for chunk in _chunks(list(wanted)):
            marks = ",".join("?" * len(chunk))
            query = f"SELECT source, target, article, reviewer, date FROM reviewed WHERE source IN ({marks})"
            for row in self._db.execute(query, chunk):
                unit = _unit(row)
                for original in wanted[unit.source]:
                    found[original] = unit
        return found

    @_guarded
    def reviewed_units(self) -> list[TMUnit]:
        """The latest review of every source, sorted by source so exports are reproducible."""
        rows = self._db.execute(
            "SELECT source, target, article, reviewer, date FROM reviewed ORDER BY source"
        )
        return [_unit(row) for row in rows]

    @_guarded
    def review_history(self, source: str) -> list[TMUnit]:
        """Every review recorded for ``source``, oldest first."""
        rows = self._db.execute(
            "SELECT source, target, article, reviewer, date FROM reviewed_history WHERE source = ?"
            " ORDER BY date, id",
            (sentence_key(source),),
        )
        return [_unit(row) for row in rows]

    # --- machine-translation cache -------------------------------------------------------------

    @_guarded
    def get_mt(self, source: str, model_key: str, glossary_key: str) -> str | None:
        row = self._db.execute(
            "SELECT target FROM mt_cache WHERE model_key = ? AND glossary_key = ? AND source = ?",
            (model_key, glossary_key, sentence_key(source)),
        ).fetchone()
        return row[0] if row else None

    @_guarded
    def get_mt_many(self, sources: Iterable[str], model_key: str, glossary_key: str) -> dict[str, str]:
        """Cached drafts for this model and glossary version, keyed by the caller's strings."""
        return self._cached_many("mt_cache", "target", sources, model_key, glossary_key)

    def _cached_many(
        self, table: str, column: str, sources: Iterable[str], model_key: str, glossary_key: str
    ) -> dict:
        """``column`` of ``table`` (a cache keyed by model, glossary and source) for these sources,
        keyed by the caller's strings; one query per chunk of sources."""
        wanted = _by_key(sources)
        found: dict = {}
        for chunk in _chunks(list(wanted)):
            marks = ",".join("?" * len(chunk))
            query = (
                f"SELECT source, {column} FROM {table}"
                f" WHERE model_key = ? AND glossary_key = ? AND source IN ({marks})"
            )
            for key, value in self._db.execute(query, [model_key, glossary_key, *chunk]):
                for original in wanted[key]:
                    found[original] = value
        return found

    @_guarded
    def put_mt_many(
        self,
        rows: Iterable[tuple[str, str]],
        model_key: str,
        glossary_key: str,
        pieces: Mapping[str, int] | None = None,
    ) -> int:
        """Cache (source, target) drafts for this model and glossary version in one transaction, with
        the piece counts of the sources in ``pieces`` (the ones that might not fit the model)."""
        values = [(model_key, glossary_key, sentence_key(source), target) for source, target in rows]
        counts = [(model_key, glossary_key, sentence_key(s), n) for s, n in (pieces or {}).items()]
        with self._transaction() as db:
            db.executemany(
                "INSERT INTO mt_cache (model_key, glossary_key, source, target) VALUES (?, ?, ?, ?)"
                " ON CONFLICT DO UPDATE SET target = excluded.target",
                values,
            )
            db.executemany(
                "INSERT INTO mt_pieces (model_key, glossary_key, source, pieces) VALUES (?, ?, ?, ?)"
                " ON CONFLICT DO UPDATE SET pieces = excluded.pieces",
                counts,
            )
        return len(values)

    @_guarded
    def get_mt_pieces_many(self, sources: Iterable[str], model_key: str, glossary_key: str) -> dict[str, int]:
        """The piece counts cached with these sources' drafts (absent: cached before counts were)."""
        return self._cached_many("mt_pieces", "pieces", sources, model_key, glossary_key)

    @_guarded
    def any_mt_many(self, sources: Iterable[str]) -> dict[str, str]:
        """A cached draft for each source that has one, whatever the settings: ``build``'s fallback
        when a catalog entry has no translation, so the English article never falls back to Italian."""
        wanted = _by_key(sources)
        found: dict[str, str] = {}
        for chunk in _chunks(list(wanted)):
            marks = ",".join("?" * len(chunk))
            query = f"SELECT source, max(target) FROM mt_cache WHERE source IN ({marks}) GROUP BY source"
            for key, target in self._db.execute(query, chunk):
                for original in wanted[key]:
                    found[original] = target
        return found

    @_guarded
    def clear_mt(self) -> int:
        """Delete every cached machine draft; reviewed translations and edits are untouched."""
        with self._transaction() as db:
            cursor = db.execute("DELETE FROM mt_cache")
            db.execute("DELETE FROM mt_pieces")
        return cursor.rowcount

    # --- what the last run wrote (pipeline.trust) -------------------------------------------------

    @_guarded
    def trusted_many(self, identities: Iterable[str]) -> dict[str, TrustRow]:
        """The recorded rows of these articles (by source identity), one query per chunk."""
        found: dict[str, TrustRow] = {}
        for chunk in _chunks(list(dict.fromkeys(identities))):
            marks = ",".join("?" * len(chunk))
            query = (
                "SELECT identity, key, slug, source, files, sentences, reviewed, counts FROM trusted"
                f" WHERE identity IN ({marks})"
            )
            for row in self._db.execute(query, chunk):
                found[row[0]] = TrustRow(*row)
        return found

    @_guarded
    def put_trusted_many(self, rows: Iterable[TrustRow]) -> None:
        """Record (or replace) what the run wrote for these articles, in one transaction."""
        values = [
            (r.identity, r.key, r.slug, r.source, r.files, r.sentences, r.reviewed, r.counts) for r in rows
        ]
        with self._transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO trusted (identity, key, slug, source, files, sentences, reviewed,"
                " counts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                values,
            )

    @_guarded
    def forget_trusted_many(self, identities: Iterable[str]) -> None:
        """Drop these articles' rows: their next run takes the full path."""
        with self._transaction() as db:
            db.executemany("DELETE FROM trusted WHERE identity = ?", [(i,) for i in identities])

    # --- the slugs the run in progress took (pipeline.runner) ------------------------------------

    @_guarded
    def clear_run_slugs(self) -> None:
        """Start the run's slugs: none taken (the table lives as long as this connection)."""
        self._db.execute(_RUN_SLUGS_TABLE)
        self._db.execute(_RUN_SLUGS_CACHE)
        self._db.execute("DELETE FROM run_slugs")

    @_guarded
    def add_run_slugs(self, slugs: Iterable[str]) -> None:
        """Record slugs this run took, in one transaction."""
        with self._transaction() as db:
            db.executemany("INSERT OR IGNORE INTO run_slugs (slug) VALUES (?)", [(s,) for s in slugs])

    @_guarded
    def has_run_slug(self, slug: str) -> bool:
        """Did an article take ``slug`` earlier in this run (recorded by :meth:`add_run_slugs`)?"""
        return self._db.execute("SELECT 1 FROM run_slugs WHERE slug = ?", (slug,)).fetchone() is not None

    # --- exchange and reporting ----------------------------------------------------------------

    def export_tmx(self, path: Path) -> int:
        """Write every reviewed translation to a TMX 1.4 file (atomically); returns how many."""
        units = self.reviewed_units()
        write_atomic(Path(path), write_tmx(units, source_lang=self.source_lang, target_lang=self.target_lang))
        return len(units)

    def import_tmx(self, path: Path) -> TMXImport:
        """Add a TMX file's reviewed pairs (reviewer from ``changeid``/``creationid``, article from
        ``<prop type="x-article">``, dates kept, future dates clamped to now). Machine drafts
        (``<prop type="x-status">draft</prop>``) are never added: the memory holds only approved work."""
        options = ReadOptions(source_lang=self.source_lang, target_lang=self.target_lang)
        contents = FORMATS[TM_READER].read(Path(path), options)
        if not isinstance(contents, TMXContents):  # the registered TM reader reports what it changed
            raise TypeError(f"{TM_READER} reader returned {type(contents).__name__}, not TMXContents")
        units = [unit for unit in contents.units if sentence_key(unit.source)]
        reviewed = [unit for unit in units if unit.status == "reviewed"]
        added = self.add_reviewed_many(reviewed)
        return TMXImport(added, len(units) - len(reviewed), contents.dropped_codes, contents.future_dates)

    @_guarded
    def stats(self) -> MemoryStats:
        def count(table: str) -> int:
            return self._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

        by_key = self._db.execute(
            "SELECT model_key, glossary_key, count(*) FROM mt_cache GROUP BY model_key, glossary_key"
            " ORDER BY model_key, glossary_key"
        ).fetchall()
        return MemoryStats(
            reviewed=count("reviewed"),
            history=count("reviewed_history"),
            edits=count("edits"),
            mt_rows=count("mt_cache"),
            mt_by_key=tuple((model, glossary, rows) for model, glossary, rows in by_key),
        )


def _by_key(sources: Iterable[str]) -> dict[str, list[str]]:
    """Normalised key → the caller's spellings of it, so results can be handed back under theirs."""
    wanted: dict[str, list[str]] = {}
    for source in sources:
        wanted.setdefault(sentence_key(source), []).append(source)
    return wanted


def _rows(units: Iterable[TMUnit]) -> list[tuple[str, str, str, str, str]]:
    """Database rows: keyed source, dated (now when undated, clamped when in the future), no empty target."""
    now = now_iso()
    rows = []
    for unit in units:
        key = sentence_key(unit.source)
        if not key:
            raise ValueError("a reviewed translation needs a non-empty source text")
        if not unit.target.strip():
            continue
        date = clamp_future(iso_date(unit.date), now) if unit.date else now
        rows.append((key, unit.target, unit.article, unit.reviewer, date))
    return rows


def _migrate_to_3(db: sqlite3.Connection, tables: set[str]) -> None:
    """Schema 2 → 3: keys re-made now that :func:`sentence_key` decodes entities, so a sentence an HTML
    page wrote ``perch&eacute;`` is found as ``perché`` (keys whose text is unchanged stay as they are)."""
    for table in ("reviewed_history", "edits"):
        rows = db.execute(f"SELECT id, source FROM {table}").fetchall()
        changed = [
            (sentence_key(source), row_id) for row_id, source in rows if sentence_key(source) != source
        ]
        db.executemany(f"UPDATE OR IGNORE {table} SET source = ? WHERE id = ?", changed)
    reviewed = db.execute("SELECT source, target, article, reviewer, date FROM reviewed").fetchall()
    moved = [row for row in reviewed if sentence_key(row[0]) != row[0]]
    db.executemany("DELETE FROM reviewed WHERE source = ?", [(row[0],) for row in moved])
    db.executemany(_UPSERT_REVIEWED, [(sentence_key(row[0]), *row[1:]) for row in moved])
    for table in ("mt_cache", "mt_pieces") if "mt_pieces" in tables else ("mt_cache",):
        rows = db.execute(f"SELECT model_key, glossary_key, source FROM {table}").fetchall()
        db.executemany(
            f"UPDATE OR IGNORE {table} SET source = ?"
            " WHERE model_key = ? AND glossary_key = ? AND source = ?",
            [(sentence_key(src), m, g, src) for m, g, src in rows if sentence_key(src) != src],
        )
    db.execute("INSERT INTO schema_version (version) VALUES (3)")


def _migrate_to_2(db: sqlite3.Connection) -> None:
    """Schema 1 → 2: the edits table, and every key re-made with :func:`sentence_key`."""
    db.execute(_EDITS_TABLE)
    history = db.execute("SELECT source, target, article, reviewer, date FROM reviewed_history").fetchall()
    db.execute("DELETE FROM reviewed_history")
    db.executemany(
        "INSERT OR IGNORE INTO reviewed_history (source, target, article, reviewer, date)"
        " VALUES (?, ?, ?, ?, ?)",
        [(sentence_key(r[0]), *r[1:]) for r in history],
    )
    reviewed = db.execute("SELECT source, target, article, reviewer, date FROM reviewed").fetchall()
    db.execute("DELETE FROM reviewed")
    db.executemany(_UPSERT_REVIEWED, [(sentence_key(r[0]), *r[1:]) for r in reviewed])
    cache = db.execute("SELECT model_key, glossary_key, source, target FROM mt_cache").fetchall()
    db.execute("DELETE FROM mt_cache")
    db.executemany(
        "INSERT OR IGNORE INTO mt_cache (model_key, glossary_key, source, target) VALUES (?, ?, ?, ?)",
        [(m, g, sentence_key(src), t) for m, g, src, t in cache],
    )
    db.execute("INSERT INTO schema_version (version) VALUES (2)")
