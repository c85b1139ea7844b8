"""The terminology axis: the glossary model and its TSV, matching in source and target, lint,
importers (``IMPORT_FORMATS``) and exporters (``EXPORT_FORMATS``).
"""

from translate_news.glossary.exporters import EXPORT_FORMATS, export_format_for
from translate_news.glossary.importers import FORMATS as IMPORT_FORMATS
from translate_news.glossary.importers import detect_format, import_glossary
from translate_news.glossary.lint import lint_glossary, lint_line
from translate_news.glossary.match import (
    Hit,
    Matcher,
    build_matcher,
    find_forbidden,
    find_hits,
    find_target_term,
)
from translate_news.glossary.model import (
    Glossary,
    GlossaryEntry,
    acceptable_targets,
    dump_glossary,
    load_glossary,
    parse_glossary,
)
from translate_news.glossary.rule import TermProblem, term_problems

__all__ = [
    "EXPORT_FORMATS",
    "Glossary",
    "GlossaryEntry",
    "TermProblem",
    "Hit",
    "IMPORT_FORMATS",
    "Matcher",
    "acceptable_targets",
    "build_matcher",
    "detect_format",
    "dump_glossary",
    "export_format_for",
    "find_forbidden",
    "find_hits",
    "find_target_term",
    "import_glossary",
    "lint_glossary",
    "lint_line",
    "load_glossary",
    "parse_glossary",
    "term_problems",
]
