"""Shared fixtures: fixture articles and a fixed ingestion time so graphs are reproducible."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kg.extract import extract
from kg.ingest import document_from_text
from kg.model import Extraction

FIXTURES = Path(__file__).parent / "fixtures"
INGESTED = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


def extract_text(text: str, published: date | None = date(2024, 6, 1)) -> Extraction:
    """Extract from a short text written in a test."""
    return extract(document_from_text(text, source="test.txt", published=published, ingested=INGESTED))


def triples(extraction: Extraction, *, modality: str | None = None) -> set[tuple[str, str, str]]:
    """(subject, predicate, object) ids of an extraction, optionally of one modality."""
    return {
        (r.subject, r.predicate, r.object)
        for r in extraction.relations
        if modality is None or r.modality == modality
    }
