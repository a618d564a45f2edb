"""The embedded graph store (Oxigraph): one named graph per document, queried as their union."""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import BinaryIO, Protocol, runtime_checkable
from typing import Literal as Lit

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.edge_summary import (
    EDGE_GRAPH,
    REBUILD_ROWS,
    EdgeCount,
    Key,
    Sighting,
    StoredEdges,
    read_counts,
    sightings_of_ntriples,
    sightings_of_rows,
    summary_after,
    summary_delta,
    summary_quads,
    tally,
)
from kg.entity_index import ENTITY_GRAPH, INDEX_PREDICATES, PRUNE_INDEX, index_nquads, index_quads
from kg.errors import QueryError, StoreError
from kg.graph import EXTRACTOR_AGENT, PREFIXES, bind_prefixes
from kg.vocab import BASE, GEO

__all__ = [
    "DEFAULT_STORE",
    "DUMP_FORMATS",
    "ENTITY_GRAPH",
    "ONTOLOGY_GRAPH",
    "RESULT_FORMATS",
    "GraphStore",
    "Row",
    "Status",
    "Store",
    "open_store",
    "remove_document",
    "store_path",
]

DEFAULT_STORE = ".geokg"
ONTOLOGY_GRAPH = BASE + "graph/ontology"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
Status = Lit["added", "replaced", "skipped"]

