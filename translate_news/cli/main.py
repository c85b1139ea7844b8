"""The ``translate-news`` command line: parses options, calls the stages, reports. Nothing else."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import click

from translate_news import defaults
from translate_news.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_FINDINGS,
    EXIT_SOME_FAILED,
    LazyHelpOption,
    RegistryChoice,
    echo_json,
    exit_code_for,
    json_option,
    legacy_output_argument,
    load,
    output_option,
    quiet_option,
    resolve_output,
)
from translate_news.errors import InputError

if TYPE_CHECKING:
    from translate_news.pipeline.runner import Built
    from translate_news.pipeline.runrecord import OutputGlossary

# Exit codes (README "Exit codes"): 0 ok, 1 findings, 2 usage or input error, 3 some articles failed.
__all__ = ["EXIT_BAD_INPUT", "EXIT_FINDINGS", "EXIT_SOME_FAILED", "cli", "main"]
EXIT_INTERRUPTED = 130  # Ctrl-C
EXIT_TERMINATED = 143  # SIGTERM: 128 + 15, as shells report it
# Registries behind options, read when an option is used or shown (``load``).
_PROFILES = "translate_news.exchange.profiles:XLIFF_PROFILES"
_EXECUTORS = "translate_news.pipeline.executor:EXECUTORS"


def _report_errors(errors: list[InputError]) -> None:
    """One line per article that could not be processed; the caller goes on with the others."""
    for error in errors:
        click.echo(f"translate-news: error: {error}", err=True)


class LazyGroup(click.Group):
    """Command families from their own modules, imported only when used: ``--help`` stays fast."""

    lazy = {
        "glossary": "translate_news.cli.glossary:glossary",
        "models": "translate_news.cli.models:models",
        "tm": "translate_news.cli.tm:tm",
        "xliff": "translate_news.cli.xliff:xliff",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            return load(self.lazy[name])
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="translate-news")
def cli() -> None:
    """Offline Italian→English news translation with an enforced glossary and PO review."""


@cli.command()
@click.argument("file", type=click.Path(path_type=Path), required=False)
@click.option(
    "--jsonl", is_flag=True, help='Read {"id","text"} JSON lines on stdin, write {"id","sentences"}.'
)
def segment(file: Path | None, jsonl: bool) -> None:
    """Print FILE's sentences, one per line (or segment JSON lines with --jsonl)."""
    from translate_news.segmentation.sentences import split_sentences

    if jsonl:
        out = sys.stdout
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise InputError("<stdin>", "expected a JSON object with a string 'text' field", number)
            text = record["text"]
            sentences = [text[s:e] for s, e in split_sentences(text)]
            out.write(json.dumps({"id": record.get("id"), "sentences": sentences}, ensure_ascii=False) + "\n")
        return
    if file is None:
        raise click.UsageError("give a FILE, or --jsonl to read JSON lines on stdin")
    from translate_news.documents.registry import read_article
    from translate_news.segmentation.segment import segment_article

    article = read_article(file)
    for seg in segment_article(article):
        click.echo(seg.text)


xliff_option = click.option(
    "--xliff",
    type=RegistryChoice("translate_news.exchange:XLIFF_VERSIONS"),
    default="both",
    show_default=True,
    help="XLIFF versions to write.",
)
xliff_profile_option = click.option(
    "--xliff-profile",
    type=RegistryChoice(_PROFILES),
    default="default",
    show_default=True,
    cls=LazyHelpOption,
    help_text=lambda: (
        "Which CAT tool's reading of XLIFF to write for: "
        + "; ".join(f"{p.name}: {p.help}" for p in load(_PROFILES).values())
        + " (README: XLIFF for OmegaT)."
    ),
)


