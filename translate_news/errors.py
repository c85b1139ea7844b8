"""One exception type for everything a user can get wrong: it becomes one line and exit code 2."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """A problem with a user's file or setting, reported as ``file:line: message``."""

    def __init__(self, path: str | Path | None, message: str, line: int | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.message = message
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or ""
        if self.path and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message

    def __reduce__(self) -> tuple[type[InputError], tuple[str | None, str, int | None]]:
        """Pickled as its arguments, so an error raised in a Ray task reaches the driver as itself."""
        return (type(self), (self.path, self.message, self.line))
