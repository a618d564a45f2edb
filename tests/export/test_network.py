"""kg.export.network: the networkx view of an RDF graph and its GraphML/GEXF files."""

from __future__ import annotations

import json

import networkx as nx
import pytest
import rdflib

from kg.export.network import network, to_gexf, to_graphml

ID = "https://w3id.org/geokg/id/"
DOC1 = "https://w3id.org/geokg/doc/0000000000000001"
DOC2 = "https://w3id.org/geokg/doc/0000000000000002"

PREFIXES = """
@prefix geo: <https://w3id.org/geokg/ontology#> .
@prefix kgr: <https://w3id.org/geokg/id/> .
@prefix doc: <https://w3id.org/geokg/doc/> .
@prefix stmt: <https://w3id.org/geokg/stmt/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

ENTITIES = """
kgr:freedonia a geo:State ; rdfs:label "Freedonia" ; skos:altLabel "Freedonian", "Fredo" ;
    owl:sameAs <http://www.wikidata.org/entity/Q9990001> .
kgr:sylvania a geo:State ; rdfs:label "Sylvania" .
kgr:rufus_firefly a geo:Leader, geo:Person ; rdfs:label "Rufus Firefly" .
kgr:marsh_hollow_pact a geo:Treaty ; rdfs:label "Marsh Hollow Pact" .
kgr:not_an_entity rdfs:label "Untyped thing" .
"""

EDGES = """
kgr:freedonia geo:attacks kgr:sylvania .
kgr:sylvania geo:partyTo kgr:marsh_hollow_pact .
kgr:rufus_firefly geo:leaderOf kgr:freedonia .
kgr:freedonia rdfs:seeAlso kgr:sylvania .
kgr:freedonia geo:attacks kgr:not_an_entity .
"""

DOCUMENTS = """
doc:0000000000000001 a geo:Document ; dcterms:title "Morning dispatch" ;
    dcterms:source "https://news.example/dispatch-1" ; dcterms:issued "2031-03-02"^^xsd:date .
doc:0000000000000002 a geo:Document ; dcterms:title "Evening wire" ;
    dcterms:source "archive/wire-7.txt" ; dcterms:issued "2031-03-05"^^xsd:date .
"""

STATEMENTS_DOC1 = """
stmt:a1 a geo:Statement ; rdf:subject kgr:freedonia ; rdf:predicate geo:attacks ; rdf:object kgr:sylvania ;
    prov:wasDerivedFrom doc:0000000000000001 ;
    geo:evidenceText "Freedonian gunboats shelled the Sylvanian harbour at dawn."^^xsd:string ;
    geo:confidence 0.9 ; geo:modality geo:Asserted ; geo:eventDate "2031-03-01"^^xsd:date .
"""

STATEMENTS_DOC2 = """
stmt:b1 a geo:Statement ; rdf:subject kgr:freedonia ; rdf:predicate geo:attacks ; rdf:object kgr:sylvania ;
    prov:wasDerivedFrom doc:0000000000000002 ;
    geo:evidenceText "Sylvania says Freedonia struck the harbour again overnight."^^xsd:string ;
    geo:confidence 0.7 ; geo:modality geo:Reported .
stmt:b2 a geo:Statement ; rdf:subject kgr:sylvania ; rdf:predicate geo:partyTo ;
    rdf:object kgr:marsh_hollow_pact ;
    prov:wasDerivedFrom doc:0000000000000002 ;
    geo:evidenceText "Sylvania signed the Marsh Hollow Pact on Tuesday."^^xsd:string ;
    geo:confidence 0.8 ; geo:modality geo:Asserted ; geo:eventDate "2031-03-04"^^xsd:date .
