"""Runs the stages over many documents: read → extract (serially or in parallel) → graph → store."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from multiprocessing import get_context
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.edge_summary import Sighting, sightings_of_extraction
from kg.errors import ExtractionError, InputError
from kg.graph import document_iri, extraction_graph, extraction_ntriples, merge
from kg.ingest import Rejected, iter_paths, read_document
from kg.model import Document, Extraction
from kg.store import GraphStore, Status, Store

__all__ = [
    "BuildResult",
    "Extracted",
    "build",
    "extract_batch",
    "extract_files",
    "extract_path",
    "extract_quads",
    "resolve_workers",
    "warm_up",
    "write_extracted",
]

CHUNK = 8  # documents per task: large enough to amortise pickling, small enough to balance load
# Oxigraph keeps writes in memory until flushed: 3,000 documents unflushed hold 1.5 GB, flushed
# every 250 the writer stays near 320 MB at the same speed (measured; see bench/bench_build.py)
FLUSH_EVERY = 250
# New documents an embedded store writes together (Store.add_new). Each batch is one set of level-0
# files that RocksDB merges with the whole next level: 250 instead of 125 cuts that compaction by about
# a third at 50k documents, for ~130 MB more in the writer (docs/performance.md, session 5)
BATCH = 250
Progress = Callable[["BuildResult", str], None]


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


@dataclass(frozen=True, slots=True)
class Extracted:
    """One document's extraction as a worker sends it back: its graph as N-Triples, or an error."""

    source: str
    content_hash: str
    graph_iri: str
    ntriples: bytes = b""
    entity_types: tuple[str, ...] = ()
    predicates: tuple[str, ...] = ()
    error: str = ""
    sightings: tuple[Sighting, ...] | None = None  # for the store's edge summary (kg.edge_summary)


def extract_path(path: Path, published: date | None = None, *, ingested: datetime | None = None) -> Extraction:
    """Read and extract one article file."""
    return extract(read_document(path, published=published, ingested=ingested))


def extract(document: Document) -> Extraction:
    """Run the rules (``kg.extract.extract``), loading them on first use: a process that only stores never loads spaCy."""
    from kg.extract import extract as run  # ~70 MB and 0.7 s of imports the writer of a parallel build does without

    return run(document)


def extract_quads(document: Document) -> list[tuple[Node, Node, Node, URIRef]]:
    """Return a document's named-graph content as (subject, predicate, object, graph) rdflib terms.

    A pure function (no store, no I/O) and picklable both ways, so it can run anywhere:
    worker processes, Dask or Spark tasks.

    >>> from kg.ingest import document_from_text
    >>> doc = document_from_text("Japan condemned North Korea.", source="a.txt")
    >>> quads = extract_quads(doc)
    >>> {str(g) for *_, g in quads} == {str(document_iri(doc))}
    True
    """
    name = document_iri(document)
    return [(s, p, o, name) for s, p, o in extraction_graph(extract(document))]


def _extract_one(document: Document) -> Extracted:
    iri = str(document_iri(document))
    try:
        extraction = extract(document)
        data = extraction_ntriples(extraction)
    except Exception as exc:  # noqa: BLE001 -- a bug in a rule must not sink a 50,000-document build: report the file
        return Extracted(document.source, document.content_hash, iri, error=f"{type(exc).__name__}: {exc}")
    return Extracted(
        document.source,
        document.content_hash,
        iri,
        data,
        tuple(e.type for e in extraction.entities),
        tuple(r.predicate for r in extraction.relations if r.modality in ("Asserted", "Reported")),
        sightings=tuple(sightings_of_extraction(extraction)),
    )


def extract_batch(documents: Iterable[Document]) -> list[Extracted]:
    """Extract several documents (one task of a parallel or distributed build)."""
    return [_extract_one(d) for d in documents]


def warm_up() -> None:
    """Load the gazetteer, lexicons and spaCy pipeline now (once per worker process)."""
    from kg.ingest import document_from_text

    extract(document_from_text("Japan condemned North Korea.", source="warm-up"))


def resolve_workers(workers: int) -> int:
    """The number of worker processes: ``0`` means one per core.

    >>> resolve_workers(3)
    3
    """
    if workers < 0:
        raise ValueError(f"workers must be 0 (one per core) or more, not {workers}")
    if workers:
        return workers
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def extract_files(
    sources: Iterable[str | Path],
    *,
    published: date | None = None,
    ingested: datetime | None = None,
    max_bytes: int | None = None,
) -> tuple[Graph, list[Rejected]]:
    """Extract one merged graph from files and folders without touching a store."""
    graphs = []
    rejected = []
    for path in iter_paths(sources):
        try:
            document = read_document(path, published=published, ingested=ingested, max_bytes=max_bytes)
            graphs.append(extraction_graph(extract(document)))
        except InputError as exc:
            rejected.append(Rejected(str(path), str(exc)))
    return merge(graphs), rejected


