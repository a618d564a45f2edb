"""Build benchmark: ``kg build --workers N`` end to end (read, extract, store) at several corpus sizes.

For each size the CLI runs in a child process on a fresh store; the whole process tree
(builder and worker processes) is sampled for resident memory, and the figures are time
per article, articles/s, how far time per article drifts from the smallest size
(linearity), CPU time of all processes (steady when other work shares the machine) and peak RSS. The corpus is generated once for the largest size; smaller
sizes build its first sub-folders (1,000 articles each).

    python -m bench.bench_build [--sizes 1000,10000,50000] [--workers 2] [--work /tmp/geokg-bench-build]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from bench.corpus import PER_FOLDER, write_corpus
from bench.table import print_if_standalone, record

__all__ = ["BuildFigures", "build_once", "measure"]


@dataclass(frozen=True, slots=True)
class BuildFigures:
    """One build: its size, wall time, CPU time of all its processes, peak RSS of the tree, the summary line."""

    articles: int
    seconds: float
    cpu_seconds: float
    peak_rss_mib: float
    summary: str

    @property
    def per_article_ms(self) -> float:
        return 1000 * self.seconds / self.articles


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    for p in [process, *process.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:  # a worker that just exited
            pass
    return total


def build_once(sources: list[Path], store: Path, workers: int) -> tuple[float, float, float, str]:
    """Run ``kg build`` on the sources into a fresh store; return (wall s, CPU s, peak RSS MiB, summary line).

    CPU time counts the builder and its worker processes (they are waited for, so their usage
    rolls up to us): unlike wall time it does not grow when other work shares the machine.
    """
    shutil.rmtree(store, ignore_errors=True)
    command = [sys.executable, "-m", "kg.cli", "build", *map(str, sources), "--store", str(store),
               "--workers", str(workers), "--no-export"]
    peak = 0
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc = psutil.Process(child.pid)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                peak = max(peak, _tree_rss(proc))
            except psutil.Error:
                return
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = child.communicate()
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    done.set()
    sampler.join()
    if child.returncode != 0:
        raise RuntimeError(f"kg build failed ({child.returncode}): {err.strip()[-500:]}")
    return seconds, cpu, peak / 2**20, out.splitlines()[0]


def measure(sizes: list[int], workers: int, work: Path) -> list[BuildFigures]:
    """Build each size from one generated corpus and return the figures."""
    corpus = work / "corpus"
    largest = max(sizes)
    marker = corpus / f".complete-{largest}"
    if not marker.exists():
        shutil.rmtree(corpus, ignore_errors=True)
        write_corpus(corpus, largest)
        marker.touch()
    figures = []
    for size in sorted(sizes):
        if size % PER_FOLDER == 0:
            sources = [corpus / f"{i:04d}" for i in range(size // PER_FOLDER)]
        else:  # small smoke sizes: the first files of the first folder
            sources = sorted((corpus / "0000").glob("*.txt"))[:size]
        seconds, cpu, rss, summary = build_once(sources, work / "store", workers)
        figures.append(BuildFigures(size, seconds, cpu, rss, summary))
    shutil.rmtree(work / "store", ignore_errors=True)
    return figures


def report(figures: list[BuildFigures], workers: int) -> None:
    """Record the figures for the combined table."""
    base = figures[0].per_article_ms
    for f in figures:
        name = f"{f.articles:,} articles, --workers {workers}"
        record("build", f"{name}: wall s", round(f.seconds, 1))
        record("build", f"{name}: articles/s", round(f.articles / f.seconds, 1), ">= 50")
        record("build", f"{name}: ms/article (vs {figures[0].articles:,}: {100 * (f.per_article_ms / base - 1):+.0f}%)",
               round(f.per_article_ms, 2))
        record("build", f"{name}: CPU ms/article, all processes", round(1000 * f.cpu_seconds / f.articles, 1))
        record("build", f"{name}: articles/s on {workers} free cores (= {workers} / CPU per article)",
               round(workers * f.articles / f.cpu_seconds, 1), ">= 50")
        record("build", f"{name}: peak RSS of all processes, MiB", round(f.peak_rss_mib), "< 1024")
    drift = max(abs(f.per_article_ms / base - 1) for f in figures)
    record("build", "linearity: largest drift of wall ms/article, %", round(100 * drift, 1), "<= 20")
    cpu_base = figures[0].cpu_seconds / figures[0].articles
    cpu_drift = max(abs(f.cpu_seconds / f.articles / cpu_base - 1) for f in figures)
    record("build", "linearity: largest drift of CPU ms/article, %", round(100 * cpu_drift, 1), "<= 20")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,4000,10000", help="comma-separated article counts")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--work", type=Path, default=Path("/tmp/geokg-bench-build"))
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    report(measure(sizes, args.workers, args.work), args.workers)
    print_if_standalone()


if __name__ == "__main__":
    main()
