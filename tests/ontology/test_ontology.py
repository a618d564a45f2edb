"""Tests of the OWL ontology (ontology/geokg.ttl), the SHACL shapes (ontology/shapes.ttl) and kg.ontology."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS

from kg.ontology import load_ontology, load_shapes, ontology_path, shapes_path, validate
from kg.vocab import (
    EVENT_PREDICATES,
    GEO,
    NIF,
    PREDICATES,
    STANDING_PREDICATES,
    SYMMETRIC_PREDICATES,
    WD,
)

GEO_NS = "https://w3id.org/geokg/ontology#"
GEOSH = Namespace("https://w3id.org/geokg/shapes#")
# a plain Namespace: pytest probes module globals, and rdflib's XSD warns on unknown names
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
KGR = Namespace("https://w3id.org/geokg/id/")

GEO_TERMS: frozenset[URIRef] = frozenset(GEO[name] for name in GEO.__annotations__)
DECLARATION_TYPES = frozenset(
    {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.NamedIndividual}
)
PLOVER_TYPES = frozenset(
    {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "DEMAND",
        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    }
)
MODALITIES = (GEO.Asserted, GEO.Negated, GEO.Hypothetical, GEO.Reported)
ENTITY_LEAF_CLASSES = (GEO.State, GEO.Organization, GEO.Person, GEO.Leader, GEO.Region, GEO.Treaty)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def _union_members(graph: Graph, node: object) -> frozenset:
    """Return the classes a domain/range names: itself, or the members of an owl:unionOf."""
    if isinstance(node, BNode):
        union = graph.value(node, OWL.unionOf)
        assert union is not None, "anonymous domain/range must be an owl:unionOf"
        return frozenset(Collection(graph, union))
    return frozenset({node})


# --------------------------------------------------------------------------- ontology


def test_ontology_parses_with_header(onto: Graph) -> None:
    headers = list(onto.subjects(RDF.type, OWL.Ontology))
    assert headers == [URIRef("https://w3id.org/geokg/ontology")]
    (header,) = headers
    assert onto.value(header, OWL.versionInfo) == Literal("0.1.0")
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.license):
        assert onto.value(header, prop) is not None, prop


def test_ontology_declares_every_vocab_term(onto: Graph) -> None:
    undeclared = sorted(
        term for term in GEO_TERMS if not DECLARATION_TYPES & set(onto.objects(term, RDF.type))
    )
    assert undeclared == []


def test_ontology_uses_no_geo_term_missing_from_vocab(onto: Graph) -> None:
    used = {
        node
        for triple in onto
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith(GEO_NS)
    }
    assert sorted(used - GEO_TERMS) == []


def test_ontology_geo_terms_are_labelled_and_commented(onto: Graph) -> None:
    missing = sorted(
        term
        for term in GEO_TERMS
        if onto.value(term, RDFS.label) is None or onto.value(term, RDFS.comment) is None
    )
    assert missing == []


@pytest.mark.parametrize("name", PREDICATES)
def test_ontology_predicate_is_described_object_property(onto: Graph, name: str) -> None:
    prop = GEO[name]
    assert (prop, RDF.type, OWL.ObjectProperty) in onto
    for annotation in (RDFS.label, RDFS.comment, RDFS.domain, RDFS.range):
        assert len(list(onto.objects(prop, annotation))) == 1, annotation


@pytest.mark.parametrize(
    ("name", "domain", "range_"),
    [
        pytest.param("deploysTo", {GEO.State, GEO.Organization}, {GEO.State, GEO.Region}, id="deploysTo"),
        pytest.param("condemns", {GEO.Actor}, {GEO.Entity}, id="condemns"),
        pytest.param("meetsWith", {GEO.Actor}, {GEO.Actor}, id="meetsWith"),
        pytest.param("alliedWith", {GEO.State, GEO.Organization}, {GEO.State, GEO.Organization}, id="alliedWith"),
        pytest.param("leaderOf", {GEO.Leader}, {GEO.State, GEO.Organization}, id="leaderOf"),
        pytest.param("partOf", {GEO.Organization}, {GEO.State, GEO.Organization}, id="partOf"),
        pytest.param("locatedIn", {GEO.Region}, {GEO.State, GEO.Region}, id="locatedIn"),
        pytest.param("partyTo", {GEO.State, GEO.Organization}, {GEO.Treaty}, id="partyTo"),
        pytest.param("memberOf", {GEO.State, GEO.Organization}, {GEO.Organization}, id="memberOf"),
    ],
)
def test_ontology_predicate_domain_and_range(
    onto: Graph, name: str, domain: set[URIRef], range_: set[URIRef]
) -> None:
    prop = GEO[name]
    assert _union_members(onto, onto.value(prop, RDFS.domain)) == domain
    assert _union_members(onto, onto.value(prop, RDFS.range)) == range_


def test_ontology_symmetric_properties_are_exactly_the_symmetric_predicates(onto: Graph) -> None:
    symmetric = set(onto.subjects(RDF.type, OWL.SymmetricProperty))
    assert symmetric == {GEO[name] for name in SYMMETRIC_PREDICATES}


def test_ontology_symmetric_predicates_have_equal_domain_and_range(onto: Graph) -> None:
    for name in SYMMETRIC_PREDICATES:
        prop = GEO[name]
        assert _union_members(onto, onto.value(prop, RDFS.domain)) == _union_members(
            onto, onto.value(prop, RDFS.range)
        ), name


def test_ontology_standing_and_event_split_matches_vocab(onto: Graph) -> None:
    assert (GEO.standingRelation, RDFS.subPropertyOf, GEO.relation) in onto
    assert (GEO.eventRelation, RDFS.subPropertyOf, GEO.relation) in onto
    standing = set(onto.subjects(RDFS.subPropertyOf, GEO.standingRelation))
    events = set(onto.subjects(RDFS.subPropertyOf, GEO.eventRelation))
    assert standing == {GEO[name] for name in STANDING_PREDICATES}
    assert events == {GEO[name] for name in EVENT_PREDICATES}


def test_ontology_coding_annotations_are_annotation_properties(onto: Graph) -> None:
    assert (GEO.cameoCode, RDF.type, OWL.AnnotationProperty) in onto
    assert (GEO.ploverType, RDF.type, OWL.AnnotationProperty) in onto


@pytest.mark.parametrize("name", EVENT_PREDICATES)
def test_ontology_event_predicate_has_cameo_codes_and_one_plover_type(onto: Graph, name: str) -> None:
    prop = GEO[name]
    codes = list(onto.objects(prop, GEO.cameoCode))
    assert codes, "no CAMEO code"
    for code in codes:
        assert isinstance(code, Literal) and code.datatype in (None, XSD.string)
        assert re.fullmatch(r"(0[1-9]|1[0-9]|20)[0-9]{0,2}", str(code)), code
    plover = list(onto.objects(prop, GEO.ploverType))
    assert len(plover) == 1
    assert str(plover[0]) in PLOVER_TYPES


@pytest.mark.parametrize("name", STANDING_PREDICATES)
def test_ontology_standing_predicate_has_no_event_coding(onto: Graph, name: str) -> None:
    assert onto.value(GEO[name], GEO.cameoCode) is None
    assert onto.value(GEO[name], GEO.ploverType) is None


@pytest.mark.parametrize(
    ("name", "codes", "plover"),
    [
        pytest.param("condemns", {"111", "112"}, "ACCUSE", id="condemns"),
        pytest.param("suppliesArmsTo", {"072"}, "AID", id="suppliesArmsTo"),
        pytest.param("sanctions", {"163"}, "SANCTION", id="sanctions"),
        pytest.param("meetsWith", {"040", "041", "042", "043", "044", "046"}, "CONSULT", id="meetsWith"),
        pytest.param("deploysTo", {"150", "154"}, "MOBILIZE", id="deploysTo"),
    ],
)
def test_ontology_event_coding_values(onto: Graph, name: str, codes: set[str], plover: str) -> None:
    prop = GEO[name]
    assert {str(code) for code in onto.objects(prop, GEO.cameoCode)} == codes
    assert str(onto.value(prop, GEO.ploverType)) == plover


@pytest.mark.parametrize(
    ("sub", "sup"),
    [
        pytest.param(GEO.Actor, GEO.Entity, id="Actor"),
        pytest.param(GEO.State, GEO.Actor, id="State"),
        pytest.param(GEO.Organization, GEO.Actor, id="Organization"),
        pytest.param(GEO.Person, GEO.Actor, id="Person"),
        pytest.param(GEO.Leader, GEO.Person, id="Leader"),
        pytest.param(GEO.Place, GEO.Entity, id="Place"),
        pytest.param(GEO.Region, GEO.Place, id="Region"),
        pytest.param(GEO.Treaty, GEO.Entity, id="Treaty"),
        pytest.param(GEO.Statement, RDF.Statement, id="Statement-rdf"),
        pytest.param(GEO.Statement, PROV.Entity, id="Statement-prov"),
        pytest.param(GEO.Document, PROV.Entity, id="Document-prov"),
        pytest.param(GEO.Document, FOAF.Document, id="Document-foaf"),
    ],
)
def test_ontology_class_hierarchy(onto: Graph, sub: URIRef, sup: URIRef) -> None:
    assert (sub, RDF.type, OWL.Class) in onto
    assert (sub, RDFS.subClassOf, sup) in onto


@pytest.mark.parametrize(
    ("cls", "item"),
    [
        pytest.param(GEO.State, "Q3624078", id="State"),
        pytest.param(GEO.Organization, "Q43229", id="Organization"),
        pytest.param(GEO.Person, "Q5", id="Person"),
        pytest.param(GEO.Treaty, "Q131569", id="Treaty"),
        pytest.param(GEO.Region, "Q82794", id="Region"),
    ],
)
def test_ontology_class_close_match_to_wikidata(onto: Graph, cls: URIRef, item: str) -> None:
    assert (cls, SKOS.closeMatch, WD[item]) in onto


def test_ontology_top_entity_classes_are_pairwise_disjoint(onto: Graph) -> None:
    wanted = {GEO.State, GEO.Organization, GEO.Person, GEO.Place, GEO.Treaty}
    member_sets = [
        set(Collection(onto, onto.value(axiom, OWL.members)))
        for axiom in onto.subjects(RDF.type, OWL.AllDisjointClasses)
    ]
    assert wanted in member_sets


def test_ontology_modality_individuals(onto: Graph) -> None:
    for individual in MODALITIES:
        assert (individual, RDF.type, OWL.NamedIndividual) in onto
        assert (individual, RDF.type, GEO.Modality) in onto
        assert onto.value(individual, RDFS.label) is not None
        assert onto.value(individual, RDFS.comment) is not None
    enumerations = [
        tuple(Collection(onto, onto.value(node, OWL.oneOf)))
        for node in onto.objects(GEO.Modality, OWL.equivalentClass)
        if onto.value(node, OWL.oneOf) is not None
    ]
    assert enumerations == [MODALITIES]


@pytest.mark.parametrize(
    ("prop", "kind", "domain", "range_"),
    [
        pytest.param(GEO.evidenceText, OWL.DatatypeProperty, GEO.Statement, XSD.string, id="evidenceText"),
        pytest.param(GEO.confidence, OWL.DatatypeProperty, GEO.Statement, XSD.decimal, id="confidence"),
        pytest.param(GEO.modality, OWL.ObjectProperty, GEO.Statement, GEO.Modality, id="modality"),
        pytest.param(GEO.eventDate, OWL.DatatypeProperty, GEO.Statement, XSD.date, id="eventDate"),
        pytest.param(GEO.contentHash, OWL.DatatypeProperty, GEO.Document, XSD.string, id="contentHash"),
    ],
)
def test_ontology_statement_and_document_properties(
    onto: Graph, prop: URIRef, kind: URIRef, domain: URIRef, range_: URIRef
) -> None:
    assert (prop, RDF.type, kind) in onto
    assert onto.value(prop, RDFS.domain) == domain
    assert onto.value(prop, RDFS.range) == range_


def test_ontology_event_date_specialises_dcterms_date(onto: Graph) -> None:
    assert (GEO.eventDate, RDFS.subPropertyOf, DCTERMS.date) in onto


def test_ontology_files_are_found_and_loaded_once() -> None:
    assert ontology_path().is_file()
    assert shapes_path().is_file()
    assert load_ontology() is load_ontology()
    assert load_shapes() is load_shapes()


# --------------------------------------------------------------------------- shapes

DOC = URIRef("https://w3id.org/geokg/doc/5f1c0a9e3b7d2468")
STMT = URIRef("https://w3id.org/geokg/stmt/a41d9c0e7b3f5821")
AGENT = URIRef("https://w3id.org/geokg/agent/geokg_rules/0.1.0")
NORWAY = KGR.norway
HARALD = KGR.harald_v

# An invented example sentence about a real state, in the design.md graph shape.
CONFORMING_TTL = """
@prefix geo:     <https://w3id.org/geokg/ontology#> .
@prefix kgr:     <https://w3id.org/geokg/id/> .
@prefix rdf:     <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl:     <http://www.w3.org/2002/07/owl#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix nif:     <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .

