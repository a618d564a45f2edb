"""Extraction as one pure function: a Document in, its entities and relations out."""

from __future__ import annotations

from kg.entities import link
from kg.model import Document, Extraction
from kg.nlp import paragraphs
from kg.relations import extract_relations
from kg.rules_version import EXTRACTOR_NAME, EXTRACTOR_VERSION

__all__ = ["EXTRACTOR_NAME", "EXTRACTOR_VERSION", "extract"]


def extract(document: Document) -> Extraction:
    """Return every entity and relation the rules find in a document (deterministic, no I/O)."""
    pars = paragraphs(document.text)
    linked = link(pars, document.published)
    relations = extract_relations(pars, linked, document.published)
    entities, mentions = linked.finished()
    return Extraction(document, entities, tuple(relations), mentions)
