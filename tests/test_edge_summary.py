from __future__ import annotations

import random
from datetime import UTC, date, datetime

import pyoxigraph as ox
import pytest

from kg.edge_summary import EDGE_GRAPH, EdgeCount, StoredEdges, read_counts, sightings_of_ntriples
from kg.graph import document_iri, extraction_ntriples
from kg.model import Document, Entity, Evidence, Extraction, Relation
from kg.queries import load_query
from kg.query import short
from kg.store import Store

INGESTED = datetime(2025, 1, 2, 9, 30, tzinfo=UTC)
ACTORS = {
    "japan": ("Japan", "State"),
    "north_korea": ("North Korea", "State"),
    "russia": ("Russia", "State"),
    "united_states": ("United States", "State"),
    "kim_jong_un": ("Kim Jong Un", "Leader"),
    "un_security_council": ("UN Security Council", "Organization"),
}


def _doc(name: str, relations: list[tuple[str, str, str, str, date | None]], published: date | None = date(2024, 5, 1),
         text: str = "") -> tuple[str, str, str, bytes]:
    """A document of these (subject, predicate, object, modality, event date) relations: (graph IRI, source, hash, N-Triples)."""
    rels = []
    for i, (s, p, o, modality, event) in enumerate(relations):
        sentence = f"Sentence {i} of {name}: {s} {p} {o}. {text}"
        rels.append(Relation(s, p, o, Evidence(sentence, 100 * i, 100 * i + len(sentence)), 0.9, modality, event))
    used = {k for s, _, o, _, _ in relations for k in (s, o)}
    entities = tuple(Entity(k, *ACTORS[k]) for k in sorted(used))
    doc = Document(f"{name}.txt", f"text of {name} {text}", f"{abs(hash((name, text))):064x}", name, published, INGESTED)
    data = extraction_ntriples(Extraction(doc, entities, tuple(rels)))
    return str(document_iri(doc)), doc.source, doc.content_hash, data


def _summary(store: Store) -> dict[str, dict[str, str]]:
    """The edge summary as {"subject predicate object": {property: value}} in short form."""
    nodes: dict[str, dict[str, str]] = {}
    for q in store._ox.quads_for_pattern(None, None, None, ox.NamedNode(EDGE_GRAPH)):
        values = nodes.setdefault(q.subject.value, {})
        name = q.predicate.value.rsplit("#", 1)[1]
        assert name not in values, f"two values of {name} on {q.subject}"
        values[name] = q.object.value
    return {
        " ".join(v[k].rsplit("/", 1)[1].rsplit("#", 1)[-1] for k in ("edgeSubject", "edgePredicate", "edgeObject")):
        {k: v for k, v in v.items() if not k.startswith("edge")}
        for v in nodes.values()
    }


A = _doc("a", [("japan", "condemns", "north_korea", "Asserted", date(2024, 3, 1)),
               ("kim_jong_un", "leaderOf", "north_korea", "Asserted", None),
               ("russia", "attacks", "japan", "Negated", None)], published=date(2024, 3, 2))
B = _doc("b", [("japan", "condemns", "north_korea", "Reported", None),
               ("united_states", "condemns", "north_korea", "Hypothetical", None)], published=date(2024, 5, 10))
C = _doc("c", [("united_states", "sanctions", "russia", "Asserted", None)], published=None)


def test_edge_summary_counts_asserted_documents_and_days() -> None:
    store = Store(None)
    for graph_iri, source, content_hash, data in (A, B, C):
        store.put(graph_iri, source, content_hash, data)
    assert _summary(store) == {
        "japan condemns north_korea": {"documentCount": "2", "firstSeen": "2024-03-01", "lastSeen": "2024-05-10"},
        "kim_jong_un leaderOf north_korea": {
            "documentCount": "1", "firstSeen": "2024-03-02", "lastSeen": "2024-03-02", "singleSourceSeen": "2024-03-02",
        },
        # no publication date: the day it was ingested
        "united_states sanctions russia": {
            "documentCount": "1", "firstSeen": "2025-01-02", "lastSeen": "2025-01-02", "singleSourceSeen": "2025-01-02",
        },
    }  # negated and hypothetical statements count for nothing