kgr:norway a geo:State ;
    rdfs:label "Norway" ;
    skos:altLabel "Oslo" , "Norwegian" ;
    owl:sameAs <http://www.wikidata.org/entity/Q20> .

kgr:harald_v a geo:Leader ;
    rdfs:label "Harald V" ;
    skos:altLabel "King Harald" .

kgr:harald_v geo:leaderOf kgr:norway .

<https://w3id.org/geokg/doc/5f1c0a9e3b7d2468> a geo:Document ;
    dcterms:title "King opens parliament session" ;
    dcterms:source "tests/example-norway.txt" ;
    dcterms:issued "2024-10-02"^^xsd:date ;
    prov:generatedAtTime "2025-01-15T09:30:00Z"^^xsd:dateTime ;
    geo:contentHash "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" .

<https://w3id.org/geokg/agent/geokg_rules/0.1.0> a prov:SoftwareAgent ;
    rdfs:label "geokg rules" ;
    owl:versionInfo "0.1.0" .

<https://w3id.org/geokg/stmt/a41d9c0e7b3f5821> a geo:Statement ;
    rdf:subject kgr:harald_v ;
    rdf:predicate geo:leaderOf ;
    rdf:object kgr:norway ;
    prov:wasDerivedFrom <https://w3id.org/geokg/doc/5f1c0a9e3b7d2468> ;
    geo:evidenceText "King Harald V of Norway opened the autumn session of parliament."^^xsd:string ;
    nif:beginIndex "0"^^xsd:integer ;
    nif:endIndex "64"^^xsd:integer ;
    prov:wasAttributedTo <https://w3id.org/geokg/agent/geokg_rules/0.1.0> ;
    geo:confidence 0.9 ;
    geo:modality geo:Asserted ;
    geo:eventDate "2024-10-02"^^xsd:date .
