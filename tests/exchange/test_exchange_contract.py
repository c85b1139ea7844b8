"""The contract every exchange format in ``FORMATS`` keeps, for every registered input format's markup:
its output validates against the format's own schema (checked by ``../shared/validators``, not by our
code), carries the markup as inline codes, and reads back to the same units. A new exchange format
added to the registry is tested here without a new test; a new input format needs only its samples
in ``MARKED`` (tests/documents/test_inline_codes.py runs this suite on a throwaway format too)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.contracts import MARKED, UNITS, check_exchange_contract, input_formats

from translate_news.documents.article import DocumentFormat
from translate_news.exchange import (
    FORMATS,
    ArticleContext,
    formats_with_xliff,
)


@pytest.mark.parametrize("name", list(FORMATS))
def test_format_declares_itself(name: str) -> None:
    fmt = FORMATS[name]
    assert fmt.name == name
    assert fmt.suffix.startswith(".it-en.")
    assert callable(fmt.write) and callable(fmt.read)
    assert sum(other.suffix == fmt.suffix for other in FORMATS.values()) == 1


def test_every_input_format_has_marked_samples() -> None:
    assert {document_format.name for document_format in input_formats()} <= set(MARKED)


@pytest.mark.parametrize("document_format", input_formats(), ids=lambda f: f.name)
@pytest.mark.parametrize("name", list(FORMATS))
def test_writer_output_validates_and_reads_back(
    tmp_path: Path, name: str, document_format: DocumentFormat
) -> None:
    check_exchange_contract(tmp_path, name, document_format)


def test_writing_is_deterministic() -> None:
    """The same units write the same bytes: re-runs leave unchanged files untouched."""
    context = ArticleContext("festival", "festival.it.txt")
    for fmt in FORMATS.values():
        assert fmt.write(UNITS, context) == fmt.write(UNITS, context)


def test_xliff_choice_only_filters_xliffinput_formats() -> None:
    assert set(formats_with_xliff("both")) == set(FORMATS)
    assert "xliff12" not in formats_with_xliff("2.0") and "xliff" in formats_with_xliff("2.0")
    assert "xliff" not in formats_with_xliff("1.2") and "tsv" in formats_with_xliff("1.2")
