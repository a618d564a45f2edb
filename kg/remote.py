"""A store on a SPARQL 1.1 server: same per-document named graphs as the embedded store, over HTTP."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit, urlunsplit

import httpx
import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from kg.edge_summary import (
    EDGE_GRAPH,
    REBUILD_ROWS,
    edge_keys_query,
    recount_update,
    sightings_of_ntriples,
    sightings_of_rows,
    summary_update,
    tally,
)
from kg.entity_index import ENTITY_GRAPH, PRUNE_INDEX, index_insert
from kg.errors import QueryError, StoreError
from kg.graph import EXTRACTOR_AGENT, PREFIXES, bind_prefixes
from kg.sparql_text import where_braces
from kg.store import DUMP_FORMATS, ONTOLOGY_GRAPH, RESULT_FORMATS, Row, Status, _rows, _to_ox

__all__ = ["REMOTE_SCHEMES", "SERVE_FILE", "RemoteStore", "is_remote", "served_store", "values_clause", "with_values"]

REMOTE_SCHEMES = ("http://", "https://", "sparql+http://", "sparql+https://")
SERVE_FILE = "geokg-serve.json"  # left in a store folder by a running ``kg serve``: its URL and write token
_RESULTS_JSON = "application/sparql-results+json"
_N_TRIPLES = "application/n-triples"
_ACCEPT = f"{_RESULTS_JSON}, {_N_TRIPLES};q=0.9"
# On the query's first line, so the server's error positions keep their line numbers.
_PROLOGUE = "".join(f"PREFIX {p}: {ox.NamedNode(ns)} " for p, ns in PREFIXES.items())

# Internal queries bind their inputs by an inline VALUES block (%VALUES%) so the server can use its indexes.
_VERSIONS = """
SELECT ?g ?hash WHERE { %VALUES% GRAPH ?g { ?g dcterms:source ?source OPTIONAL { ?g geo:contentHash ?hash } } }
"""
_DOCUMENTS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a geo:Document } } ORDER BY ?g"
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
# each stored version of a source, and whether this extractor version wrote it: one request
_VERSIONS_CURRENT = """
SELECT ?g ?hash ?current WHERE { %VALUES% GRAPH ?g { ?g dcterms:source ?source OPTIONAL { ?g geo:contentHash ?hash }
  BIND (EXISTS { ?agent a prov:SoftwareAgent } AS ?current) } }
