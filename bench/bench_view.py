"""Benchmark of the network page: page size, generation time and time-to-stable-layout in headless Chromium.

Synthetic actor networks grow by preferential attachment (a few hubs such as the great powers and
the UN, a long tail of actors seen once or twice, about 1.2 relations per actor as in the bundled
samples) mostly within theatres of about 40 actors (news about one conflict names the same
actors), with the samples' mix of actor types and predicates and one to three evidence sentences
per relation. For each size the script writes the page with ``kg.export.html.render_html``, opens it
from disk in Debian's Chromium (network disabled) and reads the page's own clock: the moment vis
finished the layout and physics was switched off (``window.geokg.timing.first_stable_ms``, measured
from navigation start), then the time one filter change takes.

    python -m bench.bench_view                  # 200, 2,000 and 20,000 actors
    python -m bench.bench_view --sizes 200 2000 --out /tmp/view-bench

Under ``make bench`` ($BENCH_RESULTS set) the figures also go to the one table of ``bench.table``.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import networkx as nx

from bench.table import record
from kg.export.html import INITIAL_ACTORS, LARGE_GRAPH, render_html

__all__ = ["CHROMIUM", "ViewFigures", "measure", "run", "synthetic_network"]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]
SIZES = (200, 2_000, 20_000)
INTERACTIVE_S = 5.0  # the issue: "a 2,000-node graph is interactive within a few seconds"

# shares of the bundled samples' graph (kg build on kg/samples)
TYPE_WEIGHTS = {"State": 26, "Leader": 24, "Region": 24, "Organization": 20, "Treaty": 5, "Person": 3}
PREDICATE_WEIGHTS = {
    "leaderOf": 23, "attacks": 16, "locatedIn": 14, "partOf": 8, "condemns": 7, "meetsWith": 7, "partyTo": 7,
    "demands": 6, "atWarWith": 5, "memberOf": 5, "sanctions": 4, "threatens": 4, "suppliesArmsTo": 4,
    "providesAidTo": 4, "deploysTo": 3, "alliedWith": 2,
}
STRUCTURAL = {"leaderOf", "partOf", "locatedIn"}  # mostly come from the gazetteer, without a sentence
MODALITIES = ("Asserted",) * 17 + ("Reported", "Reported", "Hypothetical", "Negated")
START = date(2024, 1, 1)
THEATRE = 40  # actors per theatre (a conflict, a region) on average

ID = "https://w3id.org/geokg/id/"
DOC = "https://w3id.org/geokg/doc/"


def synthetic_network(actors: int, *, seed: int = 1) -> nx.MultiDiGraph:
    """A seeded actor network of ``actors`` nodes in the shape of ``kg.export.network.network``."""
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    types = list(TYPE_WEIGHTS)
    type_weights = list(TYPE_WEIGHTS.values())
    ids = [f"{ID}actor_{i:05d}" for i in range(actors)]
    for i, node in enumerate(ids):
        kind = rng.choices(types, type_weights)[0]
        g.add_node(node, label=f"{kind} {i}", type=kind, wikidata=f"http://www.wikidata.org/entity/Q{1000 + i}",
                   aliases=[f"Alias {i}"] if i % 5 == 0 else [], mentions=0)
    predicates = list(PREDICATE_WEIGHTS)
    predicate_weights = list(PREDICATE_WEIGHTS.values())
    ends: list[str] = ids[:2]  # every edge end once: picking from it is picking by degree
    theatres: dict[int, list[str]] = {}  # the same, per theatre
    documents = max(1, actors // 3)
    mentions: dict[str, set[int]] = {}
    for i in range(2, actors):
        local = theatres.setdefault(rng.randrange(max(1, actors // THEATRE)), [])
        for _ in range(rng.choice((1, 1, 1, 2))):
            u, v = ids[i], rng.choice(local if local and rng.random() < 0.85 else ends)
            if rng.random() < 0.5:
                u, v = v, u
            p = rng.choices(predicates, predicate_weights)[0]
            if u == v or g.has_edge(u, v, key=p):
                continue
            evidence = [] if p in STRUCTURAL and rng.random() < 0.7 else _evidence(rng, u, p, v, documents)
            for ev in evidence:
                mentions.setdefault(u, set()).add(ev["document"])
                mentions.setdefault(v, set()).add(ev["document"])
            seen = sorted(ev["event_date"] or ev["published"] for ev in evidence)
            g.add_edge(u, v, key=p, predicate=p, sources=len({ev["document"] for ev in evidence}),
                       evidence=evidence, first_seen=seen[0] if seen else None,
                       last_seen=seen[-1] if seen else None,
                       asserted=not evidence or any(ev["modality"] in ("Asserted", "Reported") for ev in evidence))
            ends += [u, v]
            local += [u, v]
    for node, docs in mentions.items():
        g.nodes[node]["mentions"] = len(docs)
    return g


def _evidence(rng: random.Random, u: str, p: str, v: str, documents: int) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        doc = rng.randrange(documents)
        published = START + timedelta(days=doc * 365 // documents)
        event = published - timedelta(days=rng.randrange(3)) if rng.random() < 0.6 else None
        items.append({
            "sentence": f"Officials said {u[len(ID):]} {p} {v[len(ID):]} on the day in question, "
                        f"according to a statement read out to reporters in the capital (report {doc}).",
            "document": f"{DOC}{doc:016x}",
            "title": f"Wire report {doc}",
            "source": f"https://news.example/report-{doc}" if doc % 2 else f"archive/report-{doc}.txt",
            "published": published.isoformat(),
            "event_date": event.isoformat() if event else None,
            "modality": rng.choice(MODALITIES),
            "confidence": round(rng.uniform(0.6, 0.95), 2),
        })
    return items


@dataclass(frozen=True, slots=True)
class ViewFigures:
    """What one size measured."""

    actors: int
    relations: int
    drawn: int  # actors drawn at first (the most connected ones above LARGE_GRAPH)
    page_bytes: int
    network_s: float  # building the synthetic networkx graph (not part of kg view)
    render_s: float  # render_html: networkx graph -> page on disk
    stable_s: float  # navigation start -> layout settled and physics off, in the page's own clock
    filter_ms: float  # one filter change (uncheck a predicate) applied to every node and edge


def measure(actors: int, out_dir: Path, browser: object, *, seed: int = 1) -> ViewFigures:
    """Write the page for a synthetic network of ``actors`` nodes and time it in ``browser``."""
    t0 = time.perf_counter()
    net = synthetic_network(actors, seed=seed)
    t1 = time.perf_counter()
    page_path = render_html(net, out_dir / f"view-{actors}.html", title=f"{actors} actors")
    t2 = time.perf_counter()
    context = browser.new_context(viewport={"width": 1500, "height": 900}, offline=True)  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(page_path.as_uri())
        page.wait_for_selector("body[data-stable='1']", timeout=600_000)
        stable_ms = page.evaluate("window.geokg.timing.first_stable_ms")
        drawn = page.evaluate("window.geokg.visibleCounts().nodes")
        filter_ms = page.evaluate(
            "() => { const box = document.querySelector('input[name=predicate][value=attacks]');"
            " const t = performance.now(); box.click(); const c = window.geokg.visibleCounts();"
            " const ms = performance.now() - t; box.click(); return ms; }"
        )
        if errors:
            raise RuntimeError(f"{actors} actors: the page reported errors: {errors[:3]}")
    finally:
        context.close()
    return ViewFigures(
        actors=net.number_of_nodes(), relations=net.number_of_edges(), drawn=drawn,
        page_bytes=page_path.stat().st_size, network_s=t1 - t0, render_s=t2 - t1,
        stable_s=stable_ms / 1000, filter_ms=filter_ms,
    )


def run(sizes: Iterable[int], out_dir: Path) -> list[ViewFigures]:
    """Measure every size in one headless Chromium."""
    from playwright.sync_api import sync_playwright

    out_dir.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            return [measure(n, out_dir, browser) for n in sizes]
        finally:
            browser.close()


def table(rows: list[ViewFigures]) -> str:
    """The figures as a fixed-width table."""
    lines = [
        f"{'actors':>7} {'relations':>9} {'drawn':>6} {'page MB':>8} {'render s':>9} {'stable s':>9} {'filter ms':>10}"
    ]
    for r in rows:
        lines.append(
            f"{r.actors:>7,} {r.relations:>9,} {r.drawn:>6,} {r.page_bytes / 1e6:>8.2f} {r.render_s:>9.2f} "
            f"{r.stable_s:>9.2f} {r.filter_ms:>10.1f}"
        )
    lines.append(
        f"(above {LARGE_GRAPH:,} actors the page first draws the {INITIAL_ACTORS} most connected; "
        "stable = navigation start to layout settled with physics off)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--out", type=Path, help="folder for the pages (default: a temporary folder)")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        raise SystemExit(f"{CHROMIUM} is missing: apt-get install chromium (or make browser)")
    if args.out is not None:
        rows = run(args.sizes, args.out)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            rows = run(args.sizes, Path(tmp))
    print("bench_view: the network page (kg view) in headless Chromium")
    print(table(rows))
    for r in rows:
        name = f"{r.actors:,} actors"
        record("view", f"{name}: page MB", round(r.page_bytes / 1e6, 2))
        record("view", f"{name}: render s", round(r.render_s, 2))
        record("view", f"{name}: load to stable layout s", round(r.stable_s, 2),
               f"<= {INTERACTIVE_S:g}" if r.drawn <= 2_000 else "")
        record("view", f"{name}: one filter change ms", round(r.filter_ms, 1))


if __name__ == "__main__":
    main()
