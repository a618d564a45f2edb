"""Curated world knowledge (states, places, bodies, leaders and their terms, treaties) read from data/*.csv."""

from __future__ import annotations

import csv
import functools
import io
import re
import types
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from importlib import resources

__all__ = [
    "ENTITY_TYPES",
    "ORG_KINDS",
    "REGION_KINDS",
    "STATUSES",
    "TERM_ROLES",
    "Alias",
    "GazEntry",
    "Gazetteer",
    "Term",
    "fold",
    "load_gazetteer",
]

# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class GazEntry:
    """One curated entity; ``type`` is State, Leader, Organization, Region or Treaty.

    ``kind`` is the row's kind (regions, organizations), the UN status (states), ``person`` or ``treaty``.
    """

    id: str
    label: str
    type: str
    wikidata: str | None
    kind: str
    parent: str | None
    source: str
    parties: tuple[str, ...] = ()
    date: date | None = None  # treaties: the day it was signed


@dataclass(frozen=True, slots=True)
class Alias:
    """A surface form naming ``entity_id``; ``role`` says how the form relates to the entity."""

    text: str
    entity_id: str
    role: str  # label | alias | abbreviation | demonym | capital | seat


@dataclass(frozen=True, slots=True)
class Term:
    """One term of office. ``end`` is exclusive: the day the successor took over (None: still in office)."""

    person: str
    office: str
    role: str
    of: str
    start: date
    end: date | None
    source: str

    def covers(self, day: date) -> bool:
        """True when the term was running on ``day`` (start inclusive, end exclusive)."""
        return self.start <= day and (self.end is None or day < self.end)


# --------------------------------------------------------------------------- vocabularies

ENTITY_TYPES = frozenset({"State", "Leader", "Organization", "Region", "Treaty"})
STATUSES = frozenset({"un_member", "un_observer", "non_member", "former"})  # former: dissolved states history still names
REGION_KINDS = frozenset({
    "capital", "city", "province", "oblast", "state", "territory", "disputed", "sea", "strait", "gulf",
    "peninsula", "continent", "border_crossing", "region",
})
ORG_KINDS = frozenset({
    "igo", "alliance", "court", "agency", "ministry", "military", "armed_group", "government", "bloc",
})
TERM_ROLES = frozenset({
    "head_of_state", "head_of_government", "foreign_minister", "defence_minister", "org_head",
    "deputy_head", "military_chief",
})

_ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
_QID_RE = re.compile(r"^Q[1-9][0-9]*$")
_ABBREV_RE = re.compile(r"^(?:[A-Z][A-Z0-9&]+|(?:[A-Z]\.){2,}[A-Z]?\.?)$")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u02bb": "'", "\u02bd": "'",
                              "`": "'", "\u00b4": "'"})
_DROPPED = str.maketrans({".": None, "-": None, "\u2010": None, "\u2011": None})

_HEADERS: dict[str, tuple[str, ...]] = {
    "states.csv": ("id", "label", "wikidata", "iso2", "iso3", "status", "capital", "demonyms", "aliases",
                   "seats", "source"),
    "regions.csv": ("id", "label", "wikidata", "kind", "parent", "aliases", "source"),
    "organizations.csv": ("id", "label", "wikidata", "kind", "parent", "aliases", "source"),
    "people.csv": ("id", "label", "wikidata", "aliases", "source"),
    "terms.csv": ("person", "office", "role", "of", "start", "end", "source"),
    "treaties.csv": ("id", "label", "wikidata", "parties", "date", "aliases", "source"),
    "ambiguous_aliases.csv": ("alias", "type", "default", "rule", "source"),
}