def _pending_documents(
    store: GraphStore,
    sources: Iterable[str | Path],
    result: BuildResult,
    progress: Progress | None,
    *,
    published: date | None,
    ingested: datetime | None,
    max_bytes: int | None,
) -> Iterator[Document]:
    """Read each file; count rejected and unchanged ones, yield the documents to extract."""
    for path in iter_paths(sources):
        try:
            document = read_document(path, published=published, ingested=ingested, max_bytes=max_bytes)
        except InputError as exc:
            result.rejected.append(Rejected(str(path), str(exc)))
        else:
            if store.status_of(document.source, document.content_hash) != "skipped":
                yield document
                continue
            result.skipped += 1
        if progress is not None:
            progress(result, str(path))


def _bounded_map(executor: Executor, documents: Iterable[Document], window: int) -> Iterator[Extracted]:
    """Extract in chunks on an executor, keeping at most ``window`` chunks in flight (bounded memory)."""
    it = iter(documents)
    pending: set[Future[list[Extracted]]] = set()

    def fill() -> None:
        while len(pending) < window:
            chunk = list(islice(it, CHUNK))
            if not chunk:
                return
            pending.add(executor.submit(extract_batch, chunk))

    fill()
    while pending:
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            pending.remove(future)
            yield from future.result()
        fill()


def build(
    store: GraphStore,
    sources: Iterable[str | Path],
    *,
    published: date | None = None,
    ingested: datetime | None = None,
    max_bytes: int | None = None,
    workers: int = 1,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    """Ingest files and folders into the store; bad files are listed, the rest still go in.

    Extraction runs in this process (``workers=1``), in ``workers`` processes (``0``: one per
    core), or on any ``concurrent.futures.Executor`` given (e.g. a Dask client's
    ``get_executor()``). Writing stays here, in one writer (new documents in batches, changed
    ones one at a time), so the result does not depend on how the work was spread.
    """
    result = BuildResult()
    if isinstance(store, Store):
        store.drop_unfinished()  # graphs a killed build left half-written (see Store.add_new)
    documents = _pending_documents(
        store, sources, result, progress, published=published, ingested=ingested, max_bytes=max_bytes
    )
    n = resolve_workers(workers)
    if executor is not None:
        write_extracted(store, _bounded_map(executor, documents, 4 * max(n, 2)), result, progress)
    elif n == 1:
        write_extracted(store, map(_extract_one, documents), result, progress)
    else:
        context = get_context("spawn")  # the parent holds the store's threads: never fork it
        with ProcessPoolExecutor(n, mp_context=context, initializer=warm_up) as pool:
            try:
                # enough chunks in flight that workers keep extracting while the writer stores a batch
                write_extracted(store, _bounded_map(pool, documents, 2 * n + BATCH // CHUNK), result, progress)
            except BrokenProcessPool:
                raise ExtractionError(
                    "a worker process died (out of memory?): retry with fewer --workers"
                ) from None
    store.flush()
    return result


def write_extracted(
    store: GraphStore,
    extracted: Iterable[Extracted],
    result: BuildResult | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    """Put extracted documents into the store (the single writer), in their order; return the tally.

    An embedded store takes runs of new documents ``BATCH`` at a time (``Store.add_new``: half the
    cost of a transaction each); changed ones, and every document for other stores, go one by one.
    """
    result = result if result is not None else BuildResult()
    batch: list[Extracted] = []
    limit = 1  # batches grow 1, 2, 4 … BATCH: the first documents are stored (and shown) at once
    written = 0

    def tally(item: Extracted, status: Status) -> None:
        nonlocal written
        setattr(result, status, getattr(result, status) + 1)
        if status != "skipped":
            result.entity_types.update(item.entity_types)
            result.predicates.update(item.predicates)
            written += 1
            if written % FLUSH_EVERY == 0:
                store.flush()

    def write_batch() -> None:
        nonlocal limit
        if not batch:
            return
        limit = min(BATCH, 2 * limit)
        assert isinstance(store, Store)
        store.add_new(
            [(item.graph_iri, item.source, item.ntriples) for item in batch],
            {item.graph_iri: item.sightings for item in batch if item.sightings is not None},
        )
        for item in batch:
            tally(item, "added")
            if progress is not None:
                progress(result, item.source)
        batch.clear()

    for item in extracted:
        if (
            not item.error and isinstance(store, Store) and all(b.source != item.source for b in batch)
            and store.is_new(item.graph_iri, item.source)
        ):
            batch.append(item)
            if len(batch) >= limit or (written + len(batch)) % FLUSH_EVERY == 0:  # flushes stay every FLUSH_EVERY
                write_batch()
            continue
        write_batch()  # what came before goes in first
        if item.error:
            result.rejected.append(
                Rejected(item.source, f"{item.source}: extraction failed ({item.error}); please report it with the file")
            )
        else:
            tally(item, store.put(item.graph_iri, item.source, item.content_hash, item.ntriples))
        if progress is not None:
            progress(result, item.source)
    write_batch()
    return result
