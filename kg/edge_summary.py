"""The edge summary: each asserted edge once, with how many documents support it and when it was first and last seen.

Corroboration, single-source and new-edge questions rank every edge of the store. Aggregating
the statement nodes for that on each run joins five or six patterns per statement (seconds at a
million triples), so the store keeps, in one derived graph ``EDGE_GRAPH``, a node per asserted
edge (``mint_iri("edge", subject, predicate, object)``) with ``geo:edgeSubject``,
``geo:edgePredicate``, ``geo:edgeObject``, ``geo:documentCount`` (documents with an asserted or
reported statement of it), ``geo:firstSeen`` and ``geo:lastSeen`` (over those statements: the
event date, else the document's publication date, else the day it was ingested) and, while one
document alone supports it, ``geo:singleSourceSeen`` (its last-seen day). A named query then reads
one triple per edge.

Like the entity index it is derived data, written in the same transaction as the document graphs
it counts and left out of dumps and exports. Adding documents adds their counts to the stored
ones (``read_counts`` + ``EdgeCount.plus``); dropping or replacing documents recounts the edges
they touched from the statements that stay (``RECOUNT_ROWS``); ``REBUILD_ROWS`` recounts them all.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from kg.graph import document_iri
from kg.model import Extraction
from kg.vocab import BASE, GEO, mint_iri

__all__ = [
    "EDGE_GRAPH",
    "REBUILD_ROWS",
    "RECOUNT_ROWS",
    "EdgeCount",
    "Sighting",
    "StoredEdges",
    "edge_keys_query",
    "read_counts",
    "recount_query",
    "recount_update",
    "sightings_of_extraction",
    "sightings_of_ntriples",
    "sightings_of_rows",
    "summary_after",
    "summary_delta",
    "summary_quads",
    "summary_update",
    "tally",
]

EDGE_GRAPH = BASE + "graph/edges"
Key = tuple[str, str, str]  # subject, predicate, object IRIs

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_PROV = "http://www.w3.org/ns/prov#"
_DCT = "http://purl.org/dc/terms/"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_GEO = BASE + "ontology#"
_ASSERTED = (f"{_GEO}Asserted", f"{_GEO}Reported")
# the statement and document properties a sighting reads, by predicate IRI
_FIELDS = {
    _RDF + "subject": "s",
    _RDF + "predicate": "p",
    _RDF + "object": "o",
    f"{_GEO}modality": "modality",
    _PROV + "wasDerivedFrom": "doc",
    f"{_GEO}eventDate": "event",
    _DCT + "issued": "issued",
    _PROV + "generatedAtTime": "ingested",
}
# the lines of N-Triples whose predicate is one of those (a subject has no space; the predicate follows it)
_LINES = re.compile(rb"^[^ \t\n]+[ \t]+<(?:" + b"|".join(re.escape(p.encode()) for p in _FIELDS) + rb")>[ \t].*$", re.MULTILINE)
_G = ox.NamedNode(EDGE_GRAPH)
_SUBJECT, _PREDICATE, _OBJECT, _DOCUMENTS, _FIRST, _LAST, _SINGLE = (
    ox.NamedNode(f"{_GEO}{name}")
    for name in ("edgeSubject", "edgePredicate", "edgeObject", "documentCount", "firstSeen", "lastSeen", "singleSourceSeen")
)
_DATE, _INTEGER = ox.NamedNode(_XSD + "date"), ox.NamedNode(_XSD + "integer")

# Each asserted statement ?st of edge (?s ?p ?o), in the graph of its document ?doc, with its dates.
_STATEMENTS = f"""GRAPH ?doc {{ ?st <{_RDF}subject> ?s ; <{_RDF}predicate> ?p ; <{_RDF}object> ?o ; <{_GEO}modality> ?m ;
      <{_PROV}wasDerivedFrom> ?doc .
    FILTER(?m IN (<{_ASSERTED[0]}>, <{_ASSERTED[1]}>))
    OPTIONAL {{ ?st <{_GEO}eventDate> ?event }} OPTIONAL {{ ?doc <{_DCT}issued> ?issued }}
    OPTIONAL {{ ?doc <{_PROV}generatedAtTime> ?ingested }} }}"""
# Those statements for the edges bound by %VALUES% (?s ?p ?o).
RECOUNT_ROWS = f"SELECT ?s ?p ?o ?doc ?event ?issued ?ingested WHERE {{ %VALUES%\n  {_STATEMENTS}\n}}"
REBUILD_ROWS = RECOUNT_ROWS.replace("%VALUES%", "")


def recount_query(keys: Iterable[Key]) -> str:
    """``RECOUNT_ROWS`` for these edges."""
    values = " ".join(f"({ox.NamedNode(s)} {ox.NamedNode(p)} {ox.NamedNode(o)})" for s, p, o in keys)
    return RECOUNT_ROWS.replace("%VALUES%", f"VALUES (?s ?p ?o) {{ {values} }}")


def recount_update(keys: Iterable[Key]) -> list[str]:
    """SPARQL Update that recounts these edges on the server, from the statements stored when it runs.

    For a SPARQL server, appended to the request that drops and inserts documents: the server counts
    in the same transaction, so two builds writing through one server cannot lose each other's
    counts. Days are as ``tally`` counts them; an edge with no statement left loses its entry.
    """
    rows = " ".join(f"({_node(k)} {ox.NamedNode(k[0])} {ox.NamedNode(k[1])} {ox.NamedNode(k[2])})" for k in dict.fromkeys(keys))
    if not rows:
        return []
    xsd_date = f"<{_XSD}date>"
    return summary_update(dict.fromkeys(keys), {}) + [f"""INSERT {{ GRAPH {_G} {{ ?e {_SUBJECT} ?s ; {_PREDICATE} ?p ; {_OBJECT} ?o ;
    {_DOCUMENTS} ?n ; {_FIRST} ?f ; {_LAST} ?l ; {_SINGLE} ?one }} }}