"""
_HAS_GRAPH = "ASK { %VALUES% GRAPH ?g { ?s ?p ?o } }"
_UNION = (
    f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ %VALUES% GRAPH ?g {{ ?s ?p ?o }} "
    f"FILTER (?g != ?ontology && ?g != <{ENTITY_GRAPH}> && ?g != <{EDGE_GRAPH}>) }}"
)
_GRAPH = "CONSTRUCT { ?s ?p ?o } WHERE { %VALUES% GRAPH ?g { ?s ?p ?o } }"
_UNION_ALL = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{ENTITY_GRAPH}> && ?g != <{EDGE_GRAPH}>) }}"


def is_remote(location: object) -> bool:
    """Whether a ``--store`` value names a SPARQL server rather than a folder.

    >>> is_remote("sparql+http://127.0.0.1:7878"), is_remote(".geokg")
    (True, False)
    """
    return str(location).startswith(REMOTE_SCHEMES)


def served_store(location: str | os.PathLike[str]) -> RemoteStore | None:
    """A ``RemoteStore`` on the ``kg serve`` that holds this store folder, if one is running."""
    try:
        info = json.loads((Path(location) / SERVE_FILE).read_text("utf-8"))
        os.kill(int(info["pid"]), 0)
        return RemoteStore(str(info["url"]), token=str(info["token"]))
    except PermissionError:  # alive, but another user's process: its token is not ours to use
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _endpoints(url: str) -> tuple[str, str]:
    """The query and update endpoint URLs of a ``--store`` URL (see ``RemoteStore``)."""
    parts = urlsplit(url.removeprefix("sparql+"))
    path = parts.path.rstrip("/")
    for suffix in ("/query", "/sparql"):
        if path.endswith(suffix):
            base = path[: -len(suffix)]
            return urlunsplit(parts._replace(path=path)), urlunsplit(parts._replace(path=base + "/update"))
    return urlunsplit(parts._replace(path=path + "/query")), urlunsplit(parts._replace(path=path + "/update"))


def _term(value: object) -> str:
    """An RDF term in SPARQL syntax, escaped by Oxigraph (IRIs are validated, never pasted)."""
    term = value if isinstance(value, URIRef | Literal) else Literal(value)
    return str(_to_ox(term))


def values_clause(bindings: Mapping[str, object]) -> str:
    """A one-row ``VALUES`` clause of escaped RDF terms: how a remote endpoint takes bound variables.

    >>> print(values_clause({"o": 'a"b', "g": URIRef("http://example.org/g")}))
    VALUES (?o ?g) { ("a\\"b" <http://example.org/g>) }
    """
    names = " ".join(str(ox.Variable(k)) for k in bindings)
    terms = " ".join(_term(v) for v in bindings.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


def with_values(sparql: str, bindings: Mapping[str, object]) -> str:
    """Bind variables by a ``VALUES`` block opening the WHERE clause of the query and of each
    subquery, so the whole query sees them as pyoxigraph's substitutions do in the embedded store.

    >>> with_values("SELECT ?x WHERE { ?x ?p ?o }", {"o": 1})
    'SELECT ?x WHERE { VALUES (?o) { ("1"^^<http://www.w3.org/2001/XMLSchema#integer>) } ?x ?p ?o }'
    """
    if not bindings:
        return sparql
    block = " " + values_clause(bindings)
    positions = where_braces(sparql)
    if not positions:  # DESCRIBE <iri> and the like: the trailing form (SPARQL 1.1 §10.2.2)
        return f"{sparql}\n{values_clause(bindings)}"
    for at in reversed(positions):
        sparql = sparql[:at] + block + sparql[at:]
    return sparql


class RemoteStore:
    """Document graphs on a SPARQL 1.1 Protocol + Update server (Oxigraph, Fuseki, GraphDB, ``kg serve``).

    ``url`` is the query endpoint (``…/query`` or ``…/sparql``) or the server base, in which case
    queries go to ``BASE/query`` and updates to ``BASE/update`` (Oxigraph's and ``kg serve``'s
    layout); ``update_url`` overrides the update endpoint. The server must answer queries over
    the union of its named graphs as the default graph (``oxigraph serve --union-default-graph``,
    Fuseki's ``unionDefaultGraph``). ``token`` (or ``$GEOKG_TOKEN``) is sent as a bearer token.
    """

    def __init__(
        self, url: str, *, update_url: str | None = None, token: str | None = None, timeout: float = 120.0
    ) -> None:
        self.url = url
        self.query_url, default_update = _endpoints(url)
        self.update_url = update_url or default_update
        token = token or os.environ.get("GEOKG_TOKEN")
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._http = httpx.Client(headers=headers, timeout=timeout)
        self._ontology_checked = False
        self._summary_checked = False

    # -- HTTP --------------------------------------------------------------------------------
    def _post(self, endpoint: str, data: dict[str, str], accept: str) -> httpx.Response:
        try:
            response = self._http.post(endpoint, data=data, headers={"Accept": accept})
        except httpx.HTTPError as exc:
            raise StoreError(f"{endpoint}: cannot reach the SPARQL server ({exc})") from None
        if response.status_code == 400:
            raise QueryError(f"malformed SPARQL: {response.text.strip()}")
        if response.status_code in (401, 403):
            raise StoreError(
                f"{endpoint}: the server refused the update ({response.text.strip()}); "
                "start kg serve with --allow-update, or set GEOKG_TOKEN"
            )
        if response.status_code >= 300:
            raise StoreError(f"{endpoint}: HTTP {response.status_code}: {response.text.strip()[:500]}")
        return response

    def _internal(self, template: str, bindings: Mapping[str, object] | None = None) -> list[Row] | bool | Graph:
        return self._run(template.replace("%VALUES%", values_clause(bindings) if bindings else ""))

    def _select(self, template: str, bindings: Mapping[str, object] | None = None) -> list[Row]:
        result = self._internal(template, bindings)
        if not isinstance(result, list):
            raise StoreError(f"{self.query_url}: expected SELECT results")
        return result

    def _update(self, operations: list[str]) -> None:
        # One request = one transaction on Oxigraph and Fuseki, so readers see all of it or none.
        self._post(self.update_url, {"update": " ;\n".join(operations)}, "*/*")

    # -- documents ---------------------------------------------------------------------------
    def graphs_of_source(self, source: str) -> dict[str, str]:
        """Return {graph IRI: content hash} of every stored version of a source."""
        rows = self._select(_VERSIONS, {"source": source})
        return {str(r["g"]): str(r["hash"] or "") for r in rows}

    def status_of(self, source: str, content_hash: str) -> Status:
        """Whether a document would be added, would replace its old version, or is unchanged."""
        rows = self._select(_VERSIONS_CURRENT, {"source": source, "agent": EXTRACTOR_AGENT})
        if not rows:
            return "added"
        if [str(r["hash"] or "") for r in rows] == [content_hash] and all(r["current"] for r in rows):
            return "skipped"
        return "replaced"  # changed text, or read by another version of the extractor

    def _ensure_ontology(self) -> None:
        if self._ontology_checked:
            return
        if not self._internal(_HAS_GRAPH, {"g": URIRef(ONTOLOGY_GRAPH)}):
            from kg.ontology import load_ontology, load_shapes

            self._update([_insert(ONTOLOGY_GRAPH, load_ontology() + load_shapes())])
        self._ontology_checked = True

    def _summary_ops(self, dropped: list[str], added: bytes | None = None) -> list[str]:
        """The edge summary's part of an update request that drops ``dropped`` and inserts ``added``: the
        touched edges recounted by the server after the drops and inserts (``kg.edge_summary``), so
        concurrent builds through one server keep exact counts. On a server written before the
        summary, it is built first, in its own request."""
        if not self._summary_checked:
            if not self._internal(_HAS_GRAPH, {"g": URIRef(EDGE_GRAPH)}):
                counts = tally(sightings_of_rows(self._select(REBUILD_ROWS)))
                if counts:
                    self._update(summary_update([], counts))
            self._summary_checked = True
        touched = [(str(r["s"]), str(r["p"]), str(r["o"])) for r in self._select(edge_keys_query(dropped))] if dropped else []
        new = [s.key for s in sightings_of_ntriples(added)] if added is not None else []
        return recount_update([*touched, *new])

    def put(self, graph_iri: str, source: str, content_hash: str, graph: Graph | bytes) -> Status:
        """Store a document's graph; unchanged is skipped, changed replaced in the same update request."""
        status = self.status_of(source, content_hash)
        if status == "skipped":
            return status
        self._ensure_ontology()
        old = [g for g in self.graphs_of_source(source) if g != graph_iri]
        drops = [f"DROP SILENT GRAPH {ox.NamedNode(g)}" for g in [graph_iri, *old]]
        data = graph if isinstance(graph, bytes) else graph.serialize(format="nt", encoding="utf-8")
        index = index_insert(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))  # the entity index (kg.entity_index)
        summary = self._summary_ops([graph_iri, *old], data)
        self._update([*drops, _insert(graph_iri, data), *([index] if index else []), *([PRUNE_INDEX] if old else []), *summary])
        return status

    def remove(self, source_or_iri: str) -> int:
        """Remove a document by its source path or graph IRI; return how many graphs went."""
        graphs = set(self.graphs_of_source(source_or_iri))
        named = is_remote(source_or_iri) and source_or_iri not in (ONTOLOGY_GRAPH, ENTITY_GRAPH, EDGE_GRAPH)
        if named and self._internal(_HAS_GRAPH, {"g": URIRef(source_or_iri)}):
            graphs.add(source_or_iri)
        if graphs:
            summary = self._summary_ops(sorted(graphs))
            self._update([*(f"DROP GRAPH {ox.NamedNode(g)}" for g in sorted(graphs)), PRUNE_INDEX, *summary])
        return len(graphs)

    def documents(self) -> list[str]:
        """IRIs of the stored document graphs."""
        return [str(r["g"]) for r in self._select(_DOCUMENTS)]

    # -- reading -----------------------------------------------------------------------------
    def query(self, sparql: str, bindings: Mapping[str, object] | None = None) -> list[Row] | bool | Graph:
        """Run SPARQL on the server; ``bindings`` go in as escaped RDF terms of a ``VALUES`` clause.

        Returns rows for SELECT, a bool for ASK, an rdflib Graph for CONSTRUCT/DESCRIBE.
        """
        return self._run(with_values(sparql, bindings or {}))

    def _run(self, sparql: str) -> list[Row] | bool | Graph:
        response = self._post(self.query_url, {"query": _PROLOGUE + sparql}, _ACCEPT)
        media = response.headers.get("content-type", "").split(";")[0].strip()
        if media == _RESULTS_JSON:
            try:
                result = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
            except SyntaxError as exc:
                raise QueryError(f"{self.query_url}: unreadable results ({exc})") from None
            if isinstance(result, ox.QueryBoolean):
                return bool(result)
            return _rows(result)
        graph = bind_prefixes(Graph())
        try:
            graph.parse(data=response.content, format="nt" if media == _N_TRIPLES else media)
        except Exception as exc:  # noqa: BLE001 - rdflib raises parser-specific errors
            raise QueryError(f"{self.query_url}: unreadable {media or 'untyped'} results ({exc})") from None
        return graph

    def query_serialized(self, sparql: str, fmt: str, bindings: Mapping[str, object] | None = None) -> bytes:
        """Run SPARQL and return the server's own serialisation in a ``RESULT_FORMATS`` format."""
        if fmt not in RESULT_FORMATS:
            raise QueryError(f"unknown result format {fmt!r} (choose one of: {', '.join(RESULT_FORMATS)})")
        text = _PROLOGUE + with_values(sparql, bindings or {})
        response = self._post(self.query_url, {"query": text}, RESULT_FORMATS[fmt].media_type)
        if response.status_code == 406 or response.status_code >= 300:
            raise QueryError(f"{self.query_url}: the server cannot give these results as {fmt}")
        return response.content

    def _triples(self, template: str, bindings: Mapping[str, object] | None = None) -> Iterator[ox.Triple]:
        """Stream the N-Triples of a CONSTRUCT through a temporary file (memory stays flat)."""
        text = _PROLOGUE + template.replace("%VALUES%", values_clause(bindings) if bindings else "")
        with tempfile.TemporaryFile() as spool:
            try:
                with self._http.stream("POST", self.query_url, data={"query": text}, headers={"Accept": _N_TRIPLES}) as r:
                    if r.status_code >= 300:
                        raise StoreError(f"{self.query_url}: HTTP {r.status_code}: {r.read().decode(errors='replace')[:500]}")
                    for chunk in r.iter_bytes():
                        spool.write(chunk)
            except httpx.HTTPError as exc:
                raise StoreError(f"{self.query_url}: cannot reach the SPARQL server ({exc})") from None
            spool.seek(0)
            yield from ox.parse(spool, format=ox.RdfFormat.N_TRIPLES)  # type: ignore[misc]

    def dump(self, output: BinaryIO, fmt: str) -> None:
        """Write the document graphs: trig/nquads one graph per document, turtle/ntriples their union."""
        if fmt not in DUMP_FORMATS:
            raise StoreError(f"cannot dump as {fmt!r} (choose one of: {', '.join(DUMP_FORMATS)})")
        target = DUMP_FORMATS[fmt]
        if target.supports_datasets:
            quads = (
                ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g))
                for g in self.documents()
                for t in self._triples(_GRAPH, {"g": URIRef(g)})
            )
            ox.serialize(quads, output, format=target, prefixes=PREFIXES)
        else:
            triples = self._triples(_UNION, {"ontology": URIRef(ONTOLOGY_GRAPH)})
            ox.serialize(triples, output, format=target, prefixes=PREFIXES)

    def graph(self, *, include_ontology: bool = False) -> Graph:
        """The union of the document graphs as an rdflib Graph (duplicates merged)."""
        if include_ontology:
            result = self._internal(_UNION_ALL)
        else:
            result = self._internal(_UNION, {"ontology": URIRef(ONTOLOGY_GRAPH)})
        assert isinstance(result, Graph)
        return result

    def __len__(self) -> int:
        rows = self._select(_COUNT)
        return int(rows[0]["n"]) if rows else 0  # type: ignore[arg-type]

    def flush(self) -> None:
        """Nothing to do: every update is committed by the server when it answers."""

    def close(self) -> None:
        """Close the HTTP connections."""
        self._http.close()


def _insert(graph_iri: str, graph: Graph | bytes) -> str:
    """``INSERT DATA`` of a graph (or its N-Triples) into a named graph, every term serialised by Oxigraph."""
    data = graph if isinstance(graph, bytes) else graph.serialize(format="nt", encoding="utf-8")
    triples = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    return f"INSERT DATA {{ GRAPH {ox.NamedNode(graph_iri)} {{\n{triples}\n}} }}"
