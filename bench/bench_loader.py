"""Loader benchmark: the memory Oxigraph's bulk loader needs per document of a batch, without geokg's writer.

Generated articles are extracted once (``bench.bench_write.extracted_articles``, cached), then for each
batch size a fresh interpreter bulk-loads ``--rounds`` batches of that many documents (their N-Quads,
one named graph each, from a file) into a fresh on-disk pyoxigraph store and reports resident memory
before each load and the process's peak. The growth of the peak over the memory before the first load
is the loader's working set for the batch: what a larger ``kg.pipeline.BATCH`` would cost.

    python -m bench.bench_loader [--sizes 250,500,1000] [--rounds 2] [--work /tmp/geokg-bench-write]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from bench.bench_write import extracted_articles, memory_mib
from bench.table import print_if_standalone, record

__all__ = ["load_rounds"]

DISTINCT = 2_000


def load_rounds(work: Path, size: int, rounds: int, distinct: int = DISTINCT) -> list[dict[str, float]]:
    """Bulk-load ``rounds`` batches of ``size`` documents into a fresh store in ``work``; memory, time and quads after each.

    Document ``k`` is extracted article ``k % distinct`` in a graph of its own.
    """
    data_path, items = extracted_articles(work, distinct)
    store_path, batch_path = work / "loader-store", work / "loader-batch.nq"
    shutil.rmtree(store_path, ignore_errors=True)
    store = ox.Store(str(store_path))
    out = []
    with data_path.open("rb") as data:
        for r in range(rounds):
            with batch_path.open("wb") as batch:
                for k in range(r * size, (r + 1) * size):
                    item = items[k % distinct]
                    offset, length = map(int, item.ntriples.split(b":"))
                    data.seek(offset)
                    tail = f" <{item.graph_iri}-{k}> .\n".encode()  # a graph per copy, as a build would have
                    batch.writelines(line[:-2] + tail for line in data.read(length).split(b"\n") if line.endswith(b" ."))
            before = memory_mib("VmRSS")
            start = time.perf_counter()
            store.bulk_load(path=str(batch_path), format=ox.RdfFormat.N_QUADS)
            seconds = time.perf_counter() - start
            out.append({"before": before, "peak": memory_mib("VmHWM"), "seconds": seconds, "quads": len(store)})
    del store
    shutil.rmtree(store_path, ignore_errors=True)
    batch_path.unlink(missing_ok=True)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,500,1000", help="documents per bulk load, comma-separated")
    parser.add_argument("--rounds", type=int, default=2, help="loads per size, each into the same fresh store")
    parser.add_argument("--work", type=Path, default=Path("/tmp/geokg-bench-write"))
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the child: one size, JSON on stdout
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(load_rounds(args.work, args.one, args.rounds)))
        return
    extracted_articles(args.work, DISTINCT)  # once, before the children (each in its own interpreter)
    print(f"{'documents':>9}  {'round':>5}  {'RSS before MiB':>14}  {'peak MiB':>8}  {'MiB/doc':>7}  {'s':>5}")
    for size in (int(s) for s in args.sizes.split(",")):
        child = [sys.executable, "-m", "bench.bench_loader", "--one", str(size), "--rounds", str(args.rounds),
                 "--work", str(args.work)]
        runs = json.loads(subprocess.run(child, check=True, capture_output=True, text=True).stdout)
        for r, run in enumerate(runs):
            per_doc = (run["peak"] - runs[0]["before"]) / size
            print(f"{size:>9}  {r:>5}  {run['before']:>14.0f}  {run['peak']:>8.0f}  {per_doc:>7.2f}  {run['seconds']:>5.2f}")
        record("loader", f"bulk load of {size} documents: peak over start, MiB/document",
               round((runs[0]["peak"] - runs[0]["before"]) / size, 2))
    print_if_standalone()


if __name__ == "__main__":
    main()
