"""Extractions → RDF: the only module that writes triples."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.extract import EXTRACTOR_NAME, EXTRACTOR_VERSION
from kg.model import Document, Extraction
from kg.vocab import GEO, KGR, NIF, WD, mint_iri

__all__ = ["PREFIXES", "bind_prefixes", "document_iri", "extraction_graph", "merge"]

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


def extraction_graph(extraction: Extraction) -> Graph:
    """Return the triples of one document: entities, direct edges, statements with evidence."""
    g = bind_prefixes(Graph())
    doc = extraction.document
    d = document_iri(doc)
    g.add((d, RDF.type, GEO.Document))
    if doc.title:
        g.add((d, DCTERMS.title, Literal(doc.title)))
    g.add((d, DCTERMS.source, Literal(doc.source)))
    if doc.published:
        g.add((d, DCTERMS.issued, Literal(doc.published, datatype=XSD.date)))
    if doc.ingested:
        g.add((d, PROV.generatedAtTime, Literal(doc.ingested, datatype=XSD.dateTime)))
    g.add((d, GEO.contentHash, Literal(doc.content_hash)))
    agent = mint_iri("agent", EXTRACTOR_NAME, EXTRACTOR_VERSION)
    g.add((agent, RDF.type, PROV.SoftwareAgent))
    g.add((agent, RDFS.label, Literal(EXTRACTOR_NAME)))
    g.add((agent, OWL.versionInfo, Literal(EXTRACTOR_VERSION)))
    for e in extraction.entities:
        iri = mint_iri("entity", e.id)
        g.add((iri, RDF.type, GEO[e.type]))
        g.add((iri, RDFS.label, Literal(e.label)))
        for alias in e.aliases:
            g.add((iri, SKOS.altLabel, Literal(alias)))
        if e.wikidata:
            g.add((iri, OWL.sameAs, WD[e.wikidata]))
    for r in extraction.relations:
        s, p, o = mint_iri("entity", r.subject), GEO[r.predicate], mint_iri("entity", r.object)
        st = mint_iri("statement", d, r.subject, r.predicate, r.object, r.evidence.start, r.evidence.end)
        if r.modality in ("Asserted", "Reported"):
            g.add((s, p, o))  # the direct edge stands for what the text asserts, not what it denies
        g.add((st, RDF.type, GEO.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, o))
        g.add((st, PROV.wasDerivedFrom, d))
        g.add((st, GEO.evidenceText, Literal(r.evidence.sentence)))
        g.add((st, NIF.beginIndex, Literal(r.evidence.start, datatype=XSD.integer)))
        g.add((st, NIF.endIndex, Literal(r.evidence.end, datatype=XSD.integer)))
        g.add((st, PROV.wasAttributedTo, agent))
        g.add((st, GEO.confidence, Literal(Decimal(str(round(r.confidence, 3))), datatype=XSD.decimal)))
        g.add((st, GEO.modality, GEO[r.modality]))
        if r.event_date:
            g.add((st, GEO.eventDate, Literal(r.event_date, datatype=XSD.date)))
    return g


def merge(graphs: Iterable[Graph]) -> Graph:
    """Union several graphs into one with the project's prefixes."""
    out = bind_prefixes(Graph())
    for graph in graphs:
        for triple in graph:
            out.add(triple)
    return out