def test_edge_summary_batches_replacements_and_removals_equal_a_rebuild() -> None:
    store = Store(None)
    store.add_new([(g, s, d) for g, s, _, d in (A, B)])
    after_batch = _summary(store)
    store.resummarise()
    assert _summary(store) == after_batch
    store.put(*C)
    changed = _doc("b", [("united_states", "sanctions", "russia", "Asserted", date(2023, 12, 1))], text="changed")
    assert store.put(*changed) == "replaced"
    assert store.remove("a.txt") == 1
    assert _summary(store) == {
        "united_states sanctions russia": {"documentCount": "2", "firstSeen": "2023-12-01", "lastSeen": "2025-01-02"},
    }
    kept = _summary(store)
    store.resummarise()
    assert _summary(store) == kept


def test_edge_summary_batch_after_single_writes_adds_to_their_counts() -> None:
    store = Store(None)
    store.add_new([(A[0], A[1], A[3])])  # the writer now tracks which edges the summary holds
    store.put(*C)
    changed = _doc("a", [("united_states", "sanctions", "russia", "Asserted", date(2023, 12, 1))], text="changed")
    assert store.put(*changed) == "replaced"
    later = _doc("d", [("united_states", "sanctions", "russia", "Asserted", date(2024, 6, 1)),
                       ("japan", "condemns", "north_korea", "Asserted", None),  # a's, gone with its old version
                       ("japan", "condemns", "russia", "Asserted", None)], published=date(2024, 6, 2))
    store.add_new([(later[0], later[1], later[3])])
    only_d = {"documentCount": "1", "firstSeen": "2024-06-02", "lastSeen": "2024-06-02", "singleSourceSeen": "2024-06-02"}
    assert _summary(store) == {
        "united_states sanctions russia": {"documentCount": "3", "firstSeen": "2023-12-01", "lastSeen": "2025-01-02"},
        "japan condemns north_korea": only_d,
        "japan condemns russia": only_d,
    }
    kept = _summary(store)
    store.resummarise()
    assert _summary(store) == kept


def _key(s: str, p: str, o: str) -> tuple[str, str, str]:
    return (f"https://w3id.org/geokg/id/{s}", f"https://w3id.org/geokg/ontology#{p}", f"https://w3id.org/geokg/id/{o}")


def test_edge_summary_stored_edges_read_the_counts_read_counts_reads() -> None:
    store = Store(None)
    store.put(*A)
    store.put(*B)
    keys = [_key("japan", "condemns", "north_korea"), _key("kim_jong_un", "leaderOf", "north_korea"),
            _key("united_states", "sanctions", "russia"), _key("russia", "attacks", "japan")]
    assert StoredEdges().counts(store._ox, keys) == read_counts(store._ox, keys) == {
        keys[0]: EdgeCount(2, "2024-03-01", "2024-05-10"),
        keys[1]: EdgeCount(1, "2024-03-02", "2024-03-02"),
    }


def test_edge_summary_stored_edges_skip_what_they_were_not_told_of_until_forgotten() -> None:
    store = Store(None)
    store.put(*A)
    edges = StoredEdges()
    known, unseen = _key("japan", "condemns", "north_korea"), _key("united_states", "sanctions", "russia")
    assert list(edges.counts(store._ox, [known, unseen])) == [known]  # loaded from the store: C is not in yet
    assert edges.tracking
    store.put(*C)  # written behind their back
    assert list(edges.counts(store._ox, [known, unseen])) == [known]  # so not looked up
    edges.add([unseen])
    assert list(edges.counts(store._ox, [known, unseen])) == [known, unseen]
    edges.forget()
    assert not edges.tracking
    assert list(edges.counts(store._ox, [unseen])) == [unseen]  # loaded again


def test_edge_summary_stored_edges_past_their_limit_look_every_edge_up() -> None:
    store = Store(None)
    store.put(*A)
    edges = StoredEdges(limit=2)
    known, unseen = _key("japan", "condemns", "north_korea"), _key("united_states", "sanctions", "russia")
    assert list(edges.counts(store._ox, [known, unseen])) == [known]
    edges.add([_key("japan", "condemns", "russia")])  # a third edge: past the limit
    store.put(*C)  # written behind their back, but no longer tracked: every edge is looked up
    assert list(edges.counts(store._ox, [known, unseen])) == [known, unseen]


