"""Runs the stages over many documents: read → extract → graph → store, with a summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from rdflib import Graph

from kg.errors import InputError
from kg.extract import extract
from kg.graph import document_iri, extraction_graph, merge
from kg.ingest import DEFAULT_MAX_BYTES, Rejected, iter_paths, read_document
from kg.model import Extraction
from kg.store import Store

__all__ = ["BuildResult", "build", "extract_files", "extract_path"]


@dataclass
class BuildResult:
    """What a build did: counts per outcome, rejected files with reasons, types found."""

    added: int = 0
    replaced: int = 0
    skipped: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    entity_types: Counter[str] = field(default_factory=Counter)
    predicates: Counter[str] = field(default_factory=Counter)

    @property
    def processed(self) -> int:
        return self.added + self.replaced + self.skipped


def extract_path(path: Path, published: date | None = None, *, ingested: datetime | None = None) -> Extraction:
    """Read and extract one article file."""
    return extract(read_document(path, published=published, ingested=ingested))


def extract_files(
    sources: Iterable[str | Path], *, published: date | None = None, ingested: datetime | None = None
) -> tuple[Graph, list[Rejected]]:
    """Extract one merged graph from files and folders without touching a store."""
    graphs = []
    rejected = []
    for path in iter_paths(sources):
        try:
            graphs.append(extraction_graph(extract_path(path, published, ingested=ingested)))
        except InputError as exc:
            rejected.append(Rejected(str(path), str(exc)))
    return merge(graphs), rejected


def build(
    store: Store,
    sources: Iterable[str | Path],
    *,
    published: date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[BuildResult, Path], None] | None = None,
) -> BuildResult:
    """Ingest files and folders into the store; bad files are listed, the rest still go in."""
    result = BuildResult()
    for path in iter_paths(sources):
        try:
            document = read_document(path, published=published, max_bytes=max_bytes)
        except InputError as exc:
            result.rejected.append(Rejected(str(path), str(exc)))
            continue
        if store.status_of(document.source, document.content_hash) == "skipped":
            result.skipped += 1
        else:
            extraction = extract(document)
            status = store.put(str(document_iri(document)), document.source, document.content_hash, extraction_graph(extraction))
            setattr(result, status, getattr(result, status) + 1)
            result.entity_types.update(e.type for e in extraction.entities)
            result.predicates.update(r.predicate for r in extraction.relations if r.modality in ("Asserted", "Reported"))
        if progress is not None:
            progress(result, path)
    store.flush()
    return result
