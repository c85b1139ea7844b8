"""``--xliff-profile``: which form of XLIFF a CAT tool reads right (issue 23).

Tools disagree on where the text to translate is. Okapi, Trados, memoQ and translate-toolkit take
``<source>`` and read ``<target>`` as the current translation (its ``state`` saying how far along), so
the default profile puts the MT draft in ``<target>`` as ``needs-review-translation``. OmegaT 3.6 takes
the text of ``<target>`` and skips ``<source>`` and ``<alt-trans>`` (a unit without a target gives no
segment), so its profile copies the source into every target and leaves the drafts to a TMX in the
project's ``tm/mt/``. OmegaT 3.6 reads no XLIFF 2.0, so the profile leaves XLIFF 2.0 as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from translate_news.exchange.units import ExchangeFormat
from translate_news.exchange.xliff12 import Xliff12OmegatFormat

__all__ = ["XLIFF_PROFILES", "XliffProfile"]


@dataclass(frozen=True)
class XliffProfile:
    """A profile: its ``--xliff-profile`` name, a one-line help, and the writers it uses instead of
    the default ones (keyed by the default format's name in ``exchange.FORMATS``)."""

    name: str
    help: str
    writers: Mapping[str, type[ExchangeFormat]] = field(default_factory=lambda: MappingProxyType({}))


XLIFF_PROFILES: dict[str, XliffProfile] = {
    profile.name: profile
    for profile in (
        XliffProfile("default", "Okapi, Trados, memoQ, translate-toolkit: drafts as <target>"),
        XliffProfile(
            "omegat",
            "OmegaT: XLIFF 1.2 <target> = copy of <source>; drafts from <slug>.it-en.drafts.tmx in tm/mt",
            MappingProxyType({"xliff12": Xliff12OmegatFormat}),
        ),
    )
}
