"""The linker: gazetteer names matched in text, and the entities and mentions found in a document."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc as SpacyDoc
from spacy.vocab import Vocab

from kg.gazetteer import Gazetteer, fold, load_gazetteer
from kg.lexicon import read_table
from kg.model import Entity, Mention
from kg.nlp import Paragraph, pipeline
from kg.tokens import Doc, Span

__all__ = ["GAZ_CONFIDENCE", "PATTERN_CONFIDENCE", "Linked", "Linker", "Phrases", "case_ok", "entity_for", "linker", "sentence_of"]

GAZ_CONFIDENCE = 0.95
PATTERN_CONFIDENCE = 0.7


@dataclass
class Linked:
    """Entities found in one document, their mentions and the standing facts read with them."""

    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    surfaces: dict[str, set[str]] = field(default_factory=dict)
    # (subject, predicate, object) -> index of the sentence that states it, for standing facts
    standing: dict[tuple[str, str, str], int] = field(default_factory=dict)

    def add(self, entity: Entity, mention: Mention) -> None:
        """Record a mention, registering its entity on first sight."""
        if entity.id not in self.entities:
            self.entities[entity.id] = entity
        self.mentions.append(mention)
        surfaces = self.surfaces.get(entity.id)
        if surfaces is None:  # not setdefault: that builds an empty set per mention
            surfaces = self.surfaces[entity.id] = set()
        surfaces.add(mention.text)

    def finished(self) -> tuple[tuple[Entity, ...], tuple[Mention, ...]]:
        """Return entities with every surface form as an alias, and mentions in text order."""
        out = []
        for eid in sorted(self.entities):
            e = self.entities[eid]
            names = sorted(s for s in self.surfaces.get(eid, ()) if s != e.label)
            out.append(Entity(e.id, e.label, e.type, e.wikidata, tuple(names), e.confidence))
        return tuple(out), tuple(sorted(self.mentions, key=lambda m: (m.start, -m.end)))


class Phrases:
    """A spaCy ``PhraseMatcher`` called on a paragraph's tokens (it runs on their spaCy Doc)."""

    def __init__(self, vocab: Vocab, attr: str) -> None:
        self.matcher = PhraseMatcher(vocab, attr=attr)
        # the last document matched and its matches: the rules ask twice about the same paragraph
        self._last: tuple[SpacyDoc, list[tuple[int, int, int]]] | None = None

    def add(self, key: str, docs: list[SpacyDoc]) -> None:
        self.matcher.add(key, docs)
        self._last = None

    def __call__(self, doc: Doc | SpacyDoc) -> list[tuple[int, int, int]]:
        target = doc.spacy if isinstance(doc, Doc) else doc
        if self._last is None or self._last[0] is not target:
            self._last = (target, self.matcher(target))
        return list(self._last[1])  # a copy: callers may sort or change it


class Linker:
    """Finds gazetteer names in text; built once per process (see ``linker()``)."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        nlp = pipeline()
        self.matcher = Phrases(nlp.vocab, "LOWER")
        self.alias_roles: dict[str, list[tuple[str, str, bool]]] = {}
        patterns: dict[str, set[str]] = {}
        for alias in gaz.aliases:
            entry = gaz.get(alias.entity_id)
            if entry is None:
                continue
            strict = alias.role == "abbreviation" or len(alias.text) <= 3 or alias.text.isupper()
            for variant in _variants(alias.text, entry.type):
                key = fold(variant)
                self.alias_roles.setdefault(key, []).append((alias.entity_id, alias.role, strict))
                patterns.setdefault(key, set()).add(variant)
        for key, variants in patterns.items():
            self.matcher.add(key, [nlp.make_doc(v) for v in sorted(variants)])
        self.surnames: dict[str, list[str]] = {}
        for entry in gaz.entries.values():
            if entry.type == "Leader":
                parts = entry.label.split()
                if len(parts) >= 2:
                    for part in {parts[0], parts[-1]}:
                        if len(part) >= 3:
                            self.surnames.setdefault(fold(part), []).append(entry.id)
        self.titles = sorted(
            ((row[0], row[1], row[2] if len(row) > 2 else "") for row in read_table("titles.tsv")),
            key=lambda r: -len(r[0]),
        )
        self.title_matcher = Phrases(nlp.vocab, "ORTH")
        self.title_info: dict[str, tuple[str, str]] = {}
        for title, typ, role in self.titles:
            # AP style lower-cases a title after a modifier: "Russian president X"
            forms = {title, title.lower()} if typ == "Leader" and "." not in title else {title}
            for form in sorted(forms):
                if form not in self.title_info:
                    self.title_info[form] = (typ, role)
                    self.title_matcher.add(form, [nlp.make_doc(form)])
        self.entities: dict[str, Entity] = {}  # entity_for's, by id
        # indexes used per mention: built once here rather than scanning every entry each time
        self.military_of: dict[str, str] = {}
        self.treaties_by_parties: dict[tuple[str, ...], list[str]] = {}
        for entry in gaz.entries.values():
            if entry.kind == "military" and entry.parent:
                self.military_of.setdefault(entry.parent, entry.id)
            if entry.type == "Treaty" and entry.parties:
                self.treaties_by_parties.setdefault(tuple(sorted(entry.parties)), []).append(entry.id)


def _variants(text: str, etype: str) -> Iterable[str]:
    yield text
    if "'" in text:
        yield text.replace("'", "’")  # typographic apostrophe: "People’s Liberation Army"
    ascii_form = fold(text)
    if ascii_form.replace(" ", "") != text.lower().replace(" ", "").replace(".", "").replace("-", ""):
        # the alias carries diacritics: also match its plain-ASCII spelling
        import unicodedata

        yield unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    if etype == "Leader":
        parts = text.replace("-", " ").split()
        if len(parts) >= 3:
            yield " ".join(parts[:-2] + [parts[-2] + "-" + parts[-1].lower()])
            yield " ".join(parts[:-2] + [parts[-2] + "-" + parts[-1]])
            yield " ".join(parts)


@cache
def linker() -> Linker:
    """Return the process-wide linker (the gazetteer and matchers load once per process)."""
    return Linker(load_gazetteer())


def case_ok(span: Span, strict: bool) -> bool:
    text = span.text
    if text[:4].lower() == "the " and len(text) > 4:
        text = text[4:]  # "the Philippines", "the Gambia": the article is not part of the check
    if strict:
        return text.replace(".", "").isupper() or text[0].isupper() and any(c.isupper() for c in text[1:])
    words = text.split()
    # a curated name may open with a lower-case qualifier: "southern Lebanon", "occupied West Bank"
    qualified = len(words) > 1 and words[0].islower() and words[1][:1].isupper()
    return text[0].isupper() or text[0].isdigit() or qualified


def sentence_of(par: Paragraph, char: int) -> int:
    for i, s in enumerate(par.sentences):
        if s.start <= char < s.end:
            return i
    return len(par.sentences) - 1


def entity_for(lk: Linker, entity_id: str) -> Entity:
    """The Entity of a gazetteer entry (made once per process: entities are immutable)."""
    entity = lk.entities.get(entity_id)
    if entity is None:
        e = lk.gaz.get(entity_id)
        assert e is not None
        entity = lk.entities[entity_id] = Entity(e.id, e.label, e.type, e.wikidata, (), GAZ_CONFIDENCE)
    return entity
