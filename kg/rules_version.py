"""The extraction rules' name and version, recorded on every graph; a leaf module, so readers of it load no rules."""

from __future__ import annotations

__all__ = ["EXTRACTOR_NAME", "EXTRACTOR_VERSION"]

EXTRACTOR_NAME = "geokg rules"
EXTRACTOR_VERSION = "0.3.0"  # bump whenever rules or data change what is extracted
