"""Store benchmark: the embedded Oxigraph store against rdflib in memory, on ≥1M triples of document graphs.

Documents are synthetic ``Extraction``s over gazetteer entities (states, leaders, treaties), turned
into triples by ``kg.graph.extraction_graph`` (the real graph shape: entities, direct edges,
statement nodes with evidence, document provenance) and written once as N-Quads, one named graph
per document. Each engine then runs in its own process (so peak RSS is its own):

* load: the N-Quads (plus the ontology graph) into ``kg.store.Store`` / an rdflib ``Dataset``; the
  store then builds its derived graphs (the entity index, the edge summary) and writes them out, and the
  rdflib side loads that file too, so both engines run the same query text over the same triples;
* five analyst queries from ``kg/queries`` (median of several runs, parameters bound as terms);
* export: Turtle of the union graph and N-Quads of the dataset, to files.

    python -m bench.bench_store [--triples 1000000] [--runs 5] [--data /tmp/geokg-bench-1000000.nq]
                                [--all-queries] [--only oxigraph]

``--all-queries`` also times every other shipped named query on both engines (``ALL_PARAMS`` binds
their parameters); ``--only oxigraph`` skips the (slow) rdflib side.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

__all__ = ["QUERIES", "generate", "main"]

# (named query, parameters): what an analyst asks first.
QUERIES: list[tuple[str, dict[str, str]]] = [
    ("who-condemns", {"actor": "Russia"}),
    ("actor-relations", {"actor": "north korea"}),
    ("most-condemned", {}),
    ("new-edges-since", {"since": "2024-06-01"}),
    ("single-source", {}),
]
# Parameters of the other shipped queries, for --all-queries (actors the generator always uses).
ALL_PARAMS: dict[str, dict[str, str]] = {
    "allies-of": {"actor": "Russia"},
    "between": {"actor": "north korea", "other": "lloyd austin"},
    "who": {"predicate": "sanctions", "actor": "Iran"},
    "who-deploys-to": {"actor": "Ukraine"},
}
RDFLIB_CAP = 300  # seconds: an rdflib query still running then is stopped and reported as ">300"


def _extraction(i: int, rng: random.Random, actors: list[Any], treaties: list[Any]) -> Any:
    from kg.model import Document, Entity, Evidence, Extraction, Relation
    from kg.vocab import PREDICATES

    published = date(2023, 1, 1) + timedelta(days=rng.randrange(730))
    sentences, relations, used = [], [], {}
    offset = 0
    for _ in range(rng.randint(4, 9)):
        predicate = rng.choice(PREDICATES)
        s = rng.choice(actors)
        o = rng.choice(treaties if predicate == "partyTo" else actors)
        if o.id == s.id:
            continue
        sentence = f"Report {i}: {s.label} and {o.label} ({predicate}), said officials on day {rng.randrange(10_000)}."
        modality = rng.choices(["Asserted", "Reported", "Negated", "Hypothetical"], [70, 15, 10, 5])[0]
        event = published - timedelta(days=rng.randrange(5)) if rng.random() < 0.4 else None
        relations.append(Relation(s.id, predicate, o.id, Evidence(sentence, offset, offset + len(sentence)),
                                  round(rng.uniform(0.5, 1.0), 3), modality, event))
        sentences.append(sentence)
        offset += len(sentence) + 1
        used[s.id], used[o.id] = s, o
    text = " ".join(sentences)
    doc = Document(f"bench/{i:06d}.txt", text, f"{i:064x}", f"Bench report {i}", published,
                   datetime(2025, 1, 1, tzinfo=UTC))
    entities = tuple(Entity(e.id, e.label, e.type, e.wikidata) for e in used.values())
    return Extraction(doc, entities, tuple(relations))


def generate(path: Path, triples: int, seed: int = 1) -> int:
    """Write at least ``triples`` quads of synthetic document graphs to ``path``; return the count."""
    from kg.gazetteer import load_gazetteer
    from kg.graph import document_iri, extraction_graph

    gaz = load_gazetteer()
    entries = sorted(gaz.entries.values(), key=lambda e: e.id)
    actors = [e for e in entries if e.type in ("State", "Leader", "Organization")]
    treaties = [e for e in entries if e.type == "Treaty"]
    rng = random.Random(seed)
    written = i = 0
    with path.open("w", encoding="utf-8") as out:
        while written < triples:
            ex = _extraction(i, rng, actors, treaties)
            graph = f" <{document_iri(ex.document)}> .\n"
            nt = extraction_graph(ex).serialize(format="nt")
            lines = [line[:-2] + graph for line in nt.splitlines() if line.endswith(" .")]
            out.writelines(lines)
            written += len(lines)
            i += 1
    return written


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(fn: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _median_runs(fn: Any, runs: int, budget: float, cap: int = 0) -> tuple[float, int]:
    """Median seconds of up to ``runs`` calls; stop repeating once ``budget`` seconds are spent.

    With ``cap``, a call is abandoned after ``cap`` seconds: the result is ``cap`` and 0 runs
    (the table then shows a lower bound).
    """
    def alarm(signum: int, frame: Any) -> None:
        raise TimeoutError

    times: list[float] = []
    while len(times) < runs and (not times or sum(times) < budget):
        if cap:
            signal.signal(signal.SIGALRM, alarm)
            signal.alarm(cap)
        try:
            times.append(_timed(fn)[0])
        except TimeoutError:
            return float(cap), 0
        finally:
            signal.alarm(0)
    return statistics.median(times), len(times)


def _all_queries() -> list[tuple[str, dict[str, str]]]:
    from kg.queries import list_queries

    first = dict(QUERIES)
    return QUERIES + [(q.name, ALL_PARAMS.get(q.name, {})) for q in list_queries() if q.name not in first]


def run_oxigraph(data: Path, runs: int, work: Path, every: bool = False, derived: Path | None = None) -> dict[str, Any]:
    """Load, query and export with the embedded store (through kg's own Store API).

    ``derived``: where to write the store's derived graphs (the entity index and the edge summary)
    as N-Quads, for the rdflib side to load beside the data.
    """
    import pyoxigraph as ox

    from kg.edge_summary import EDGE_GRAPH
    from kg.entity_index import ENTITY_GRAPH
    from kg.export.dataset import export
    from kg.queries import load_query
    from kg.store import Store

    out: dict[str, Any] = {}
    out["load"], store = _timed(lambda: _ox_load(Store(work / "store"), data, ox))
    out["size"] = len(store)
    out["rss_load"] = _peak_mib()
    if derived is not None:
        with derived.open("wb") as f:
            for graph in (ENTITY_GRAPH, EDGE_GRAPH):
                ox.serialize(store._ox.quads_for_pattern(None, None, None, ox.NamedNode(graph)), f, format=ox.RdfFormat.N_QUADS)
    for name, params in _all_queries() if every else QUERIES:
        q = load_query(name)
        bindings = q.bindings(params)
        out[f"rows:{name}"] = len(store.query(q.sparql, bindings))  # type: ignore[arg-type]
        out[f"q:{name}"], out[f"n:{name}"] = _median_runs(lambda: store.query(q.sparql, bindings), runs, 60)  # noqa: B023
    for fmt in ("turtle", "nquads"):
        with (work / f"out.{fmt}").open("wb") as f:
            out[f"export:{fmt}"] = _timed(lambda: export(store, fmt, f))[0]  # noqa: B023
    out["rss_peak"] = _peak_mib()
    return out


def _ox_load(store: Any, data: Path, ox: Any) -> Any:
    store._ox.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    store.reindex()  # the bulk load bypasses put(), which keeps the entity index (kg.entity_index)
    store.resummarise()  # ... and the edge summary (kg.edge_summary)
    store.flush()
    return store


def run_rdflib(data: Path, runs: int, work: Path, every: bool = False, derived: Path | None = None) -> dict[str, Any]:
    """Load, query and export with an rdflib Dataset in memory (union default graph).

    ``derived``: the store's derived graphs (what ``run_oxigraph`` wrote), loaded beside the data.
    """
    from rdflib import Dataset, Graph, URIRef

    from kg.edge_summary import EDGE_GRAPH
    from kg.entity_index import ENTITY_GRAPH
    from kg.graph import PREFIXES
    from kg.ontology import load_ontology
    from kg.queries import load_query
    from kg.store import ONTOLOGY_GRAPH

    out: dict[str, Any] = {}

    def load() -> Dataset:
        ds = Dataset(default_union=True)
        ds.parse(data, format="nquads")
        if derived is not None:
            ds.parse(derived, format="nquads")
        onto = ds.graph(URIRef(ONTOLOGY_GRAPH))
        for t in load_ontology():
            onto.add(t)
        return ds

    out["load"], ds = _timed(load)
    out["size"] = len(ds)
    out["rss_load"] = _peak_mib()
    for name, params in _all_queries() if every else QUERIES:
        q = load_query(name)
        bindings = q.bindings(params)

        def run() -> list[Any]:
            return list(ds.query(q.sparql, initNs=PREFIXES, initBindings=bindings))  # noqa: B023

        out[f"rows:{name}"] = None
        out[f"q:{name}"], out[f"n:{name}"] = _median_runs(run, runs, 60, cap=RDFLIB_CAP)
    union = Graph()
    own = (ONTOLOGY_GRAPH, ENTITY_GRAPH, EDGE_GRAPH)
    for s, p, o, g in ds.quads((None, None, None, None)):
        if g is not None and str(getattr(g, "identifier", g)) not in own:
            union.add((s, p, o))
    for graph in (ENTITY_GRAPH, EDGE_GRAPH):
        ds.remove_graph(URIRef(graph))  # the export holds the document graphs only
    out["export:turtle"] = _timed(lambda: union.serialize(work / "out.ttl", format="turtle"))[0]
    out["export:nquads"] = _timed(lambda: ds.serialize(work / "out.nq", format="nquads"))[0]
    out["rss_peak"] = _peak_mib()
    return out


def _row(label: str, ox_value: float, rdf_value: float, unit: str = "s") -> str:
    ratio = rdf_value / ox_value if ox_value else float("inf")
    return f"{label:<48} {ox_value:>12.3f}{unit} {rdf_value:>12.3f}{unit} {ratio:>9.1f}x"


def main(argv: list[str] | None = None) -> None:
    """Generate (or reuse) the data, run both engines in child processes, print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5, help="query repetitions (median); fewer once 60 s are spent")
    parser.add_argument("--data", type=Path, help="N-Quads file to reuse or write (default: /tmp/geokg-bench-TRIPLES.nq)")
    parser.add_argument("--all-queries", action="store_true", help="time every shipped named query on Oxigraph")
    parser.add_argument("--only", choices=["oxigraph"], help="run only this engine (rdflib needs ~30 min at 1M)")
    parser.add_argument("--engine", choices=["oxigraph", "rdflib"], help=argparse.SUPPRESS)
    parser.add_argument("--derived", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    args.data = args.data or Path(tempfile.gettempdir()) / f"geokg-bench-{args.triples}.nq"
    if args.engine:  # child process: one engine, JSON on stdout
        with tempfile.TemporaryDirectory() as work:
            if args.engine == "oxigraph":
                print(json.dumps(run_oxigraph(args.data, args.runs, Path(work), args.all_queries, args.derived)))
            else:
                print(json.dumps(run_rdflib(args.data, args.runs, Path(work), args.all_queries, args.derived)))
        return

    counted = args.data.with_suffix(".count")
    if not (args.data.exists() and counted.exists() and int(counted.read_text()) >= args.triples > 0):
        seconds, n = _timed(lambda: generate(args.data, args.triples))
        counted.write_text(str(n))
        print(f"generated {n} quads in {seconds:.1f}s -> {args.data}", file=sys.stderr)
    results = {}
    with tempfile.TemporaryDirectory() as shared:
        derived = Path(shared) / "derived.nq"  # the store's derived graphs, for rdflib
        for engine in [args.only] if args.only else ["oxigraph", "rdflib"]:
            cmd = [sys.executable, "-m", "bench.bench_store", "--engine", engine, "--runs", str(args.runs)]
            cmd += ["--data", str(args.data), "--derived", str(derived)] + (["--all-queries"] if args.all_queries else [])
            proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
            results[engine] = json.loads(proc.stdout)
    if args.only:
        _print_one(args, counted, results[args.only])
        return
    ox, rdf = results["oxigraph"], results["rdflib"]
    print(f"data: {counted.read_text()} quads of document graphs ({args.data}); queries: median of up to {args.runs} runs")
    print(f"{'step':<48} {'oxigraph':>13} {'rdflib':>13} {'rdflib/ox':>10}")
    print(_row("load (oxigraph: and build the derived graphs)", ox["load"], rdf["load"]))
    for name, _ in _all_queries() if args.all_queries else QUERIES:
        label = f"q {name} ({ox[f'rows:{name}']} rows, {ox[f'n:{name}']}/{rdf[f'n:{name}']} runs)"
        line = _row(label, ox[f"q:{name}"], rdf[f"q:{name}"])
        print(line + ("  (rdflib stopped at the cap: a lower bound)" if rdf[f"n:{name}"] == 0 else ""))
    for fmt in ("turtle", "nquads"):
        print(_row(f"export {fmt}", ox[f"export:{fmt}"], rdf[f"export:{fmt}"]))
    print(_row("peak RSS after load (MiB)", ox["rss_load"], rdf["rss_load"], ""))
    print(_row("peak RSS overall (MiB)", ox["rss_peak"], rdf["rss_peak"], ""))


def _print_one(args: argparse.Namespace, counted: Path, res: dict[str, Any]) -> None:
    """The table of one engine alone (``--only``)."""
    print(f"data: {counted.read_text()} quads of document graphs ({args.data}); queries: median of up to {args.runs} runs")
    print(f"{'step':<48} {args.only:>13}")
    print(f"{'load':<48} {res['load']:>12.3f}s")
    for name, _ in _all_queries() if args.all_queries else QUERIES:
        label = f"q {name} ({res['rows:' + name]} rows, {res['n:' + name]} runs)"
        print(f"{label:<48} {res['q:' + name] * 1000:>11.1f}ms")
    for fmt in ("turtle", "nquads"):
        print(f"{'export ' + fmt:<48} {res[f'export:{fmt}']:>12.3f}s")
    print(f"{'peak RSS overall (MiB)':<48} {res['rss_peak']:>13.1f}")


if __name__ == "__main__":
    main()
