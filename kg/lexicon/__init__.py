"""Trigger words, titles, cues and page-furniture patterns, kept as data files."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

__all__ = ["read_groups", "read_table"]


@cache
def read_table(name: str) -> tuple[tuple[str, ...], ...]:
    """Return the rows of a tab-separated lexicon file, without comments and the header."""
    rows = []
    for line in files("kg.lexicon").joinpath(name).read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(tuple(cell.strip() for cell in line.split("\t")))
    return tuple(rows)


@cache
def read_groups(name: str) -> dict[str, frozenset[str]]:
    """A two-column lexicon file as {first column: set of second-column words}."""
    table: dict[str, set[str]] = {}
    for key, word, *_ in read_table(name):
        table.setdefault(key, set()).add(word)
    return {k: frozenset(v) for k, v in table.items()}
