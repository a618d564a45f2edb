"""geokg: a knowledge-graph builder for geopolitical news with per-edge evidence."""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["document_from_text", "extract", "extract_quads", "open_store", "read_document"]
__version__ = "0.1.0"

_LAZY = {
    "extract": "kg.extract",
    "extract_quads": "kg.pipeline",
    "document_from_text": "kg.ingest",
    "read_document": "kg.ingest",
    "open_store": "kg.store",
}


def __getattr__(name: str) -> Any:
    # Imported on first use so that ``import kg`` stays light (spaCy and Oxigraph load later).
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
