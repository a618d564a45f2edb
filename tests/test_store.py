from __future__ import annotations

import io
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from kg.edge_summary import EDGE_GRAPH
from kg.entity_index import ENTITY_GRAPH
from kg.errors import QueryError
from kg.ingest import document_from_text
from kg.pipeline import Extracted, _extract_one, build, write_extracted
from kg.store import Store, _LineStream, open_store
from tests.conftest import FIXTURES, INGESTED


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(FIXTURES / "articles" / "golden.txt", folder / "a.txt")
    (folder / "b.txt").write_text("Published: 2024-02-01\nJapan condemned North Korea after the launch.\n")
    return folder


def test_store_rebuild_is_a_no_op(tmp_path: Path, corpus: Path) -> None:
    store = open_store(tmp_path / "store")
    first = build(store, [corpus])
    size = len(store)
    second = build(store, [corpus])
    assert (first.added, second.added, second.skipped) == (2, 0, 2)
    assert len(store) == size


def test_store_changed_document_replaces_its_graph(tmp_path: Path, corpus: Path) -> None:
    store = open_store(tmp_path / "store")
    build(store, [corpus])
    (corpus / "b.txt").write_text("Published: 2024-02-01\nJapan condemned China after the launch.\n")
    result = build(store, [corpus])
    assert (result.replaced, result.skipped) == (1, 1)
    assert len(store.documents()) == 2
    who = {str(r["o"]).rsplit("/", 1)[-1] for r in store.query("SELECT ?o WHERE { kgr:japan geo:condemns ?o }")}
    assert who == {"china"}


def test_store_remove_takes_one_document_out(tmp_path: Path, corpus: Path) -> None:
    store = open_store(tmp_path / "store")
    build(store, [corpus])
    assert store.remove(str(corpus / "b.txt")) == 1
    assert len(store.documents()) == 1
    assert store.query("ASK { kgr:japan geo:condemns kgr:north_korea }") is False


def test_store_parameters_are_bound_not_pasted(tmp_path: Path, corpus: Path) -> None:
    store = open_store(tmp_path / "store")
    build(store, [corpus])
    before = len(store)
    rows = store.query("SELECT ?e ?name WHERE { ?e rdfs:label ?name }", {"name": '"} ; DROP ALL ; {"'})
    assert rows == []
    assert len(store) == before



def test_store_rows_are_mappings_with_keys_values_and_items() -> None:
    store = Store(None)
    store._ox.add(ox.Quad(ox.NamedNode("http://e.org/a"), ox.NamedNode(str(RDFS.label)), ox.Literal("Chad"), ox.NamedNode("http://e.org/g")))
    rows = store.query('SELECT ?e ?name ?missing WHERE { ?e rdfs:label ?name FILTER(?name = "Chad") }')
    assert isinstance(rows, list)
    assert list(rows[0].keys()) == ["e", "name", "missing"]
    assert list(rows[0].values()) == [URIRef("http://e.org/a"), Literal("Chad"), None]
    assert dict(rows[0].items()) == {"e": URIRef("http://e.org/a"), "name": Literal("Chad"), "missing": None}

def test_store_malformed_sparql_is_a_query_error() -> None:
    with pytest.raises(QueryError, match="malformed SPARQL"):
        open_store(":memory:").query("SELECT WHERE {")


