"""RDF serialisations of a graph: Turtle, TriG, N-Triples, JSON-LD."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from kg.errors import ExportError
from kg.graph import bind_prefixes

__all__ = ["FORMATS", "serialize", "write"]

FORMATS: dict[str, str] = {"turtle": "turtle", "trig": "trig", "nt": "nt", "ntriples": "nt", "jsonld": "json-ld"}


def serialize(graph: Graph, fmt: str = "turtle") -> str:
    """Serialise a graph; ``trig`` puts it in its own named graph when it is not a dataset."""
    try:
        rdflib_format = FORMATS[fmt]
    except KeyError:
        raise ExportError(f"unknown format {fmt!r} (choose one of: {', '.join(FORMATS)})") from None
    if rdflib_format == "trig" and not isinstance(graph, Dataset):
        ds = Dataset()
        for prefix, ns in graph.namespaces():
            ds.bind(prefix, ns)
        target = ds.graph(graph.identifier)
        for t in graph:
            target.add(t)
        return ds.serialize(format="trig")
    if rdflib_format == "json-ld":
        return graph.serialize(format="json-ld", auto_compact=True)
    return bind_prefixes(graph).serialize(format=rdflib_format)


def write(graph: Graph, path: Path, fmt: str = "turtle") -> Path:
    """Write a graph to a file, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(serialize(graph, fmt), encoding="utf-8")
    return path