WHERE {{
  {{ SELECT ?e ?s ?p ?o (COUNT(DISTINCT ?doc) AS ?n) (MIN(?day) AS ?f) (MAX(?day) AS ?l) WHERE {{
      VALUES (?e ?s ?p ?o) {{ {rows} }}
      {_STATEMENTS}
      BIND(COALESCE(?event, ?issued, STRDT(SUBSTR(STR(?ingested), 1, 10), {xsd_date})) AS ?day)
  }} GROUP BY ?e ?s ?p ?o }}
  BIND(IF(?n = 1, ?l, ?unbound) AS ?one)
}}"""]


def edge_keys_query(graphs: Sequence[str]) -> str:
    """SELECT the edges (?s ?p ?o) that statements in these graphs state: what dropping them touches."""
    values = " ".join(str(ox.NamedNode(g)) for g in graphs)
    return f"""SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?g {{ {values} }}
  GRAPH ?g {{ ?st <{_RDF}subject> ?s ; <{_RDF}predicate> ?p ; <{_RDF}object> ?o }} }}"""


@dataclass(frozen=True, slots=True)
class Sighting:
    """One asserted statement of an edge: the edge, its document and its day (ISO), if any."""

    key: Key
    document: str
    day: str | None


@dataclass(frozen=True, slots=True)
class EdgeCount:
    """What the summary says of one edge."""

    documents: int
    first: str | None
    last: str | None

    def plus(self, other: EdgeCount) -> EdgeCount:
        """The count over both sets of documents (which must not overlap)."""
        firsts = [d for d in (self.first, other.first) if d]
        lasts = [d for d in (self.last, other.last) if d]
        return EdgeCount(self.documents + other.documents, min(firsts, default=None), max(lasts, default=None))


def _day(event: str | None, issued: str | None, ingested: str | None) -> str | None:
    return event or issued or (ingested[:10] if ingested else None)


def _sightings(fields: Mapping[object, Mapping[str, list[str]]]) -> list[Sighting]:
    out: list[Sighting] = []
    for values in fields.values():
        if not any(m in _ASSERTED for m in values.get("modality", ())):
            continue
        event = min(values.get("event", ()), default=None)
        for s in values.get("s", ()):
            for p in values.get("p", ()):
                for o in values.get("o", ()):
                    for doc in values.get("doc", ()):
                        of_doc = fields.get(doc, {})
                        issued = min(of_doc.get("issued", ()), default=None)
                        ingested = min(of_doc.get("ingested", ()), default=None)
                        out.append(Sighting((s, p, o), doc, _day(event, issued, ingested)))
    return out


def sightings_of_extraction(extraction: Extraction) -> list[Sighting]:
    """What ``sightings_of_ntriples`` reads from the extraction's N-Triples, without writing or parsing them."""
    doc = extraction.document
    name = str(document_iri(doc))
    fallback = _day(None, doc.published.isoformat() if doc.published else None, doc.ingested.isoformat() if doc.ingested else None)
    return [
        Sighting((str(mint_iri("entity", r.subject)), str(GEO[r.predicate]), str(mint_iri("entity", r.object))), name,
                 r.event_date.isoformat() if r.event_date else fallback)
        for r in extraction.relations
        if r.modality in ("Asserted", "Reported")
    ]


def sightings_of_ntriples(data: bytes) -> list[Sighting]:
    """The asserted statements a document's N-Triples hold (only the lines that can matter are parsed)."""
    fields: dict[object, dict[str, list[str]]] = {}
    for t in ox.parse(b"\n".join(_LINES.findall(data)), format=ox.RdfFormat.N_TRIPLES):
        name = _FIELDS.get(t.predicate.value)
        if name is not None:
            fields.setdefault(t.subject.value, {}).setdefault(name, []).append(t.object.value)
    return _sightings(fields)


