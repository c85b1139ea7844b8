"""Quality checks over a translated output folder: news facts and terminology, reported as
findings in one shape, written as text, Markdown or JSON.
"""

from translate_news.qa.folder import check_catalogs, check_folder, check_output, report_json, report_markdown

__all__ = [
    "check_catalogs",
    "check_folder",
    "check_output",
    "report_json",
    "report_markdown",
]
