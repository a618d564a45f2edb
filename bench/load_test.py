"""Load test of ``kg serve`` on loopback: concurrent analysts running the named queries, then the same
with a pathological cross product fired alongside, which the timeout must cut off without starving them.

The store holds ~1M quads of synthetic document graphs (``bench.bench_store.generate``, reused from
``--data`` when already there). Each client is a thread with its own HTTP connection, going through
``kg.remote.RemoteStore.query_serialized`` (the same path as ``kg query --store http://…``), and runs
its queries round-robin for ``--seconds``: analyst queries about one edge or actor at a time (``ANALYST``,
parameters drawn from 500 edges of the store) or, with ``--queries named``, the named queries of
``bench.bench_store.QUERIES``.

    python -m bench.load_test [--triples 1000000] [--clients 8] [--seconds 30] [--timeout 10] [--queries named]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

__all__ = ["Phase", "main", "run"]

CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
# What an analyst clicks through, one edge (?s ?p ?o, drawn from the store) at a time. Used by
# default: at 1M quads the shipped named queries take 15-50 s each even alone (see the README).
ANALYST: dict[str, str] = {
    "who-does-p-to-o": "SELECT DISTINCT ?p ?o ?who ?label WHERE { ?who ?p ?o . OPTIONAL { ?who rdfs:label ?label } }",
    "edge-evidence": """SELECT ?s ?p ?o ?sentence ?doc ?issued WHERE {
        ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; geo:evidenceText ?sentence ; prov:wasDerivedFrom ?doc .
        OPTIONAL { ?doc dcterms:issued ?issued } } ORDER BY DESC(?issued) LIMIT 20""",
    "edge-corroboration": """SELECT ?s ?p ?o (COUNT(DISTINCT ?doc) AS ?documents) (MIN(?issued) AS ?first)
        (MAX(?issued) AS ?last) WHERE { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
        prov:wasDerivedFrom ?doc . OPTIONAL { ?doc dcterms:issued ?issued } } GROUP BY ?s ?p ?o""",
    "actor-edges": """SELECT DISTINCT ?s ?rel ?other WHERE { { ?s ?rel ?other } UNION { ?other ?rel ?s }
        ?rel rdfs:subPropertyOf+ geo:relation }""",
    "actor-label-and-type": "SELECT DISTINCT ?s ?label ?type WHERE { ?s rdfs:label ?label ; a ?type }",
    "latest-documents": """SELECT ?doc ?title ?issued WHERE { ?doc a geo:Document ; dcterms:title ?title ;
        dcterms:issued ?issued } ORDER BY DESC(?issued) LIMIT 20""",
}
_EDGES = "SELECT DISTINCT ?s ?p ?o WHERE { ?p rdfs:subPropertyOf+ geo:relation . ?s ?p ?o } LIMIT 500"


@dataclass
class Phase:
    """What one phase measured: analyst requests and, if any, the pathological ones."""

    name: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    pathological: list[tuple[int, float]] = field(default_factory=list)  # (HTTP status, seconds)

    def summary(self) -> dict[str, object]:
        ordered = sorted(self.latencies)
        p = (lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan"))
        return {
            "phase": self.name,
            "requests": len(ordered),
            "throughput_per_s": round(len(ordered) / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(p(0.50), 1),
            "p99_ms": round(p(0.99), 1),
            "mean_ms": round(statistics.fmean(ordered) * 1000, 1) if ordered else None,
            "errors": len(self.errors),
            "error_samples": sorted(set(self.errors))[:3],
            "pathological": [{"status": s, "seconds": round(t, 2)} for s, t in self.pathological],
        }


def _prepare(data: Path, triples: int, store: Path) -> int:
    """Generate the quads if needed and bulk-load them into ``store`` (reused when it exists)."""
    import pyoxigraph as ox

    from bench.bench_store import generate
    from kg.store import Store

    counted = data.with_suffix(".count")
    if not (data.exists() and counted.exists() and int(counted.read_text()) >= triples):
        counted.write_text(str(generate(data, triples)))
    ready = store / "loaded-from"
    if not (ready.exists() and ready.read_text() == f"{data}:{counted.read_text()}"):
        target = Store(store)
        target._ox.clear()
        target._ox.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
        target.close()
        Store(store).close()  # puts the ontology graph back
        ready.write_text(f"{data}:{counted.read_text()}")
    return int(counted.read_text())


def _workload(store: object, kind: str) -> list[tuple[str, str, dict[str, object]]]:
    """(name, SPARQL, bindings) to cycle through: the analyst set over edges of the store, or the named queries."""
    if kind == "named":
        from bench.bench_store import QUERIES
        from kg.queries import load_query

        return [(name, (q := load_query(name)).sparql, dict(q.bindings(params))) for name, params in QUERIES]
    edges = store.query(_EDGES)  # type: ignore[attr-defined]
    if not edges:
        raise SystemExit("the store has no relation edges to ask about")
    work = []
    for i, edge in enumerate(edges):
        name = list(ANALYST)[i % len(ANALYST)]
        used = {"s", "p", "o"} & set(re.findall(r"\?(\w+)", ANALYST[name]))
        work.append((name, ANALYST[name], {k: edge[k] for k in sorted(used)}))
    return work


def _analyst(url: str, work: list[tuple[str, str, dict[str, object]]], stop: threading.Event, phase: Phase,
             lock: threading.Lock, offset: int) -> None:
    from kg.remote import RemoteStore

    store = RemoteStore(url, timeout=120)
    i = offset * 7
    while not stop.is_set():
        name, sparql, bindings = work[i % len(work)]
        i += 1
        started = time.perf_counter()
        try:
            store.query_serialized(sparql, "json", bindings)
            elapsed, error = time.perf_counter() - started, None
        except Exception as exc:  # noqa: BLE001 - every failure is counted and sampled
            elapsed, error = time.perf_counter() - started, f"{name}: {exc}"[:200]
        with lock:
            (phase.errors.append(error) if error else phase.latencies.append(elapsed))
    store.close()


def _pathological(url: str, stop: threading.Event, phase: Phase, lock: threading.Lock) -> None:
    with httpx.Client(timeout=300) as client:
        while not stop.is_set():
            started = time.perf_counter()
            response = client.post(f"{url}/query", data={"query": CROSS_PRODUCT})
            with lock:
                phase.pathological.append((response.status_code, time.perf_counter() - started))


def _phase(url: str, work: list[tuple[str, str, dict[str, object]]], name: str, clients: int, seconds: float,
           pathological: bool) -> Phase:
    phase, lock, stop = Phase(name), threading.Lock(), threading.Event()
    threads = [threading.Thread(target=_analyst, args=(url, work, stop, phase, lock, k)) for k in range(clients)]
    if pathological:
        threads.append(threading.Thread(target=_pathological, args=(url, stop, phase, lock)))
    started = time.perf_counter()
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join()
    phase.seconds = time.perf_counter() - started
    return phase


def run(store: Path, *, clients: int, seconds: float, timeout: float, queries: str = "analyst") -> list[Phase]:
    """Serve ``store`` with ``kg serve`` and run the two phases against it."""
    from kg.serve import free_port

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [str(Path(sys.executable).parent / "kg"), "serve", "--store", str(store), "--port", str(port),
               "--timeout", str(timeout)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"kg serve did not start: {server.stderr.read().decode() if server.stderr else ''}")
            time.sleep(0.2)
        from kg.remote import RemoteStore

        work = _workload(RemoteStore(url), queries)
        return [
            _phase(url, work, f"{queries} queries", clients, seconds, pathological=False),
            _phase(url, work, f"{queries} queries + cross product", clients, seconds, pathological=True),
        ]
    finally:
        server.terminate()
        server.wait(30)


def main(argv: list[str] | None = None) -> list[dict[str, object]]:
    """Prepare the store, run the load test, print one line per phase (and JSON with ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--timeout", type=float, default=10, help="kg serve --timeout")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "geokg-bench.nq")
    parser.add_argument("--store", type=Path, default=Path(tempfile.gettempdir()) / "geokg-load-store")
    parser.add_argument("--queries", choices=["analyst", "named"], default="analyst",
                        help="analyst: edge-at-a-time queries (default); named: bench_store's five named queries")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    quads = _prepare(args.data, args.triples, args.store)
    print(f"store: {quads} quads of document graphs in {args.store} (ready in {time.perf_counter() - started:.0f} s)")
    phases = run(args.store, clients=args.clients, seconds=args.seconds, timeout=args.timeout, queries=args.queries)
    summaries = [p.summary() for p in phases]
    print(f"{args.clients} clients x {args.seconds:g} s each phase, kg serve --timeout {args.timeout:g}")
    for phase, s in zip(phases, summaries, strict=True):
        print(f"{s['phase']:<32} {s['requests']:>6} requests  {s['throughput_per_s']:>7} req/s  "
              f"p50 {s['p50_ms']:>8} ms  p99 {s['p99_ms']:>8} ms  errors {s['errors']}")
        for error in sorted(set(phase.errors))[:3]:
            print(f"    error: {error}")
        if phase.pathological:
            print("    cross product: " + ", ".join(f"{status} after {t:.2f} s" for status, t in phase.pathological))
    if args.json:
        args.json.write_text(json.dumps(summaries, indent=2))
    return summaries


if __name__ == "__main__":
    main()
