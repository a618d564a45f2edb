"""The geokg OWL ontology and SHACL shapes: where they live, loading them, and validating a graph."""

from __future__ import annotations

import functools
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import pyshacl
import rdflib

__all__ = [
    "load_ontology",
    "load_shapes",
    "ontology_path",
    "shapes_path",
    "validate",
]

_DATA_PACKAGE = "kg.ontology_data"
_ONTOLOGY_FILE = "geokg.ttl"
_SHAPES_FILE = "shapes.ttl"


def _data_dir() -> Traversable:
    """Return the directory holding the ontology files.

    Installed wheels ship ``ontology/`` as the package ``kg.ontology_data``; a source checkout
    without installation falls back to the repository's ``ontology/`` directory.
    """
    try:
        return resources.files(_DATA_PACKAGE)
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "ontology"


def ontology_path() -> Traversable:
    """Return the location of the OWL ontology (``geokg.ttl``)."""
    return _data_dir() / _ONTOLOGY_FILE


def shapes_path() -> Traversable:
    """Return the location of the SHACL shapes (``shapes.ttl``)."""
    return _data_dir() / _SHAPES_FILE


def _parse(source: Traversable) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(data=source.read_text(encoding="utf-8"), format="turtle")
    return graph


@functools.cache
def load_ontology() -> rdflib.Graph:
    """Return the ontology graph, parsed once per process.

    The same object is returned on every call: callers must not mutate it (copy it first).
    """
    return _parse(ontology_path())


@functools.cache
def load_shapes() -> rdflib.Graph:
    """Return the SHACL shapes graph, parsed once per process.

    The same object is returned on every call: callers must not mutate it (copy it first).
    """
    return _parse(shapes_path())


def validate(graph: rdflib.Graph) -> tuple[bool, rdflib.Graph, str]:
    """Validate ``graph`` against the geokg shapes, without inference.

    The ontology is mixed into a copy of the data (``graph`` itself is left unchanged), so
    ``sh:class`` tests can follow its ``rdfs:subClassOf`` axioms. Pass a single graph holding
    entities, statements and documents together: pyshacl validates each named graph of an
    ``rdflib.Dataset`` separately.

    Returns ``(conforms, results graph, results text)``.
    """
    conforms, results_graph, results_text = pyshacl.validate(
        graph,
        shacl_graph=load_shapes(),
        ont_graph=load_ontology(),
        inference="none",
        abort_on_first=False,
        allow_warnings=False,
        advanced=False,
    )
    return bool(conforms), results_graph, str(results_text)
