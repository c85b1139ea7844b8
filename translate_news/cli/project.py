"""The project's default glossary, found beside the articles, never in the working directory.

The same command run from two folders must write the same bytes, so the default is looked up by
walking up from the articles (or the output folder, for ``check``): in each folder, nearest first,
``translate-news.toml`` (``glossary = "…"``), ``pyproject.toml`` (``[tool.translate-news]
glossary = "…"``), then a Makefile's ``GLOSSARY ?= …`` default. A path is relative to the file that
names it. A project that names a glossary which is missing is an error, never a silent run without.
Where no project names one, the film/TV glossary shipped inside the package is used, and the summary
line says so: a plain ``pip install`` translates with the same terms as a checkout.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

import regex

from translate_news.errors import InputError
from translate_news.pipeline.runrecord import OutputGlossary, file_sha256, glossary_for_output, read_record

__all__ = [
    "BUILTIN_GLOSSARY",
    "CONFIG_FILE",
    "GlossaryChoice",
    "choose_glossary",
    "find_project_glossary",
    "output_glossary",
]

CONFIG_FILE = "translate-news.toml"
# Package data (pyproject's package-data), a real file in every install: wheels are never run zipped.
BUILTIN_GLOSSARY = Path(str(resources.files("translate_news") / "data" / "glossaries" / "film-tv.it-en.tsv"))
# "GLOSSARY ?= path", "GLOSSARY := path", "GLOSSARY = path"; a value using make variables is not a path.
_MAKE_GLOSSARY = regex.compile(r"^GLOSSARY[ \t]*(?:\?=|::?=|=)[ \t]*([^\s#$]+)[ \t]*(?:#.*)?$", regex.M)


@dataclass(frozen=True)
class GlossaryChoice:
    """The glossary a command uses and where that choice came from, for its summary."""

    path: Path | None
    origin: str  # "--glossary", "--no-glossary", "translate-news.toml", "Makefile GLOSSARY", …

    def describe(self) -> str:
        if self.path is None:
            return f"glossary: none ({self.origin})"
        return f"glossary: {self.path} ({self.origin})"

    def as_json(self) -> dict[str, str | None]:
        return {"path": str(self.path) if self.path is not None else None, "from": self.origin}


def _from_config(folder: Path) -> tuple[Path, str, int | None] | None:
    file = folder / CONFIG_FILE
    table = _toml(file)
    return _named(file, table.get("glossary")) if table is not None else None


def _from_pyproject(folder: Path) -> tuple[Path, str, int | None] | None:
    file = folder / "pyproject.toml"
    table = _toml(file)
    if table is None:
        return None
    section = table.get("tool", {}).get("translate-news", {})
    return _named(file, section.get("glossary")) if isinstance(section, dict) else None


def _from_makefile(folder: Path) -> tuple[Path, str, int | None] | None:
    file = folder / "Makefile"
    if not file.is_file():
        return None
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None  # not ours to judge: a Makefile we cannot read names no glossary
    match = _MAKE_GLOSSARY.search(text)
    if match is None:
        return None
    return file, match.group(1), text.count("\n", 0, match.start()) + 1


def _toml(file: Path) -> dict[str, object] | None:
    if not file.is_file():
        return None
    try:
        return tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(file, f"cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(file, f"not valid TOML: {exc}") from None


def _named(file: Path, value: object) -> tuple[Path, str, int | None] | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InputError(file, "glossary must be a path (a non-empty string)")
    return file, value.strip(), None


_LOOKUPS: tuple[Callable[[Path], tuple[Path, str, int | None] | None], ...] = (
    _from_config,
    _from_pyproject,
    _from_makefile,
)


def find_project_glossary(start: Path) -> GlossaryChoice | None:
    """The glossary the nearest project config above ``start`` names, or None when none does."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        for lookup in _LOOKUPS:
            found = lookup(candidate)
            if found is None:
                continue
            file, value, line = found
            path = file.parent / value
            if not path.is_file():
                raise InputError(
                    file,
                    f"names glossary {value}, which does not exist (pass --glossary or --no-glossary)",
                    line,
                )
            origin = "Makefile GLOSSARY" if file.name == "Makefile" else file.name
            return GlossaryChoice(path, f"default from {origin} in {file.parent}")
    return None


def choose_glossary(option: Path | None, no_glossary: bool, start: Path) -> GlossaryChoice:
    """``--no-glossary``, else ``--glossary``, else the project's default found from ``start``, else the
    built-in film/TV glossary."""
    if no_glossary:
        return GlossaryChoice(None, "--no-glossary")
    if option is not None:
        return GlossaryChoice(option, "--glossary")
    found = find_project_glossary(start)
    if found is not None:
        return found
    return GlossaryChoice(
        BUILTIN_GLOSSARY,
        f"built-in film/TV glossary: no --glossary and no project default above {start.resolve()}",
    )


def output_glossary(
    output: Path, option: Path | None = None, no_glossary: bool = False, *, applies: bool = True
) -> OutputGlossary:
    """The glossary a command reading ``output`` goes by (``pipeline.runrecord``): the command line's,
    else the one the run recorded, else, for a folder without a record, what ``choose_glossary``
    finds (``applies``: the command checks against it) or "unknown" (``build``, ``status``: they only
    say what made the drafts). A damaged record is a warning and counts as none."""
    warnings: list[str] = []
    try:
        record = read_record(output)
    except InputError as exc:
        record = None
        warnings.append(f"{exc}: ignored; the glossary is chosen as for a folder without one")
    given: tuple[Path | None, str] | None = None
    if no_glossary:
        given = (None, "--no-glossary")
    elif option is not None:
        given = (option, "--glossary")
    if record is None:
        if given is None and not applies:
            unknown = f"not recorded: {output} has no run record; run 'translate-news run' to write one"
            return OutputGlossary(None, unknown, None, tuple(warnings), known=False)
        chosen = choose_glossary(option, no_glossary, output)
        return OutputGlossary(chosen.path, chosen.origin, None, tuple(warnings))
    found: tuple[Path, str] | None = None
    try:
        project = find_project_glossary(output)
    except InputError as exc:  # the record decides; a broken project setting is only worth a line
        warnings.append(str(exc))
    else:
        found = (project.path, project.origin) if project is not None and project.path is not None else None
    decided = glossary_for_output(record, given, found, file_sha256)
    return replace(decided, warnings=(*warnings, *decided.warnings))
