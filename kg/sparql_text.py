"""Lexical helpers for SPARQL text: keywords outside strings and IRIs, and where a WHERE clause opens."""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["keywords", "unescape", "where_brace"]

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(
    r"""
    (?P<skip> \"\"\".*?\"\"\" | '''.*?''' | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'
            | <[^<>"{}|^`\\\x00-\x20]*> | \#[^\n]* | [?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+ )
    | (?P<word> [^\W\d][\w.-]*(?::[\w.:%-]*)? )
    | (?P<open> \{ ) | (?P<close> \} )
    """,
    re.S | re.X,
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


def where_brace(sparql: str) -> int | None:
    """The offset just after the ``{`` that opens the query's WHERE clause (None when there is none).

    >>> q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    >>> q[where_brace(q):]
    ' ?s ?p ?o }'
    """
    depth = 0
    after_where = False
    first_open: int | None = None
    for m in _tokens(sparql):
        kind = m.lastgroup
        if kind == "word" and depth == 0 and m.group().upper() == "WHERE":
            after_where = True
        elif kind == "open":
            if depth == 0 and after_where:
                return m.end()
            if depth == 0 and first_open is None:
                first_open = m.end()
            depth += 1
        elif kind == "close":
            depth -= 1
    return first_open  # SELECT, ASK and DESCRIBE may leave out the word WHERE