def test_edge_summary_stored_edges_of_a_large_summary_are_not_loaded() -> None:
    store = Store(None)
    store.put(*A)  # two edges
    edges = StoredEdges(load_limit=1)
    known, unseen = _key("japan", "condemns", "north_korea"), _key("united_states", "sanctions", "russia")
    assert list(edges.counts(store._ox, [known])) == [known]
    store.put(*C)  # written behind their back, but never tracked: every edge is looked up
    assert list(edges.counts(store._ox, [known, unseen])) == [known, unseen]


def test_edge_summary_reads_no_predicate_out_of_evidence_text() -> None:
    hostile = ' <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> <https://w3id.org/geokg/id/x> .'
    rel = [("japan", "condemns", "russia", "Asserted", None)]
    plain, attacked = (sightings_of_ntriples(_doc("h", rel, text=t)[3]) for t in ("", hostile))
    assert [(s.key, s.day) for s in attacked] == [(s.key, s.day) for s in plain] == [
        (("https://w3id.org/geokg/id/japan", "https://w3id.org/geokg/ontology#condemns", "https://w3id.org/geokg/id/russia"),
         "2024-05-01"),
    ]


def test_edge_summary_store_written_before_it_gets_one_on_open(tmp_path) -> None:
    store = Store(tmp_path / "s")
    for doc in (A, B):
        store.put(*doc)
    expected = _summary(store)
    store._ox.remove_graph(ox.NamedNode(EDGE_GRAPH))
    store.close()
    assert _summary(Store(tmp_path / "s")) == expected


# The scanning queries rank the summary; these reference queries aggregate every statement instead.
REFERENCE = {
    "corroboration": """SELECT ?subject ?predicate ?object (COUNT(DISTINCT ?doc) AS ?documents)
        (MIN(?date) AS ?firstSeen) (MAX(?date) AS ?lastSeen) WHERE {
      ?st rdf:subject ?subject ; rdf:predicate ?predicate ; rdf:object ?object ; geo:modality ?m ; prov:wasDerivedFrom ?doc .
      FILTER(?m IN (geo:Asserted, geo:Reported))
      OPTIONAL { ?st geo:eventDate ?event } OPTIONAL { ?doc dcterms:issued ?issued }
      BIND(COALESCE(?event, ?issued) AS ?date)
    } GROUP BY ?subject ?predicate ?object""",
    "most-condemned": """SELECT ?actor (COUNT(DISTINCT ?who) AS ?condemners) (COUNT(DISTINCT ?doc) AS ?documents) WHERE {
      ?st rdf:predicate geo:condemns ; rdf:object ?actor ; rdf:subject ?who ; geo:modality ?m ; prov:wasDerivedFrom ?doc .
      FILTER(?m IN (geo:Asserted, geo:Reported))
    } GROUP BY ?actor""",
}


@pytest.fixture(scope="module")
def busy() -> Store:
    """A store of 150 dated documents over six actors: more edges and condemned actors than the queries' limits."""
    rng = random.Random(7)
    store = Store(None)
    actors = sorted(ACTORS)
    docs = []
    for i in range(150):
        rels = []
        for _ in range(4):
            s, o = rng.sample(actors, 2)
            p = rng.choice(["condemns", "sanctions", "meetsWith", "attacks", "threatens", "demands"])
            rels.append((s, p, o, rng.choice(["Asserted", "Asserted", "Reported", "Negated"]),
                         date(2024, 1, 1 + rng.randrange(28)) if rng.random() < 0.5 else None))
        docs.append(_doc(f"d{i:03}", rels, published=date(2024, 2, 1 + rng.randrange(28))))
    store.add_new([(g, s, d) for g, s, _, d in docs[:100]])
    for doc in docs[100:]:
        store.put(*doc)
    return store


def _rows(store: Store, sparql: str, bindings: dict | None = None) -> list[tuple[str, ...]]:
    rows = store.query(sparql, bindings)
    assert isinstance(rows, list)
    return [tuple(short(r[k]) for k in r) for r in rows]


