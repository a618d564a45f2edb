"""High-level operations shared by the CLI and Python users."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.export.rdf import write
from kg.store import GraphStore

__all__ = ["ViewResult", "write_outputs", "write_view"]


def write_outputs(store: GraphStore, out_dir: Path) -> tuple[Path, Path]:
    """Write the store's union graph as ``graph.ttl`` and its network as ``graph.html``."""
    from kg.export.html import render_html
    from kg.export.network import network

    graph = store.graph()
    ttl = write(graph, out_dir / "graph.ttl")
    html = render_html(network(graph), out_dir / "graph.html")
    return ttl, html


@dataclass(frozen=True, slots=True)
class ViewResult:
    """The page ``write_view`` wrote and how many actors and relations it holds."""

    path: Path
    actors: int
    relations: int


def write_view(store: GraphStore, out: Path, *, where: str | None = None, title: str = "geokg network") -> ViewResult:
    """Write the store's actor network as one offline HTML page.

    ``where`` selects relations exactly as ``kg export --where`` does (``kg.export.dataset``): a
    SPARQL FILTER expression over each relation's ``?s ?p ?o``; the page then shows those relations,
    their evidence and the actors at both ends.

    >>> from kg.store import open_store
    >>> import tempfile
    >>> result = write_view(open_store(":memory:"), Path(tempfile.mkdtemp()) / "empty.html")
    >>> (result.path.name, result.actors, result.relations)
    ('empty.html', 0, 0)
    """
    from kg.export.dataset import where_quads
    from kg.export.html import render_html
    from kg.export.network import network

    if where is None:
        graph = store.graph()
    else:
        graph = Graph()
        for s, p, o, _g in where_quads(store, where).quads((None, None, None, None)):
            graph.add((s, p, o))
    net = network(graph)
    path = render_html(net, out, title=title)
    return ViewResult(path, net.number_of_nodes(), net.number_of_edges())
