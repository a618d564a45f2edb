"""High-level operations shared by the CLI and Python users."""

from __future__ import annotations

from pathlib import Path

from kg.export.rdf import write
from kg.store import Store

__all__ = ["write_outputs"]


def write_outputs(store: Store, out_dir: Path) -> tuple[Path, Path]:
    """Write the store's union graph as ``graph.ttl`` and its network as ``graph.html``."""
    from kg.export.html import render_html
    from kg.export.network import network

    graph = store.graph()
    ttl = write(graph, out_dir / "graph.ttl")
    html = render_html(network(graph), out_dir / "graph.html")
    return ttl, html
