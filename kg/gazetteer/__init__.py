"""Curated world knowledge (states, bodies, people with terms, regions, treaties) and its loader."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files

__all__ = ["Alias", "GazEntry", "Gazetteer", "Term", "fold", "load_gazetteer"]

_DROP = re.compile(r"[.\-‐–]")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """The key names are compared by: casefolded, no diacritics, no dots or hyphens.

    >>> fold("Aleksandar Vučić") == fold("aleksandar vucic")
    True
    >>> fold("U.S.") == fold("US")
    True
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("’", "'").replace("‘", "'")
    text = _DROP.sub(" ", text).replace(" ", "") if len(text) <= 6 else _DROP.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class GazEntry:
    id: str
    label: str
    type: str
    wikidata: str | None
    kind: str
    parent: str | None
    source: str
    parties: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Alias:
    text: str
    entity_id: str
    role: str


@dataclass(frozen=True, slots=True)
class Term:
    person: str
    office: str
    role: str
    of: str
    start: date
    end: date | None
    source: str

    def covers(self, day: date) -> bool:
        """Whether the term runs on ``day``."""
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Gazetteer:
    entries: Mapping[str, GazEntry]
    aliases: tuple[Alias, ...]
    terms: tuple[Term, ...]
    ambiguous: Mapping[tuple[str, str], str]

    def get(self, entity_id: str) -> GazEntry | None:
        return self.entries.get(entity_id)

    def terms_of(self, person: str) -> tuple[Term, ...]:
        return _index(self)[0].get(person, ())

    def holders(self, of: str, on: date, role: str | None = None) -> tuple[Term, ...]:
        return tuple(
            t for t in _index(self)[1].get(of, ()) if t.covers(on) and (role is None or t.role == role)
        )

    def offices(self) -> frozenset[str]:
        return frozenset(t.office for t in self.terms)

    def capital_of(self, state_id: str) -> str | None:
        return _index(self)[2].get(state_id)


@cache
def _index(g: Gazetteer) -> tuple[dict[str, tuple[Term, ...]], dict[str, tuple[Term, ...]], dict[str, str]]:
    by_person: dict[str, list[Term]] = {}
    by_of: dict[str, list[Term]] = {}
    for t in g.terms:
        by_person.setdefault(t.person, []).append(t)
        by_of.setdefault(t.of, []).append(t)
    capitals = {a.entity_id: a.text for a in g.aliases if a.role == "capital"}
    return (
        {k: tuple(v) for k, v in by_person.items()},
        {k: tuple(v) for k, v in by_of.items()},
        capitals,
    )


def _rows(name: str) -> list[tuple[int, dict[str, str]]]:
    path = files("kg.gazetteer").joinpath("data", name)
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(line for line in fh if not line.startswith("#"))
        return [(n, {k: (v or "").strip() for k, v in row.items() if k}) for n, row in enumerate(reader, start=2)]


def _multi(cell: str) -> list[str]:
    return [p.strip() for p in cell.split("|") if p.strip()]


def _require(name: str, line: int, row: dict[str, str], *cols: str) -> None:
    for col in cols:
        if not row.get(col):
            raise ValueError(f"kg/gazetteer/data/{name} line {line}: missing {col!r}")


def _alias_role(text: str) -> str:
    letters = text.replace(".", "").replace(" ", "")
    return "abbreviation" if letters.isupper() and len(letters) <= 6 else "alias"


@cache
def load_gazetteer() -> Gazetteer:
    """Read every data file once per process."""
    entries: dict[str, GazEntry] = {}
    aliases: list[Alias] = []

    def add(name: str, line: int, entry: GazEntry, names: list[str]) -> None:
        if entry.id in entries:
            raise ValueError(f"kg/gazetteer/data/{name} line {line}: duplicate id {entry.id!r}")
        entries[entry.id] = entry
        aliases.append(Alias(entry.label, entry.id, "label"))
        aliases.extend(Alias(a, entry.id, _alias_role(a)) for a in names)

    for line, row in _rows("states.csv"):
        _require("states.csv", line, row, "id", "label", "source")
        add("states.csv", line, GazEntry(row["id"], row["label"], "State", row.get("wikidata") or None,
                                         row.get("status", ""), None, row["source"]), _multi(row.get("aliases", "")))
        aliases.extend(Alias(d, row["id"], "demonym") for d in _multi(row.get("demonyms", "")))
        aliases.extend(Alias(s, row["id"], "seat") for s in _multi(row.get("seats", "")))
    for name, etype in (("regions.csv", "Region"), ("organizations.csv", "Organization")):
        for line, row in _rows(name):
            _require(name, line, row, "id", "label", "source")
            add(name, line, GazEntry(row["id"], row["label"], etype, row.get("wikidata") or None,
                                     row.get("kind", ""), row.get("parent") or None, row["source"]),
                _multi(row.get("aliases", "")))
    for line, row in _rows("people.csv"):
        _require("people.csv", line, row, "id", "label", "source")
        add("people.csv", line, GazEntry(row["id"], row["label"], "Leader", row.get("wikidata") or None,
                                         "person", None, row["source"]), _multi(row.get("aliases", "")))
    for line, row in _rows("treaties.csv"):
        _require("treaties.csv", line, row, "id", "label", "source")
        add("treaties.csv", line, GazEntry(row["id"], row["label"], "Treaty", row.get("wikidata") or None,
                                           "treaty", None, row["source"], tuple(_multi(row.get("parties", "")))),
            _multi(row.get("aliases", "")))
    # a capital's names also stand for its state ("Pyongyang said")
    for line, row in _rows("states.csv"):
        capital = entries.get(row.get("capital", ""))
        if capital is not None:
            aliases.append(Alias(capital.label, row["id"], "capital"))
            aliases.extend(
                Alias(a.text, row["id"], "capital") for a in list(aliases)
                if a.entity_id == capital.id and a.role != "label"
            )
    terms = []
    for line, row in _rows("terms.csv"):
        _require("terms.csv", line, row, "person", "office", "of", "start", "source")
        try:
            start = date.fromisoformat(row["start"])
            end = date.fromisoformat(row["end"]) if row.get("end") else None
        except ValueError as exc:
            raise ValueError(f"kg/gazetteer/data/terms.csv line {line}: {exc}") from None
        terms.append(Term(row["person"], row["office"], row.get("role", ""), row["of"], start, end, row["source"]))
    ambiguous = {
        (fold(row["alias"]), row["type"]): row["default"] for _, row in _rows("ambiguous_aliases.csv")
    }
    return Gazetteer(entries, tuple(aliases), tuple(terms), ambiguous)