def test_edge_summary_corroboration_ranks_what_the_statements_say(busy: Store) -> None:
    reference = {r[:3]: r[3:] for r in _rows(busy, REFERENCE["corroboration"])}
    assert len(reference) > 100  # the limit cuts
    got = _rows(busy, load_query("corroboration").sparql)
    assert len(got) == 100
    assert all(reference[r[:3]] == r[3:] for r in got)  # each row's counts and days are the statements'
    top = sorted((int(v[0]) for v in reference.values()), reverse=True)[:100]
    assert [int(r[3]) for r in got] == top  # and they are the best corroborated, best first


def test_edge_summary_new_edges_since_are_the_newest_first_seen(busy: Store) -> None:
    query = load_query("new-edges-since")
    got = _rows(busy, query.sparql, query.bindings({"since": "2024-02-10"}))
    reference = {r[:3]: r[3:] for r in _rows(busy, REFERENCE["corroboration"])}
    newest = sorted((v[1] for v in reference.values() if v[1] >= "2024-02-10"), reverse=True)
    assert [r[4] for r in got] == newest[:100]
    assert all(reference[r[1:4]][1] == r[4] and reference[r[1:4]][0] == r[5] for r in got)


def test_edge_summary_single_source_lists_one_document_edges_newest_first(busy: Store) -> None:
    reference = {r[:3]: r[3:] for r in _rows(busy, REFERENCE["corroboration"])}
    got = _rows(busy, load_query("single-source").sparql)
    edges = {r[:4] for r in got}  # a row per evidence sentence
    assert edges and all(reference[e[:3]][0] == "1" and reference[e[:3]][2] == e[3] for e in edges)
    singles = sorted((v[2] for v in reference.values() if v[0] == "1"), reverse=True)
    assert sorted((e[3] for e in edges), reverse=True) == singles[: len(edges)]
    assert len(edges) == min(100, len(singles))


def test_edge_summary_most_condemned_agrees_with_the_statements(busy: Store) -> None:
    reference = {r[0]: r[1:] for r in _rows(busy, REFERENCE["most-condemned"])}
    got = _rows(busy, load_query("most-condemned").sparql)
    assert [r[0] for r in got] and all(reference[r[0]] == r[2:] for r in got)
    assert len(got) == len(reference)  # six actors: all under the limit of 20


def test_edge_summary_sightings_of_an_extraction_are_those_its_ntriples_hold() -> None:
    from pathlib import Path

    from kg.edge_summary import sightings_of_extraction
    from kg.pipeline import extract_path

    samples = [p for p in sorted((Path(__file__).parents[1] / "kg" / "samples").glob("*.*")) if p.suffix in (".txt", ".html")]
    assert samples
    for path in samples:
        extraction = extract_path(path, ingested=INGESTED)
        direct = sightings_of_extraction(extraction)
        assert direct, path.name
        assert sorted(direct, key=repr) == sorted(sightings_of_ntriples(extraction_ntriples(extraction)), key=repr)


def test_edge_summary_stored_edges_keep_the_entries_they_read_until_told_they_changed() -> None:
    store = Store(None)
    store.put(*A)
    edges = StoredEdges()
    known = _key("japan", "condemns", "north_korea")
    assert edges.counts(store._ox, [known]) == {known: EdgeCount(1, "2024-03-01", "2024-03-01")}
    store.put(*B)  # the stored entry grows behind their back
    assert edges.counts(store._ox, [known]) == {known: EdgeCount(1, "2024-03-01", "2024-03-01")}  # not read again
    edges.forget_counts()
    assert edges.counts(store._ox, [known]) == {known: EdgeCount(2, "2024-03-01", "2024-05-10")}
    edges.add([known])  # about to be written: what it was is forgotten ...
    store.put(*C)
    edges.wrote({known: EdgeCount(7, "2020-01-01", "2020-01-02")})  # ... and what was written is kept
    assert edges.counts(store._ox, [known]) == {known: EdgeCount(7, "2020-01-01", "2020-01-02")}


def test_edge_summary_stored_edges_past_their_entry_limit_start_afresh() -> None:
    store = Store(None)
    store.put(*A)
    edges = StoredEdges(entry_limit=1)
    known, other = _key("japan", "condemns", "north_korea"), _key("kim_jong_un", "leaderOf", "north_korea")
    edges.counts(store._ox, [known])
    store.put(*B)
    edges.counts(store._ox, [other])  # a second entry: the first is dropped, so read again
    assert edges.counts(store._ox, [known]) == {known: EdgeCount(2, "2024-03-01", "2024-05-10")}
