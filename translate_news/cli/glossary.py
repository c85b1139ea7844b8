"""``translate-news glossary``: lint, import, export and show industry glossaries. Parsing options only."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from translate_news.errors import InputError
from translate_news.fileio import write_atomic
from translate_news.findings import Severity
from translate_news.glossary.exporters import EXPORT_FORMATS, export_format_for
from translate_news.glossary.importers import FORMATS, import_glossary
from translate_news.glossary.lint import LABELS, lint_glossary, lint_line
from translate_news.glossary.model import GlossaryEntry, dump_glossary

_FORMAT = click.Choice(list(FORMATS))


@click.group()
def glossary() -> None:
    """Check, import, export and list it→en industry glossaries."""


@glossary.command("lint")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=_FORMAT, help="Input format (default: detected).")
@click.option("--no-suggestions", is_flag=True, help="Leave out inflection suggestions.")
def lint_command(file: Path, fmt: str | None, no_suggestions: bool) -> None:
    """Print FILE's problems as file:line: severity: message; exit 2 if any is an error."""
    try:
        loaded = import_glossary(file, fmt)
    except InputError as exc:
        where = f"{exc.path}:{exc.line}" if exc.line is not None else f"{exc.path}"
        click.echo(f"{where}: error: {exc.message}")
        click.echo(f"{file}: not loaded, 1 error")
        sys.exit(2)
    issues = lint_glossary(loaded)
    if no_suggestions:
        issues = [issue for issue in issues if issue.severity != Severity.INFO]
    for issue in issues:
        click.echo(lint_line(issue))
    counts = Counter(issue.severity for issue in issues)
    summary = ", ".join(
        f"{counts[severity]} {label}{'' if counts[severity] == 1 else 's'}"
        for severity, label in LABELS.items()
    )
    count = len(loaded.entries)
    entries = "1 entry" if count == 1 else f"{count} entries"
    click.echo(f"{file}: {entries}, {summary}")
    if counts[Severity.ERROR]:
        sys.exit(2)


def _refuse_overwriting(source: Path, written: Path) -> None:
    """A glossary converted onto itself would lose its comments or become another format."""
    if written.exists() and source.exists() and written.samefile(source):
        raise InputError(written, "is the glossary being read; name another file to write")


@glossary.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.option("-o", "--output", "old_output", type=click.Path(path_type=Path), hidden=True)  # deprecated
@click.option(
    "--format", "fmt", type=_FORMAT, help="Input format (default: detected from extension/content)."
)
def import_command(file: Path, output: Path | None, old_output: Path | None, fmt: str | None) -> None:
    """Convert FILE (a DeepL/Google CSV, OmegaT or TBX glossary) to the canonical TSV OUTPUT."""
    if (output is None) == (old_output is None):
        raise click.UsageError("give the TSV to write once: 'glossary import FILE OUTPUT.tsv'")
    if output is None:
        click.echo(
            "warning: 'glossary import -o' is deprecated: use 'glossary import FILE OUTPUT.tsv'", err=True
        )
        output = old_output
    _refuse_overwriting(file, output)
    imported = import_glossary(file, fmt)
    write_atomic(output, dump_glossary(imported))
    errors = sum(issue.severity == Severity.ERROR for issue in lint_glossary(imported))
    note = f"; {errors} lint error(s): run 'glossary lint {output}'" if errors else ""
    click.echo(
        f"wrote {len(imported.entries)} entries to {output} (version {imported.version}){note}", err=True
    )


@glossary.command("export")
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("outfile", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(EXPORT_FORMATS)),
    help="Output format (default: OUTFILE's suffix: .martif.tbx → tbx-martif, .tbx → tbx, .csv → deepl).",
)
@click.option("--from", "from_fmt", type=_FORMAT, help="Input format (default: detected).")
def export_command(file: Path, outfile: Path, fmt: str | None, from_fmt: str | None) -> None:
    """Write FILE as TBX-Basic v3 or v2 (martif; both read back losslessly by 'glossary import') or
    DeepL CSV to OUTFILE."""
    _refuse_overwriting(file, outfile)
    writer = export_format_for(outfile, fmt)
    loaded = import_glossary(file, from_fmt)
    write_atomic(outfile, writer.write(loaded))
    losses = writer.losses(loaded)
    note = f"; not in {writer.name}'s format: {', '.join(losses)}" if losses else ""
    click.echo(f"wrote {len(loaded.entries)} entries to {outfile} ({writer.name}){note}", err=True)


def _describe(entry: GlossaryEntry) -> str:
    flags = [flag for flag, on in (("dnt", entry.dnt), ("case-sensitive", entry.case_sensitive)) if on]
    parts = [f"{entry.id}: {entry.source} → {entry.target or '(empty)'}"]
    if entry.pos:
        parts.append(f"[{entry.pos}]")
    if flags:
        parts.append(f"({', '.join(flags)})")
    lines = [" ".join(parts)]
    if len(entry.source_forms) > 1:
        lines.append(f"    source forms: {', '.join(entry.source_forms)}")
    if len(entry.target_forms) > 1:
        lines.append(f"    target forms: {', '.join(entry.target_forms)}")
    if entry.forbidden:
        lines.append(f"    forbidden: {', '.join(entry.forbidden)}")
    if entry.note:
        lines.append(f"    note: {entry.note}")
    return "\n".join(lines)


@glossary.command("show")
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("ids", nargs=-1)
@click.option("--format", "fmt", type=_FORMAT, help="Input format (default: detected).")
def show_command(file: Path, ids: tuple[str, ...], fmt: str | None) -> None:
    """List FILE's entries (or only IDS) with their forms and flags."""
    loaded = import_glossary(file, fmt)
    unknown = [entry_id for entry_id in ids if loaded.get(entry_id) is None]
    if unknown:
        raise InputError(file, f"no entry with id {unknown[0]!r}")
    entries = [loaded.by_id[entry_id] for entry_id in ids] if ids else list(loaded.entries)
    click.echo(f"# {file}: {len(loaded.entries)} entries, version {loaded.version}")
    for entry in entries:
        click.echo(_describe(entry))
