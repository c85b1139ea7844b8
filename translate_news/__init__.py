"""Offline Italian→English news translation with an enforced glossary and a PO review round trip.

One subpackage per way the product grows, data flowing one way:
documents (read) → segmentation → glossary (match) → mt (translate, enforce) → facts (localize)
→ qa (check) → review (merge) → exchange / documents (write); pipeline runs the stages, cli reports;
memory is the translation memory and MT cache.
"""

__version__ = "0.1.0"
