"""Extractions → RDF: the only module that writes triples."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.plugins.serializers.nt import _nt_row
from rdflib.term import Node

from kg.extract import EXTRACTOR_NAME, EXTRACTOR_VERSION
from kg.model import Document, Extraction
from kg.vocab import GEO, KGR, NIF, WD, mint_iri

__all__ = [
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
    agent = mint_iri("agent", EXTRACTOR_NAME, EXTRACTOR_VERSION)
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

    The same lines as ``extraction_graph(extraction).serialize(format="nt")``, without building
    a Graph (its indexes cost four times the extraction's own triple-building).
    """
    return "".join(_nt_row(t) for t in extraction_triples(extraction)).encode("utf-8")


def merge(graphs: Iterable[Graph]) -> Graph:
    """Union several graphs into one with the project's prefixes."""
    out = bind_prefixes(Graph())
    for graph in graphs:
        for triple in graph:
            out.add(triple)
    return out