def test_store_second_process_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "store"
    held = open_store(path)
    code = (
        "import sys\nfrom kg.store import open_store\nfrom kg.errors import StoreError\n"
        f"try:\n    open_store({str(path)!r})\nexcept StoreError as e:\n    print(e); sys.exit(3)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=Path(__file__).parent.parent)
    held.close()
    assert out.returncode == 3, out.stderr
    assert "the store is in use by another geokg process" in out.stdout


def test_store_embedded_store_satisfies_the_protocol() -> None:
    from kg.store import GraphStore

    assert isinstance(open_store(":memory:"), GraphStore)


def test_store_remove_document_by_path_form_or_iri_and_unknown_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.errors import StoreError
    from kg.graph import document_iri
    from kg.store import remove_document
    from tests.store_fixture import extraction, fill

    monkeypatch.chdir(tmp_path)
    store = fill(open_store(":memory:"))
    assert remove_document(store, "./a.txt") == 1  # stored as "a.txt"
    assert remove_document(store, str(tmp_path / "b.txt")) == 1  # absolute form of a relative source
    assert remove_document(store, str(document_iri(extraction("c.txt").document))) == 1
    assert store.documents() == []
    with pytest.raises(StoreError) as err:
        remove_document(store, "a.txt")
    assert str(err.value) == "a.txt: no such document in the store (give its source path or IRI; `kg query --name documents` lists the latest)"


def test_store_changed_fixture_document_replaces_only_its_graph() -> None:
    from kg.graph import document_iri, extraction_graph
    from tests.store_fixture import extraction, fill

    store = fill(open_store(":memory:"))
    size, docs = len(store), store.documents()
    changed = extraction("c.txt", text_suffix=" Nothing else happened.")
    d = changed.document
    assert store.put(str(document_iri(d)), d.source, d.content_hash, extraction_graph(changed)) == "replaced"
    assert len(store) == size
    assert len(store.documents()) == 3 and str(document_iri(d)) in store.documents()
    assert sorted(set(docs) - set(store.documents())) == [str(document_iri(extraction("c.txt").document))]
    assert fill(store).documents() == docs  # the original c.txt comes back in place of the changed one


def test_store_a_graph_read_by_another_extractor_version_is_read_again() -> None:
    from kg.graph import EXTRACTOR_AGENT, document_iri, extraction_ntriples
    from tests.store_fixture import extraction

    store = open_store(":memory:")
    e = extraction("c.txt")
    d, graph = e.document, str(document_iri(e.document))
    current = extraction_ntriples(e)
    older = current.replace(str(EXTRACTOR_AGENT).encode(), str(EXTRACTOR_AGENT).replace("/0.", "/0.0.").encode())
    assert store.put(graph, d.source, d.content_hash, older) == "added"
    assert store.status_of(d.source, d.content_hash) == "replaced"  # same text, older rules: read it again
    assert store.put(graph, d.source, d.content_hash, current) == "replaced"
    assert store.documents() == [graph]
    assert store.status_of(d.source, d.content_hash) == "skipped"
    fresh = open_store(":memory:")
    fresh.put(graph, d.source, d.content_hash, current)
    assert len(store) == len(fresh)


def test_store_missing_store_is_a_store_error(tmp_path: Path) -> None:
    from kg.errors import StoreError

    with pytest.raises(StoreError) as err:
        open_store(tmp_path / "nothing", must_exist=True)
    assert str(err.value) == f"{tmp_path / 'nothing'}: no store here (run kg build first, or pass --store)"


def _contents(store: Store) -> list[str]:
    """Every quad of the document graphs, the entity index and the edge summary, sorted (the last two are left out of dumps)."""
    import io

    out = io.BytesIO()
    store.dump(out, "nquads")
    derived = [q for g in (ENTITY_GRAPH, EDGE_GRAPH) for q in store._ox.quads_for_pattern(None, None, None, ox.NamedNode(g))]
    return sorted(out.getvalue().decode("utf-8").splitlines() + [f"{q} ." for q in derived])


def _extracted(count: int) -> list[Extracted]:
    from bench.corpus import generate

    return [_extract_one(document_from_text(a.text, source=a.name, ingested=INGESTED)) for a in generate(count, seed=4)]


def test_store_new_documents_in_batches_equal_one_transaction_each(tmp_path: Path) -> None:
    items = _extracted(6)
    one_by_one, batched = Store(None), Store(tmp_path / "batched")
    for item in items:
        one_by_one.put(item.graph_iri, item.source, item.content_hash, item.ntriples)
    assert all(batched.is_new(i.graph_iri, i.source) for i in items)
    batched.add_new([(i.graph_iri, i.source, i.ntriples) for i in items[:4]])
    batched.add_new([(i.graph_iri, i.source, i.ntriples) for i in items[4:]])
    assert _contents(batched) == _contents(one_by_one)
    assert [batched.status_of(i.source, i.content_hash) for i in items] == ["skipped"] * 6
    assert not any(batched.is_new(i.graph_iri, i.source) for i in items)



def test_store_batch_stream_reads_as_the_joined_utf8_text() -> None:
    lines = [f'<http://e.org/{i}> <http://e.org/p> "Zürich – {"é" * i}" <http://e.org/g> .\n' for i in range(300)]
    reader = io.BufferedReader(_LineStream(lines[:100], dict.fromkeys(lines[100:200]), lines[200:]), buffer_size=7)
    assert b"".join(iter(lambda: reader.read(5), b"")) == "".join(lines).encode("utf-8")


def test_store_batch_with_non_ascii_text_equals_one_transaction_each(tmp_path: Path) -> None:
    texts = [
        "Türkiye condemned the strike on Aleppo, the minister in Ankara said on Tuesday.",
        "Le Drian’s successor met officials in Dakar — France pledged aid to Senegal.",
    ]
    docs = [document_from_text(t, source=f"n{i}.txt", ingested=INGESTED) for i, t in enumerate(texts)]
    items = [_extract_one(d) for d in docs]
    one_by_one, batched = Store(None), Store(tmp_path / "batched")
    for item in items:
        one_by_one.put(item.graph_iri, item.source, item.content_hash, item.ntriples)
    batched.add_new([(i.graph_iri, i.source, i.ntriples) for i in items])
    assert _contents(batched) == _contents(one_by_one)
    assert any("Türkiye" in str(q.object) for q in batched._ox.quads_for_pattern(None, None, None, None))

class _KilledBeforeSources:
    """An Oxigraph store whose transactional update fails: ``add_new`` dies after its bulk load."""

    def __init__(self, real: ox.Store) -> None:
        self.real = real

    def update(self, *args: object, **kwargs: object) -> None:
        raise OSError("killed")

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)


