"""The entity index: each entity's description once, in its own graph, so label lookups need not scan every document.

Every document graph repeats the description of the entities it mentions (type, label, aliases,
Wikidata link), so in the union view an entity named in 100 documents has its label 100 times and
a case-insensitive label lookup has to read them all. The store keeps, beside the document graphs,
one graph ``ENTITY_GRAPH`` holding the set of those description triples found in any document
graph, plus each label and alias lower-cased as ``skos:hiddenLabel`` (the key the named queries
look actors up by). It is derived data: written in the same transaction as the document graph that
supports it, pruned when the last document supporting an entry goes, left out of dumps, exports
and ``documents()``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import pyoxigraph as ox
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.vocab import BASE, KGR

__all__ = ["ENTITY_GRAPH", "INDEX_PREDICATES", "PRUNE_INDEX", "index_insert", "index_nquads", "index_quads"]

ENTITY_GRAPH = BASE + "graph/entities"
INDEX_PREDICATES = tuple(str(p) for p in (RDF.type, RDFS.label, SKOS.altLabel, OWL.sameAs))
_LABELS = (str(RDFS.label), str(SKOS.altLabel))
_KEY = ox.NamedNode(str(SKOS.hiddenLabel))
_GRAPH = ox.NamedNode(ENTITY_GRAPH)

# SPARQL Update (full IRIs, so any server takes it): drop the index entries no document graph
# supports any more, then the lookup keys of labels that went. Run in the request that drops graphs.
PRUNE_INDEX = f"""DELETE {{ GRAPH {_GRAPH} {{ ?s ?p ?o }} }} WHERE {{
  GRAPH {_GRAPH} {{ ?s ?p ?o }} FILTER(?p != {_KEY})
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {_GRAPH}) }}
}} ;
DELETE {{ GRAPH {_GRAPH} {{ ?s {_KEY} ?k }} }} WHERE {{
  GRAPH {_GRAPH} {{ ?s {_KEY} ?k }}
  FILTER NOT EXISTS {{ GRAPH {_GRAPH} {{ ?s <{_LABELS[0]}>|<{_LABELS[1]}> ?l }} FILTER(LCASE(STR(?l)) = ?k) }}
}}"""


def index_quads(triples: Iterable[ox.Triple | ox.Quad]) -> list[ox.Quad]:
    """The index entries a document's triples support: entity descriptions and lower-cased label keys.

    >>> t = ox.Triple(ox.NamedNode(KGR + "north_korea"), ox.NamedNode(RDFS.label), ox.Literal("North Korea"))
    >>> [(q.predicate.value.rsplit("#")[-1], q.object.value) for q in index_quads([t])]
    [('label', 'North Korea'), ('hiddenLabel', 'north korea')]
    """
    out: list[ox.Quad] = []
    for t in triples:
        if t.predicate.value not in INDEX_PREDICATES:
            continue
        if not (isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(str(KGR))):
            continue
        out.append(ox.Quad(t.subject, t.predicate, t.object, _GRAPH))
        if t.predicate.value in _LABELS and isinstance(t.object, ox.Literal):
            # str.lower and Oxigraph's LCASE both apply Unicode's full lower-case mapping.
            out.append(ox.Quad(t.subject, _KEY, ox.Literal(t.object.value.lower()), _GRAPH))
    return out


_CANDIDATES = frozenset(f"<{p}>" for p in INDEX_PREDICATES)
_SUBJECTS = f"<{KGR}"


def index_nquads(line: str) -> tuple[str, ...]:
    """The index entries, as N-Quads lines, that one N-Triples line of a document supports (most lines: none).

    The same entries as ``index_quads``, read without parsing the lines that cannot hold one.

    >>> index_nquads(f'<{KGR}japan> <{RDFS.label}> "Japan" .')[1]
    '<https://w3id.org/geokg/id/japan> <http://www.w3.org/2004/02/skos/core#hiddenLabel> "japan" <https://w3id.org/geokg/graph/entities> .\\n'
    >>> index_nquads(f'<{KGR}japan> <{KGR}x> "Japan" .')
    ()
    """
    subject, predicate, _ = line.split(" ", 2)
    if "\\" not in subject + predicate and (predicate not in _CANDIDATES or not subject.startswith(_SUBJECTS)):
        return ()  # (an escaped IRI is left to the parser, which reads it as it is meant)
    return _parsed_index_nquads(line)


@lru_cache(maxsize=1 << 14)  # a document's entities recur across a corpus: most lines were seen before
def _parsed_index_nquads(line: str) -> tuple[str, ...]:
    return tuple(f"{q} .\n" for q in index_quads(ox.parse(line, format=ox.RdfFormat.N_TRIPLES)))


def index_insert(triples: Iterable[ox.Triple | ox.Quad]) -> str | None:
    """A SPARQL ``INSERT DATA`` adding the index entries of a document's triples (None if it has none)."""
    quads = index_quads(triples)
    if not quads:
        return None
    body = " ".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    return f"INSERT DATA {{ GRAPH {_GRAPH} {{ {body} }} }}"