"""

TURTLE = PREFIXES + ENTITIES + EDGES + DOCUMENTS + STATEMENTS_DOC1 + STATEMENTS_DOC2

# A relation only a statement supports: the graph has no direct geo:threatens edge.
NEGATED_THREAT = """
stmt:c1 a geo:Statement ; rdf:subject kgr:sylvania ; rdf:predicate geo:threatens ; rdf:object kgr:freedonia ;
    prov:wasDerivedFrom doc:0000000000000001 ;
    geo:evidenceText "Sylvania did not threaten Freedonia, the envoy insisted."^^xsd:string ;
    geo:modality geo:Negated ; geo:confidence 0.6 .
"""

ATTACK_EVIDENCE = [
    {
        "sentence": "Freedonian gunboats shelled the Sylvanian harbour at dawn.",
        "document": DOC1,
        "title": "Morning dispatch",
        "source": "https://news.example/dispatch-1",
        "published": "2031-03-02",
        "event_date": "2031-03-01",
        "modality": "Asserted",
        "confidence": 0.9,
    },
    {
        "sentence": "Sylvania says Freedonia struck the harbour again overnight.",
        "document": DOC2,
        "title": "Evening wire",
        "source": "archive/wire-7.txt",
        "published": "2031-03-05",
        "event_date": None,
        "modality": "Reported",
        "confidence": 0.7,
    },
]

PACT_EVIDENCE = [
    {
        "sentence": "Sylvania signed the Marsh Hollow Pact on Tuesday.",
        "document": DOC2,
        "title": "Evening wire",
        "source": "archive/wire-7.txt",
        "published": "2031-03-05",
        "event_date": "2031-03-04",
        "modality": "Asserted",
        "confidence": 0.8,
    },
]


@pytest.fixture(scope="module")
def net() -> nx.MultiDiGraph:
    graph = rdflib.Graph()
    graph.parse(data=TURTLE, format="turtle")
    return network(graph)


def test_network_nodes_are_exactly_the_typed_entities(net):
    assert list(net.nodes) == [
        ID + "freedonia", ID + "marsh_hollow_pact", ID + "rufus_firefly", ID + "sylvania",
    ]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        pytest.param(
            "freedonia",
            {"label": "Freedonia", "type": "State", "wikidata": "http://www.wikidata.org/entity/Q9990001",
             "aliases": ["Fredo", "Freedonian"], "mentions": 2},
            id="state-with-aliases-and-wikidata",
        ),
        pytest.param(
            "sylvania",
            {"label": "Sylvania", "type": "State", "wikidata": None, "aliases": [], "mentions": 2},
            id="state-plain",
        ),
        pytest.param(
            "rufus_firefly",
            {"label": "Rufus Firefly", "type": "Leader", "wikidata": None, "aliases": [], "mentions": 0},
            id="leader-typed-also-person",
        ),
        pytest.param(
            "marsh_hollow_pact",
            {"label": "Marsh Hollow Pact", "type": "Treaty", "wikidata": None, "aliases": [], "mentions": 1},
            id="treaty",
        ),
    ],
)
def test_network_node_attributes(net, key, expected):
    assert net.nodes[ID + key] == expected


def test_network_edges_are_exactly_the_direct_edges_with_predicate_keys(net):
    assert list(net.edges(keys=True)) == [
        (ID + "freedonia", ID + "sylvania", "attacks"),
        (ID + "rufus_firefly", ID + "freedonia", "leaderOf"),
        (ID + "sylvania", ID + "marsh_hollow_pact", "partyTo"),
    ]


@pytest.mark.parametrize(
    ("edge", "expected"),
    [
        pytest.param(
            ("freedonia", "sylvania", "attacks"),
            {"predicate": "attacks", "sources": 2, "evidence": ATTACK_EVIDENCE,
             "first_seen": "2031-03-01", "last_seen": "2031-03-05", "asserted": True},
            id="two-documents-event-date-and-published-date",
        ),
        pytest.param(
            ("sylvania", "marsh_hollow_pact", "partyTo"),
            {"predicate": "partyTo", "sources": 1, "evidence": PACT_EVIDENCE,
             "first_seen": "2031-03-04", "last_seen": "2031-03-04", "asserted": True},
            id="one-document",
        ),
        pytest.param(
            ("rufus_firefly", "freedonia", "leaderOf"),
            {"predicate": "leaderOf", "sources": 0, "evidence": [],
             "first_seen": None, "last_seen": None, "asserted": True},
            id="direct-edge-without-statement",
        ),
    ],
)
def test_network_edge_attributes(net, edge, expected):
    s, o, key = edge
    assert net.edges[ID + s, ID + o, key] == expected


@pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")  # rdflib-internal
def test_network_reads_named_graphs_of_a_dataset(net):
    dataset = rdflib.Dataset()
    dataset.graph(rdflib.URIRef(DOC1)).parse(data=PREFIXES + ENTITIES + EDGES + STATEMENTS_DOC1, format="turtle")
    dataset.graph(rdflib.URIRef(DOC2)).parse(data=PREFIXES + STATEMENTS_DOC2, format="turtle")
    dataset.parse(data=PREFIXES + DOCUMENTS, format="turtle")
    from_dataset = network(dataset)
    assert list(from_dataset.nodes(data=True)) == list(net.nodes(data=True))
    assert list(from_dataset.edges(keys=True, data=True)) == list(net.edges(keys=True, data=True))


def test_network_statement_without_direct_edge_is_kept_as_unasserted_edge():
    graph = rdflib.Graph().parse(data=TURTLE + NEGATED_THREAT, format="turtle")
    edge = network(graph).edges[ID + "sylvania", ID + "freedonia", "threatens"]
    assert edge["asserted"] is False
    assert edge["sources"] == 1
    assert [ev["modality"] for ev in edge["evidence"]] == ["Negated"]
    assert (edge["first_seen"], edge["last_seen"]) == ("2031-03-02", "2031-03-02")


def test_network_is_deterministic():
    one = network(rdflib.Graph().parse(data=TURTLE, format="turtle"))
    two = network(rdflib.Graph().parse(data=TURTLE, format="turtle"))
    assert list(one.nodes(data=True)) == list(two.nodes(data=True))
    assert list(one.edges(keys=True, data=True)) == list(two.edges(keys=True, data=True))


def _edges_by_predicate(g: nx.Graph) -> dict[tuple[str, str, str], dict]:
    """(s, o, predicate) -> data; GEXF readers return a DiGraph without keys when no edges are parallel."""
    return {(u, v, d["predicate"]): d for u, v, d in g.edges(data=True)}


@pytest.mark.parametrize(
    ("write", "read"),
    [
        pytest.param(to_graphml, lambda p: nx.read_graphml(p, force_multigraph=True), id="graphml"),
        pytest.param(to_gexf, nx.read_gexf, id="gexf"),
    ],
)
def test_network_file_export_round_trips(net, tmp_path, write, read):
    path = write(net, tmp_path / "graph.out")
    back = read(path)
    assert back.is_directed()
    assert sorted(back.nodes) == sorted(net.nodes)
    edges = _edges_by_predicate(back)
    assert sorted(edges) == sorted(net.edges(keys=True))
    assert json.loads(back.nodes[ID + "freedonia"]["aliases"]) == ["Fredo", "Freedonian"]
    assert back.nodes[ID + "freedonia"]["label"] == "Freedonia"
    assert back.nodes[ID + "freedonia"]["wikidata"] == "http://www.wikidata.org/entity/Q9990001"
    attack = edges[ID + "freedonia", ID + "sylvania", "attacks"]
    assert int(attack["sources"]) == 2
    assert json.loads(attack["evidence"]) == ATTACK_EVIDENCE
    assert (attack["first_seen"], attack["last_seen"]) == ("2031-03-01", "2031-03-05")
    assert "first_seen" not in edges[ID + "rufus_firefly", ID + "freedonia", "leaderOf"]


def test_network_graphml_keeps_predicate_keys(net, tmp_path):
    back = nx.read_graphml(to_graphml(net, tmp_path / "graph.graphml"), force_multigraph=True)
    assert sorted(back.edges(keys=True)) == sorted(net.edges(keys=True))