def sightings_of_rows(rows: Iterable[Mapping[str, object]]) -> list[Sighting]:
    """Sightings from ``RECOUNT_ROWS`` answers (rdflib or pyoxigraph terms, or None when unbound)."""

    def text(term: object) -> str | None:
        return None if term is None else _text(term)

    out = []
    for row in rows:
        key = (text(row["s"]), text(row["p"]), text(row["o"]))
        day = _day(text(row["event"]), text(row["issued"]), text(row["ingested"]))
        out.append(Sighting(key, text(row["doc"]), day))  # type: ignore[arg-type]
    return out


def tally(sightings: Iterable[Sighting]) -> dict[Key, EdgeCount]:
    """Each edge's documents and first and last day over these sightings."""
    docs: dict[Key, set[str]] = {}
    days: dict[Key, list[str]] = {}
    for s in sightings:
        docs.setdefault(s.key, set()).add(s.document)
        if s.day:
            days.setdefault(s.key, []).append(s.day)
    return {k: EdgeCount(len(d), min(days.get(k, ()), default=None), max(days.get(k, ()), default=None)) for k, d in docs.items()}


def _text(term: object) -> str:
    return str(getattr(term, "value", term))


def _node(key: Key) -> ox.NamedNode:
    return ox.NamedNode(str(mint_iri("edge", *key)))


def read_counts(store: ox.Store, keys: Iterable[Key]) -> dict[Key, EdgeCount]:
    """The stored counts of these edges (an embedded store; edges it has no entry for are left out)."""
    out = {}
    for key in keys:
        values = {q.predicate: _text(q.object) for q in store.quads_for_pattern(_node(key), None, None, _G)}
        if _DOCUMENTS in values:
            out[key] = EdgeCount(int(values[_DOCUMENTS]), values.get(_FIRST), values.get(_LAST))
    return out


_STORED_KEYS = f"SELECT ?s ?p ?o WHERE {{ GRAPH {_G} {{ ?e {_SUBJECT} ?s ; {_PREDICATE} ?p ; {_OBJECT} ?o }} }}"


class StoredEdges:
    """What an embedded store's edge summary holds, as its one writer knows it: which edges may have
    an entry (a superset, as hashes) and the entries it has read or written since.

    Adding documents needs the stored count of each of their edges (``read_counts``), one look-up
    per edge, and a look-up reads every level of the store (Oxigraph sets no bloom filters), so it
    slows as the store grows. The store's lock lets one process write, so the writer can keep the
    answers: ``counts`` looks up only edges it has no entry for and that may be stored.

    The set of stored edges is loaded by one scan of the summary when first needed, and told of each
    edge before it is written (``add``), so a write killed half-way leaves it a superset; entries
    the store loses only make it larger than needed. The scan costs ~20 µs per stored edge, more
    than the look-ups it saves in a short build, so a summary of more than ``load_limit`` edges
    (a large store: 20,000 edges scan in ~0.4 s) is not loaded, and every edge without an entry is
    looked up once, as it is past ``limit`` tracked edges (about 80 bytes each). A build into a new
    store tracks them from its first batch.

    The entries are kept from look-ups and from writes that went through (``wrote``); past
    ``entry_limit`` (about 180 bytes each) they start afresh. The defaults bound both to about
    170 MB. Writes that change entries it cannot name call ``forget_counts``; writes it does not
    see at all (a bulk load, a rebuild) call ``forget``.
    """

    def __init__(self, limit: int = 1_000_000, entry_limit: int = 500_000, load_limit: int = 20_000) -> None:
        self.limit, self.entry_limit, self.load_limit = limit, entry_limit, load_limit
        self._hashes: set[int] | None = None
        self._off = False
        self._entries: dict[Key, EdgeCount] = {}

    @property
    def tracking(self) -> bool:
        """Whether it holds anything a write must update (``add`` has nothing to do otherwise)."""
        return self._hashes is not None or bool(self._entries)

    def counts(self, store: ox.Store, keys: Iterable[Key]) -> dict[Key, EdgeCount]:
        """``read_counts`` of these edges, looking up only those it has no entry for and that may be stored."""
        if self._hashes is None and not self._off:
            rows = list(store.query(f"{_STORED_KEYS} LIMIT {self.load_limit + 1}"))  # type: ignore[arg-type]
            if len(rows) > self.load_limit:
                self._off = True
            else:
                self._hashes = {hash((r[0].value, r[1].value, r[2].value)) for r in rows}
                self._check_limit()
        hashes, entries = self._hashes, self._entries
        out: dict[Key, EdgeCount] = {}
        missing = []
        for key in keys:
            count = entries.get(key)
            if count is not None:
                out[key] = count
            elif hashes is None or hash(key) in hashes:
                missing.append(key)
        found = read_counts(store, missing)
        self.wrote(found)
        out.update(found)
        return out

    def add(self, keys: Iterable[Key]) -> None:
        """Record edges whose entries are about to be written (and forget what they were)."""
        for key in keys:
            self._entries.pop(key, None)
            if self._hashes is not None:
                self._hashes.add(hash(key))
        self._check_limit()

    def wrote(self, counts: Mapping[Key, EdgeCount]) -> None:
        """Keep these entries, as the store now holds them."""
        if len(self._entries) + len(counts) > self.entry_limit:
            self._entries.clear()
        for (s, p, o), count in counts.items():
            first, last = (sys.intern(d) if d else None for d in (count.first, count.last))
            self._entries[(sys.intern(s), sys.intern(p), sys.intern(o))] = EdgeCount(count.documents, first, last)

    def forget_counts(self) -> None:
        """Drop the entries kept, after a write that changed entries it cannot name (a drop, a recount)."""
        self._entries.clear()

    def forget(self) -> None:
        """Drop everything, after a write it did not see: the next ``counts`` loads the stored edges again."""
        self._hashes = None
        self._entries.clear()

    def _check_limit(self) -> None:
        if self._hashes is not None and len(self._hashes) > self.limit:
            self._hashes, self._off = None, True