@cli.command()
@click.argument("articles", nargs=-1, type=click.Path(path_type=Path))
@click.option("-r", "--recursive", is_flag=True, help="Walk subfolders; slugs get the folder path.")
@output_option("Output folder (created if missing).")
@click.option(
    "-g",
    "--glossary",
    type=click.Path(path_type=Path),
    help="Glossary TSV to enforce [default: the project's, from translate-news.toml, pyproject.toml "
    "or the Makefile's GLOSSARY, nearest above the articles].",
)
@click.option("--no-glossary", is_flag=True, help="Translate without enforcing a glossary.")
@click.option(
    "-m",
    "--model",
    type=click.Path(path_type=Path),
    help="An .argosmodel file or an unpacked package folder.",
)
@click.option("--beam-size", type=click.IntRange(1, 16), default=defaults.BEAM_SIZE, show_default=True)
@click.option(
    "--threads", type=click.IntRange(0, 256), default=defaults.THREADS, help="CPU threads (0: one per core)."
)
@click.option(
    "--device",
    type=RegistryChoice("translate_news.mt.engine:DEVICES"),
    default=defaults.DEVICE,
    show_default=True,
)
@click.option(
    "--compute-type",
    default=defaults.COMPUTE_TYPE,
    show_default=True,
    help="CTranslate2 compute type: default, int8, int8_float32, float32, float16, bfloat16…",
)
@click.option(
    "--max-decoding-length",
    type=click.IntRange(1, 1024),
    default=defaults.MAX_DECODING_LENGTH,
    show_default=True,
    help="Most target tokens decoded per sentence.",
)
@click.option(
    "--money-style",
    type=RegistryChoice("translate_news.facts.localize:MONEY_STYLES"),
    default=defaults.MONEY_STYLE,
    show_default=True,
    help="How localized MT amounts are written: €3.5 billion (symbol) or 3.5 billion euros (words).",
)
@click.option(
    "--date-style",
    type=RegistryChoice("translate_news.facts.localize:DATE_STYLES"),
    default=defaults.DATE_STYLE,
    show_default=True,
    help="Reorder source dates in MT output: October 21 (month-day), 21 October (day-month).",
)
@click.option(
    "--executor",
    type=RegistryChoice(_EXECUTORS),
    default=defaults.EXECUTOR,
    show_default=True,
    cls=LazyHelpOption,
    help_text=lambda: (
        "Where MT runs ("
        + "; ".join(f"{kind.name}: {kind.description}" for kind in load(_EXECUTORS).values())
        + ")."
    ),
)
@click.option(
    "--ray-address", help="Ray cluster to join (ray://HOST:10001 or HOST:6379) [default: start one here]."
)
@click.option(
    "--ray-actors",
    type=click.IntRange(0, 4096),
    default=0,
    help="Translator actors (0: one per worker slot).",
)
@click.option(
    "--ray-cpus-per-actor",
    type=click.IntRange(0, 256),
    default=0,
    help="CPU threads per actor (0: a node's CPUs, one actor per node).",
)
@click.option(
    "--ray-gpus-per-actor",
    type=click.FloatRange(0, 16),
    default=0.0,
    help="GPUs per actor (with --device cuda).",
)
@click.option(
    "--ray-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=defaults.RAY_TIMEOUT,
    show_default=True,
    envvar="TRANSLATE_NEWS_RAY_TIMEOUT",
    help="Seconds to reach --ray-address, and for the first translator actor to get its CPUs or GPUs"
    " [env TRANSLATE_NEWS_RAY_TIMEOUT].",
)
@click.option(
    "--name-repair/--no-name-repair",
    default=True,
    show_default=True,
    help="Re-decode a draft that dropped a name of the source; --no-name-repair only notes it (faster).",
)
@click.option(
    "--chunk-size",
    type=click.IntRange(1),
    default=defaults.CHUNK_SIZE,
    show_default=True,
    help="Articles read, translated and written at a time: memory stays flat, a killed run keeps them.",
)
@quiet_option
@json_option
@xliff_option
@xliff_profile_option
def run(
    articles: tuple[Path, ...],
    recursive: bool,
    output: Path,
    glossary: Path | None,
    no_glossary: bool,
    model: Path | None,
    beam_size: int,
    threads: int,
    device: str,
    compute_type: str,
    max_decoding_length: int,
    money_style: str,
    date_style: str,
    name_repair: bool,
    chunk_size: int,
    executor: str,
    ray_address: str | None,
    ray_actors: int,
    ray_cpus_per_actor: int,
    ray_gpus_per_actor: float,
    ray_timeout: float,
    quiet: bool,
    as_json: bool,
    xliff: str,
    xliff_profile: str,
) -> None:
    """Translate the ARTICLES files and folders (default: articles/) into OUTPUT."""
    from translate_news.allocator import in_use, worker_environment
    from translate_news.cli.progress import TerminalReporter
    from translate_news.cli.project import choose_glossary
    from translate_news.exchange import formats_with_xliff
    from translate_news.facts import LocalizeSettings
    from translate_news.mt.engine import EngineOptions, check_compute_type
    from translate_news.pipeline.executor import ExecutorSettings
    from translate_news.pipeline.runner import RunConfig
    from translate_news.pipeline.runner import run as run_pipeline

    check_compute_type(compute_type)  # before any work, not when the model is first needed
    if ray_gpus_per_actor and device == "cpu":
        raise InputError(None, "--ray-gpus-per-actor needs --device cuda (or auto)")
    articles = articles or (Path("articles"),)
    chosen = choose_glossary(glossary, no_glossary, articles[0])
    config = RunConfig(
        articles,
        output,
        chosen.path,
        model,
        EngineOptions(
            beam_size=beam_size,
            threads=threads,
            device=device,
            compute_type=compute_type,
            max_decoding_length=max_decoding_length,
        ),
        recursive,
        formats_with_xliff(xliff, xliff_profile),
        localize=LocalizeSettings(money=money_style, date=date_style),  # type: ignore[arg-type]
        chunk_size=chunk_size,
        repair_names=name_repair,
        executor=ExecutorSettings(
            executor,
            ray_address,
            ray_actors,
            ray_cpus_per_actor,
            ray_gpus_per_actor,
            ray_timeout,
            worker_environment(),
        ),
        glossary_origin=chosen.origin,
    )
    summary = run_pipeline(config, TerminalReporter(quiet or as_json))
    if as_json:
        seconds = summary.seconds or float("inf")
        rate = {
            "articles_per_second": summary.articles / seconds,
            "segments_per_second": summary.segments / seconds,
        }
        report = {"output": output, **dataclasses.asdict(summary), "rate": rate, "glossary": chosen.as_json()}
        echo_json({**report, "allocator": in_use()})
    elif not quiet:
        rate = summary.segments / summary.seconds if summary.seconds else 0.0
        click.echo(
            f"{summary.articles} articles, {summary.segments} segments, {summary.words} words "
            f"in {summary.seconds:.2f} s ({rate:,.0f} segments/s): {summary.translated} machine-translated, "
            f"{summary.cached} from the MT cache, {summary.from_memory} from the translation memory, "
            f"{summary.kept} kept from the catalogs, {summary.changed} changed, "
            f"{summary.obsoleted} obsolete, {summary.long_segments} long segments to check; "
            f"{summary.failed} failed",
            err=True,
        )
        if summary.trusted:
            click.echo(
                f"{summary.trusted} articles unchanged since the last run (files as it left them): skipped",
                err=True,
            )
        click.echo(chosen.describe(), err=True)
        if summary.italian:
            click.echo(
                f"warning: {summary.italian} segments have no translation and stay Italian in the English"
                " articles (each has a 'qa: no translation' note in its PO entry)",
                err=True,
            )
        if summary.italian_targets:
            click.echo(
                f"warning: {summary.italian_targets} segments have a translation that is the Italian source"
                " or mostly Italian: the English articles show Italian there ('translate-news check' lists"
                " them)",
                err=True,
            )
        if summary.retired:
            click.echo(
                f"{summary.retired} articles changed input format: the old snapshot and English article"
                " were retired; their catalogs carry on",
                err=True,
            )
        if summary.skipped:
            listed = "; ".join(f"{s.path} ({s.reason})" for s in summary.skipped)
            click.echo(f"skipped {len(summary.skipped)}: {listed}", err=True)
    if summary.refused and not quiet:
        click.echo(f"warning: {_refused_line(summary.refused)}", err=True)
    sys.exit(_with_refused(exit_code_for(summary.articles, summary.failed), summary.refused))