def test_store_batch_killed_midway_is_dropped_and_written_again(tmp_path: Path) -> None:
    items = _extracted(3)
    clean = Store(None)
    write_extracted(clean, items)
    store = Store(tmp_path / "store")
    real = store._ox
    store._ox = _KilledBeforeSources(real)  # type: ignore[assignment]
    with pytest.raises(OSError, match="killed"):
        store.add_new([(i.graph_iri, i.source, i.ntriples) for i in items[:2]])
    store._ox = real
    # half-written graphs: no source names them, so they count as new and are not "documents" for long
    assert [store.status_of(i.source, i.content_hash) for i in items] == ["added"] * 3
    assert len(store.documents()) == 2
    # put() alone rewrites such a graph ...
    assert store.put(items[0].graph_iri, items[0].source, items[0].content_hash, items[0].ntriples) == "added"
    # ... and a build drops the rest first
    assert store.drop_unfinished() == [items[1].graph_iri]
    result = write_extracted(store, items[1:])
    assert (result.added, result.skipped) == (2, 0)
    assert _contents(store) == _contents(clean)


def test_store_batch_killed_after_earlier_batches_leaves_no_count_twice(tmp_path: Path) -> None:
    from kg.edge_summary import sightings_of_ntriples

    items = _extracted(6)
    clean = Store(None)
    write_extracted(clean, items)
    store = Store(tmp_path / "store")
    store.add_new([(i.graph_iri, i.source, i.ntriples) for i in items[:2]])  # the writer tracks the summary's edges
    edges = [{s.key for s in sightings_of_ntriples(i.ntriples)} for i in items]
    assert edges[2] & (edges[0] | edges[1]) and edges[2] - (edges[0] | edges[1])  # stored counts grow, new ones come
    real = store._ox
    store._ox = _KilledBeforeSources(real)  # type: ignore[assignment]
    with pytest.raises(OSError, match="killed"):
        store.add_new([(i.graph_iri, i.source, i.ntriples) for i in items[2:4]])
    store._ox = real
    assert store.drop_unfinished() == sorted(i.graph_iri for i in items[2:4])
    result = write_extracted(store, items[2:])
    assert (result.added, result.skipped) == (4, 0)
    assert _contents(store) == _contents(clean)


def test_store_write_extracted_counts_repeats_and_errors_in_order() -> None:
    items = _extracted(3)
    broken = Extracted("bad.txt", "h", "https://w3id.org/geokg/doc/bad", error="RuntimeError: x")
    seen: list[tuple[str, int, int]] = []
    result = write_extracted(
        Store(None), [items[0], items[1], items[0], broken, items[2]],
        progress=lambda r, source: seen.append((source, r.added, r.skipped)),
    )
    assert (result.added, result.skipped, len(result.rejected)) == (3, 1, 1)
    assert seen == [(items[0].source, 1, 0), (items[1].source, 2, 0), (items[0].source, 2, 1),
                    ("bad.txt", 2, 1), (items[2].source, 3, 1)]
