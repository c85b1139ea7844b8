"""``translate-news tm``: move reviewed translations in and out of an output folder's memory as TMX."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import click

from translate_news.cli.common import echo_json, json_option, output_option, quiet_option
from translate_news.errors import InputError

_output_option = output_option("Output folder whose translation memory (.tm/memory.sqlite) to use.")


@click.group()
def tm() -> None:
    """Translation memory: export, import and inspect reviewed translations."""


def _is_tmx(file: Path) -> bool:
    """An earlier export (or any TMX) may be replaced; anything else is someone's file."""
    with file.open("rb") as handle:
        head = handle.read(4096)
    return re.search(rb"<tmx[\s>]", head) is not None


@tm.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_output_option
@click.option("--force", is_flag=True, help="Replace FILE even when it exists and is not a TMX file.")
@quiet_option
@json_option
def export_command(file: Path, output: Path, force: bool, quiet: bool, as_json: bool) -> None:
    """Write every reviewed translation to FILE as TMX 1.4 (an existing TMX FILE is replaced)."""
    from translate_news.memory.store import TranslationMemory, memory_path

    path = memory_path(output)
    if file.resolve().parent == path.resolve().parent and file.name.startswith(path.name):
        raise InputError(file, "is the translation memory itself (or its journal); name a .tmx file")
    if file.is_file() and not force and not _is_tmx(file):
        raise InputError(file, "exists and is not a TMX file; name another or pass --force to replace it")
    with TranslationMemory(path, create=False) as memory:
        count = memory.export_tmx(file)
    if as_json:
        echo_json({"memory": path, "file": file, "exported": count})
    elif not quiet:
        click.echo(f"exported {count} reviewed translation{'s' * (count != 1)} to {file}")


@tm.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_output_option
@quiet_option
@json_option
def import_command(file: Path, output: Path, quiet: bool, as_json: bool) -> None:
    """Add FILE's reviewed Italian→English TMX units to the memory; machine drafts are left out."""
    from translate_news.memory.folder import import_tmx_into
    from translate_news.memory.store import memory_path

    path = memory_path(output)
    result = import_tmx_into(output, file)
    if as_json:
        echo_json({"memory": path, "file": file, **dataclasses.asdict(result)})
        return
    if quiet:
        return
    count = result.imported
    click.echo(f"imported {count} reviewed translation{'s' * (count != 1)} into {path}")
    if result.drafts_skipped:
        click.echo(f"{file}: left out {result.drafts_skipped} machine draft(s) (x-status draft)", err=True)
    if result.dropped_codes:
        click.echo(f"{file}: dropped {result.dropped_codes} inline code(s), their text kept", err=True)
    if result.future_dates:
        click.echo(f"{file}: {result.future_dates} unit(s) dated in the future, dated now", err=True)


@tm.command("stats")
@_output_option
@quiet_option
@json_option
def stats_command(output: Path, quiet: bool, as_json: bool) -> None:
    """Show how many reviewed translations and cached machine drafts the memory holds."""
    from translate_news.memory.store import TranslationMemory, memory_path

    path = memory_path(output)
    with TranslationMemory(path, create=False) as memory:
        stats = memory.stats()
    if as_json:
        by_key = [{"model": m, "glossary": g, "rows": rows} for m, g, rows in stats.mt_by_key]
        echo_json({"memory": path, **dataclasses.asdict(stats), "mt_by_key": by_key})
        return
    if quiet:
        return
    click.echo(f"memory: {path}")
    click.echo(f"reviewed translations: {stats.reviewed} ({stats.history} review(s) in history)")
    click.echo(f"unapproved edits kept as history: {stats.edits}")
    click.echo(f"cached machine drafts: {stats.mt_rows}")
    for model_key, glossary_key, rows in stats.mt_by_key:
        click.echo(f"  model {model_key}, glossary {glossary_key}: {rows}")


@tm.command("prune")
@click.option("--mt", "machine", is_flag=True, help="Delete every cached machine draft.")
@_output_option
@quiet_option
@json_option
def prune_command(machine: bool, output: Path, quiet: bool, as_json: bool) -> None:
    """Delete cached machine drafts (--mt); reviewed translations and people's edits are never touched.

    The next run translates again what needs a draft; the PO files are not changed by this command.
    """
    if not machine:
        raise click.UsageError("say what to prune: --mt")
    from translate_news.memory.folder import prune_machine_drafts
    from translate_news.memory.store import memory_path

    path = memory_path(output)
    count = prune_machine_drafts(output)
    if as_json:
        echo_json({"memory": path, "deleted_mt": count})
    elif not quiet:
        click.echo(f"deleted {count} cached machine draft{'s' * (count != 1)} from {path}")
