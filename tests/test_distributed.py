from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import distributed
import pytest

from kg.distributed import build_on_dask, connect, extract_partition
from kg.errors import ClusterError
from kg.ingest import document_from_text, sample_dir
from kg.pipeline import build, write_extracted
from kg.store import Store, open_store
from tests.conftest import FIXTURES, INGESTED


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def nquads(store: Store) -> list[str]:
    out = io.BytesIO()
    store.dump(out, "nquads")
    return sorted(out.getvalue().decode("utf-8").splitlines())


def test_distributed_dask_build_equals_single_process_build(client: object, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(sample_dir(), folder, ignore=shutil.ignore_patterns("*.py", "*.md", "__pycache__"))
    shutil.copy(FIXTURES / "articles" / "golden.txt", folder / "golden.txt")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02")
    local, dask = open_store(":memory:"), open_store(":memory:")
    expected = build(local, [folder], ingested=INGESTED)
    result = build_on_dask(dask, [folder], client, ingested=INGESTED)  # type: ignore[arg-type]
    assert (result.added, result.skipped, [r.path for r in result.rejected]) == (7, 0, [str(folder / "binary.txt")])
    assert result.predicates == expected.predicates
    assert len(nquads(dask)) > 1000
    assert nquads(dask) == nquads(local)
    assert sum(client.run(lambda: 1).values()) == 2  # type: ignore[attr-defined]  # really two workers


def test_distributed_extract_partition_feeds_the_single_writer() -> None:
    docs = [
        document_from_text("Japan condemned North Korea.\n", source="a.txt", ingested=INGESTED),
        document_from_text("France sanctioned Iran.\n", source="b.txt", ingested=INGESTED),
    ]
    store = open_store(":memory:")
    result = write_extracted(store, extract_partition(iter(docs)))
    assert (result.added, len(store.documents())) == (2, 2)
    assert store.query("ASK { kgr:japan geo:condemns kgr:north_korea }") is True


def test_distributed_unreachable_scheduler_is_one_clear_error() -> None:
    with pytest.raises(ClusterError, match="^cannot reach the Dask scheduler at tcp://127.0.0.1:9 "):
        connect("tcp://127.0.0.1:9", timeout=1)


def test_distributed_cli_build_with_dask_address(client: object, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    address = client.scheduler.address  # type: ignore[attr-defined]
    args = ["build", str(FIXTURES / "articles" / "golden.txt"), "--store", str(tmp_path / "s"), "--no-export"]
    local = CliRunner().invoke(main, [*args[:3], str(tmp_path / "local"), "--no-export"])
    result = CliRunner().invoke(main, [*args, "--dask", address])
    assert result.exit_code == 0, result.output
    assert result.output == local.output
    assert result.output.splitlines()[0] == "documents: 1 added, 0 replaced, 0 unchanged, 0 rejected"
