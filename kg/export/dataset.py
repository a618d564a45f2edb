"""Export a whole store (or the part ``--where`` selects) as RDF or as an actor network.

Formats:

* ``turtle``, ``ntriples``: the union of the document graphs, each triple once;
* ``trig``, ``nquads``: one named graph per document (named by the document IRI), each holding
  the document's provenance (``dcterms:source``, ``prov:generatedAtTime``, ``geo:contentHash``) and
  its statements (``prov:wasDerivedFrom`` the document);
* ``jsonld``: the union graph compacted with the shipped context (``kg/export/context.jsonld``,
  embedded in the output so that it reads without a network);
* ``graphml``, ``gexf``: the networkx actor network of ``kg.export.network``, for Gephi.

Without ``where`` the four RDF line/Turtle formats stream out of the store (memory does not grow
with the store); JSON-LD, the networks and every filtered export are built in memory.

``where`` is one SPARQL expression over ``?s ?p ?o``, evaluated for every relation: a direct edge
(``?p`` a relation such as ``geo:condemns``) or a statement node's ``rdf:subject`` /
``rdf:predicate`` / ``rdf:object`` (so negated relations count too, as in ``kg view --where``).
For each relation it keeps, the export holds, in every document that states it: the direct edge
(if asserted), its statement nodes with all their triples, the document and agent they point to,
and the type, labels, aliases and Wikidata link of both ends.
Example: ``?p = geo:condemns && ?o = kgr:russia``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO

from rdflib import Dataset, Graph, URIRef

from kg.errors import ExportError, QueryError
from kg.graph import bind_prefixes
from kg.store import DUMP_FORMATS, GraphStore, Row

__all__ = ["EXPORT_FORMATS", "context", "export", "where_quads"]

EXPORT_FORMATS = ("turtle", "trig", "nquads", "ntriples", "jsonld", "graphml", "gexf")
_RDFLIB = {"turtle": "turtle", "trig": "trig", "nquads": "nquads", "ntriples": "nt"}

_WHERE = """
SELECT DISTINCT ?g ?subject ?property ?value WHERE {{
  {{ SELECT DISTINCT ?s ?p ?o WHERE {{
       {{ ?s ?p ?o . ?p rdfs:subPropertyOf+ geo:relation }} UNION {{ ?x rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }}
       FILTER({where})
  }} }}
  {{ GRAPH ?g {{ ?s ?p ?o }} BIND(?s AS ?subject) BIND(?p AS ?property) BIND(?o AS ?value) }}
  UNION
  {{ GRAPH ?g {{ ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; ?property ?value }} BIND(?st AS ?subject) }}
  UNION
  {{ GRAPH ?g {{ ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                  prov:wasDerivedFrom|prov:wasAttributedTo ?subject . ?subject ?property ?value }} }}
  UNION
  {{ GRAPH ?g {{ ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . ?s ?property ?value }}
     BIND(?s AS ?subject) FILTER(?property IN ({described})) }}
  UNION
  {{ GRAPH ?g {{ ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . ?o ?property ?value }}
     BIND(?o AS ?subject) FILTER(?property IN ({described})) }}
}}
"""
_DESCRIBED = "rdf:type, rdfs:label, skos:altLabel, owl:sameAs"


@cache
def context() -> dict[str, Any]:
    """The published JSON-LD context (``{"@context": {...}}``) shipped with geokg."""
    text = resources.files("kg.export").joinpath("context.jsonld").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def where_quads(store: GraphStore, where: str) -> Dataset:
    """The quads ``where`` selects (see the module docstring), as an rdflib Dataset."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql import parser

    try:  # exactly one expression, so nothing can close the FILTER and follow it
        parser.Expression.parse_string(where, parse_all=True)
    except ParseException:
        raise ExportError(f"--where {where!r} is not a SPARQL FILTER expression over ?s ?p ?o") from None
    try:
        rows = store.query(_WHERE.format(where=where, described=_DESCRIBED))
    except QueryError as exc:
        raise ExportError(f"--where {where!r}: {exc}") from None
    ds = Dataset()
    bind_prefixes(ds)  # type: ignore[arg-type]
    assert isinstance(rows, list)
    for row in rows:
        ds.graph(URIRef(str(row["g"]))).add(_triple(row))
    return ds


def _triple(row: Row) -> tuple[Any, Any, Any]:
    return row["subject"], row["property"], row["value"]


def _union(ds: Dataset) -> Graph:
    g = bind_prefixes(Graph())
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def export(store: GraphStore, fmt: str, output: BinaryIO | Path, *, where: str | None = None) -> None:
    """Write the store (or what ``where`` selects) in ``fmt`` (one of ``EXPORT_FORMATS``) to ``output``.

    ``output`` is a binary stream for every format, or a path (GraphML/GEXF are written by networkx).
    """
    if fmt not in EXPORT_FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (choose one of: {', '.join(EXPORT_FORMATS)})")
    selected = where_quads(store, where) if where is not None else None
    if fmt in ("graphml", "gexf"):
        from kg.export.network import network, to_gexf, to_graphml

        net = network(_union(selected) if selected is not None else store.graph())
        (to_graphml if fmt == "graphml" else to_gexf)(net, output)  # type: ignore[arg-type]
        return
    with _binary(output) as stream:
        if fmt == "jsonld":
            graph = _union(selected) if selected is not None else store.graph()
            stream.write(graph.serialize(format="json-ld", context=context()["@context"], encoding="utf-8"))
        elif selected is None:
            assert fmt in DUMP_FORMATS
            store.dump(stream, fmt)
        elif fmt in ("trig", "nquads"):
            stream.write(selected.serialize(format=_RDFLIB[fmt], encoding="utf-8"))
        else:
            stream.write(_union(selected).serialize(format=_RDFLIB[fmt], encoding="utf-8"))


class _binary:
    """Open a path for writing (closing it after), or pass a stream through."""

    def __init__(self, output: BinaryIO | Path) -> None:
        self.output = output
        self.opened: BinaryIO | None = None

    def __enter__(self) -> BinaryIO:
        if isinstance(self.output, Path):
            try:
                self.output.parent.mkdir(parents=True, exist_ok=True)
                self.opened = self.output.open("wb")
            except OSError as exc:
                raise ExportError(f"{self.output}: cannot write here ({exc.strerror})") from None
            return self.opened
        return self.output

    def __exit__(self, *exc: object) -> None:
        if self.opened is not None:
            self.opened.close()
