"""Extraction past one machine: the pure per-document function mapped over Dask (or Spark).

Only extraction is distributed. Files are read here (so workers need no access to them),
documents travel to the cluster in small chunks, and each comes back as its named graph in
N-Triples; this process stays the single writer of the store, exactly as in a local build,
so the store ends up the same whichever way the work was spread.

Dask (``pip install 'geokg[dask]'``; every worker needs geokg installed)::

    from kg.distributed import build_on_dask
    from kg.store import open_store

    result = build_on_dask(open_store(".geokg"), ["articles/"], "tcp://scheduler:8786")

or from the shell: ``kg build articles/ --dask tcp://scheduler:8786``.

Spark: the same function runs per partition with ``mapPartitions``; collect the results
on the driver and write them with ``kg.pipeline.write_extracted``::

    from kg.distributed import extract_partition
    from kg.ingest import document_from_text
    from kg.pipeline import write_extracted

    docs = spark.sparkContext.wholeTextFiles("hdfs:///news/*.txt", minPartitions=64).map(
        lambda kv: document_from_text(kv[1], source=kv[0]))
    write_extracted(open_store(".geokg"), docs.mapPartitions(extract_partition).toLocalIterator())

(unchanged documents are skipped by the store's content-hash check when they are written).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import ClusterError
from kg.model import Document
from kg.pipeline import BuildResult, Extracted, Progress, build, extract_batch
from kg.store import GraphStore

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["build_on_dask", "connect", "extract_partition"]


def extract_partition(documents: Iterable[Document]) -> Iterator[Extracted]:
    """Extract one partition of documents (for Spark's ``mapPartitions`` or ``dask.bag.map_partitions``)."""
    yield from extract_batch(documents)


def connect(address: str, *, timeout: float = 10.0) -> Client:
    """Connect to a running Dask scheduler, e.g. ``tcp://10.0.0.5:8786``."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("Dask is not installed (pip install 'geokg[dask]')") from None
    try:
        return Client(address, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address} ({exc})") from None


def build_on_dask(
    store: GraphStore,
    sources: Iterable[str | Path],
    cluster: str | Client,
    *,
    published: date | None = None,
    ingested: datetime | None = None,
    max_bytes: int | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    """Build like ``kg.pipeline.build``, with extraction on a Dask cluster (an address or a ``Client``)."""
    client = connect(cluster) if isinstance(cluster, str) else cluster
    try:
        threads = sum(client.nthreads().values())
        if not threads:
            raise ClusterError(f"the Dask cluster at {client.scheduler.address} has no workers")
        return build(
            store, sources, published=published, ingested=ingested, max_bytes=max_bytes,
            workers=threads, executor=client.get_executor(pure=False), progress=progress,
        )
    finally:
        if isinstance(cluster, str):
            client.close()
