"""Run a SPARQL query (text, ``.rq`` file or named) against a store and render the results."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from rdflib import Literal, URIRef

from kg.errors import QueryError
from kg.graph import PREFIXES
from kg.queries import resolve_query
from kg.store import GraphStore

__all__ = ["OUTPUT_FORMATS", "parse_params", "render_table", "run_query", "short"]

# table is ours; the rest are Oxigraph's writers (W3C SPARQL results formats, Turtle).
OUTPUT_FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle")
_NAMESPACES = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def short(term: URIRef | Literal | None) -> str:
    """A term as shown in a table: prefixed IRIs, plain literal values, empty when unbound.

    >>> short(URIRef("https://w3id.org/geokg/id/north_korea"))
    'kgr:north_korea'
    """
    if term is None:
        return ""
    text = str(term)
    if isinstance(term, URIRef):
        for prefix, ns in _NAMESPACES:
            if text.startswith(ns) and text != ns:
                return f"{prefix}:{text[len(ns):]}"
    return text


def _cell(binding: dict[str, str] | None) -> str:
    """A W3C SPARQL JSON binding as a table cell."""
    if binding is None:
        return ""
    if binding["type"] == "uri":
        return short(URIRef(binding["value"]))
    if binding["type"] == "bnode":
        return "_:" + binding["value"]
    return binding["value"].replace("\n", " ")


def render_table(results: dict[str, Any]) -> str:
    """Aligned columns and a row count from W3C SPARQL JSON results; ``true``/``false`` for ASK."""
    if "boolean" in results:
        return "true" if results["boolean"] else "false"
    names: list[str] = results["head"]["vars"]
    cells = [[_cell(b.get(n)) for n in names] for b in results["results"]["bindings"]]
    widths = [max([len(n)] + [len(row[i]) for row in cells]) for i, n in enumerate(names)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip() for line in [names, *cells]]
    lines.append(f"({len(cells)} row{'' if len(cells) == 1 else 's'})")
    return "\n".join(line for line in lines if line)


def parse_params(pairs: Sequence[str]) -> dict[str, str]:
    """``["actor=North Korea", …]`` → ``{"actor": "North Korea", …}``."""
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param {pair!r}: write it as NAME=VALUE, e.g. --param actor='North Korea'")
        params[key.strip()] = value
    return params


def run_query(
    store: GraphStore,
    sparql: str | None = None,
    *,
    name: str | None = None,
    params: Mapping[str, str] | None = None,
    fmt: str = "table",
) -> str:
    """Resolve the query (text, FILE.rq or ``name``), bind ``params`` safely, run it, render it in ``fmt``.

    W3C formats come back exactly as Oxigraph writes them (CSV lines end in CRLF).

    >>> from kg.store import open_store
    >>> run_query(open_store(":memory:"), "ASK { ?s geo:condemns ?o }")
    'false'
    """
    if fmt not in OUTPUT_FORMATS:
        raise QueryError(f"unknown format {fmt!r} (choose one of: {', '.join(OUTPUT_FORMATS)})")
    query = resolve_query(sparql, name)
    # A query without a header (ad-hoc SPARQL) takes any --param as a plain literal.
    bindings = query.bindings(params or {}) if query.params or name else {k: Literal(v) for k, v in (params or {}).items()}
    if fmt == "table":
        try:
            return render_table(json.loads(store.query_serialized(query.sparql, "json", bindings)))
        except QueryError as exc:
            if not str(exc).startswith("json is for SELECT"):
                raise
            return store.query_serialized(query.sparql, "turtle", bindings).decode("utf-8")
    return store.query_serialized(query.sparql, fmt, bindings).decode("utf-8")
