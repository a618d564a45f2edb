from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.errors import QueryError
from kg.pipeline import build
from kg.store import open_store
from tests.conftest import FIXTURES


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
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parent.parent)
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
    assert str(err.value) == "a.txt: no such document in the store (give its source path or IRI; `kg query --name documents` lists them)"


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


def test_store_missing_store_is_a_store_error(tmp_path: Path) -> None:
    from kg.errors import StoreError

    with pytest.raises(StoreError) as err:
        open_store(tmp_path / "nothing", must_exist=True)
    assert str(err.value) == f"{tmp_path / 'nothing'}: no store here (run kg build first, or pass --store)"
