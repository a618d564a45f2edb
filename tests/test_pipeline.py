from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kg
from kg.ingest import document_from_text, sample_dir
from kg.pipeline import Extracted, build, extract_batch, extract_quads, resolve_workers, write_extracted
from kg.store import Store, open_store
from tests.conftest import FIXTURES, INGESTED


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The samples (text and HTML), the golden article and one file that must be rejected."""
    folder = tmp_path / "articles"
    shutil.copytree(sample_dir(), folder, ignore=shutil.ignore_patterns("*.py", "*.md", "__pycache__"))
    shutil.copy(FIXTURES / "articles" / "golden.txt", folder / "golden.txt")
    (folder / "empty.txt").write_text("")
    return folder


def nquads(store: Store) -> list[str]:
    out = io.BytesIO()
    store.dump(out, "nquads")
    return sorted(out.getvalue().decode("utf-8").splitlines())


def test_pipeline_parallel_build_equals_serial_build(corpus: Path) -> None:
    serial, parallel = open_store(":memory:"), open_store(":memory:")
    one = build(serial, [corpus], ingested=INGESTED, workers=1)
    two = build(parallel, [corpus], ingested=INGESTED, workers=2)
    assert (one.added, one.skipped, len(one.rejected)) == (7, 0, 1)
    assert (two.added, two.skipped, [r.path for r in two.rejected]) == (7, 0, [str(corpus / "empty.txt")])
    assert two.entity_types == one.entity_types and two.predicates == one.predicates
    assert len(nquads(serial)) > 1000
    assert nquads(parallel) == nquads(serial)


def test_pipeline_parallel_rebuild_skips_every_unchanged_document(corpus: Path, tmp_path: Path) -> None:
    store = open_store(tmp_path / "store")
    build(store, [corpus], ingested=INGESTED)
    size = len(store)
    again = build(store, [corpus], workers=2)
    assert (again.added, again.replaced, again.skipped, len(again.rejected)) == (0, 0, 7, 1)
    assert len(store) == size


def test_pipeline_same_file_twice_counts_once_in_parallel(corpus: Path) -> None:
    golden = corpus / "golden.txt"
    result = build(open_store(":memory:"), [golden, golden, golden], workers=2)
    assert (result.added, result.skipped) == (1, 2)


def test_pipeline_extract_quads_names_the_document_graph() -> None:
    doc = document_from_text("Japan condemned North Korea.\n", source="a.txt", ingested=INGESTED)
    quads = kg.extract_quads(doc)
    (name,) = {str(q[3]) for q in quads}
    assert name.startswith("https://w3id.org/geokg/doc/") and len(name) == len("https://w3id.org/geokg/doc/") + 16
    edges = {(str(s), str(p), str(o)) for s, p, o, _ in quads}
    assert (
        "https://w3id.org/geokg/id/japan",
        "https://w3id.org/geokg/ontology#condemns",
        "https://w3id.org/geokg/id/north_korea",
    ) in edges
    assert quads == extract_quads(doc)  # pure: same input, same quads in the same order


def test_pipeline_extract_batch_reports_a_failing_document(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(document: object) -> object:
        raise RuntimeError("rule exploded")

    monkeypatch.setattr("kg.pipeline.extract", broken)
    doc = document_from_text("Japan condemned North Korea.\n", source="bad.txt", ingested=INGESTED)
    (item,) = extract_batch([doc])
    assert (item.source, item.ntriples, item.error) == ("bad.txt", b"", "RuntimeError: rule exploded")
    result = write_extracted(open_store(":memory:"), [item])
    assert [r.reason for r in result.rejected] == [
        "bad.txt: extraction failed (RuntimeError: rule exploded); please report it with the file"
    ]


def test_pipeline_write_extracted_puts_ntriples_bytes() -> None:
    doc = document_from_text("Japan condemned North Korea.\n", source="a.txt", ingested=INGESTED)
    (item,) = extract_batch([doc])
    assert isinstance(item, Extracted) and item.ntriples.endswith(b" .\n")
    store = open_store(":memory:")
    first = write_extracted(store, [item])
    second = write_extracted(store, [item])
    assert (first.added, second.skipped) == (1, 1)
    assert store.query("ASK { kgr:japan geo:condemns kgr:north_korea }") is True


@pytest.mark.parametrize(
    ("workers", "expected"),
    [(1, 1), (3, 3), (0, len(os.sched_getaffinity(0)))],
    ids=["one", "three", "per-core"],
)
def test_pipeline_resolve_workers(workers: int, expected: int) -> None:
    assert resolve_workers(workers) == expected


def test_pipeline_resolve_workers_refuses_negative() -> None:
    with pytest.raises(ValueError, match="^workers must be 0 \\(one per core\\) or more, not -1$"):
        resolve_workers(-1)


@pytest.mark.stress
def test_pipeline_stress_parallel_equals_serial_on_generated_corpus(tmp_path: Path) -> None:
    from bench.corpus import write_corpus

    corpus = write_corpus(tmp_path / "corpus", 300, seed=3)
    serial, parallel = open_store(tmp_path / "serial"), open_store(tmp_path / "parallel")
    one = build(serial, [corpus], ingested=INGESTED, workers=1)
    two = build(parallel, [corpus], ingested=INGESTED, workers=0)
    assert (one.added, two.added, len(two.rejected)) == (300, 300, 0)
    assert nquads(parallel) == nquads(serial)


def test_pipeline_writer_flushes_every_few_hundred_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.pipeline

    monkeypatch.setattr(kg.pipeline, "FLUSH_EVERY", 2)
    store = open_store(":memory:")
    flushes = []
    monkeypatch.setattr(store, "flush", lambda: flushes.append(len(store.documents())))
    docs = [document_from_text(f"Japan condemned North Korea {i} times.\n", source=f"{i}.txt") for i in range(5)]
    result = write_extracted(store, extract_batch(docs))
    assert (result.added, flushes) == (5, [2, 4])


def test_pipeline_storing_and_querying_do_not_load_the_rules() -> None:
    # the writer of a parallel build, `kg query` and `kg serve` never extract: spaCy (~70 MB, 0.7 s) stays out
    code = "import sys, kg.cli, kg.pipeline, kg.store, kg.serve, kg.query; print(sorted(m for m in sys.modules if m.split('.')[0] == 'spacy' or m == 'kg.extract'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "[]\n"