def _refused_line(refused: int) -> str:
    return (
        f"{refused} translations add markup that is unsafe to publish: the English page has the Italian "
        "sentence instead and the catalog keeps the translation to fix ('translate-news check' lists them)"
    )


def _with_refused(code: int, refused: int) -> int:
    """Exit 1 (findings) when the pages are written but some translations were refused, unless an
    article failed (2 or 3 say more)."""
    return EXIT_FINDINGS if code == 0 and refused else code


def _existing_output(output: Path, legacy_output: Path | None, quiet: bool) -> Path:
    folder = resolve_output(output, legacy_output, quiet)
    if not folder.is_dir():
        raise InputError(folder, "no such output folder")
    return folder


def _say_glossary(chosen: OutputGlossary, quiet: bool, as_json: bool) -> None:
    """First on stderr: the glossary and why (``--json`` has it in the document), then each mismatch
    with what the run recorded."""
    if not (quiet or as_json):
        click.echo(chosen.describe(), err=True)
    if not quiet:
        for warning in chosen.warnings:
            click.echo(f"warning: {warning}", err=True)


@cli.command()
@legacy_output_argument
@output_option("Output folder to rebuild.")
@click.option(
    "--reviewed-only",
    is_flag=True,
    help="Write only articles whose every sentence is reviewed; list the others' unreviewed "
    "sentences, leave their files as they are and exit 1.",
)
@quiet_option
@json_option
@xliff_option
@xliff_profile_option
def build(
    legacy_output: Path | None,
    output: Path,
    reviewed_only: bool,
    quiet: bool,
    as_json: bool,
    xliff: str,
    xliff_profile: str,
) -> None:
    """Assemble the English articles in OUTPUT from the PO catalogs (reviewed first, then MT).

    Unreviewed sentences (machine drafts, unfinished edits) are published as drafts and counted per
    article; --reviewed-only withholds every article that has any. Names first the glossary the run
    recorded (the drafts' terms), warning if it changed since."""
    from translate_news.cli.project import output_glossary
    from translate_news.exchange import formats_with_xliff
    from translate_news.pipeline.runner import build_output

    output = _existing_output(output, legacy_output, quiet)
    chosen = output_glossary(output, applies=False)
    errors: list[InputError] = []
    built = build_output(  # under the output lock: a busy folder is one error line
        output,
        on_error=errors.append,
        exchanges=formats_with_xliff(xliff, xliff_profile),
        reviewed_only=reviewed_only,
    )
    _say_glossary(chosen, quiet, as_json)  # first line of the report: build itself prints nothing
    written = [b for b in built if b.written]
    withheld = [b for b in built if not b.written]
    if not (quiet or as_json):
        for article in written:
            click.echo(article.english.as_posix())
            if article.italian:
                click.echo(
                    f"warning: {article.english}: {article.italian} segments have no translation in the "
                    "catalog nor in the MT cache and stay Italian "
                    "(run 'translate-news run' to translate them)",
                    err=True,
                )
            if article.refused:
                click.echo(f"warning: {article.english}: {_refused_line(article.refused)}", err=True)
            if article.italian_targets:
                click.echo(
                    f"warning: {article.english}: {article.italian_targets} segments have a translation "
                    "that is the Italian source or mostly Italian ('translate-news check' lists them)",
                    err=True,
                )
            if article.unreviewed:
                click.echo(
                    f"note: {article.english}: {len(article.unreviewed)} of {article.sentences} sentences "
                    f"unreviewed ({_states(article)}), published as drafts",
                    err=True,
                )
        for article in withheld:
            click.echo(
                f"refused: {article.english}: {len(article.unreviewed)} of {article.sentences} sentences "
                f"unreviewed ({_states(article)}): not written (--reviewed-only), files unchanged:",
                err=True,
            )
            for sentence in article.unreviewed:
                click.echo(
                    f"  {_where(article.po, sentence.line)}: {sentence.state}: {_start(sentence.msgid)}",
                    err=True,
                )
        click.echo(_build_total(written, withheld), err=True)
    if as_json:
        echo_json(
            {
                "output": output,
                "built": [
                    {
                        "article": b.english.parent.name,
                        "english": b.english,
                        "written": b.written,
                        "italian": b.italian,
                        "refused": b.refused,
                        "italian_targets": b.italian_targets,
                        "po": b.po,
                        "sentences": b.sentences,
                        "unreviewed": [dataclasses.asdict(u) for u in b.unreviewed],
                    }
                    for b in built
                ],
                "unreviewed": sum(len(b.unreviewed) for b in built),
                "withheld": len(withheld),
                "errors": [str(e) for e in errors],
                "glossary": chosen.as_json(),
            }
        )
    _report_errors(errors)
    code = _with_refused(
        exit_code_for(len(built), len(errors)), sum(b.refused for b in built) + len(withheld)
    )
    sys.exit(code)