"""

# Fictional states and bodies for the standing relations the base example lacks.
STANDING_EXTRA_TTL = """
@prefix geo:  <https://w3id.org/geokg/ontology#> .
@prefix kgr:  <https://w3id.org/geokg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

kgr:freedonia a geo:State ; rdfs:label "Freedonia" .
kgr:sylvania a geo:State ; rdfs:label "Sylvania" .
kgr:sylvanian_army a geo:Organization ; rdfs:label "Sylvanian Army" .
kgr:league_of_marshes a geo:Organization ; rdfs:label "League of Marshes" .
kgr:upper_fen a geo:Region ; rdfs:label "Upper Fen" .
kgr:fen_accord a geo:Treaty ; rdfs:label "Fen Accord" .
kgr:rebel_front a geo:Organization ; rdfs:label "Rebel Front" .

kgr:freedonia geo:atWarWith kgr:sylvania .
kgr:sylvania geo:atWarWith kgr:rebel_front .
kgr:sylvanian_army geo:partOf kgr:sylvania .
kgr:upper_fen geo:locatedIn kgr:freedonia .
kgr:freedonia geo:partyTo kgr:fen_accord .
kgr:freedonia geo:memberOf kgr:league_of_marshes .
kgr:sylvanian_army geo:memberOf kgr:league_of_marshes .
kgr:sylvania geo:deploysTo kgr:upper_fen .
"""

Mutation = Callable[[Graph], None]


def _base() -> Graph:
    graph = Graph()
    graph.parse(data=CONFORMING_TTL, format="turtle")
    return graph


def _run(graph: Graph, shapes: Graph, onto: Graph) -> tuple[bool, Graph, str]:
    conforms, results, text = pyshacl.validate(
        graph, shacl_graph=shapes, ont_graph=onto, inference="none"
    )
    return bool(conforms), results, str(text)


def _drop_optional(graph: Graph) -> None:
    for triple in [
        (STMT, GEO.eventDate, None),
        (DOC, DCTERMS.title, None),
        (DOC, DCTERMS.issued, None),
        (None, SKOS.altLabel, None),
        (None, OWL.sameAs, None),
    ]:
        graph.remove(triple)


def _add_standing(graph: Graph) -> None:
    graph.parse(data=STANDING_EXTRA_TTL, format="turtle")


def _set(subject: URIRef, prop: URIRef, value: object) -> Mutation:
    return lambda graph: graph.set((subject, prop, value))


def _remove(subject: URIRef, prop: URIRef) -> Mutation:
    return lambda graph: graph.remove((subject, prop, None))


def _add(subject: URIRef, prop: URIRef, value: object) -> Mutation:
    return lambda graph: graph.add((subject, prop, value))


def _both(*mutations: Mutation) -> Mutation:
    def apply(graph: Graph) -> None:
        for mutation in mutations:
            mutation(graph)

    return apply


def _non_negative(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


@pytest.mark.parametrize(
    "mutate",
    [
        pytest.param(lambda graph: None, id="design-example"),
        pytest.param(_drop_optional, id="without-optional-fields"),
        pytest.param(_add_standing, id="standing-relations"),
        pytest.param(_set(STMT, GEO.modality, GEO.Reported), id="reported-modality"),
        pytest.param(_set(STMT, GEO.confidence, Literal(Decimal(1))), id="confidence-one"),
        pytest.param(_set(STMT, GEO.confidence, Literal("0", datatype=XSD.decimal)), id="confidence-zero"),
    ],
)
def test_ontology_shapes_accept_conforming_graph(shapes: Graph, onto: Graph, mutate: Mutation) -> None:
    graph = _base()
    mutate(graph)
    conforms, _, text = _run(graph, shapes, onto)
    assert conforms, text


def test_ontology_validate_helper_accepts_example_and_leaves_graph_alone() -> None:
    graph = _base()
    size = len(graph)
    conforms, results, text = validate(graph)
    assert conforms, text
    assert isinstance(results, Graph)
    assert len(graph) == size


def test_ontology_validate_helper_reports_violation() -> None:
    graph = _base()
    graph.remove((STMT, GEO.evidenceText, None))
    conforms, results, text = validate(graph)
    assert not conforms
    assert (None, SH.resultPath, GEO.evidenceText) in results
    assert "evidenceText" in text


PATH, SHAPE = SH.resultPath, SH.sourceShape

BROKEN = [
    pytest.param(_remove(STMT, GEO.evidenceText), PATH, GEO.evidenceText, id="missing-evidence-text"),
    pytest.param(_set(STMT, GEO.evidenceText, Literal("")), PATH, GEO.evidenceText, id="empty-evidence-text"),
    pytest.param(_set(STMT, GEO.confidence, Literal(Decimal("1.5"))), PATH, GEO.confidence, id="confidence-above-one"),
    pytest.param(_set(STMT, GEO.confidence, Literal(Decimal("-0.1"))), PATH, GEO.confidence, id="confidence-negative"),
    pytest.param(_set(STMT, GEO.confidence, Literal(0.9)), PATH, GEO.confidence, id="confidence-double-not-decimal"),
    pytest.param(_set(STMT, GEO.modality, URIRef(GEO_NS + "Certain")), PATH, GEO.modality, id="unknown-modality"),
    pytest.param(_remove(STMT, GEO.modality), PATH, GEO.modality, id="missing-modality"),
    pytest.param(
        _set(NORWAY, OWL.sameAs, URIRef("https://www.wikidata.org/wiki/Q20")), PATH, OWL.sameAs, id="bad-wikidata-iri"
    ),
    pytest.param(_set(NORWAY, OWL.sameAs, Literal("Q20")), PATH, OWL.sameAs, id="wikidata-literal"),
    pytest.param(_add(NORWAY, RDFS.label, Literal("Kingdom of Norway")), PATH, RDFS.label, id="two-labels"),
    pytest.param(
        _set(HARALD, RDFS.label, Literal("Harald V", lang="en")), PATH, RDFS.label, id="language-tagged-label"
    ),
    pytest.param(
        _add(NORWAY, GEO.leaderOf, NORWAY), SHAPE, GEOSH.LeaderOfSubjectShape, id="leaderOf-state-subject"
    ),
    pytest.param(
        _both(_add_standing, _add(HARALD, GEO.leaderOf, KGR.upper_fen)),
        PATH, GEO.leaderOf, id="leaderOf-region-object",
    ),
    pytest.param(
        _both(_add_standing, _add(KGR.freedonia, GEO.partOf, KGR.league_of_marshes)),
        SHAPE, GEOSH.PartOfSubjectShape, id="partOf-state-subject",
    ),
    pytest.param(
        _both(_add_standing, _add(KGR.freedonia, GEO.locatedIn, KGR.sylvania)),
        SHAPE, GEOSH.LocatedInSubjectShape, id="locatedIn-state-subject",
    ),
    pytest.param(
        _both(_add_standing, _add(KGR.upper_fen, GEO.locatedIn, KGR.fen_accord)),
        PATH, GEO.locatedIn, id="locatedIn-treaty-object",
    ),
    pytest.param(
        _both(_add_standing, _add(KGR.sylvania, GEO.partyTo, KGR.league_of_marshes)),
        PATH, GEO.partyTo, id="partyTo-organization-object",
    ),
    pytest.param(
        _both(_add_standing, _add(HARALD, GEO.memberOf, KGR.league_of_marshes)),
        SHAPE, GEOSH.MemberOfSubjectShape, id="memberOf-leader-subject",
    ),
    pytest.param(
        _both(_add_standing, _add(KGR.sylvania, GEO.memberOf, KGR.freedonia)),
        PATH, GEO.memberOf, id="memberOf-state-object",
    ),
    pytest.param(
        _both(_add_standing, _add(KGR.sylvania, GEO.atWarWith, KGR.upper_fen)),
        SHAPE, GEOSH.AtWarWithEndsShape, id="atWarWith-region-object",
    ),
    pytest.param(_set(STMT, NIF.beginIndex, _non_negative(64)), PATH, NIF.beginIndex, id="begin-equals-end"),
    pytest.param(_set(STMT, NIF.beginIndex, _non_negative(70)), PATH, NIF.beginIndex, id="begin-after-end"),
    pytest.param(_set(STMT, NIF.beginIndex, Literal(-1)), PATH, NIF.beginIndex, id="begin-negative"),
    pytest.param(_remove(STMT, NIF.endIndex), PATH, NIF.endIndex, id="missing-end"),
    pytest.param(_set(STMT, RDF.predicate, RDFS.seeAlso), PATH, RDF.predicate, id="unknown-predicate"),
    pytest.param(_set(STMT, RDF.object, KGR.nowhere), PATH, RDF.object, id="untyped-object"),
    pytest.param(_set(STMT, RDF.subject, Literal("Harald V")), PATH, RDF.subject, id="literal-subject"),
    pytest.param(_remove(STMT, PROV.wasDerivedFrom), PATH, PROV.wasDerivedFrom, id="missing-document"),
    pytest.param(
        _set(STMT, PROV.wasDerivedFrom, URIRef("https://example.org/not-a-document")),
        PATH, PROV.wasDerivedFrom, id="untyped-document",
    ),
    pytest.param(_remove(STMT, PROV.wasAttributedTo), PATH, PROV.wasAttributedTo, id="missing-agent"),
    pytest.param(
        _add(STMT, GEO.eventDate, Literal("2024-10-03", datatype=XSD.date)), PATH, GEO.eventDate, id="two-event-dates"
    ),
    pytest.param(_set(STMT, GEO.eventDate, Literal("2 October 2024")), PATH, GEO.eventDate, id="event-date-not-date"),
    pytest.param(_remove(DOC, DCTERMS.source), PATH, DCTERMS.source, id="missing-source"),
    pytest.param(_set(DOC, GEO.contentHash, Literal("ABC123")), PATH, GEO.contentHash, id="bad-content-hash"),
    pytest.param(_remove(DOC, PROV.generatedAtTime), PATH, PROV.generatedAtTime, id="missing-ingestion-time"),
    pytest.param(
        _set(DOC, DCTERMS.issued, Literal("2024-10-02T00:00:00", datatype=XSD.dateTime)),
        PATH, DCTERMS.issued, id="issued-not-date",
    ),
]


@pytest.mark.parametrize(("mutate", "key", "expected"), BROKEN)
def test_ontology_shapes_reject_broken_graph(
    shapes: Graph, onto: Graph, mutate: Mutation, key: URIRef, expected: URIRef
) -> None:
    graph = _base()
    mutate(graph)
    conforms, results, text = _run(graph, shapes, onto)
    assert not conforms
    found = {
        results.value(result, key) for result in results.subjects(RDF.type, SH.ValidationResult)
    }
    assert expected in found, text


def test_ontology_shapes_target_every_entity_class(shapes: Graph) -> None:
    targeted = set(shapes.objects(None, SH.targetClass))
    assert targeted == set(ENTITY_LEAF_CLASSES) | {GEO.Statement, GEO.Document}


def test_ontology_shapes_predicate_list_matches_vocab(shapes: Graph) -> None:
    (prop_shape,) = shapes.subjects(SH.path, RDF.predicate)
    allowed = set(Collection(shapes, shapes.value(prop_shape, SH["in"])))
    assert allowed == {GEO[name] for name in PREDICATES}


def test_ontology_shapes_modality_list_matches_ontology(shapes: Graph) -> None:
    (prop_shape,) = shapes.subjects(SH.path, GEO.modality)
    assert tuple(Collection(shapes, shapes.value(prop_shape, SH["in"]))) == MODALITIES
