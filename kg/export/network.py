"""The networkx view of the RDF graph (docs/design.md, "Networkx view") and GraphML/GEXF writers.

``network(graph)`` reads three things with SPARQL:

* entities: IRIs typed with one of ``ENTITY_TYPES`` (geo:State, geo:Leader, ...);
* direct edges ``?s geo:<predicate> ?o`` for every predicate of ``PREDICATES``;
* statement nodes (``rdf:subject`` / ``rdf:predicate`` / ``rdf:object``) with their evidence and
  the metadata of the document they were derived from.

Every direct edge between two entities becomes one edge of the ``MultiDiGraph`` (key = predicate
local name), whether or not a statement supports it. A statement whose (s, p, o) has no direct edge
(for instance a negated or hypothetical relation the graph does not assert) still gets an edge so
that its evidence is not lost; such edges carry ``asserted=False``.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import networkx as nx
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS
from rdflib.query import Result, ResultRow

from kg.vocab import ENTITY_TYPES, GEO, PREDICATES

__all__ = ["network", "to_gexf", "to_graphml"]

_NS = {
    "rdf": RDF,
    "rdfs": RDFS,
    "skos": SKOS,
    "owl": OWL,
    "prov": PROV,
    "dcterms": DCTERMS,
    "geo": GEO._NS,
}

_ENTITIES_Q = """
SELECT ?e ?label ?alias ?same WHERE {
  ?e a ?type .
  FILTER(isIRI(?e))
  OPTIONAL { ?e rdfs:label ?label }
  OPTIONAL { ?e skos:altLabel ?alias }
  OPTIONAL { ?e owl:sameAs ?same }
}
"""

_EDGES_Q = """
SELECT ?s ?o WHERE {
  ?s ?p ?o .
  FILTER(isIRI(?s) && isIRI(?o))
}
"""

_STATEMENTS_Q = """
SELECT ?stmt ?s ?p ?o ?doc ?text ?modality ?confidence ?date ?title ?source ?issued WHERE {
  ?stmt rdf:subject ?s ;
        rdf:predicate ?p ;
        rdf:object ?o .
  OPTIONAL {
    ?stmt prov:wasDerivedFrom ?doc .
    OPTIONAL { ?doc dcterms:title ?title }
    OPTIONAL { ?doc dcterms:source ?source }
    OPTIONAL { ?doc dcterms:issued ?issued }
  }
  OPTIONAL { ?stmt geo:evidenceText ?text }
  OPTIONAL { ?stmt geo:modality ?modality }
  OPTIONAL { ?stmt geo:confidence ?confidence }
  OPTIONAL { ?stmt geo:eventDate ?date }
}
"""

_WIKIDATA = re.compile(r"^https?://www\.wikidata\.org/entity/Q[1-9][0-9]*$")
_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")

_EVIDENCE_FIELDS = (
    "sentence", "document", "title", "source", "published", "event_date", "modality", "confidence",
)


def _rows(result: Result) -> Iterator[ResultRow]:
    """The solutions of a SELECT query (rdflib types a query's result as rows, triples or a boolean)."""
    for row in result:
        assert isinstance(row, ResultRow)
        yield row


def _queryable(graph: rdflib.Graph) -> rdflib.Graph:
    """Return a graph whose SPARQL default graph is the union of all named graphs."""
    if isinstance(graph, rdflib.Dataset) and not graph.default_union:
        return rdflib.Dataset(store=graph.store, default_union=True)
    return graph


def _local_name(iri: Any) -> str | None:
    if iri is None:
        return None
    text = str(iri)
    return re.split(r"[#/]", text)[-1] or text


def _iso_date(value: Any) -> str | None:
    """ISO ``YYYY-MM-DD`` of a date/dateTime literal, or None."""
    if value is None:
        return None
    python = value.toPython() if isinstance(value, Literal) else value
    if isinstance(python, _dt.datetime):
        return python.date().isoformat()
    if isinstance(python, _dt.date):
        return python.isoformat()
    match = _ISO_DATE.match(str(value))
    return match.group(1) if match else None


def _confidence(value: Any) -> float | None:
    if value is None:
        return None
    python = value.toPython() if isinstance(value, Literal) else value
    if isinstance(python, (int, float, Decimal)) and not isinstance(python, bool):
        return float(python)
    try:
        return float(str(value))
    except ValueError:
        return None


def _pick(values: set[Any]) -> Any:
    """One value of a multi-valued property, chosen deterministically."""
    if not values:
        return None
    return min(values, key=lambda v: (str(v), repr(v)))


def _entities(graph: rdflib.Graph) -> dict[str, dict[str, Any]]:
    """Entity IRI -> node attributes (without ``mentions``)."""
    found: dict[str, dict[str, Any]] = {}
    labels: dict[str, set[Literal]] = defaultdict(set)
    aliases: dict[str, set[str]] = defaultdict(set)
    same: dict[str, set[str]] = defaultdict(set)
    # ENTITY_TYPES lists Leader before Person, so an entity typed both is a Leader.
    for type_name in reversed(ENTITY_TYPES):
        rows = graph.query(_ENTITIES_Q, initNs=_NS, initBindings={"type": GEO[type_name]})
        for e, label, alias, sameas in _rows(rows):
            key = str(e)
            found[key] = {"type": type_name}
            if isinstance(label, Literal):
                labels[key].add(label)
            if alias is not None:
                aliases[key].add(str(alias))
            if sameas is not None and _WIKIDATA.match(str(sameas)):
                same[key].add(str(sameas))
    for key, attrs in found.items():
        chosen = min(
            labels[key],
            key=lambda lit: (getattr(lit, "language", None) not in (None, "en"), str(lit)),
            default=None,
        )
        attrs["label"] = str(chosen) if chosen is not None else (_local_name(key) or key)
        attrs["wikidata"] = min(same[key]) if same[key] else None
        attrs["aliases"] = sorted(aliases[key])
    return found


def _statements(graph: rdflib.Graph, predicates: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Statement IRI -> {s, p, o, evidence dict}; only statements about the given predicates."""
    fields: dict[str, dict[str, set[Any]]] = defaultdict(lambda: defaultdict(set))
    spo: dict[str, tuple[str, str, str]] = {}
    for row in _rows(graph.query(_STATEMENTS_Q, initNs=_NS)):
        stmt, subject, predicate, obj = (row["stmt"], row["s"], row["p"], row["o"])
        if str(predicate) not in predicates or not isinstance(obj, URIRef):
            continue
        key = str(stmt)
        spo.setdefault(key, (str(subject), predicates[str(predicate)], str(obj)))
        for name in ("doc", "text", "modality", "confidence", "date", "title", "source", "issued"):
            if row[name] is not None:
                fields[key][name].add(row[name])
    result = {}
    for key, (s, p, o) in spo.items():
        f = fields[key]
        doc = _pick(f["doc"])
        text = _pick(f["text"])
        title = _pick(f["title"])
        source = _pick(f["source"])
        result[key] = {
            "s": s,
            "p": p,
            "o": o,
            "evidence": {
                "sentence": str(text) if text is not None else None,
                "document": str(doc) if doc is not None else None,
                "title": str(title) if title is not None else None,
                "source": str(source) if source is not None else None,
                "published": _pick({d for d in map(_iso_date, f["issued"]) if d}),
                "event_date": _pick({d for d in map(_iso_date, f["date"]) if d}),
                "modality": _local_name(_pick(f["modality"])),
                "confidence": _confidence(_pick(f["confidence"])),
            },
        }
    return result


def _evidence_key(ev: dict[str, Any]) -> tuple:
    date = ev["event_date"] or ev["published"]
    return (date is None, date or "") + tuple(
        "" if ev[name] is None else str(ev[name]) for name in _EVIDENCE_FIELDS
    )


def network(graph: rdflib.Graph) -> nx.MultiDiGraph:
    """Return the MultiDiGraph view of ``graph`` described in docs/design.md.

    Nodes are entity IRI strings with ``label``, ``type``, ``wikidata``, ``aliases`` and ``mentions``
    (number of documents with a statement about the entity). Edges are keyed by predicate local name
    with ``predicate``, ``sources``, ``evidence`` (sorted list of dicts), ``first_seen``, ``last_seen``
    and ``asserted`` (whether the direct triple is in the graph). Nodes and edges are inserted in
    sorted order, so the same RDF gives the same networkx graph.
    """
    graph = _queryable(graph)
    entities = _entities(graph)
    predicates = {str(GEO[name]): name for name in PREDICATES}

    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    for name in PREDICATES:
        for subject, obj in _rows(graph.query(_EDGES_Q, initNs=_NS, initBindings={"p": GEO[name]})):
            if str(subject) in entities and str(obj) in entities:
                edges[(str(subject), str(obj), name)] = {"asserted": True, "evidence": []}

    mentions: dict[str, set[str]] = defaultdict(set)
    for stmt in _statements(graph, predicates).values():
        s, p, o, ev = stmt["s"], stmt["p"], stmt["o"], stmt["evidence"]
        if s not in entities or o not in entities:
            continue
        if ev["document"] is not None:
            mentions[s].add(ev["document"])
            mentions[o].add(ev["document"])
        edge = edges.setdefault((s, o, p), {"asserted": False, "evidence": []})
        edge["evidence"].append(ev)

    net = nx.MultiDiGraph()
    for key in sorted(entities):
        attrs = entities[key]
        net.add_node(
            key,
            label=attrs["label"],
            type=attrs["type"],
            wikidata=attrs["wikidata"],
            aliases=attrs["aliases"],
            mentions=len(mentions[key]),
        )
    for s, o, p in sorted(edges, key=lambda k: (k[0], k[1], PREDICATES.index(k[2]))):
        data = edges[(s, o, p)]
        evidence = sorted(data["evidence"], key=_evidence_key)
        dates = [d for d in (ev["event_date"] or ev["published"] for ev in evidence) if d]
        net.add_edge(
            s,
            o,
            key=p,
            predicate=p,
            sources=len({ev["document"] for ev in evidence if ev["document"] is not None}),
            evidence=evidence,
            first_seen=min(dates) if dates else None,
            last_seen=max(dates) if dates else None,
            asserted=data["asserted"],
        )
    return net


def _scalar(value: Any) -> Any:
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def _flat_copy(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Copy with list/dict attributes as JSON strings and None attributes dropped."""
    flat = g.__class__()
    flat.graph.update({k: _scalar(v) for k, v in g.graph.items() if v is not None})
    for n, data in g.nodes(data=True):
        flat.add_node(n, **{k: _scalar(v) for k, v in data.items() if v is not None})
    for u, v, key, data in g.edges(keys=True, data=True):
        flat.add_edge(u, v, key=key, **{k: _scalar(x) for k, x in data.items() if x is not None})
    return flat


def to_graphml(g: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``g`` as GraphML (lists such as ``evidence`` become JSON strings; None is omitted)."""
    path = Path(path)
    nx.write_graphml(_flat_copy(g), path, encoding="utf-8")
    return path


def to_gexf(g: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``g`` as GEXF 1.2 (lists such as ``evidence`` become JSON strings; None is omitted)."""
    path = Path(path)
    nx.write_gexf(_flat_copy(g), path, encoding="utf-8")
    return path
