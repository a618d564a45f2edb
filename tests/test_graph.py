"""Golden Turtle for a small fixture article, compared by graph isomorphism."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.extract import extract
from kg.graph import extraction_graph
from kg.ingest import document_from_text
from kg.model import Extraction
from kg.ontology import validate
from tests.conftest import FIXTURES, INGESTED

GOLDEN = FIXTURES / "golden.ttl"


def _golden_graph() -> Graph:
    # the source is given as a relative name so that IRIs do not depend on where the checkout lives
    text = (FIXTURES / "articles" / "golden.txt").read_text("utf-8")
    return extraction_graph(extract(document_from_text(text, source="articles/golden.txt", ingested=INGESTED)))


def test_graph_golden_turtle_is_isomorphic() -> None:
    got = _golden_graph()
    if os.environ.get("GEOKG_REGEN_GOLDEN"):
        GOLDEN.write_text(got.serialize(format="turtle"), encoding="utf-8")
    want = Graph().parse(GOLDEN)
    if not isomorphic(got, want):
        _, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
        raise AssertionError(
            "golden graph differs\nonly in output:\n" + "\n".join(sorted(t.n3() for t in [x[2] for x in only_got]))
            + "\n" + only_got.serialize(format="nt") + "\nonly in golden:\n" + only_want.serialize(format="nt")
        )


def test_graph_golden_conforms_to_shapes() -> None:
    conforms, _, text = validate(_golden_graph())
    assert conforms, text


def test_graph_every_relation_has_direct_edge_and_statement(tmp_path: Path) -> None:
    got = _golden_graph()
    rows = list(got.query(
        "SELECT ?s ?p ?o ?text WHERE { ?st a geo:Statement ; rdf:subject ?s ; rdf:predicate ?p ; "
        "rdf:object ?o ; geo:evidenceText ?text ; geo:modality geo:Asserted . }"
    ))
    assert rows
    for s, p, o, text in rows:
        assert (s, p, o) in got
        assert str(text) in (FIXTURES / "articles" / "golden.txt").read_text()


def test_graph_ntriples_are_the_graph_each_triple_once() -> None:
    from kg.graph import extraction_ntriples

    text = (FIXTURES / "articles" / "golden.txt").read_text("utf-8")
    extraction = extract(document_from_text(text, source="articles/golden.txt", ingested=INGESTED))
    lines = extraction_ntriples(extraction).decode("utf-8").splitlines()
    assert len(lines) == len(set(lines)) == len(extraction_graph(extraction))
    assert sorted(lines) == sorted(extraction_graph(extraction).serialize(format="nt").splitlines())


def _rdflib_ntriples(extraction: Extraction) -> bytes:
    from rdflib.plugins.serializers.nt import _nt_row

    from kg.graph import extraction_triples

    return "".join(_nt_row(t) for t in extraction_triples(extraction)).encode("utf-8")


@pytest.mark.parametrize(
    "text",
    [
        'Japan condemned North Korea.\nPublished: 2024-05-02\n\nSeoul said "stop" \\ now,\r and Japan agreed on Monday.',
        "Ukraine's forces struck Russia on 3 March 2024. Russia threatened Ukraine with retaliation yesterday.",
    ],
    ids=["escapes-and-dates", "relations"],
)
def test_graph_ntriples_are_rdflibs_lines_in_order(text: str) -> None:
    from kg.graph import extraction_ntriples

    extraction = extract(document_from_text(text, source='odd "name".txt', ingested=INGESTED))
    assert extraction_ntriples(extraction) == _rdflib_ntriples(extraction)


def test_graph_ntriples_are_rdflibs_lines_on_bench_articles() -> None:
    from bench.corpus import generate
    from kg.graph import extraction_ntriples

    for article in generate(15, seed=7):
        extraction = extract(document_from_text(article.text, source=article.name, ingested=INGESTED))
        assert extraction.relations and extraction_ntriples(extraction) == _rdflib_ntriples(extraction)