def summary_quads(counts: Mapping[Key, EdgeCount]) -> list[ox.Quad]:
    """The summary graph's quads for these edges."""
    quads = []
    for key, count in counts.items():
        node = _node(key)
        terms: list[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]] = [
            (_SUBJECT, ox.NamedNode(key[0])), (_PREDICATE, ox.NamedNode(key[1])), (_OBJECT, ox.NamedNode(key[2])),
            (_DOCUMENTS, ox.Literal(str(count.documents), datatype=_INTEGER)),
        ]
        if count.first and count.last:
            terms += [(_FIRST, ox.Literal(count.first, datatype=_DATE)), (_LAST, ox.Literal(count.last, datatype=_DATE))]
            if count.documents == 1:
                terms.append((_SINGLE, ox.Literal(count.last, datatype=_DATE)))
        quads += [ox.Quad(node, p, o, _G) for p, o in terms]
    return quads


def summary_delta(old: Mapping[Key, EdgeCount], new: Mapping[Key, EdgeCount]) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """The summary quads to remove and to add to turn the ``old`` entries of these edges into ``new``."""
    removed: list[ox.Quad] = []
    added: list[ox.Quad] = []
    for key, count in new.items():
        now = summary_quads({key: count})
        was = set(summary_quads({key: old[key]})) if key in old else set()
        removed += [q for q in was if q not in set(now)]
        added += [q for q in now if q not in was]
    return removed, added


def summary_update(keys: Iterable[Key], counts: Mapping[Key, EdgeCount]) -> list[str]:
    """SPARQL Update operations: drop the entries of ``keys``, then write ``counts`` (full IRIs, any server)."""
    nodes = " ".join(str(_node(k)) for k in dict.fromkeys(keys))
    ops = []
    if nodes:
        ops.append(f"DELETE {{ GRAPH {_G} {{ ?e ?p ?v }} }} WHERE {{ VALUES ?e {{ {nodes} }} GRAPH {_G} {{ ?e ?p ?v }} }}")
    quads = summary_quads({k: c for k, c in counts.items() if c.documents})
    if quads:
        body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
        ops.append(f"INSERT DATA {{ GRAPH {_G} {{\n{body}\n}} }}")
    return ops


Select = Callable[[str], Iterable[Mapping[str, object]]]


def summary_after(
    select: Select,
    dropped: Sequence[str],
    added: bytes | None = None,
    read: Callable[[list[Key]], dict[Key, EdgeCount]] | None = None,
) -> list[str]:
    """Update operations that bring the summary to what it is once ``dropped`` graphs go and ``added`` N-Triples come in.

    ``select`` runs a SELECT on the store as it is before the change. The edges the change touches
    are recounted from the statements that stay; when nothing is dropped, ``read`` (the stored
    counts, if the store can read them cheaply) saves the recount.
    """
    new = tally(sightings_of_ntriples(added)) if added is not None else {}
    touched = [(_text(r["s"]), _text(r["p"]), _text(r["o"])) for r in select(edge_keys_query(dropped))] if dropped else []
    keys = list(dict.fromkeys([*touched, *new]))
    if not keys:
        return []
    if dropped or read is None:
        gone = set(dropped)
        counts = tally(s for s in sightings_of_rows(select(recount_query(keys))) if s.document not in gone)
    else:
        counts = read(keys)
    for key, count in new.items():
        counts[key] = counts[key].plus(count) if key in counts else count
    return summary_update(keys, counts)
