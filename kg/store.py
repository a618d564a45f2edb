"""The embedded graph store (Oxigraph): one named graph per document, queried as their union."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal as Lit

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.errors import QueryError, StoreError
from kg.graph import PREFIXES, bind_prefixes
from kg.vocab import BASE, GEO

__all__ = ["DEFAULT_STORE", "ONTOLOGY_GRAPH", "Status", "Store", "open_store", "store_path"]

DEFAULT_STORE = ".geokg"
ONTOLOGY_GRAPH = BASE + "graph/ontology"
Status = Lit["added", "replaced", "skipped"]


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
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)  # type: ignore[return-value]
    raise StoreError(f"unexpected term in store: {term!r}")


@dataclass(frozen=True, slots=True)
class Row(Mapping[str, object]):
    """One SPARQL solution: variable name → rdflib term (or None when unbound)."""

    values: tuple[tuple[str, URIRef | Literal | None], ...]

    def __getitem__(self, key: str) -> URIRef | Literal | None:
        for k, v in self.values:
            if k == key:
                return v
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (k for k, _ in self.values)

    def __len__(self) -> int:
        return len(self.values)


class Store:
    """A persistent Oxigraph store of document graphs (``path=None``: in memory, for tests)."""

    def __init__(self, path: str | os.PathLike[str] | None) -> None:
        self.path = Path(path) if path is not None else None
        try:
            self._ox = ox.Store(str(self.path)) if self.path is not None else ox.Store()
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreError(
                    f"{self.path}: the store is in use by another geokg process "
                    "(wait for it to finish; if none is running, the lock is stale: delete "
                    f"{self.path}/LOCK and retry)"
                ) from None
            raise StoreError(f"{self.path}: cannot open the store ({exc})") from None
        self._ensure_ontology()

    def _ensure_ontology(self) -> None:
        from kg.ontology import load_ontology, load_shapes

        g = ox.NamedNode(ONTOLOGY_GRAPH)
        if self._ox.contains_named_graph(g):
            return
        data = (load_ontology() + load_shapes()).serialize(format="nt", encoding="utf-8")
        self._ox.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=g)

    # -- documents -------------------------------------------------------------------------
    def graphs_of_source(self, source: str) -> dict[str, str]:
        """Return {graph IRI: content hash} of every stored version of a source."""
        found: dict[str, str] = {}
        src = ox.Literal(source)
        for q in self._ox.quads_for_pattern(None, ox.NamedNode(str(DCTERMS.source)), src, None):
            graph = q.graph_name
            if isinstance(graph, ox.NamedNode) and graph.value == q.subject.value:
                hashes = list(
                    self._ox.quads_for_pattern(q.subject, ox.NamedNode(str(GEO.contentHash)), None, graph)
                )
                found[graph.value] = hashes[0].object.value if hashes else ""
        return found

    def status_of(self, source: str, content_hash: str) -> Status:
        """Whether a document would be added, would replace its old version, or is unchanged."""
        versions = self.graphs_of_source(source)
        if not versions:
            return "added"
        if list(versions.values()) == [content_hash]:
            return "skipped"
        return "replaced"

    def put(self, graph_iri: str, source: str, content_hash: str, graph: Graph) -> Status:
        """Store a document's graph; an unchanged document is skipped, a changed one replaced.

        The new graph is written in one transaction before older versions are dropped, so a
        crash in between leaves the old version or both, never neither; the next put of the
        same source removes the leftovers.
        """
        status = self.status_of(source, content_hash)
        if status == "skipped":
            return status
        name = ox.NamedNode(graph_iri)
        if not self._ox.contains_named_graph(name):
            data = graph.serialize(format="nt", encoding="utf-8")
            quads = [ox.Quad(t.subject, t.predicate, t.object, name) for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
            self._ox.extend(quads)
        for old in self.graphs_of_source(source):
            if old != graph_iri:
                self._ox.remove_graph(ox.NamedNode(old))
        return status

    def remove(self, source_or_iri: str) -> int:
        """Remove a document by its source path or graph IRI; return how many graphs went."""
        graphs = set(self.graphs_of_source(source_or_iri))
        name = ox.NamedNode(source_or_iri) if source_or_iri.startswith(("http://", "https://")) else None
        if name is not None and self._ox.contains_named_graph(name) and source_or_iri != ONTOLOGY_GRAPH:
            graphs.add(source_or_iri)
        for g in graphs:
            self._ox.remove_graph(ox.NamedNode(g))
        return len(graphs)

    def documents(self) -> list[str]:
        """IRIs of the stored document graphs."""
        return sorted(g.value for g in self._ox.named_graphs() if g.value != ONTOLOGY_GRAPH)

    # -- reading ---------------------------------------------------------------------------
    def query(self, sparql: str, bindings: Mapping[str, object] | None = None) -> list[Row] | bool | Graph:
        """Run SPARQL over the union of all graphs; ``bindings`` are bound as RDF terms.

        Returns rows for SELECT, a bool for ASK, an rdflib Graph for CONSTRUCT/DESCRIBE.
        """
        subs = {ox.Variable(k): _to_ox(v if isinstance(v, URIRef | Literal) else Literal(v)) for k, v in (bindings or {}).items()}
        try:
            result = self._ox.query(
                sparql, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=subs or None
            )
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL: {exc}") from None
        except (OSError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from None
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            return [Row(tuple((n, _from_ox(sol[n])) for n in names)) for sol in result]
        g = bind_prefixes(Graph())
        for t in result:
            g.add((_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)))  # type: ignore[arg-type]
        return g

    def graph(self, *, include_ontology: bool = False) -> Graph:
        """The union of the document graphs as an rdflib Graph (duplicates merged)."""
        g = bind_prefixes(Graph())
        onto = ox.NamedNode(ONTOLOGY_GRAPH)
        for q in self._ox.quads_for_pattern(None, None, None, None):
            if not include_ontology and q.graph_name == onto:
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


def open_store(path: str | os.PathLike[str] | None = None) -> Store:
    """Open (creating if needed) the store at ``path``, ``$GEOKG_STORE`` or ``.geokg``.

    >>> store = open_store(":memory:")
    >>> store.documents()
    []
    """
    if str(path) == ":memory:":
        return Store(None)
    location = store_path(path)
    location.parent.mkdir(parents=True, exist_ok=True)
    return Store(location)
