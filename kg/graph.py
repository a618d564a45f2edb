"""Extractions → RDF: the only module that writes triples."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.plugins.serializers.nt import _quote_encode, _quoteLiteral
from rdflib.term import Node

from kg.model import Document, Extraction
from kg.rules_version import EXTRACTOR_NAME, EXTRACTOR_VERSION
from kg.vocab import GEO, KGR, NIF, WD, mint_iri

__all__ = [
    "EXTRACTOR_AGENT",
    "PREFIXES",
    "Triple",
    "bind_prefixes",
    "document_iri",
    "extraction_graph",
    "extraction_ntriples",
    "extraction_triples",
    "merge",
]

Triple = tuple[Node, Node, Node]

PREFIXES: dict[str, str] = {
    "geo": str(GEO._NS),
    "kgr": str(KGR),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "owl": str(OWL),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "xsd": str(XSD),
    "nif": str(NIF),
    "wd": str(WD),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes so serialisations read well."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


# the extractor (name and version) every statement is attributed to: a stored graph without it
# was read by another version, and a rebuild reads its article again (kg.store.Store.status_of)
EXTRACTOR_AGENT = mint_iri("agent", EXTRACTOR_NAME, EXTRACTOR_VERSION)


def document_iri(document: Document) -> URIRef:
    """The IRI of a document, which is also the name of its graph in the store."""
    return mint_iri("document", document.source, document.content_hash)


def extraction_triples(extraction: Extraction) -> list[Triple]:
    """Return the triples of one document (each once, in a stable order): entities, edges, statements."""
    out: dict[Triple, None] = {}  # a set that keeps insertion order, so the output is deterministic
    add = out.setdefault
    doc = extraction.document
    d = document_iri(doc)
    add((d, RDF.type, GEO.Document))
    if doc.title:
        add((d, DCTERMS.title, Literal(doc.title)))
    add((d, DCTERMS.source, Literal(doc.source)))
    if doc.published:
        add((d, DCTERMS.issued, Literal(doc.published, datatype=XSD.date)))
    if doc.ingested:
        add((d, PROV.generatedAtTime, Literal(doc.ingested, datatype=XSD.dateTime)))
    add((d, GEO.contentHash, Literal(doc.content_hash)))
    agent = EXTRACTOR_AGENT
    add((agent, RDF.type, PROV.SoftwareAgent))
    add((agent, RDFS.label, Literal(EXTRACTOR_NAME)))
    add((agent, OWL.versionInfo, Literal(EXTRACTOR_VERSION)))
    for e in extraction.entities:
        iri = mint_iri("entity", e.id)
        add((iri, RDF.type, GEO[e.type]))
        add((iri, RDFS.label, Literal(e.label)))
        for alias in e.aliases:
            add((iri, SKOS.altLabel, Literal(alias)))
        if e.wikidata:
            add((iri, OWL.sameAs, WD[e.wikidata]))
    for r in extraction.relations:
        s, p, o = mint_iri("entity", r.subject), GEO[r.predicate], mint_iri("entity", r.object)
        st = mint_iri("statement", d, r.subject, r.predicate, r.object, r.evidence.start, r.evidence.end)
        if r.modality in ("Asserted", "Reported"):
            add((s, p, o))  # the direct edge stands for what the text asserts, not what it denies
        add((st, RDF.type, GEO.Statement))
        add((st, RDF.subject, s))
        add((st, RDF.predicate, p))
        add((st, RDF.object, o))
        add((st, PROV.wasDerivedFrom, d))
        add((st, GEO.evidenceText, Literal(r.evidence.sentence)))
        add((st, NIF.beginIndex, Literal(r.evidence.start, datatype=XSD.integer)))
        add((st, NIF.endIndex, Literal(r.evidence.end, datatype=XSD.integer)))
        add((st, PROV.wasAttributedTo, agent))
        add((st, GEO.confidence, Literal(Decimal(str(round(r.confidence, 3))), datatype=XSD.decimal)))
        add((st, GEO.modality, GEO[r.modality]))
        if r.event_date:
            add((st, GEO.eventDate, Literal(r.event_date, datatype=XSD.date)))
    return list(out)


def extraction_graph(extraction: Extraction) -> Graph:
    """Return the triples of one document as an rdflib Graph: entities, direct edges, statements with evidence."""
    g = bind_prefixes(Graph())
    for triple in extraction_triples(extraction):
        g.add(triple)
    return g


def extraction_ntriples(extraction: Extraction) -> bytes:
    """Return the triples of one document as N-Triples (what workers send to the store writer).

    The same lines, in the same order, as ``extraction_triples`` written by rdflib's N-Triples
    serialiser (``tests/test_graph.py`` holds them equal), built as strings: rdflib terms cost
    most of this stage (IRI checks, namespace look-ups, literal construction, per triple), while
    a document repeats a few dozen distinct IRIs and literal types hundreds of times.
    """
    return "".join(_ntriples_lines(extraction)).encode("utf-8")


def _ntriples_lines(extraction: Extraction) -> dict[str, None]:
    """N-Triples lines of ``extraction_triples``, each once, in its order (a dict keeps it)."""
    out: dict[str, None] = {}
    add = out.setdefault
    iri = _IriCache()
    doc = extraction.document
    doc_iri = document_iri(doc)
    d = iri(doc_iri)
    add(f"{d} {_RDF_TYPE} {_GEO_DOCUMENT} .\n")
    if doc.title:
        add(f"{d} {_DCT_TITLE} {_plain(doc.title)} .\n")
    add(f"{d} {_DCT_SOURCE} {_plain(doc.source)} .\n")
    if doc.published:
        add(f"{d} {_DCT_ISSUED} {_date(doc.published)} .\n")
    if doc.ingested:
        add(f"{d} {_PROV_GENERATED} {_quoteLiteral(Literal(doc.ingested, datatype=XSD.dateTime))} .\n")
    add(f"{d} {_GEO_CONTENT_HASH} {_plain(doc.content_hash)} .\n")
    agent = iri(EXTRACTOR_AGENT)
    add(f"{agent} {_RDF_TYPE} {_PROV_AGENT} .\n")
    add(f"{agent} {_RDFS_LABEL} {_plain(EXTRACTOR_NAME)} .\n")
    add(f"{agent} {_OWL_VERSION} {_plain(EXTRACTOR_VERSION)} .\n")
    for e in extraction.entities:
        s = iri.entity(e.id)
        add(f"{s} {_RDF_TYPE} {_geo(e.type)} .\n")
        add(f"{s} {_RDFS_LABEL} {_plain(e.label)} .\n")
        for alias in e.aliases:
            add(f"{s} {_SKOS_ALT} {_plain(alias)} .\n")
        if e.wikidata:
            add(f"{s} {_OWL_SAME} {iri(WD[e.wikidata])} .\n")
    for r in extraction.relations:
        s, p, o = iri.entity(r.subject), _geo(r.predicate), iri.entity(r.object)
        st = iri(mint_iri("statement", doc_iri, r.subject, r.predicate, r.object, r.evidence.start, r.evidence.end))
        if r.modality in ("Asserted", "Reported"):
            add(f"{s} {p} {o} .\n")
        add(f"{st} {_RDF_TYPE} {_GEO_STATEMENT} .\n")
        add(f"{st} {_RDF_SUBJECT} {s} .\n")
        add(f"{st} {_RDF_PREDICATE} {p} .\n")
        add(f"{st} {_RDF_OBJECT} {o} .\n")
        add(f"{st} {_PROV_DERIVED} {d} .\n")
        add(f"{st} {_GEO_EVIDENCE} {_plain(r.evidence.sentence)} .\n")
        add(f"{st} {_NIF_BEGIN} {_integer(r.evidence.start)} .\n")
        add(f"{st} {_NIF_END} {_integer(r.evidence.end)} .\n")
        add(f"{st} {_PROV_ATTRIBUTED} {agent} .\n")
        add(f"{st} {_GEO_CONFIDENCE} {_decimal(str(round(r.confidence, 3)))} .\n")
        add(f"{st} {_GEO_MODALITY} {_geo(r.modality)} .\n")
        if r.event_date:
            add(f"{st} {_GEO_EVENT_DATE} {_date(r.event_date)} .\n")
    return out


class _IriCache:
    """IRIs as N-Triples terms, each checked by rdflib once per document (an invalid IRI raises as it would)."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}
        self.entities: dict[str, str] = {}

    def __call__(self, value: URIRef) -> str:
        text = str(value)
        found = self.seen.get(text)
        if found is None:
            found = self.seen[text] = URIRef(text).n3()
        return found

    def entity(self, entity_id: str) -> str:
        found = self.entities.get(entity_id)
        if found is None:
            found = self.entities[entity_id] = mint_iri("entity", entity_id).n3()
        return found