@functools.lru_cache(maxsize=1 << 16)  # names recur across a document and a corpus; a pure function of its text
def fold(text: str) -> str:
    """The key names are compared by: casefolded, no diacritics, one apostrophe, no '.' or '-', single spaces.

    >>> fold("Aleksandar Vučić") == fold("aleksandar vucic")
    True
    >>> fold("U.S.") == fold("US")
    True
    """
    text = unicodedata.normalize("NFKD", text.casefold().translate(_APOSTROPHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_DROPPED)
    return " ".join(text.split())


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _alias_role(text: str) -> str:
    return "abbreviation" if _ABBREV_RE.match(text) else "alias"


# --------------------------------------------------------------------------- reading


class _Rows:
    """One data file: yields (line number, cells by column) and builds errors that name file and line."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.header = _HEADERS[name]

    def error(self, line: int, message: str) -> ValueError:
        return ValueError(f"kg/gazetteer/data/{self.name} line {line}: {message}")

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        text = (resources.files(__name__) / "data" / self.name).read_text(encoding="utf-8")
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, None)
        if header is None or tuple(cell.strip() for cell in header) != self.header:
            raise self.error(1, f"the header row must be {','.join(self.header)}")
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(self.header):
                raise self.error(line, f"expected {len(self.header)} cells, found {len(row)}")
            record = {key: cell.strip() for key, cell in zip(self.header, row)}
            if not record["source"]:
                raise self.error(line, "the source cell is empty")
            yield line, record

    def require(self, line: int, record: dict[str, str], *keys: str) -> None:
        for key in keys:
            if not record[key]:
                raise self.error(line, f"the {key} cell is empty")

    def ident(self, line: int, value: str, what: str = "id") -> str:
        if not _ID_RE.match(value):
            raise self.error(line, f"{what} {value!r} is not a snake_case ASCII id")
        return value

    def qid(self, line: int, value: str) -> str | None:
        if value and not _QID_RE.match(value):
            raise self.error(line, f"wikidata {value!r} does not match Q[1-9][0-9]*")
        return value or None

    def day(self, line: int, value: str, what: str) -> date:
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.error(line, f"{what} {value!r} is not a date YYYY-MM-DD") from None

    def choice(self, line: int, value: str, allowed: frozenset[str], what: str) -> str:
        if value not in allowed:
            raise self.error(line, f"{what} {value!r} is not one of {', '.join(sorted(allowed))}")
        return value


# --------------------------------------------------------------------------- the gazetteer


class Gazetteer:
    """Read-only view of the curated entries, their surface forms and terms of office."""

    def __init__(self, entries: Mapping[str, GazEntry], aliases: tuple[Alias, ...], terms: tuple[Term, ...],
                 ambiguous: Mapping[tuple[str, str], str], capitals: Mapping[str, str]) -> None:
        self.entries: Mapping[str, GazEntry] = types.MappingProxyType(dict(entries))
        self.aliases: tuple[Alias, ...] = aliases
        self.terms: tuple[Term, ...] = terms
        self.ambiguous: Mapping[tuple[str, str], str] = types.MappingProxyType(dict(ambiguous))
        self._capitals = dict(capitals)
        by_person: dict[str, list[Term]] = {}
        by_of: dict[str, list[Term]] = {}
        for term in terms:
            by_person.setdefault(term.person, []).append(term)
            by_of.setdefault(term.of, []).append(term)
        self._by_person = {k: tuple(sorted(v, key=lambda t: (t.start, t.office))) for k, v in by_person.items()}
        self._by_of = {k: tuple(sorted(v, key=lambda t: (t.start, t.person, t.office))) for k, v in by_of.items()}
        self._offices = frozenset(term.office for term in terms)
        by_entity: dict[str, list[Alias]] = {}
        for alias in aliases:
            by_entity.setdefault(alias.entity_id, []).append(alias)
        self._aliases_by_entity = {k: tuple(v) for k, v in by_entity.items()}

    def get(self, entity_id: str) -> GazEntry | None:
        """The entry with this id, or None."""
        return self.entries.get(entity_id)

    def aliases_of(self, entity_id: str) -> tuple[Alias, ...]:
        """Every curated name of an entity."""
        return self._aliases_by_entity.get(entity_id, ())

    def terms_of(self, person: str) -> tuple[Term, ...]:
        """Every term of office of ``person`` (one per office title), ordered by start."""
        return self._by_person.get(person, ())

    def holders(self, of: str, on: date, role: str | None = None) -> tuple[Term, ...]:
        """Terms in ``of`` (a state or organization id) running on ``on``, optionally of one role."""
        return tuple(t for t in self._by_of.get(of, ()) if t.covers(on) and (role is None or t.role == role))

    def offices(self) -> frozenset[str]:
        """Every office title (as news writes it before a name) found in terms.csv."""
        return self._offices

    def capital_of(self, state_id: str) -> str | None:
        """The region id of the state's capital, or None."""
        return self._capitals.get(state_id)


def _people(demonym: str) -> str | None:
    """The plural noun for a state's people, when English forms it with -s: "Hungarians",
    "Israelis", "Swedes" (from the noun "Swede" in the demonyms cell); not "Swedish", "Chinese"."""
    last = demonym.split()[-1]
    if last[-1:] in ("n", "i", "e", "k") and not last.endswith(("ese", "ch", "sh")) and last[:1].isupper():
        return demonym + "s"
    return None


class _Builder:
    """Accumulates entries and aliases while the files are read, then checks cross-file references."""

    def __init__(self) -> None:
        self.entries: dict[str, GazEntry] = {}
        self.where: dict[str, str] = {}
        self.aliases: dict[tuple[str, str, str], Alias] = {}
        self.references: list[tuple[_Rows, int, str, str, frozenset[str] | None]] = []

    def entry(self, rows: _Rows, line: int, entry: GazEntry) -> None:
        if entry.id in self.entries:
            raise rows.error(line, f"id {entry.id!r} is already used at {self.where[entry.id]}")
        self.entries[entry.id] = entry
        self.where[entry.id] = f"{rows.name} line {line}"

    def alias(self, text: str, entity_id: str, role: str) -> None:
        key = (text, entity_id, role)
        if text and key not in self.aliases:
            self.aliases[key] = Alias(text=text, entity_id=entity_id, role=role)

    def names(self, entity_id: str, label: str, aliases: str) -> None:
        self.alias(label, entity_id, "label")
        for text in _split(aliases):
            self.alias(text, entity_id, _alias_role(text))

    def refer(self, rows: _Rows, line: int, what: str, target: str, types_: frozenset[str] | None) -> None:
        self.references.append((rows, line, what, rows.ident(line, target, what), types_))

    def check_references(self) -> None:
        for rows, line, what, target, allowed in self.references:
            entry = self.entries.get(target)
            if entry is None:
                raise rows.error(line, f"{what} {target!r} is not an id in any data file")
            if allowed is not None and entry.type not in allowed:
                raise rows.error(line, f"{what} {target!r} is a {entry.type}, not a {'/'.join(sorted(allowed))}")


def _load() -> Gazetteer:
    b = _Builder()
    capitals: dict[str, str] = {}

    states = _Rows("states.csv")
    state_rows = list(states)
    for line, rec in state_rows:
        states.require(line, rec, "id", "label", "status")
        b.entry(states, line, GazEntry(
            id=states.ident(line, rec["id"]), label=rec["label"], type="State",
            wikidata=states.qid(line, rec["wikidata"]), kind=states.choice(line, rec["status"], STATUSES, "status"),
            parent=None, source=rec["source"]))
        if rec["capital"]:
            b.refer(states, line, "capital", rec["capital"], frozenset({"Region"}))
            capitals[rec["id"]] = rec["capital"]

    for name, etype, kinds in (("regions.csv", "Region", REGION_KINDS),
                               ("organizations.csv", "Organization", ORG_KINDS)):
        rows = _Rows(name)
        for line, rec in rows:
            rows.require(line, rec, "id", "label", "kind")
            if rec["parent"]:
                b.refer(rows, line, "parent", rec["parent"], None)
            b.entry(rows, line, GazEntry(
                id=rows.ident(line, rec["id"]), label=rec["label"], type=etype, wikidata=rows.qid(line, rec["wikidata"]),
                kind=rows.choice(line, rec["kind"], kinds, "kind"), parent=rec["parent"] or None, source=rec["source"]))
            b.names(rec["id"], rec["label"], rec["aliases"])

    rows = _Rows("people.csv")
    for line, rec in rows:
        rows.require(line, rec, "id", "label")
        b.entry(rows, line, GazEntry(
            id=rows.ident(line, rec["id"]), label=rec["label"], type="Leader", wikidata=rows.qid(line, rec["wikidata"]),
            kind="person", parent=None, source=rec["source"]))
        b.names(rec["id"], rec["label"], rec["aliases"])

    rows = _Rows("treaties.csv")
    for line, rec in rows:
        rows.require(line, rec, "id", "label")
        parties = _split(rec["parties"])
        for party in parties:
            b.refer(rows, line, "party", party, frozenset({"State", "Organization"}))
        signed = rows.day(line, rec["date"], "date") if rec["date"] else None
        b.entry(rows, line, GazEntry(
            id=rows.ident(line, rec["id"]), label=rec["label"], type="Treaty", wikidata=rows.qid(line, rec["wikidata"]),
            kind="treaty", parent=None, source=rec["source"], parties=parties, date=signed))
        b.names(rec["id"], rec["label"], rec["aliases"])

    b.check_references()

    # a state's own names, then its capital's names standing for it ("Pyongyang said")
    region_names: dict[str, list[str]] = {}
    for alias in b.aliases.values():
        if alias.role != "label":
            region_names.setdefault(alias.entity_id, []).append(alias.text)
    regions_of: dict[str, list[str]] = {}
    for entry in b.entries.values():
        if entry.type == "Region" and entry.parent:
            regions_of.setdefault(entry.parent, []).append(entry.id)
    for _line, rec in state_rows:
        sid = rec["id"]
        b.names(sid, rec["label"], rec["aliases"])
        for text in _split(rec["demonyms"]):
            b.alias(text, sid, "demonym")
            plural = _people(text)
            if plural:
                b.alias(plural, sid, "demonym")
            # "Russian Far East" is also "Russia's Far East": a place named by its state's demonym
            for region in regions_of.get(sid, ()):
                label = b.entries[region].label
                if label.startswith(text + " "):
                    for apostrophe in ("'s", "’s"):
                        b.alias(f"{rec['label']}{apostrophe} {label[len(text) + 1:]}", region, "alias")
        for text in _split(rec["seats"]):
            b.alias(text, sid, "seat")
        capital = capitals.get(sid)
        if capital is not None:
            b.alias(b.entries[capital].label, sid, "capital")
            for text in region_names.get(capital, ()):
                b.alias(text, sid, "capital")

    terms: list[Term] = []
    rows = _Rows("terms.csv")
    for line, rec in rows:
        rows.require(line, rec, "person", "office", "role", "of", "start")
        person = b.entries.get(rows.ident(line, rec["person"], "person"))
        if person is None or person.type != "Leader":
            raise rows.error(line, f"person {rec['person']!r} is not an id in people.csv")
        holder = b.entries.get(rows.ident(line, rec["of"], "of"))
        if holder is None or holder.type not in {"State", "Organization"}:
            raise rows.error(line, f"of {rec['of']!r} is not a state or organization id")
        role = rows.choice(line, rec["role"], TERM_ROLES, "role")
        start = rows.day(line, rec["start"], "start")
        end = rows.day(line, rec["end"], "end") if rec["end"] else None
        if end is not None and end <= start:
            raise rows.error(line, f"end {end} is not after start {start}")
        for office in _split(rec["office"]):  # 'Secretary of Defense|Defense Secretary': one term per title
            terms.append(Term(person=rec["person"], office=office, role=role, of=rec["of"], start=start, end=end,
                              source=rec["source"]))

    ambiguous: dict[tuple[str, str], str] = {}
    rows = _Rows("ambiguous_aliases.csv")
    for line, rec in rows:
        rows.require(line, rec, "alias", "type", "default", "rule")
        etype = rows.choice(line, rec["type"], ENTITY_TYPES, "type")
        default = b.entries.get(rec["default"])
        if default is None or default.type != etype:
            raise rows.error(line, f"default {rec['default']!r} is not a {etype} id")
        key = (fold(rec["alias"]), etype)
        if key in ambiguous:
            raise rows.error(line, f"alias {rec['alias']!r} ({etype}) is listed twice")
        ambiguous[key] = rec["default"]

    return Gazetteer(entries=b.entries, aliases=tuple(b.aliases.values()), terms=tuple(terms),
                     ambiguous=ambiguous, capitals=capitals)


@functools.cache
def load_gazetteer() -> Gazetteer:
    """Read every file of kg/gazetteer/data once per process; a malformed row raises ValueError (file, line)."""
    return _load()
