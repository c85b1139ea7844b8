"""The review round trip: the pure plan/merge of a catalog over values keyed by msgid, the PO
reader and writer (strict syntax check, GNU wrapping), and review status.
"""

from translate_news.review.catalog import (
    CatalogUnit,
    Draft,
    MergeStats,
    catalog_text,
    human_state,
    merge_catalog,
    plan_catalog,
    read_catalog,
)
from translate_news.review.po_syntax import check_po_bytes, check_po_file
from translate_news.review.status import ReviewStatus, catalog_status, output_status

__all__ = [
    "CatalogUnit",
    "Draft",
    "MergeStats",
    "ReviewStatus",
    "catalog_status",
    "catalog_text",
    "check_po_bytes",
    "check_po_file",
    "human_state",
    "merge_catalog",
    "output_status",
    "plan_catalog",
    "read_catalog",
]