def _plain(text: str) -> str:
    return _quote_encode(text)


@cache
def _geo(name: str) -> str:
    return GEO[name].n3()


@cache
def _date(value: date) -> str:
    return _quoteLiteral(Literal(value, datatype=XSD.date))


@cache
def _integer(value: int) -> str:
    return _quoteLiteral(Literal(value, datatype=XSD.integer))


@cache
def _decimal(text: str) -> str:
    # keyed by the decimal's text: Decimal("1.0") == Decimal("1") but they are written differently
    return _quoteLiteral(Literal(Decimal(text), datatype=XSD.decimal))


_RDF_TYPE, _RDF_SUBJECT, _RDF_PREDICATE, _RDF_OBJECT = (t.n3() for t in (RDF.type, RDF.subject, RDF.predicate, RDF.object))
_RDFS_LABEL, _SKOS_ALT, _OWL_SAME, _OWL_VERSION = (t.n3() for t in (RDFS.label, SKOS.altLabel, OWL.sameAs, OWL.versionInfo))
_DCT_TITLE, _DCT_SOURCE, _DCT_ISSUED = (t.n3() for t in (DCTERMS.title, DCTERMS.source, DCTERMS.issued))
_PROV_GENERATED, _PROV_AGENT, _PROV_DERIVED, _PROV_ATTRIBUTED = (
    t.n3() for t in (PROV.generatedAtTime, PROV.SoftwareAgent, PROV.wasDerivedFrom, PROV.wasAttributedTo)
)
_GEO_DOCUMENT, _GEO_STATEMENT, _GEO_CONTENT_HASH, _GEO_EVIDENCE, _GEO_CONFIDENCE, _GEO_MODALITY, _GEO_EVENT_DATE = (
    t.n3() for t in (GEO.Document, GEO.Statement, GEO.contentHash, GEO.evidenceText, GEO.confidence, GEO.modality, GEO.eventDate)
)
_NIF_BEGIN, _NIF_END = NIF.beginIndex.n3(), NIF.endIndex.n3()


def merge(graphs: Iterable[Graph]) -> Graph:
    """Union several graphs into one with the project's prefixes."""
    out = bind_prefixes(Graph())
    for graph in graphs:
        for triple in graph:
            out.add(triple)
    return out
