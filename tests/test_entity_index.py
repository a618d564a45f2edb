from __future__ import annotations

from dataclasses import replace

from kg.entity_index import ENTITY_GRAPH
from kg.graph import document_iri, extraction_graph
from kg.store import Store, open_store
from tests.store_fixture import extraction, fill

INDEX = f"SELECT ?p ?o WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ <https://w3id.org/geokg/id/%s> ?p ?o }} }} ORDER BY ?p ?o"


def index_of(store: Store, key: str) -> list[tuple[str, str]]:
    rows = store.query(INDEX % key)
    assert isinstance(rows, list)
    return [(str(r["p"]).rsplit("#", 1)[-1].rsplit("/", 1)[-1], str(r["o"])) for r in rows]


def test_entity_index_holds_each_description_once_with_lower_cased_keys() -> None:
    store = fill(open_store(":memory:"))
    assert index_of(store, "russia") == [
        ("type", "https://w3id.org/geokg/ontology#State"),
        ("label", "Russia"),
        ("sameAs", "http://www.wikidata.org/entity/Q159"),
        ("altLabel", "Moscow"),
        ("hiddenLabel", "moscow"),
        ("hiddenLabel", "russia"),
    ]
    assert ENTITY_GRAPH not in store.documents()


def test_entity_index_keeps_an_entity_while_a_document_mentions_it() -> None:
    store = fill(open_store(":memory:"))
    store.remove("a.txt")  # kim_jong_un is named only in a.txt; north_korea also in b.txt and c.txt
    assert index_of(store, "kim_jong_un") == []
    assert ("label", "North Korea") in index_of(store, "north_korea")
    store.remove("b.txt")
    store.remove("c.txt")
    assert len(store.query(f"SELECT * WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ ?s ?p ?o }} }}")) == 0  # type: ignore[arg-type]


def test_entity_index_follows_a_replaced_document_and_equals_a_rebuild() -> None:
    store = fill(open_store(":memory:"))
    changed = extraction("c.txt", text_suffix=" Later.")
    renamed = replace(changed, entities=tuple(
        replace(e, aliases=("The Pact",)) if e.id == "mutual_defence_pact" else e for e in changed.entities
    ))
    d = renamed.document
    assert store.put(str(document_iri(d)), d.source, d.content_hash, extraction_graph(renamed)) == "replaced"
    keys = [o for p, o in index_of(store, "mutual_defence_pact") if p == "hiddenLabel"]
    assert keys == ["mutual defence pact", "the pact"]
    before = sorted(map(str, store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ ?s ?p ?o }} }}")))  # type: ignore[arg-type]
    store.reindex()
    after = sorted(map(str, store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ ?s ?p ?o }} }}")))  # type: ignore[arg-type]
    assert before == after
