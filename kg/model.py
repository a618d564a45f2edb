"""Frozen dataclasses passed between the stages (stdlib only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

__all__ = [
    "Document",
    "Entity",
    "Evidence",
    "Extraction",
    "Mention",
    "Relation",
    "Sentence",
]


@dataclass(frozen=True, slots=True)
class Document:
    """An article as read from its source; ``text`` is what offsets point into."""

    source: str
    text: str
    content_hash: str
    title: str | None = None
    published: date | None = None
    ingested: datetime | None = None
    media_type: str = "text/plain"


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence span of a document's text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text that names an entity."""

    start: int
    end: int
    text: str
    entity_id: str
    sentence: int
    role: str = "name"  # name | alias | abbreviation | demonym | capital | seat | coref | pattern


@dataclass(frozen=True, slots=True)
class Entity:
    """A linked entity: ``id`` is a gazetteer id or a slug minted from its canonical label."""

    id: str
    label: str
    type: str
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a relation was read: the sentence and its character span in the document."""

    sentence: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed edge with its evidence, read from one sentence."""

    subject: str
    predicate: str
    object: str
    evidence: Evidence
    confidence: float = 0.8
    modality: str = "Asserted"  # Asserted | Negated | Hypothetical | Reported
    event_date: date | None = None


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything read from one document."""

    document: Document
    entities: tuple[Entity, ...] = ()
    relations: tuple[Relation, ...] = ()
    mentions: tuple[Mention, ...] = field(default=(), compare=False)
