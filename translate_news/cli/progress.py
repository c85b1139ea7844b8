"""``run``'s progress on a terminal: one line on stderr, rewritten in place, with articles and
sentences done, the rate and the time left. Nothing when stderr is not a terminal or with ``-q``.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

import click

from translate_news.errors import InputError
from translate_news.pipeline.runner import Progress, Reporter

__all__ = ["TerminalReporter", "format_duration", "progress_line"]

REFRESH_SECONDS = 0.25  # a line a few times a second: readable, and cheap for 30,000 articles


def format_duration(seconds: float) -> str:
    """``42s``, ``7m05s``, ``3h12m``: short enough for a status line."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


def progress_line(progress: Progress) -> str:
    """``1,200/30,000 articles, 5,400 segments, 3,100 machine-translated; 12.3 articles/s, ETA 39m02s``.

    The rate is over the whole run so far (model load included), so the ETA settles as it goes.
    """
    line = (
        f"{progress.articles:,}/{progress.total:,} articles, {progress.segments:,} segments, "
        f"{progress.translated:,} machine-translated"
    )
    if progress.articles and progress.seconds > 0:
        rate = progress.articles / progress.seconds
        left = (progress.total - progress.articles) / rate
        line += f"; {rate:,.1f} articles/s, ETA {format_duration(left)}"
    return line


class TerminalReporter(Reporter):
    """Errors as one line each on stderr; the progress line only when stderr is a terminal."""

    def __init__(self, quiet: bool, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.show = not quiet and self.stream.isatty()
        self.shown = 0.0  # when the line was last drawn
        self.width = 0  # of the line on screen, to blank what a shorter line leaves

    def error(self, error: InputError) -> None:
        self._clear()
        click.echo(f"translate-news: error: {error}", err=True)

    def update(self, progress: Progress) -> None:
        now = time.monotonic()
        last = progress.articles == progress.total
        if not self.show or (now - self.shown < REFRESH_SECONDS and not last):
            return
        self.shown = now
        line = progress_line(progress)
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()
        self.width = len(line)

    def finish(self) -> None:
        if self.show and self.width:
            self.stream.write("\n")
            self.stream.flush()
            self.width = 0

    def _clear(self) -> None:
        if self.show and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0
