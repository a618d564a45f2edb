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
