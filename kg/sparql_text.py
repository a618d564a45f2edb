"""Lexical helpers for SPARQL text: keywords outside strings and IRIs, and where WHERE clauses open."""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["keywords", "unescape", "where_braces"]

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(
    r"""
    (?P<skip> \"\"\".*?\"\"\" | '''.*?''' | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'
            | <[^<>"{}|^`\\\x00-\x20]*> | \#[^\n]* | [?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+ )
    | (?P<word> [^\W\d][\w.-]*(?::[\w.:%-]*)? )
    | (?P<open> \{ ) | (?P<close> \} )
    """,
    re.DOTALL | re.VERBOSE,
)


def unescape(sparql: str) -> str:
    r"""Decode ``\uXXXX`` and ``\UXXXXXXXX`` escapes, which SPARQL applies before parsing.

    >>> unescape(r"\u0053ERVICE")
    'SERVICE'
    """
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), sparql)


def _tokens(sparql: str) -> Iterator[re.Match[str]]:
    return (m for m in _TOKEN.finditer(sparql) if m.lastgroup != "skip")


def keywords(sparql: str) -> list[str]:
    """The bare words of a query in upper case: no strings, IRIs, prefixed names, variables or comments.

    >>> keywords('SELECT ?service { ?s a <http://x/SERVICE>, ex:Service ; rdfs:label "service" } # service')
    ['SELECT', 'A']
    """
    return [m.group().upper() for m in _tokens(unescape(sparql)) if m.lastgroup == "word" and ":" not in m.group()]


def where_braces(sparql: str) -> list[int]:
    """Offsets just after each ``{`` that opens a WHERE clause: the query's and every subquery's.

    >>> q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o { SELECT ?s { ?s ?q ?r } } }"
    >>> [q[at:at + 9] for at in where_braces(q)]
    [' ?s ?p ?o', ' ?s ?q ?r']
    """
    depth = 0
    opens_where: set[int] = set()  # depths at which the next "{" opens a WHERE clause
    found: list[int] = []
    for m in _tokens(sparql):
        kind = m.lastgroup
        if kind == "word" and m.group().upper() in ("WHERE", "SELECT", "ASK", "DESCRIBE"):
            opens_where.add(depth)  # SELECT, ASK and DESCRIBE may leave out the word WHERE
        elif kind == "open":
            if depth in opens_where:
                opens_where.discard(depth)
                found.append(m.end())
            depth += 1
        elif kind == "close":
            opens_where.discard(depth)
            depth -= 1
    return found
