"""``translate-news xliff import``: parse options, merge (``review.xliff_merge``), report."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from translate_news import defaults
from translate_news.cli.common import EXIT_FINDINGS, echo_json, json_option, output_option, quiet_option


@click.group()
def xliff() -> None:
    """Bring XLIFF files edited in CAT tools (OmegaT, Trados, memoQ) back into the PO catalogs."""


@xliff.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@output_option("Output folder holding the article's PO.")
@click.option("--article", help="Article slug (default: from the file name, <slug>.it-en.xlf).")
@click.option(
    "--translator",
    help="Who did the work, for the PO's Last-Translator when entries change, e.g. 'Ada Rossi "
    "<ada@example.org>' [default: the XLIFF 1.2 <phase contact-name>, else "
    f"'{defaults.XLIFF_TRANSLATOR}'].",
)
@quiet_option
@json_option
def import_command(
    file: Path, output: Path, article: str | None, translator: str | None, quiet: bool, as_json: bool
) -> None:
    """Merge FILE (XLIFF 1.2 or 2.0) into its article's PO; exit 1 when conflicts were left or a
    target adds markup unsafe to publish. A target that is the Italian source (OmegaT writes one
    back for every unit nobody translated) is left untouched."""
    # Imported here: ``--help`` lists this command without loading the merge and its parsers.
    from translate_news.review.xliff_merge import import_xliff

    po_path, result = import_xliff(file, output, article, translator)
    for conflict in result.conflicts:
        click.echo(f"{po_path}: conflict: {conflict}", err=True)
    for unsafe in result.unsafe:
        click.echo(f"{po_path}: {unsafe}", err=True)
    if as_json:
        echo_json({"po": po_path, **dataclasses.asdict(result)})
    elif not quiet:
        click.echo(
            f"{po_path}: {result.reviewed} reviewed, {result.drafts} draft(s) updated, "
            f"{result.unchanged} unchanged, {len(result.conflicts)} conflict(s)"
        )
        if result.source_copies:
            click.echo(
                f"{po_path}: {result.source_copies} unit(s) hold the Italian source as their target "
                "(copy source to target): left untouched, not imported",
                err=True,
            )
    if result.conflicts or result.unsafe:
        sys.exit(EXIT_FINDINGS)
