from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.errors import ExportError
from kg.export.dataset import context, export, where_quads
from kg.graph import document_iri, extraction_graph
from kg.rules_version import EXTRACTOR_NAME, EXTRACTOR_VERSION
from kg.store import Store, open_store
from kg.vocab import mint_iri
from tests.store_fixture import DOCS, extraction, fill


@pytest.fixture(scope="module")
def store() -> Store:
    return fill(open_store(":memory:"))  # type: ignore[return-value]


def _same(got: Graph, want: Graph) -> None:
    if not isomorphic(got, want):
        _, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
        pytest.fail(f"only in export:\n{only_got.serialize(format='nt')}\nonly in store:\n{only_want.serialize(format='nt')}")


def _export(store: Store, fmt: str, where: str | None = None) -> bytes:
    out = io.BytesIO()
    export(store, fmt, out, where=where)
    return out.getvalue()


@pytest.mark.parametrize(("fmt", "rdflib_format"), [("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld")])
def test_rdf_union_formats_round_trip_to_the_store_graph(store: Store, fmt: str, rdflib_format: str) -> None:
    _same(Graph().parse(data=_export(store, fmt), format=rdflib_format), store.graph())


def test_rdf_ntriples_writes_each_triple_once(store: Store) -> None:
    lines = _export(store, "ntriples").decode().splitlines()
    assert len(lines) == len(set(lines)) == len(store.graph())


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_rdf_dataset_formats_keep_one_graph_per_document(store: Store, fmt: str) -> None:
    ds = Dataset()
    ds.parse(data=_export(store, fmt), format=fmt)
    graphs = {str(g.identifier): g for g in ds.graphs() if len(g)}
    expected = {str(document_iri(extraction(src).document)): extraction_graph(extraction(src)) for src in DOCS}
    assert sorted(graphs) == sorted(expected)
    for iri, graph in expected.items():
        _same(graphs[iri], graph)


def test_rdf_jsonld_embeds_the_shipped_context(store: Store) -> None:
    import json

    data = json.loads(_export(store, "jsonld"))
    assert data["@context"] == context()["@context"]
    japan = next(node for node in data["@graph"] if node["@id"] == "kgr:japan")
    assert (japan["label"], japan["condemns"], japan["sameAs"]) == ("Japan", "kgr:north_korea", "wd:Q17")


def test_rdf_where_keeps_matching_relations_with_statements_documents_and_ends(store: Store) -> None:
    ds = where_quads(store, "?p = geo:condemns && ?o = kgr:russia")
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    kgr = "https://w3id.org/geokg/id/"
    geo = "https://w3id.org/geokg/ontology#"
    # Both relations about condemning Russia: the asserted one (c.txt) and the negated one (b.txt, no direct edge).
    edges = {(str(s), str(o)) for s, o in union.subject_objects(URIRef(geo + "condemns"))}
    assert edges == {(kgr + "united_states", kgr + "russia")}
    evidence = sorted(str(t) for t in union.objects(None, URIRef(geo + "evidenceText")))
    assert evidence == ["Kyiv stopped short of condemning Moscow.", "The United States condemned Russia for the pact."]
    graphs = sorted(str(g.identifier) for g in ds.graphs() if len(g))
    assert graphs == sorted(str(document_iri(extraction(src).document)) for src in ("b.txt", "c.txt"))
    labelled = {str(s) for s in union.subjects(URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}
    assert labelled == {kgr + "united_states", kgr + "russia", kgr + "ukraine", str(mint_iri("agent", EXTRACTOR_NAME, EXTRACTOR_VERSION))}
    assert not any(URIRef(kgr + "north_korea") in t for t in union)


def test_rdf_where_export_of_a_line_format_is_the_selection(store: Store) -> None:
    got = Graph().parse(data=_export(store, "ntriples", where="?s = kgr:kim_jong_un"), format="nt")
    want = Graph()
    for s, p, o, _ in where_quads(store, "?s = kgr:kim_jong_un").quads((None, None, None, None)):
        want.add((s, p, o))
    _same(got, want)
    assert len(got) == 29


@pytest.mark.parametrize("where", ["true) } } SELECT * WHERE { ?a ?b ?c", "?s = ", "?s = kgr:x } DROP ALL"])
def test_rdf_where_that_is_not_one_expression_is_refused(store: Store, where: str) -> None:
    with pytest.raises(ExportError) as err:
        export(store, "turtle", io.BytesIO(), where=where)
    assert str(err.value) == f"--where {where!r} is not a SPARQL FILTER expression over ?s ?p ?o"


@pytest.mark.parametrize(("fmt", "read"), [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_rdf_network_formats_hold_the_actor_network(store: Store, tmp_path: Path, fmt: str, read) -> None:
    path = tmp_path / f"net.{fmt}"
    export(store, fmt, path)
    net = read(path)
    assert net.number_of_nodes() == 7
    # 8 asserted edges plus the negated Ukraine → Russia statement the network keeps (asserted=False).
    assert net.number_of_edges() == 9
    path = tmp_path / f"russia.{fmt}"
    export(store, fmt, path, where="?o = kgr:russia")
    assert sorted(nx.get_node_attributes(read(path), "label").values()) == ["North Korea", "Russia", "Ukraine", "United States"]


def test_rdf_unknown_format_is_an_export_error(store: Store) -> None:
    with pytest.raises(ExportError, match="^unknown export format 'rdfxml' \\(choose one of: turtle, trig, nquads, ntriples, jsonld, graphml, gexf\\)$"):
        export(store, "rdfxml", io.BytesIO())
