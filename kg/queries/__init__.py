"""The library of named SPARQL queries (``kg/queries/*.rq``): listing, loading and binding parameters.

Each ``.rq`` file starts with comment lines that describe it::

    # description: Who condemns an actor, with the number of documents and first/last dates
    # param: actor actor — the condemned actor's label, alias or IRI

A ``param`` line gives the variable name, its kind and what it means. Kinds:

* ``actor``: a label or alias (bound as a plain literal; the query matches ``rdfs:label`` or
  ``skos:altLabel`` case-insensitively) or an IRI (``https://…`` or ``kgr:north_korea``);
* ``date``: ``YYYY-MM-DD``, bound as an ``xsd:date`` literal;
* ``predicate``: one of the relation names (``condemns``, ``geo:deploysTo``, …), bound as its IRI;
* ``text``: any string, bound as a plain literal.

Values are bound as RDF terms through the store (``Store.query(sparql, bindings)``), never pasted
into the query text; Oxigraph requires a bound variable to be projected, so the results repeat the
parameters in their own columns.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.errors import QueryError
from kg.graph import PREFIXES
from kg.vocab import GEO, PREDICATES

__all__ = ["PARAM_KINDS", "NamedQuery", "Param", "list_queries", "load_query", "parse_query", "resolve_query"]

PARAM_KINDS = ("actor", "date", "predicate", "text")
_HEADER = re.compile(r"^#\s*(description|param):\s*(.*?)\s*$")
_PARAM = re.compile(r"^(\w+)\s+(\w+)\s+(?:—|--?)\s+(.+)$")
_CURIE = re.compile(r"^([a-z][a-z0-9]*):([^\s:/]+)$")


@dataclass(frozen=True, slots=True)
class Param:
    """A query parameter: the SPARQL variable name, its kind (``PARAM_KINDS``) and what it means."""

    name: str
    kind: str
    description: str


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A SPARQL query with its description and parameters (read from its header comments)."""

    name: str
    description: str
    params: tuple[Param, ...]
    sparql: str

    def bindings(self, values: Mapping[str, str]) -> dict[str, URIRef | Literal]:
        """Turn ``--param`` strings into RDF terms; every declared parameter is required.

        >>> q = parse_query("q", "# param: since date — first day\\nSELECT ?since WHERE {}")
        >>> q.bindings({"since": "2024-06-01"})
        {'since': rdflib.term.Literal('2024-06-01', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#date'))}
        """
        declared = {p.name: p for p in self.params}
        for key in values:
            if key not in declared:
                takes = ", ".join(declared) or "no parameters"
                raise QueryError(f"query {self.name!r} has no parameter {key!r} (it takes: {takes})")
        missing = [p for p in self.params if p.name not in values]
        if missing:
            p = missing[0]
            raise QueryError(f"query {self.name!r} needs --param {p.name}=…: {p.description}")
        return {p.name: _term(p, values[p.name]) for p in self.params}


def _term(param: Param, value: str) -> URIRef | Literal:
    if param.kind == "date":
        try:
            return Literal(date.fromisoformat(value).isoformat(), datatype=XSD.date)
        except ValueError:
            raise QueryError(f"--param {param.name}={value!r}: not a date like 2024-06-19") from None
    if param.kind == "predicate":
        name = value.removeprefix("geo:").removeprefix(str(GEO._NS))
        if name not in PREDICATES:
            raise QueryError(f"--param {param.name}={value!r}: not a relation (choose one of: {', '.join(PREDICATES)})")
        return GEO[name]
    if param.kind == "actor":
        if value.startswith(("http://", "https://")) and " " not in value:
            return URIRef(value)
        curie = _CURIE.match(value)
        if curie and curie.group(1) in PREFIXES:
            return URIRef(PREFIXES[curie.group(1)] + curie.group(2))
    return Literal(value)


def parse_query(name: str, text: str) -> NamedQuery:
    """Read the header comments of a query text (queries without a header have no parameters)."""
    description = ""
    params: list[Param] = []
    for line in text.splitlines():
        header = _HEADER.match(line.strip())
        if not header:
            if line.strip() and not line.lstrip().startswith("#"):
                break  # the header ends at the first line of SPARQL
            continue
        key, value = header.groups()
        if key == "description":
            description = value
            continue
        param = _PARAM.match(value)
        if not param or param.group(2) not in PARAM_KINDS:
            raise QueryError(
                f"{name}: bad header line {line.strip()!r} (write '# param: NAME KIND — meaning', "
                f"KIND one of {', '.join(PARAM_KINDS)})"
            )
        params.append(Param(*param.groups()))
    return NamedQuery(name, description, tuple(params), text)


def _library() -> dict[str, str]:
    files = resources.files(__name__)
    return {f.name.removesuffix(".rq"): f.read_text(encoding="utf-8") for f in files.iterdir() if f.name.endswith(".rq")}


def list_queries() -> list[NamedQuery]:
    """The shipped named queries, sorted by name."""
    return [parse_query(name, text) for name, text in sorted(_library().items())]


def load_query(name: str) -> NamedQuery:
    """One shipped query by name (``QueryError`` if there is none)."""
    library = _library()
    if name not in library:
        raise QueryError(f"no named query {name!r} (kg query --list shows them: {', '.join(sorted(library))})")
    return parse_query(name, library[name])


def resolve_query(text: str | None = None, name: str | None = None) -> NamedQuery:
    """A query given as SPARQL text, as a ``.rq`` file path, or by library name (exactly one)."""
    if (text is None) == (name is None):
        raise QueryError("give either a SPARQL query (text or FILE.rq) or --name NAME")
    if name is not None:
        return load_query(name)
    assert text is not None
    if text.endswith(".rq"):
        path = Path(text)
        try:
            return parse_query(path.stem, path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"{text}: cannot read the query file ({exc.__class__.__name__})") from None
    return parse_query("query", text)
