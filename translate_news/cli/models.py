"""``translate-news models``: list and install Argos packages (``mt.packages``); options and reports only."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from translate_news.cli.common import echo_json, json_option, quiet_option

__all__ = ["models"]


@click.group()
def models() -> None:
    """List and install Argos Translate models."""


@models.command("list")
@quiet_option
@json_option
def models_list(quiet: bool, as_json: bool) -> None:
    """Installed Argos packages (ARGOS_PACKAGES_DIR is respected)."""
    from translate_news.mt.packages import installed_models, packages_dirs

    found = installed_models()
    if as_json:
        keys = ("from_code", "to_code", "name", "version", "path")
        models = [{key: getattr(m, key) for key in keys} for m in found]
        echo_json({"packages_dirs": packages_dirs(), "models": models})
        return
    if quiet:
        return
    for m in found:
        click.echo(f"{m.from_code}→{m.to_code}\t{m.name}\t{m.version}\t{m.path}")
    if not found:
        dirs = ", ".join(str(d) for d in packages_dirs())
        click.echo(f"no models installed (looked in {dirs})", err=True)


@models.command("install")
@click.argument("codes", nargs=-1)
@click.option(
    "--from", "from_file", type=click.Path(path_type=Path), help="Install a local .argosmodel file."
)
@click.option("--if-missing", is_flag=True, help="Do nothing when a model for the pair is installed.")
def models_install(codes: tuple[str, ...], from_file: Path | None, if_missing: bool) -> None:
    """Install the FROM TO model (e.g. 'it en') from the Argos index, or --from a file."""
    from translate_news.mt.packages import install_archive, install_from_index, installed_models

    if from_file is not None:
        info = install_archive(from_file)
        click.echo(f"installed {info.name} {info.version} ({info.from_code}→{info.to_code}) in {info.path}")
        return
    if len(codes) != 2:
        raise click.UsageError("give FROM and TO language codes, e.g. 'it en', or --from FILE")
    from_code, to_code = codes
    if if_missing and any((m.from_code, m.to_code) == (from_code, to_code) for m in installed_models()):
        return
    state = {"last": -1}

    def progress(done: int, total: int | None) -> None:
        percent = int(done * 100 / total) if total else -1
        if percent != state["last"] and sys.stderr.isatty():
            state["last"] = percent
            shown = f"{percent}%" if total else f"{done / 1e6:.1f} MB"
            click.echo(f"\rdownloading {from_code}→{to_code}: {shown}", err=True, nl=False)

    info = install_from_index(from_code, to_code, progress)
    click.echo(f"\ninstalled {info.name} {info.version} in {info.path}", err=True)
