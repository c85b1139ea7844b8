"""The ``translate-news`` command: one module per command group; options are parsed and results
reported here, never computed.
"""

from translate_news.cli.main import main

__all__ = [
    "main",
]
