"""Offline Italian→English news translation with an enforced glossary and a PO review round trip.

Stages, one module each, data flowing one way:
article (read) → segment → glossary (match) → engine (translate) → enforce (check/repair)
→ catalog (PO merge) → assemble / exchange (write).
"""

__version__ = "0.1.0"