# W3C SPARQL results formats for SELECT/ASK, RDF formats for CONSTRUCT/DESCRIBE.
RESULT_FORMATS: dict[str, ox.QueryResultsFormat | ox.RdfFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
}
# What ``dump`` writes: per-document named graphs (trig, nquads) or their union (turtle, ntriples).
DUMP_FORMATS: dict[str, ox.RdfFormat] = {
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "turtle": ox.RdfFormat.TURTLE,
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_UNION_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"  # run over the document graphs only
_NOT_DOCUMENTS = (ONTOLOGY_GRAPH, ENTITY_GRAPH, EDGE_GRAPH)  # the store's own graphs beside the document graphs
_SOURCE = ox.NamedNode(str(DCTERMS.source))


def store_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The store location: the argument, else ``$GEOKG_STORE``, else ``.geokg`` here."""
    return Path(path or os.environ.get("GEOKG_STORE") or DEFAULT_STORE)


def _to_ox(term: object) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    return ox.BlankNode(str(term))


def _from_ox(term: object) -> URIRef | Literal | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)  # RDF 1.1 simple literal: rdflib keeps it untyped
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)  # type: ignore[return-value]
    raise StoreError(f"unexpected term in store: {term!r}")


def _rows(solutions: ox.QuerySolutions) -> list[Row]:
    """SELECT solutions as ``Row``s, converting each distinct term once.

    Results repeat their terms (the same actors, predicates, dates and counts row after row), and
    making an rdflib ``Literal`` parses its value: at 47k rows the conversion took 2.9 s, memoised 0.9 s.
    """
    names = [v.value for v in solutions.variables]
    seen: dict[object, URIRef | Literal | None] = {}

    def term(value: object) -> URIRef | Literal | None:
        if value not in seen:
            seen[value] = _from_ox(value)
        return seen[value]

    return [Row(tuple((n, term(sol[n])) for n in names)) for sol in solutions]


@dataclass(frozen=True, slots=True)
class Row(Mapping[str, object]):
    """One SPARQL solution: variable name → rdflib term (or None when unbound)."""

    bindings: tuple[tuple[str, URIRef | Literal | None], ...]  # not ``values``: that is Mapping.values()

    def __getitem__(self, key: str) -> URIRef | Literal | None:
        for k, v in self.bindings:
            if k == key:
                return v
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (k for k, _ in self.bindings)

    def __len__(self) -> int:
        return len(self.bindings)


@runtime_checkable
class GraphStore(Protocol):
    """What every geokg store offers (the embedded ``Store``, a remote SPARQL endpoint, ...).

    Documents live in one named graph each (named by the document IRI); queries see their union
    plus the ontology graph.
    """

    def documents(self) -> list[str]:
        """IRIs of the stored document graphs, sorted."""
        ...

    def status_of(self, source: str, content_hash: str) -> Status:
        """Whether a document would be added, would replace its old version, or is unchanged."""
        ...

    def put(self, graph_iri: str, source: str, content_hash: str, graph: Graph | bytes) -> Status:
        """Store a document's graph (skipped when unchanged, replacing older versions of the source).

        ``graph`` is an rdflib Graph or its N-Triples as bytes (what parallel builds send).
        """
        ...

    def remove(self, source_or_iri: str) -> int:
        """Remove a document by its source or graph IRI; return how many graphs went."""
        ...

    def query(self, sparql: str, bindings: Mapping[str, object] | None = None) -> list[Row] | bool | Graph:
        """Rows for SELECT, a bool for ASK, an rdflib Graph for CONSTRUCT/DESCRIBE."""
        ...

    def query_serialized(self, sparql: str, fmt: str, bindings: Mapping[str, object] | None = None) -> bytes:
        """The results in a ``RESULT_FORMATS`` format (W3C SPARQL results, or RDF for graphs)."""
        ...

    def dump(self, output: BinaryIO, fmt: str) -> None:
        """Write the document graphs (not the ontology) in a ``DUMP_FORMATS`` format, streaming."""
        ...

    def graph(self, *, include_ontology: bool = False) -> Graph:
        """The union of the document graphs as an rdflib Graph."""
        ...

    def __len__(self) -> int:
        """Number of quads stored."""
        ...

    def flush(self) -> None:
        """Make written data durable."""
        ...

    def close(self) -> None:
        """Release the store."""
        ...


def _by_graph(quads: list[ox.Quad]) -> dict[str, list[ox.Quad]]:
    groups: dict[str, list[ox.Quad]] = {}
    for q in quads:
        groups.setdefault(str(q.graph_name), []).append(q)
    return groups


def _one_line(exc: BaseException) -> str:
    """The first line of an engine message (Oxigraph lists every expected token on later lines)."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."


class _LineStream(io.RawIOBase):
    """Lines of text read as one UTF-8 stream, encoded a slice at a time: a batch is not copied into one string."""

    def __init__(self, *parts: Iterable[str]) -> None:
        self._lines = chain(*parts)
        self._pending = bytearray()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        size = len(buffer)
        while len(self._pending) < size:
            lines = list(islice(self._lines, 512))
            if not lines:
                break
            self._pending += "".join(lines).encode("utf-8")
        n = min(size, len(self._pending))
        buffer[:n] = self._pending[:n]
        del self._pending[:n]
        return n


class Store:
    """A persistent Oxigraph store of document graphs (``path=None``: in memory, for tests)."""

    def __init__(self, path: str | os.PathLike[str] | None) -> None:
        self.path = Path(path) if path is not None else None
        # N-Quads lines of the entity index this object has written (and not pruned since): not written again
        self._indexed: set[str] = set()
        self._edges = StoredEdges()  # what the edge summary holds, as far as this writer knows: spares add_new look-ups
        try:
            self._ox = ox.Store(str(self.path)) if self.path is not None else ox.Store()
        except OSError as exc:
            if "lock" in str(exc).lower():
                # The lock is a kernel file lock: it dies with its process, so it is never stale, and
                # deleting the LOCK file would let a second writer in beside a live one.
                raise StoreError(
                    f"{self.path}: the store is in use by another geokg process (a kg build, query or "
                    "serve): wait for it to finish or stop it; its lock goes away when it ends, even if killed"
                ) from None
            raise StoreError(f"{self.path}: cannot open the store ({exc})") from None
        self._ensure_ontology()
        if not self._ox.contains_named_graph(ox.NamedNode(ENTITY_GRAPH)):
            self.reindex()  # a store written before the entity index, or by a bulk load
        if not self._ox.contains_named_graph(ox.NamedNode(EDGE_GRAPH)):
            self.resummarise()  # a store written before the edge summary

    def _ensure_ontology(self) -> None:
        from kg.ontology import load_ontology, load_shapes

        g = ox.NamedNode(ONTOLOGY_GRAPH)
        if self._ox.contains_named_graph(g):
            return
        data = (load_ontology() + load_shapes()).serialize(format="nt", encoding="utf-8")
        self._ox.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=g)

    def reindex(self) -> None:
        """Rebuild the entity index (``kg.entity_index``) from the document graphs, e.g. after a bulk load."""
        self._indexed.clear()
        index = ox.NamedNode(ENTITY_GRAPH)
        if self._ox.contains_named_graph(index):
            self._ox.remove_graph(index)
        skip = {ox.NamedNode(g) for g in _NOT_DOCUMENTS}
        quads = [
            q
            for p in INDEX_PREDICATES
            for q in self._ox.quads_for_pattern(None, ox.NamedNode(p), None, None)
            if q.graph_name not in skip
        ]
        self._ox.extend(index_quads(quads))
        self._ox.add_graph(index)

    def resummarise(self) -> None:
        """Rebuild the edge summary (``kg.edge_summary``) from the statements, e.g. after a bulk load."""
        self._edges.forget()
        edges = ox.NamedNode(EDGE_GRAPH)
        if self._ox.contains_named_graph(edges):
            self._ox.remove_graph(edges)
        counts = tally(sightings_of_rows(self._ox.query(REBUILD_ROWS)))  # type: ignore[arg-type]
        self._ox.extend(summary_quads(counts))
        self._ox.add_graph(edges)

    def _summary_after(self, dropped: list[str], added: bytes | None = None) -> list[str]:
        """Update operations for the edge summary once ``dropped`` go and ``added`` is in (``kg.edge_summary``)."""
        return summary_after(self._ox.query, dropped, added, lambda keys: read_counts(self._ox, keys))  # type: ignore[arg-type]

    def _as_nquads(self, name: ox.NamedNode, data: bytes) -> tuple[list[str], list[str]] | None:
        """A document's N-Triples as N-Quads lines in its graph, and the index entries not yet written.

        None for N-Triples not written one triple per line without blank nodes (parse those).
        """
        text = data.decode("utf-8")
        if "_:" in text:
            return None  # blank node labels are scoped to their load: leave them to the parser
        tail = f" {name} .\n"
        lines: list[str] = []
        index: dict[str, None] = {}
        for line in text.split("\n"):  # not splitlines(): literals may hold U+2028 and the like
            if not line.endswith(" ."):
                if line.strip():
                    return None  # a comment, or a triple over several lines
                continue
            lines.append(line[:-2] + tail)
            for entry in index_nquads(line):
                if entry not in self._indexed:
                    index[entry] = None
        return lines, list(index)

    def _written(self, index: Iterable[str]) -> None:
        if len(self._indexed) > 250_000:
            self._indexed.clear()  # a bound on memory (~40 MB); the cache only saves work
        self._indexed.update(index)

    def add_new(self, documents: list[tuple[str, str, bytes]], sightings: Mapping[str, Sequence[Sighting]] | None = None) -> None:
        """Add documents the store does not hold yet, many at once: ``(graph IRI, source, N-Triples)``.

        The caller has checked each is new (``status_of`` says "added" and no graph of that IRI
        exists) and that no source repeats. Oxigraph's bulk loader writes their quads at half the
        cost of a transaction per document, but it is not atomic; so each document's
        ``dcterms:source`` statement, by which ``status_of`` and ``graphs_of_source`` find it, is
        held back and written for all of them in one transaction afterwards, with the changes to
        edge summary entries already stored. A write killed half-way leaves graphs no source names:
        ``drop_unfinished`` (run by ``kg build``) removes them and recounts their edges (which drops
        the summary entries loaded with them), and their documents are written again.
        ``sightings`` (by graph IRI, from ``kg.edge_summary.sightings_of_extraction``) saves
        reading them back from the N-Triples.
        """
        body: list[str] = []
        markers: list[str] = []
        index: dict[str, None] = {}
        new: dict[Key, EdgeCount] = {}
        for graph_iri, _source, data in documents:
            name = ox.NamedNode(graph_iri)
            found = self._as_nquads(name, data)
            if found is None:  # not in the one-line form: one update for the document and its summary
                self.put(graph_iri, _source, "", data)
                continue
            seen = sightings.get(graph_iri) if sightings is not None else None
            for key, count in tally(seen if seen is not None else sightings_of_ntriples(data)).items():
                new[key] = new[key].plus(count) if key in new else count
            lines, entries = found
            marker = f"{name} {_SOURCE} "
            tail = f" {name} .\n"
            for line in lines:
                if line.startswith(marker):
                    markers.append(f"GRAPH {name} {{ {line[: -len(tail)]} . }}")
                else:
                    body.append(line)
            index.update(dict.fromkeys(entries))
        old = self._edges.counts(self._ox, new)
        self._edges.add(new)  # before the write: a write killed half-way may leave their entries
        fresh = {k: c for k, c in new.items() if k not in old}  # edges the store has no entry for: loaded in bulk
        grown = {k: old[k].plus(c) for k, c in new.items() if k in old}
        removed, added = summary_delta(old, grown)
        if body or index or fresh:
            summary = [f"{q} .\n" for q in summary_quads(fresh)]
            self._ox.bulk_load(io.BufferedReader(_LineStream(body, index, summary)), format=ox.RdfFormat.N_QUADS)
        self._edges.wrote(fresh)
        if markers:
            # the sources and the changes to stored edge counts in one transaction: both or neither
            ops = [f"INSERT DATA {{ {' '.join(markers)} }}"]
            if removed:
                ops.append(f"DELETE DATA {{ GRAPH <{EDGE_GRAPH}> {{ {' '.join(f'{q.subject} {q.predicate} {q.object} .' for q in removed)} }} }}")
            if added:
                ops.append(f"INSERT DATA {{ GRAPH <{EDGE_GRAPH}> {{ {' '.join(f'{q.subject} {q.predicate} {q.object} .' for q in added)} }} }}")
            self._ox.update(" ;\n".join(ops))
            self._edges.wrote(grown)
        self._written(index)

    def drop_unfinished(self) -> list[str]:
        """Drop document graphs without their ``dcterms:source`` statement (left by a killed ``add_new``); return them."""
        named = {q.graph_name.value for q in self._ox.quads_for_pattern(None, _SOURCE, None, None)
                 if isinstance(q.graph_name, ox.NamedNode) and q.graph_name == q.subject}
        unfinished = sorted(g.value for g in self._ox.named_graphs() if g.value not in named and g.value not in _NOT_DOCUMENTS)
        self._drop(unfinished)
        return unfinished

    def _drop(self, graphs: list[str]) -> None:
        """Drop document graphs and the index entries only they supported, in one transaction."""
        self._indexed.clear()  # index entries may go with the graphs
        if graphs:
            self._edges.forget_counts()  # the update recounts the edges of the graphs it drops
            summary = self._summary_after(graphs)
            self._ox.update(" ;\n".join([*(f"DROP GRAPH {ox.NamedNode(g)}" for g in graphs), PRUNE_INDEX, *summary]))

    # -- documents -------------------------------------------------------------------------
    def graphs_of_source(self, source: str) -> dict[str, str]:
        """Return {graph IRI: content hash} of every stored version of a source."""
        found: dict[str, str] = {}
        src = ox.Literal(source)
        for q in self._ox.quads_for_pattern(None, ox.NamedNode(str(DCTERMS.source)), src, None):
            graph = q.graph_name
            if isinstance(graph, ox.NamedNode) and isinstance(q.subject, ox.NamedNode) and graph.value == q.subject.value:
                hashes = list(
                    self._ox.quads_for_pattern(q.subject, ox.NamedNode(str(GEO.contentHash)), None, graph)
                )
                found[graph.value] = hashes[0].object.value if hashes and isinstance(hashes[0].object, ox.Literal) else ""
        return found

    def is_new(self, graph_iri: str, source: str) -> bool:
        """Whether no version of the source and no graph of that IRI is stored (so ``add_new`` may take it)."""
        return not self.graphs_of_source(source) and not self._ox.contains_named_graph(ox.NamedNode(graph_iri))

    def status_of(self, source: str, content_hash: str) -> Status:
        """Whether a document would be added, would replace its old version, or is unchanged (the
        same text, read by this version of the extractor: a new version reads it again)."""
        return self._status(self.graphs_of_source(source), content_hash)

    def _status(self, versions: dict[str, str], content_hash: str) -> Status:
        if not versions:
            return "added"
        if list(versions.values()) == [content_hash] and all(self._current(g) for g in versions):
            return "skipped"
        return "replaced"

    def _current(self, graph_iri: str) -> bool:
        """Whether a document graph was written by this version of the extractor."""
        agent, graph = ox.NamedNode(str(EXTRACTOR_AGENT)), ox.NamedNode(graph_iri)
        return next(iter(self._ox.quads_for_pattern(agent, _RDF_TYPE, None, graph)), None) is not None

    def put(self, graph_iri: str, source: str, content_hash: str, graph: Graph | bytes) -> Status:
        """Store a document's graph (or its N-Triples bytes); unchanged is skipped, changed replaced.

        One SPARQL update does it all (drop the old versions, insert the new one and its index
        entries, prune the index, bring the edge summary up to date), so readers and crashes see
        the old version or the new, never both or neither. Builds take runs of new documents
        through ``add_new`` instead, which is cheaper per document.
        """
        versions = self.graphs_of_source(source)
        status = self._status(versions, content_hash)
        if status == "skipped":
            return status
        name = ox.NamedNode(graph_iri)
        # older versions, and this very graph if an older extractor wrote it (same text, new rules)
        old = [g for g in versions if g != graph_iri or not self._current(g)]
        if self._ox.contains_named_graph(name) and graph_iri not in old:
            if graph_iri in versions:
                self._drop(old)  # the new version is already in (an earlier run died before the drop)
                return status
            self._drop([graph_iri])  # a graph no source names: a killed ``add_new`` left it unfinished
        data = graph if isinstance(graph, bytes) else graph.serialize(format="nt", encoding="utf-8")
        quads = [ox.Quad(t.subject, t.predicate, t.object, name) for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
        if old:
            self._indexed.clear()  # the update below prunes index entries
        inserts = "INSERT DATA { " + " ".join(
            f"GRAPH {g} {{ {' '.join(f'{q.subject} {q.predicate} {q.object} .' for q in group)} }}"
            for g, group in _by_graph(quads + index_quads(quads)).items()
        ) + " }"
        drops = [f"DROP GRAPH {ox.NamedNode(g)}" for g in old]
        if self._edges.tracking:
            self._edges.add(s.key for s in sightings_of_ntriples(data))
            if old:
                self._edges.forget_counts()  # the update recounts the edges of the versions it drops
        # one update: the old versions go, the new one, its index entries and the edge counts come in
        self._ox.update(" ;\n".join([*drops, inserts, *([PRUNE_INDEX] if old else []), *self._summary_after(old, data)]))
        return status

    def remove(self, source_or_iri: str) -> int:
        """Remove a document by its source path or graph IRI; return how many graphs went."""
        graphs = set(self.graphs_of_source(source_or_iri))
        name = ox.NamedNode(source_or_iri) if source_or_iri.startswith(("http://", "https://")) else None
        if name is not None and self._ox.contains_named_graph(name) and source_or_iri not in _NOT_DOCUMENTS:
            graphs.add(source_or_iri)
        self._drop(sorted(graphs))
        return len(graphs)

    def documents(self) -> list[str]:
        """IRIs of the stored document graphs."""
        return sorted(g.value for g in self._ox.named_graphs() if g.value not in _NOT_DOCUMENTS)

    # -- reading ---------------------------------------------------------------------------
    def _run(self, sparql: str, bindings: Mapping[str, object] | None) -> object:
        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): _to_ox(v if isinstance(v, URIRef | Literal) else Literal(v)) for k, v in (bindings or {}).items()
        }
        try:
            return self._ox.query(
                sparql, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=subs or None
            )
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL: {_one_line(exc)}") from None
        except (OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"query failed: {_one_line(exc)}") from None

    def query(self, sparql: str, bindings: Mapping[str, object] | None = None) -> list[Row] | bool | Graph:
        """Run SPARQL over the union of all graphs; ``bindings`` are bound as RDF terms.

        Returns rows for SELECT, a bool for ASK, an rdflib Graph for CONSTRUCT/DESCRIBE.
        """
        result = self._run(sparql, bindings)
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            return _rows(result)
        g = bind_prefixes(Graph())
        for t in result:  # type: ignore[attr-defined]
            g.add((_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)))  # type: ignore[arg-type]
        return g

    def query_serialized(self, sparql: str, fmt: str, bindings: Mapping[str, object] | None = None) -> bytes:
        """Run SPARQL and serialise the results with Oxigraph's own writers.

        ``fmt`` is json, xml, csv or tsv (W3C SPARQL results) for SELECT/ASK, turtle or ntriples
        for CONSTRUCT/DESCRIBE.
        """
        if fmt not in RESULT_FORMATS:
            raise QueryError(f"unknown result format {fmt!r} (choose one of: {', '.join(RESULT_FORMATS)})")
        result = self._run(sparql, bindings)
        target = RESULT_FORMATS[fmt]
        if isinstance(result, ox.QueryTriples):
            if not isinstance(target, ox.RdfFormat):
                raise QueryError(f"{fmt} is for SELECT and ASK results; use turtle or ntriples for CONSTRUCT/DESCRIBE")
            return ox.serialize(result, format=target, prefixes=PREFIXES) or b""
        if isinstance(target, ox.RdfFormat):
            raise QueryError(f"{fmt} is for CONSTRUCT and DESCRIBE results; use json, xml, csv or tsv for SELECT/ASK")
        try:
            return result.serialize(format=target) or b""  # type: ignore[attr-defined]
        except (OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"query failed: {_one_line(exc)}") from None

    def dump(self, output: BinaryIO, fmt: str) -> None:
        """Write the document graphs, streaming from Oxigraph (memory does not grow with the store).

        ``nquads`` and ``trig`` keep one named graph per document; ``ntriples`` and ``turtle``
        write their union, each triple once. The ontology graph is left out.
        """
        if fmt not in DUMP_FORMATS:
            raise StoreError(f"cannot dump as {fmt!r} (choose one of: {', '.join(DUMP_FORMATS)})")
        target = DUMP_FORMATS[fmt]
        skip = {ox.NamedNode(g) for g in _NOT_DOCUMENTS}
        # the document graphs only: the store's own graphs (entity index, edge summary) are never read
        graphs = sorted((g for g in self._ox.named_graphs() if g not in skip), key=str)
        try:
            if target.supports_datasets:
                quads = (q for g in graphs for q in self._ox.quads_for_pattern(None, None, None, g))
                ox.serialize(quads, output, format=target, prefixes=PREFIXES)
            else:
                union = self._ox.query(_UNION_TRIPLES, named_graphs=graphs)
                ox.serialize(union, output, format=target, prefixes=PREFIXES)  # type: ignore[arg-type]
        except OSError as exc:
            raise StoreError(f"cannot write the dump ({_one_line(exc)})") from None

    def graph(self, *, include_ontology: bool = False) -> Graph:
        """The union of the document graphs as an rdflib Graph (duplicates merged)."""
        g = bind_prefixes(Graph())
        skip = {ox.NamedNode(name) for name in _NOT_DOCUMENTS if not include_ontology or name != ONTOLOGY_GRAPH}
        for q in self._ox.quads_for_pattern(None, None, None, None):
            if q.graph_name in skip:
                continue
            g.add((_from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object)))  # type: ignore[arg-type]
        return g

    def __len__(self) -> int:
        return len(self._ox)

    def flush(self) -> None:
        """Write buffered changes to disk."""
        self._ox.flush()

    def close(self) -> None:
        """Release the store (and its lock)."""
        if self.path is not None:
            self._ox.flush()
        del self._ox


