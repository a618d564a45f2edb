"""Writer benchmark: the single writer of ``kg build`` alone (``write_extracted`` into a fresh store), per window.

Articles from ``bench.corpus`` are extracted once (``kg.pipeline.extract_batch``, in worker
processes) and cached on disk; to reach any size without extracting every article, copy ``k``
of an article gets new document and statement IRIs, source and content hash (so every written
document is new, as in a build). Then ``kg.pipeline.write_extracted`` writes them into a fresh
on-disk ``Store``, exactly as ``kg build`` does (``is_new`` checks, bulk batches growing to
``BATCH``, a flush every ``FLUSH_EVERY``). For each window of documents it prints the CPU time
of the process per article (all threads, RocksDB's included; reading and varying the cached
articles is measured apart and left out), split by thread: the writing (main) thread, the bulk
loader's short-lived threads, RocksDB's compaction (``rocksdb:low``) and flush (``rocksdb:high``)
threads; wall time per article, the store's size on disk, its SST files, and resident memory.

    python -m bench.bench_write [--docs 50000] [--window 2500] [--distinct 2000] [--batch 250]
                                [--flush-every 250] [--optimize-every 0] [--calls] [--work /tmp/geokg-bench-write]

``--calls`` also prints, under each window, the main thread's CPU ms per article in the writer's
store calls (``Store.is_new``; ``Store.add_new``, which includes ``Store._as_nquads`` and
``StoredEdges.counts``, which includes the ``kg.edge_summary.read_counts`` look-ups it still makes).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pickle
import re
import shutil
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import kg.edge_summary
from bench.corpus import generate
from bench.table import print_if_standalone, record
from kg import pipeline
from kg.edge_summary import StoredEdges
from kg.ingest import document_from_text
from kg.pipeline import BuildResult, Extracted, extract_batch, warm_up, write_extracted
from kg.store import Store

__all__ = ["Window", "extracted_articles", "measure", "memory_mib", "time_calls", "varied"]

INGESTED = datetime(2025, 1, 1, tzinfo=UTC)
_IDS = re.compile(rb"/(?:doc|stmt)/([0-9a-f]{16})>")
_TICK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True, slots=True)
class Window:
    """CPU seconds by thread group, wall seconds and store state after ``docs`` documents (cumulative)."""

    docs: int
    wall: float
    cpu: float
    main: float
    loader: float
    low: float
    high: float
    store_bytes: int
    sst_files: int
    rss_mib: float
    written: int = 0  # bytes this process wrote to files (wchar): new SST files, compaction output, logs


def extracted_articles(work: Path, count: int, seed: int = 1, workers: int = 2) -> tuple[Path, list[Extracted]]:
    """Extract ``count`` generated articles once (cached in ``work``): their N-Triples file and items without bytes.

    Each item's ``ntriples`` holds ``b"offset:length"`` into the file, so memory does not hold them all.
    """
    data, index = work / f"articles-{seed}-{count}.nt", work / f"articles-{seed}-{count}.pickle"
    if index.exists():
        return data, pickle.loads(index.read_bytes())
    work.mkdir(parents=True, exist_ok=True)
    documents = [document_from_text(a.text, source=a.name, ingested=INGESTED) for a in generate(count, seed)]
    chunks = [documents[i : i + 50] for i in range(0, count, 50)]
    items: list[Extracted] = []
    pool = ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=warm_up)
    with pool, data.open("wb") as out:
        for batch in pool.map(extract_batch, chunks):
            for item in batch:
                if item.error:
                    raise RuntimeError(f"{item.source}: {item.error}")
                items.append(replace(item, ntriples=b"%d:%d" % (out.tell(), len(item.ntriples))))
                out.write(item.ntriples)
    index.write_bytes(pickle.dumps(items))
    return data, items


def varied(item: Extracted, data: bytes, copy: int) -> Extracted:
    """Copy ``copy`` of an extracted document: new document and statement IRIs, source and content hash.

    >>> item = Extracted("a.txt", "ab" * 32, "https://w3id.org/geokg/doc/0123456789abcdef")
    >>> data = b'<https://w3id.org/geokg/doc/0123456789abcdef> <http://purl.org/dc/terms/source> "a.txt" .\\n'
    >>> new = varied(item, data, 1)
    >>> new.source, new.graph_iri in new.ntriples.decode(), b'"copy1/a.txt"' in new.ntriples
    ('copy1/a.txt', True, True)
    """
    if copy == 0:
        return replace(item, ntriples=data)
    tag = b"-%d" % copy

    def new_id(m: re.Match[bytes]) -> bytes:
        return m.group(0).replace(m.group(1), hashlib.blake2b(m.group(1) + tag, digest_size=8).hexdigest().encode())

    source = f"copy{copy}/{item.source}"
    content_hash = hashlib.blake2b(item.content_hash.encode() + tag, digest_size=32).hexdigest()
    data = _IDS.sub(new_id, data)
    data = data.replace(f'"{item.source}"'.encode(), f'"{source}"'.encode())
    data = data.replace(f'"{item.content_hash}"'.encode(), f'"{content_hash}"'.encode())
    graph_iri = _IDS.sub(new_id, f"{item.graph_iri}>".encode()).decode()[:-1]
    return replace(item, source=source, content_hash=content_hash, graph_iri=graph_iri, ntriples=data)


def time_calls() -> defaultdict[str, float]:
    """Wrap the writer's store calls to add their thread CPU seconds to the returned mapping, by name.

    For the command line: the wrappers stay on ``Store`` for the life of the process.
    """
    spent: defaultdict[str, float] = defaultdict(float)

    def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            start = time.thread_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] += time.thread_time() - start
        return call

    for name in ("is_new", "_as_nquads", "add_new"):
        setattr(Store, name, timed(name, getattr(Store, name)))
    StoredEdges.counts = timed("stored_counts", StoredEdges.counts)  # type: ignore[method-assign]
    kg.edge_summary.read_counts = timed("read_counts", kg.edge_summary.read_counts)  # type: ignore[assignment]
    return spent


def _threads() -> dict[str, float]:
    """CPU seconds of this process's live threads by group: main, rocksdb:low, rocksdb:high, other."""
    groups = {"main": 0.0, "low": 0.0, "high": 0.0, "other": 0.0}
    pid = os.getpid()
    for task in os.scandir(f"/proc/{pid}/task"):
        try:
            name = Path(task.path, "comm").read_text().strip()
            fields = Path(task.path, "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # a thread that just ended
            continue
        seconds = (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime
        if int(task.name) == pid:
            groups["main"] += seconds
        else:
            groups[{"rocksdb:low": "low", "rocksdb:high": "high"}.get(name.rstrip("0123456789"), "other")] += seconds
    return groups


def _store_files(path: Path) -> tuple[int, int]:
    size = files = 0
    for entry in os.scandir(path):
        try:
            if entry.is_file():
                size += entry.stat().st_size
                files += entry.name.endswith(".sst")
        except FileNotFoundError:  # compaction deleted it since the listing
            continue
    return size, files


def _written() -> int:
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("wchar:"):
            return int(line.split()[1])
    return 0


def memory_mib(field: str = "VmRSS") -> float:
    """Resident memory (``VmRSS``) or its peak (``VmHWM``) of this process, MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure(
    docs: int, window: int, distinct: int, work: Path, *, optimize_every: int = 0, show: bool = False,
    calls: Mapping[str, float] | None = None,
) -> tuple[list[Window], float]:
    """Write ``docs`` documents into a fresh store in ``work``; return cumulative figures per window and peak RSS (MiB).

    ``show`` prints each window's line as it ends (a 50,000-document run takes a quarter of an hour).
    """
    data_path, items = extracted_articles(work, distinct)
    store_path = work / "store"
    shutil.rmtree(store_path, ignore_errors=True)
    store = Store(store_path)
    windows: list[Window] = []
    feeding = 0.0  # CPU of this generator (reading and varying cached articles): not the writer's
    start_wall, start_cpu = time.perf_counter(), time.process_time()
    start_threads, start_written = _threads(), _written()

    shown: dict[str, float] = {}  # calls' seconds already printed

    def sample(n: int) -> None:
        threads = _threads()
        cpu = time.process_time() - start_cpu - feeding
        main = threads["main"] - start_threads["main"] - feeding
        low, high = threads["low"] - start_threads["low"], threads["high"] - start_threads["high"]
        size, files = _store_files(store_path)
        loader = max(cpu - main - low - high, 0.0)  # the bulk loader's threads, ended by now
        wall, written = time.perf_counter() - start_wall, _written() - start_written
        windows.append(Window(n, wall, cpu, main, loader, low, high, size, files, memory_mib(), written))
        if show:
            print(format_row(windows[-2] if len(windows) > 1 else None, windows[-1]), flush=True)
        if show and calls is not None:
            n_window = n - (windows[-2].docs if len(windows) > 1 else 0)
            print("    main thread ms/art:", "  ".join(
                f"{name} {1000 * (spent - shown.get(name, 0.0)) / n_window:.2f}" for name, spent in sorted(calls.items())),
                  flush=True)
            shown.update(calls)

    def feed() -> Iterator[Extracted]:
        nonlocal feeding
        with data_path.open("rb") as source:
            for n in range(docs):
                if n and n % window == 0:
                    sample(n)  # write_extracted asks for the next document once the last window is written
                t = time.thread_time()
                item = items[n % distinct]
                offset, length = map(int, item.ntriples.split(b":"))
                document = varied(item, os.pread(source.fileno(), length, offset), n // distinct)
                feeding += time.thread_time() - t
                yield document
                if optimize_every and (n + 1) % optimize_every == 0:
                    store._ox.optimize()

    result = write_extracted(store, feed(), BuildResult())
    store.flush()
    sample(docs)
    store.close()
    peak = memory_mib("VmHWM")
    if result.added != docs:
        raise RuntimeError(f"{result.added} of {docs} documents added")
    shutil.rmtree(store_path, ignore_errors=True)
    return windows, peak


_HEAD = ("documents", "CPU ms/art", "wall ms/art", "main", "bulk threads", "rocksdb:low", "rocksdb:high",
         "store GB", "MB/art", "SST files", "RSS MiB", "written GB")
_WIDTHS = (15, 10, 11, 6, 12, 11, 12, 8, 6, 9, 7, 10)


def format_row(previous: Window | None, w: Window) -> str:
    """One window's figures (ms per article of that window; store and memory at its end) as a table line."""
    previous = previous or Window(0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    n = w.docs - previous.docs

    def ms(field: str) -> str:
        return f"{1000 * (getattr(w, field) - getattr(previous, field)) / n:.2f}"

    cells = (f"{previous.docs:,}–{w.docs:,}", ms("cpu"), ms("wall"), ms("main"), ms("loader"), ms("low"), ms("high"),
             f"{w.store_bytes / 1e9:.2f}", f"{w.store_bytes / 1e6 / w.docs:.3f}", str(w.sst_files), f"{w.rss_mib:.0f}",
             f"{w.written / 1e9:.1f}")
    return "  ".join(c.rjust(width) for c, width in zip(cells, _WIDTHS)).rstrip()


def format_head() -> str:
    """The window table's heading and rule."""
    return "  ".join(h.rjust(w) for h, w in zip(_HEAD, _WIDTHS)) + "\n" + "  ".join("-" * w for w in _WIDTHS)


def format_windows(windows: list[Window]) -> str:
    """Per-window figures as an aligned table."""
    return "\n".join([format_head(), *(format_row(a, b) for a, b in zip([None, *windows], windows))])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=50_000, help="documents to write")
    parser.add_argument("--window", type=int, default=2_500, help="documents per row of the table")
    parser.add_argument("--distinct", type=int, default=2_000, help="articles extracted (then varied)")
    parser.add_argument("--batch", type=int, default=pipeline.BATCH, help="largest bulk batch (kg.pipeline.BATCH)")
    parser.add_argument("--flush-every", type=int, default=pipeline.FLUSH_EVERY, help="kg.pipeline.FLUSH_EVERY")
    parser.add_argument("--optimize-every", type=int, default=0, help="Store.optimize() every N documents (0: never)")
    parser.add_argument("--calls", action="store_true", help="also time the writer's store calls per window")
    parser.add_argument("--work", type=Path, default=Path("/tmp/geokg-bench-write"))
    args = parser.parse_args(argv)
    pipeline.BATCH, pipeline.FLUSH_EVERY = args.batch, args.flush_every
    print(format_head(), flush=True)
    windows, peak = measure(args.docs, args.window, args.distinct, args.work, optimize_every=args.optimize_every,
                            show=True, calls=time_calls() if args.calls else None)
    first, last = windows[0], windows[-1]
    starts = [Window(0, 0, 0, 0, 0, 0, 0, 0, 0, 0), *windows]
    per = [(b.cpu - a.cpu) / (b.docs - a.docs) for a, b in zip(starts, windows)]
    name = f"{args.docs:,} documents, batch {args.batch}, flush every {args.flush_every}"
    record("write", f"{name}: CPU ms/article, all", round(1000 * last.cpu / last.docs, 2))
    record("write", f"{name}: CPU ms/article, first window ({first.docs:,})", round(1000 * per[0], 2))
    record("write", f"{name}: CPU ms/article, last window", round(1000 * per[-1], 2))
    record("write", f"{name}: compaction (rocksdb:low) share of CPU, %", round(100 * last.low / last.cpu, 1))
    record("write", f"{name}: store MB/article", round(last.store_bytes / 1e6 / last.docs, 3))
    record("write", f"{name}: peak RSS, MiB", round(peak), "< 1024")
    print_if_standalone()


if __name__ == "__main__":
    main()