def _states(article: Built) -> str:
    """``2 machine drafts, 1 unfinished edit``: what the unreviewed sentences of an article are."""
    counts = Counter(u.state for u in article.unreviewed)
    return ", ".join(
        f"{n} {state}{'s' if n > 1 and state != 'untranslated' else ''}" for state, n in counts.items()
    )


def _where(po: Path | None, line: int | None) -> str:
    return f"{po}:{line}" if po is not None and line is not None else str(po or "")


def _start(msgid: str, width: int = 60) -> str:
    """The start of a sentence, enough to find it in an editor."""
    return msgid if len(msgid) <= width else msgid[: width - 1].rstrip() + "…"


def _build_total(written: list[Built], withheld: list[Built]) -> str:
    """The build's last line: articles written, and the unreviewed sentences published or withheld."""
    line = f"build: {len(written)} articles written"
    drafts = sum(len(b.unreviewed) for b in written)
    if drafts:
        with_drafts = sum(bool(b.unreviewed) for b in written)
        line += (
            f"; {drafts} unreviewed sentences in {with_drafts} of them published as drafts"
            " (--reviewed-only writes only fully reviewed articles)"
        )
    elif written:
        line += "; every sentence reviewed"
    if withheld:
        held = sum(len(b.unreviewed) for b in withheld)
        line += f"; {len(withheld)} withheld for {held} unreviewed sentences (--reviewed-only)"
    return line