def remove_document(store: GraphStore, doc: str) -> int:
    """Remove a document given by its IRI or its source path (as given to ``kg build``, relative or absolute).

    Raises ``StoreError`` when no stored document matches.
    """
    candidates = [doc]
    if not doc.startswith(("http://", "https://")):
        as_path = Path(doc)
        candidates += [str(as_path), str(as_path.resolve()), os.path.relpath(as_path.resolve())]
    removed = 0
    for candidate in dict.fromkeys(candidates):
        removed += store.remove(candidate)
    if not removed:
        raise StoreError(f"{doc}: no such document in the store (give its source path or IRI; `kg query --name documents` lists the latest)")
    return removed


def open_store(path: str | os.PathLike[str] | None = None, *, must_exist: bool = False) -> GraphStore:
    """Open (creating if needed, unless ``must_exist``) the store at ``path``, ``$GEOKG_STORE`` or ``.geokg``.

    An ``http(s)://`` or ``sparql+http(s)://`` URL opens a ``kg.remote.RemoteStore`` on that
    SPARQL server instead.

    >>> store = open_store(":memory:")
    >>> store.documents()
    []
    """
    if str(path) == ":memory:":
        return Store(None)
    location_text = str(path or os.environ.get("GEOKG_STORE") or DEFAULT_STORE)
    if location_text.startswith(("http://", "https://", "sparql+http://", "sparql+https://")):
        from kg.remote import RemoteStore

        return RemoteStore(location_text)
    location = store_path(path)
    if must_exist and not location.exists():
        raise StoreError(f"{location}: no store here (run kg build first, or pass --store)")
    location.parent.mkdir(parents=True, exist_ok=True)
    from kg.remote import served_store

    # A running `kg serve` holds the folder's lock: write and read through it instead.
    return served_store(location) or Store(location)
