"""One grammar for every command: ``-o/--output`` is the output folder, ``-q/--quiet`` and ``--json``
mean the same everywhere, and exit codes tell usage errors, QA findings and partial failures apart.

Kept apart from ``cli.py`` so the lazily loaded command groups share it without importing each other.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_FINDINGS",
    "EXIT_OK",
    "EXIT_SOME_FAILED",
    "LazyHelpOption",
    "RegistryChoice",
    "echo_json",
    "exit_code_for",
    "json_option",
    "load",
    "legacy_output_argument",
    "output_option",
    "quiet_option",
    "resolve_output",
]

# README "Exit codes": one meaning each.
EXIT_OK = 0
EXIT_FINDINGS = 1  # QA errors with --strict, conflicts left by xliff import
EXIT_BAD_INPUT = 2  # usage error, bad input, or nothing could be done
EXIT_SOME_FAILED = 3  # some articles failed while the others were processed

F = TypeVar("F", bound=Callable[..., Any])


def load(target: str) -> Any:
    """``module:attr`` imported when first needed: the CLI's commands and the registries behind its
    choices sit in layers whose imports would make every start (``translate-news --help``) slow."""
    import importlib

    module, attr = target.split(":")
    return getattr(importlib.import_module(module), attr)


class RegistryChoice(click.Choice):
    """A choice among the names of a registry (``module:attr``, see ``load``), read when the option is
    parsed or shown."""

    def __init__(self, registry: str) -> None:  # no super(): ``choices`` is read lazily
        self._registry = registry
        self.case_sensitive = True

    @property
    def choices(self) -> Sequence[str]:  # type: ignore[override]
        return tuple(load(self._registry))


class LazyHelpOption(click.Option):
    """An option whose help lists a registry's entries, written when the help is shown (``help_text``)."""

    def __init__(self, *args: Any, help_text: Callable[[], str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._help_text = help_text

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        self.help = self._help_text()
        return super().get_help_record(ctx)


DEFAULT_OUTPUT = Path("output")


def output_option(help: str = "Output folder.") -> Callable[[F], F]:  # noqa: A002
    """``-o/--output FOLDER``: the output folder, the only thing ``-o`` ever names."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(file_okay=False, path_type=Path),
        default=DEFAULT_OUTPUT,
        show_default=True,
        help=help,
    )


quiet_option = click.option(
    "-q", "--quiet", is_flag=True, help="Print nothing but errors; the exit code tells the outcome."
)
json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON document on stdout and nothing else there."
)


class _LegacyOutputArgument(click.Argument):
    """The output folder as a positional argument, as ``build``/``status``/``check`` took it before
    ``-o``: still accepted so old scripts work, left out of the usage line so nobody learns it."""

    def get_usage_pieces(self, ctx: click.Context) -> list[str]:
        return []


legacy_output_argument = click.argument(
    "legacy_output", cls=_LegacyOutputArgument, required=False, type=click.Path(path_type=Path)
)


def resolve_output(output: Path, legacy_output: Path | None, quiet: bool) -> Path:
    """The folder named by ``-o``, or by the deprecated positional argument (with a warning)."""
    if legacy_output is None:
        return output
    source = click.get_current_context().get_parameter_source("output")
    if source is click.core.ParameterSource.COMMANDLINE and output != legacy_output:
        raise click.UsageError(f"two output folders given ({legacy_output} and -o {output}): give -o only")
    if not quiet:
        name = click.get_current_context().info_name
        click.echo(f"warning: '{name} FOLDER' is deprecated: use '{name} -o FOLDER'", err=True)
    return legacy_output


def echo_json(document: object) -> None:
    """The one JSON document of ``--json``: UTF-8 text, paths as strings, keys as documented."""
    click.echo(json.dumps(document, ensure_ascii=False, indent=2, default=str))


def exit_code_for(done: int, failed: int) -> int:
    """0 when nothing failed; 3 when some articles failed and others were done; 2 when none was."""
    if not failed:
        return EXIT_OK
    return EXIT_SOME_FAILED if done else EXIT_BAD_INPUT