@cli.command()
@legacy_output_argument
@output_option("Output folder to report on.")
@quiet_option
@json_option
def status(legacy_output: Path | None, output: Path, quiet: bool, as_json: bool) -> None:
    """Per article and in total: segments, words, reviewed, fuzzy, untranslated, percent reviewed.

    Names first the glossary the run recorded (the drafts' terms), warning if it changed since."""
    from translate_news.cli.project import output_glossary
    from translate_news.review.status import format_status, output_status, status_document

    output = _existing_output(output, legacy_output, quiet)
    chosen = output_glossary(output, applies=False)
    _say_glossary(chosen, quiet, as_json)
    rows, errors = output_status(output)
    if as_json:
        document = {"output": output, **status_document(rows), "errors": [str(e) for e in errors]}
        echo_json({**document, "glossary": chosen.as_json()})
    elif not quiet:
        click.echo(format_status(rows))
    _report_errors(errors)
    sys.exit(exit_code_for(len(rows), len(errors)))


@cli.command()
@legacy_output_argument
@output_option("Output folder whose catalogs to check.")
@click.option(
    "-g",
    "--glossary",
    type=click.Path(path_type=Path),
    help="Glossary TSV to check against [default: the one the run recorded in OUTPUT; for an output "
    "without a record, the project's, found as for run, above OUTPUT].",
)
@click.option("--no-glossary", is_flag=True, help="Facts checks only, no terminology checks.")
@click.option(
    "--report", type=click.Path(path_type=Path), help="Report path stem (default: OUTPUT/qa-report)."
)
@click.option(
    "--strict",
    is_flag=True,
    help="Also the strict checks (empty translations, over-long segments); exit 1 when any error remains.",
)
@quiet_option
@json_option
def check(
    legacy_output: Path | None,
    output: Path,
    glossary: Path | None,
    no_glossary: bool,
    report: Path | None,
    strict: bool,
    quiet: bool,
    as_json: bool,
) -> None:
    """Glossary QA of OUTPUT's catalogs as they are now (reviewers' edits included)."""
    from translate_news.cli.project import output_glossary
    from translate_news.findings import Severity
    from translate_news.glossary.model import Glossary, load_glossary
    from translate_news.layout import find_article_files
    from translate_news.qa.folder import check_folder
    from translate_news.qa.report import report_text, write_reports

    output = _existing_output(output, legacy_output, quiet)
    chosen = output_glossary(output, glossary, no_glossary)
    _say_glossary(chosen, quiet, as_json)
    # Without a glossary the terminology checks have nothing to look for; the facts checks still run.
    terms = load_glossary(chosen.path) if chosen.path is not None else Glossary(None, ())
    result = check_folder(output, terms, "strict" if strict else "default")
    findings, checked = result.findings, result.checked
    reports = write_reports(report or output / "qa-report", result, terms, chosen.as_json())
    document = reports["json"].text
    errors = sum(f.severity == Severity.ERROR for f in findings)
    if as_json:
        click.echo(document, nl=False)
    elif not quiet:
        click.echo(report_text(findings), nl=False)
        click.echo(
            f"{checked} segments checked: {errors} errors, {len(findings) - errors} warnings; "
            f"report in {reports['markdown'].path} and {reports['json'].path}",
            err=True,
        )
    _report_errors(list(result.unreadable))
    if result.unreadable:
        read = len(find_article_files(output)) - len(result.unreadable)
        sys.exit(exit_code_for(read, len(result.unreadable)))
    if strict and errors:
        sys.exit(EXIT_FINDINGS)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Python is when it arrives: it unwinds like Ctrl-C, so atomic writes
    remove their temporary files and transactions roll back."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def _prefer_jemalloc() -> None:
    """A ``run`` started from the shell re-executes itself under jemalloc where installed (allocator.py)."""
    from translate_news import allocator

    allocator.restore_environment(os.environ)
    wants_help = not {"-h", "--help"}.isdisjoint(sys.argv)
    if sys.argv[1:2] == ["run"] and not wants_help and allocator.started_as(sys.argv, sys.orig_argv):
        allocator.reexec_preloaded()


def main() -> None:
    signal.signal(signal.SIGTERM, _terminate)
    try:
        _prefer_jemalloc()
        cli.main(standalone_mode=False)
    except InputError as exc:
        click.echo(f"translate-news: error: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except BrokenPipeError:
        sys.exit(0)
    except OSError as exc:  # unwritable output, full disk: still one line, still exit code 2
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"translate-news: error: {where}{exc.strerror or exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except (click.exceptions.Abort, KeyboardInterrupt) as exc:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not interrupt the exit
        if isinstance(exc, Terminated) or isinstance(exc.__cause__, Terminated):
            click.echo(
                "translate-news: terminated (SIGTERM); finished files kept, nothing half-written", err=True
            )
            sys.exit(EXIT_TERMINATED)
        click.echo("translate-news: aborted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_BAD_INPUT)
