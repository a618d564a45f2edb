"""Mentions → linked entities: gazetteer names, titled people, organs, treaties, coreference."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from kg.gazetteer import Gazetteer, fold, load_gazetteer
from kg.lexicon import read_groups, read_table
from kg.model import Entity, Mention
from kg.nlp import Paragraph, pipeline
from kg.vocab import slug

__all__ = ["Linked", "link"]

GAZ_CONFIDENCE = 0.95
PATTERN_CONFIDENCE = 0.7
FORCE_NOUNS = frozenset({"forces", "military", "army", "armed", "navy", "troops", "soldiers"})
ORG_FORCE_NOUNS = frozenset({"forces", "military", "army", "armed"})
MINISTRY_NOUNS = frozenset({"ministry", "department", "office"})
STATE_VOICE = frozenset({"foreign"})
# bodies named after their state that act apart from it ("Niger's junta", "Hungary's parliament")
RULING_BODIES = {"junta": "{state} junta", "parliament": "Parliament of {state}", "legislature": "Parliament of {state}"}
NAMED_ORGANS = {("central", "bank"): "Central Bank of {state}", ("national", "bank"): "National Bank of {state}",
                ("security", "council"): "Security Council of {state}", ("intelligence", "service"): "Intelligence Service of {state}"}  # ministries whose statements are the state's own
# after "military"/"army", these show it is the institution acting, not an adjective ("military fleet")
INSTITUTION_NEXT = frozenset(
    {"has", "have", "had", "is", "was", "were", "will", "would", "could", "can", "may", "must", "did",
     "does", "said", "says", "and", "or", "of", "in", "on", "to", "from", "with", "for", "that", "which",
     "who", "also", "then", "now", "still", "chief", "chiefs"}
)
TREATY_NOUNS = frozenset({"treaty", "pact", "agreement", "accord", "alliance", "deal", "memorandum"})
TREATY_KINDS = frozenset(
    {"defence", "defense", "security", "peace", "mutual", "strategic", "partnership", "military",
     "cooperation", "ceasefire", "nuclear", "trade", "border", "friendship", "non-aggression",
     "comprehensive", "assistance", "aid", "armistice", "arms", "control"}
)
MONTHS = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"}
)
ANAPHORA = {  # definite descriptions that point back to the latest entity of a type
    ("the", "country"): "State", ("the", "regime"): "State", ("the", "nation"): "State",
    ("the", "treaty"): "Treaty", ("the", "pact"): "Treaty", ("the", "accord"): "Treaty",
    ("the", "bloc"): "Organization", ("the", "alliance"): "Organization", ("the", "council"): "Organization",
}
NAME_STOP = frozenset({"The", "A", "An", "In", "On", "At", "And", "But", "Of", "For", "To", "As"})
# a capital after one of these names the city itself, not its government ("talks in Moscow")
LOCATIVE = frozenset({"in", "into", "at", "near", "outside", "inside", "around", "across"})
BODIES_OF_STATES = frozenset({"igo", "alliance", "bloc"})
GOVERNMENT_NOUNS = frozenset({"government", "regime", "authorities", "leadership", "administration"})
ADJUNCT_STARTERS = frozenset({"following", "after", "before", "despite", "amid", "since", "during", "under", "in", "with", "for", "unlike", "like", "beyond", "besides"})
SUBORDINATORS = frozenset({"that", "which", "who", "after", "following", "when", "because", "while", "as", "since", "before", "if"})
PLACE_VERBS = frozenset({"liberate", "liberated", "liberating", "occupy", "occupied", "occupying", "retake", "retook", "recapture", "recaptured", "capture", "captured", "seize", "seized", "encircle", "encircled", "besiege", "besieged", "shell", "shelled", "shelling"})
MOTION = frozenset({"way", "trip", "visit", "flew", "flight", "travelled", "traveled", "arrived", "returned", "went", "headed", "journey", "moved", "welcoming", "welcomed", "welcome", "travel", "came", "arrival", "invited"})
HEADING_VERBS = frozenset({"heads", "headed", "leads", "led", "chairs", "chaired", "runs", "ran", "commands", "commanded"})


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
        self.surfaces.setdefault(entity.id, set()).add(mention.text)

    def finished(self) -> tuple[tuple[Entity, ...], tuple[Mention, ...]]:
        """Return entities with every surface form as an alias, and mentions in text order."""
        out = []
        for eid in sorted(self.entities):
            e = self.entities[eid]
            names = sorted(s for s in self.surfaces.get(eid, ()) if s != e.label)
            out.append(Entity(e.id, e.label, e.type, e.wikidata, tuple(names), e.confidence))
        return tuple(out), tuple(sorted(self.mentions, key=lambda m: (m.start, -m.end)))


class Linker:
    """Finds gazetteer names in text; built once per process (see ``linker()``)."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        nlp = pipeline()
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
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
        self.title_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.title_info: dict[str, tuple[str, str]] = {}
        for title, typ, role in self.titles:
            # AP style lower-cases a title after a modifier: "Russian president X"
            forms = {title, title.lower()} if typ == "Leader" and "." not in title else {title}
            for form in sorted(forms):
                if form not in self.title_info:
                    self.title_info[form] = (typ, role)
                    self.title_matcher.add(form, [nlp.make_doc(form)])
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


def _case_ok(span: Span, strict: bool) -> bool:
    text = span.text
    if text[:4].lower() == "the " and len(text) > 4:
        text = text[4:]  # "the Philippines", "the Gambia": the article is not part of the check
    if strict:
        return text.replace(".", "").isupper() or text[0].isupper() and any(c.isupper() for c in text[1:])
    return text[0].isupper() or text[0].isdigit()


def _sentence_of(par: Paragraph, char: int) -> int:
    for i, s in enumerate(par.sentences):
        if s.start <= char < s.end:
            return i
    return len(par.sentences) - 1


def link(paragraphs: list[Paragraph], published: date | None) -> Linked:
    """Find and link every entity mention of a document's paragraphs.

    Sentence numbers in mentions count across the whole document.
    """
    lk = linker()
    result = Linked()
    base = 0
    for par in paragraphs:
        _link_paragraph(lk, par, base, published, result)
        base += len(par.sentences)
    _resolve_anaphora(paragraphs, result)
    _incumbents(lk, published, result)
    _heads_of(lk, paragraphs, result)
    _organ_parents(lk, result)
    return result


def _heads_of(lk: Linker, paragraphs: list[Paragraph], out: Linked) -> None:
    """ "Elvira Nabiullina, who heads Russia's central bank" / "X, who is ECOWAS commissioner"
    → X leads the body named in the relative clause (a name not yet known becomes a Leader)."""
    mentions = sorted(out.mentions, key=lambda m: m.start)
    base = 0
    for par in paragraphs:
        doc = par.doc
        for tok in doc:
            if tok.lower_ != "who" or tok.i < 2 or doc[tok.i - 1].text != ",":
                continue
            nxt = doc[tok.i + 1 : tok.i + 3]
            if not len(nxt) or not (nxt[0].lower_ in HEADING_VERBS or nxt[0].lower_ in ("is", "was")):
                continue
            body_start = par.start + nxt[0].idx + len(nxt[0])
            body = next((m for m in mentions if body_start <= m.start < body_start + 30
                         and out.entities[m.entity_id].type in ("State", "Organization")), None)
            if body is None:
                continue
            if nxt[0].lower_ in ("is", "was"):
                # "who is ECOWAS commissioner": the body must be followed by a title word
                lo = body.end - par.start
                after = doc.char_span(lo, min(len(doc.text), lo + 40), alignment_mode="expand")
                if after is None or not after or after[0].lower_ not in lk.title_info:
                    continue
            j = tok.i - 1
            k = j
            while k > 0 and j - k < 4 and (doc[k - 1].is_title or doc[k - 1].text == "-") and doc[k - 1].text not in NAME_STOP:
                k -= 1
            if k == j:
                continue
            name = doc[k:j]
            start, end = par.start + name.start_char, par.start + name.end_char
            known = next((m for m in mentions if m.start <= start < m.end or start <= m.start < end), None)
            if known is not None and out.entities[known.entity_id].type not in ("Leader", "Person"):
                continue
            if known is not None:
                person = out.entities[known.entity_id]
                if person.type == "Person":
                    person = Entity(person.id, person.label, "Leader", person.wikidata, person.aliases, person.confidence)
                    out.entities[person.id] = person
            else:
                if len(name) < 2:
                    continue
                person = Entity(slug(name.text), name.text, "Leader", None, (), PATTERN_CONFIDENCE)
                out.add(person, Mention(start, end, name.text, person.id, base + _sentence_of(par, start), "pattern"))
            out.standing.setdefault((person.id, "leaderOf", body.entity_id), body.sentence)
        base += len(par.sentences)


def _organ_parents(lk: Linker, out: Linked) -> None:
    """Keep "organ partOf body" only when the body is a state or is itself named in the text."""
    for key in list(out.standing):
        s, p, o = key
        if p == "partOf" and s in lk.gaz.entries and o not in out.entities:
            parent = lk.gaz.get(o)
            if parent is not None and parent.type == "State":
                out.entities[o] = _entity_for(lk, o)
            else:
                del out.standing[key]


def _incumbents(lk: Linker, published: date | None, out: Linked) -> None:
    """A known office-holder and the state or body they held office in, both named in the text.

    The term must cover the publication date (an undated article: a term still running), so a
    former leader named in passing is not made ``leaderOf`` today.
    """
    first: dict[str, int] = {}
    for m in sorted(out.mentions, key=lambda m: m.start):
        first.setdefault(m.entity_id, m.sentence)
    for eid, entity in list(out.entities.items()):
        if entity.type != "Leader" or eid not in lk.gaz.entries or eid not in first:
            continue
        for term in lk.gaz.terms_of(eid):
            running = term.covers(published) if published is not None else term.end is None
            if running and term.of in first:
                out.standing.setdefault((eid, "leaderOf", term.of), max(first[eid], first[term.of]))


def _entity_for(lk: Linker, entity_id: str) -> Entity:
    e = lk.gaz.get(entity_id)
    assert e is not None
    return Entity(e.id, e.label, e.type, e.wikidata, (), GAZ_CONFIDENCE)


def _locative(span: Span) -> bool:
    """Whether a name is used as a place: "in Moscow", "on his way to Mexico City"."""
    doc = span.doc
    if span.start == 0:
        return False
    k = span.start - 1
    while k > 0 and doc[k].text in "”’\"":
        k -= 1
    if doc[k].lower_ in PLACE_VERBS:
        return True  # "troops retook Kherson", "“liberate” Luanda": the city, not its government
    before = doc[span.start - 1].lower_
    if before in LOCATIVE:
        # "the government in Budapest" is the state, not the city
        return not (span.start >= 2 and doc[span.start - 2].lower_ in GOVERNMENT_NOUNS)
    return before == "to" and any(t.lower_ in MOTION for t in doc[max(0, span.start - 4) : span.start - 1])


def _pick(lk: Linker, key: str, span: Span) -> tuple[str, str] | None:
    """Choose the entity an alias names (a case check, then the ambiguity rule)."""
    options = [(eid, role) for eid, role, strict in lk.alias_roles.get(key, []) if _case_ok(span, strict)]
    if not options:
        return None
    ids = {eid for eid, _ in options}
    if len(ids) > 1 and _locative(span):
        places = [(eid, role) for eid, role in options if lk.gaz.entries[eid].type == "Region"]
        if places:
            return places[0]
    if len(ids) > 1:
        types = {lk.gaz.entries[eid].type for eid in ids}
        for t in sorted(types):
            default = lk.gaz.ambiguous.get((key, t))
            if default in ids:
                return default, next(r for e, r in options if e == default)
        # a capital used as a name is read as its state: the text metonymy the guidelines ask for
        for eid, role in options:
            if role in ("capital", "seat", "demonym", "label", "alias", "abbreviation"):
                if lk.gaz.entries[eid].type == "State":
                    return eid, role
    return options[0]


def _link_paragraph(lk: Linker, par: Paragraph, base: int, published: date | None, out: Linked) -> None:
    doc = par.doc
    spans = [Span(doc, s, e, label=key) for key, s, e in lk.matcher(doc)]
    titled = _titled_people(lk, doc, published)
    taken = filter_spans([s for s, _ in titled] + spans)
    covered = {i for s in taken for i in range(s.start, s.end)}
    for span in taken:
        sent = base + _sentence_of(par, par.start + span.start_char)
        start, end = par.start + span.start_char, par.start + span.end_char
        person = next((info for s, info in titled if s == span), None)
        if person is not None:
            _add_person(lk, doc, span, person, start, end, sent, published, out)
            continue
        picked = _pick(lk, doc.vocab.strings[span.label], span)
        if picked is None:
            continue
        eid, role = picked
        entry = lk.gaz.entries[eid]
        if role == "demonym" and _nonstate_head(doc, span.end):
            continue  # "Palestinian militant factions", "Russian media": people, not the state
        if entry.kind == "ministry" and entry.parent and any(w in fold(span.text).split() for w in STATE_VOICE):
            # a foreign ministry speaks as its state (GUIDELINES: "Seoul's foreign ministry")
            eid, role, entry = entry.parent, "seat", lk.gaz.entries[entry.parent]
        region = _region_after(doc, span, eid, covered) if entry.type == "State" else None
        if region is not None:
            reg, reg_start, reg_end = region
            rspan = doc[reg_start:reg_end]
            rsent = base + _sentence_of(par, par.start + rspan.start_char)
            out.add(reg, Mention(par.start + rspan.start_char, par.start + rspan.end_char, rspan.text, reg.id, rsent, "pattern"))
            out.surfaces[reg.id].add(doc[reg_start:reg_end - 1].text)
            out.standing.setdefault((reg.id, "locatedIn", eid), rsent)
        organ = _organ(lk, doc, span, eid, role) if entry.type == "State" else None
        if organ is not None:
            org, org_end = organ
            out.entities.setdefault(eid, _entity_for(lk, eid))  # the state named in the organ's name
            ospan = doc[span.start:org_end]
            out.add(org, Mention(start, par.start + ospan.end_char, ospan.text, org.id, sent, "pattern"))
            out.surfaces[org.id].add(doc[span.end:org_end].text.removeprefix("’s ").removeprefix("'s "))
            if org.id != eid:
                out.standing.setdefault((org.id, "partOf", eid), sent)
            continue
        out.add(_entity_for(lk, eid), Mention(start, end, span.text, eid, sent, role))
        if entry.type == "Region" and entry.parent:
            out.standing.setdefault((eid, "locatedIn", entry.parent), sent)
        if entry.type == "Organization" and entry.parent:
            parent = lk.gaz.get(entry.parent)
            if parent is not None and parent.type in ("State", "Organization"):
                # read as stated once the parent body is named too (resolved in _organ_parents)
                out.standing.setdefault((eid, "partOf", entry.parent), sent)
        if entry.type == "Treaty":
            for party in entry.parties:
                out.standing.setdefault((party, "partyTo", eid), sent)
    _known_surnames(lk, par, base, published, taken, out)
    _unknown_bodies(lk, par, base, taken, out)
    _described_treaties(lk, par, base, published, out)


REGION_NOUNS = frozenset({"region", "province", "oblast", "district", "governorate", "state", "prefecture", "county"})


@cache
def _nonstate_heads() -> frozenset[str]:
    return frozenset(row[0] for row in read_table("nonstate.tsv"))


def _nonstate_head(doc: Doc, i: int) -> bool:
    """Whether the words after a demonym (skipping one adjective) are a non-state head noun."""
    heads = _nonstate_heads()
    return any(t.lower_ in heads for t in doc[i : i + 2])


def _region_after(doc: Doc, span: Span, state_id: str, covered: set[int]) -> tuple[Entity, int, int] | None:
    """ "Lithuania's Kaunas region" → a Region (Kaunas) that lies in the state."""
    i = span.end
    if i >= len(doc) or doc[i].lower_ not in ("'s", "’s") or i + 1 in covered:
        return None
    j = i + 1
    while j < len(doc) and j - i <= 3 and doc[j].is_title and doc[j].is_alpha:
        j += 1
    if j == i + 1 or j >= len(doc) or doc[j].lower_ not in REGION_NOUNS:
        return None
    name = doc[i + 1 : j].text
    label = f"{name} {doc[j].text.title()}" if doc[j].lower_ == "oblast" else name
    return Entity(slug(f"{name} {state_id}"), label, "Region", None, (), PATTERN_CONFIDENCE), i + 1, j + 1


def _organ(lk: Linker, doc: Doc, span: Span, state_id: str, role: str) -> tuple[Entity, int] | None:
    """A state's armed forces or ministry named after it: "Russian forces", "Seoul's defence ministry"."""
    i = span.end
    if i < len(doc) and doc[i].lower_ in ("'s", "’s"):
        i += 1
    words = [t.lower_ for t in doc[i : i + 4]]
    state = lk.gaz.entries[state_id]
    if words[:2] == ["armed", "forces"] or (words[:1] and words[0] in ORG_FORCE_NOUNS - {"armed"}):
        if role not in ("demonym", "label", "alias", "abbreviation"):
            return None
        if words[0] in ("military", "army") and len(words) > 1 and words[1].isalpha() and not (
            words[1] in INSTITUTION_NEXT or words[1].endswith("ed")
        ):
            return None  # "Hungary's military fleet": an adjective, not the armed forces
        end = i + (2 if words[0] == "armed" else 1)
        military = lk.military_of.get(state_id)
        if military is not None:
            return _entity_for(lk, military), end
        label = f"{state.label} Armed Forces"
        return Entity(slug(label), label, "Organization", None, (), PATTERN_CONFIDENCE), end
    if tuple(words[:2]) in NAMED_ORGANS:
        label = NAMED_ORGANS[(words[0], words[1])].format(state=state.label)
        return Entity(slug(label), label, "Organization", None, (), PATTERN_CONFIDENCE), i + 2
    if words[:1] and words[0] in RULING_BODIES:
        label = RULING_BODIES[words[0]].format(state=state.label)
        return Entity(slug(label), label, "Organization", None, (), PATTERN_CONFIDENCE), i + 1
    # "<state>'s foreign ministry" speaks as the state itself; other ministries are organs of it
    for n in (1, 2):
        if len(words) > n and words[n] in MINISTRY_NOUNS and all(w.isalpha() for w in words[:n]):
            field_words = doc[i : i + n]
            if field_words[0].lower_ in ("foreign",) or field_words[0].lower_ in ("state",):
                return None
            if not all(t.is_lower or t.is_title for t in field_words):
                return None
            topic = " ".join(t.text.lower() for t in field_words)
            label = f"Ministry of {topic.title()} of {state.label}"
            return Entity(slug(label), label, "Organization", None, (), PATTERN_CONFIDENCE), i + n + 1
    return None


def _titled_people(lk: Linker, doc: Doc, published: date | None) -> list[tuple[Span, tuple[str, str, str, int]]]:
    """Spans "Title Name Name" (the span covers the name only) with (title, type, role, title start)."""
    found = []
    for key, s, e in filter_spans_matches(lk.title_matcher(doc)):
        title = doc.vocab.strings[key]
        j = e
        while j < len(doc) and j - e < 4 and doc[j].is_title and doc[j].is_alpha and doc[j].text not in NAME_STOP:
            j += 1
        # hyphenated given names: "Kim Jong-un"
        while j + 1 < len(doc) and doc[j].text == "-" and doc[j + 1].is_alpha and j - e < 5:
            j += 2
        if j == e and doc[j : j + 1].text == "," and title.islower():
            # "North Korea's leader, Kim Jong-un": a comma before a name the gazetteer knows
            k = j + 1
            while k < len(doc) and k - j <= 4 and (doc[k].is_title or doc[k].text == "-"):
                k += 1
            while k > j + 1 and not any(r[0] and lk.gaz.entries[r[0]].type == "Leader" for r in lk.alias_roles.get(fold(doc[j + 1 : k].text), [])):
                k -= 1
            if k > j + 1:
                e, j = j + 1, k
        if j == e:
            continue
        # honorifics and a second title before the name: "Supreme Leader Ayatollah Ali Khamenei"
        while j - e > 1 and (doc[e].text in lk.title_info) and fold(doc[e:j].text) not in lk.alias_roles:
            e += 1
        name = doc[e:j]
        if _names_no_person(lk, name.text):
            continue  # "President France", "Gen. Hamas": a title before a place or body is no person
        typ, role = lk.title_info[title]
        found.append((name, (title, typ, role, s)))
    found.extend(x for x in _appositive_titles(lk, doc) if not _names_no_person(lk, x[0].text))
    return found


def _names_no_person(lk: Linker, text: str) -> bool:
    """Whether the gazetteer knows a name only as something other than a person."""
    key = fold(text)
    kinds = {lk.gaz.entries[eid].type for eid, _, _ in lk.alias_roles.get(key, [])}
    if not kinds and slug(text) in lk.gaz.entries:
        kinds = {lk.gaz.entries[slug(text)].type}
    return bool(kinds) and "Leader" not in kinds


APPOSITION_DETS = frozenset({"the", "a", "an"})


def _appositive_titles(lk: Linker, doc: Doc) -> list[tuple[Span, tuple[str, str, str, int]]]:
    """ "Jim Mattis, the U.S. defense secretary," / "Wang Wenbin, a spokesman for …": the name before."""
    found = []
    for key, s, e in filter_spans_matches(lk.title_matcher(doc)):
        title = doc.vocab.strings[key]
        if not title.islower():
            continue
        i = s - 1
        if i >= 0 and doc[i].lower_ in ("'s", "’s"):
            i -= 1
        # the modifier: a state or body named right before the title (up to three tokens)
        k = i
        while k >= 0 and s - k <= 4 and (doc[k].is_title or doc[k].is_upper or doc[k].text in ("-", ".")):
            k -= 1
        if k >= 0 and doc[k].lower_ in APPOSITION_DETS:
            k -= 1
        if k < 1 or doc[k].text != ",":
            continue
        j = k
        while j > 0 and k - j < 4 and doc[j - 1].is_title and doc[j - 1].is_alpha and doc[j - 1].text not in NAME_STOP:
            j -= 1
        if j == k or (k - j == 1 and not lk.alias_roles.get(fold(doc[j].text))):
            continue  # a lone capitalised word before a comma is too thin to be a name
        typ, role = lk.title_info[title]
        found.append((doc[j:k], (title, typ, role, s)))
    return found


def filter_spans_matches(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Keep the longest of overlapping matches."""
    best: list[tuple[int, int, int]] = []
    for key, s, e in sorted(matches, key=lambda m: (m[1], -(m[2] - m[1]))):
        if best and s < best[-1][2]:
            continue
        best.append((key, s, e))
    return best


def _add_person(
    lk: Linker, doc: Doc, name: Span, info: tuple[str, str, str, int], start: int, end: int,
    sent: int, published: date | None, out: Linked,
) -> None:
    title, typ, role, title_start = info
    key = fold(name.text)
    person_id: str | None = None
    for eid, _, _ in lk.alias_roles.get(key, []):
        if lk.gaz.entries[eid].type == "Leader":
            person_id = eid
            break
    if person_id is None and len(name) == 1:
        candidates = lk.surnames.get(key, [])
        in_office = [c for c in candidates if _holds(lk, c, published, role)]
        if len(in_office) == 1:
            person_id = in_office[0]
        elif len(candidates) == 1 and published is None:
            person_id = candidates[0]
    if person_id is None:
        for known in out.entities.values():
            if known.type in ("Leader", "Person") and key in {fold(p) for p in known.label.split()}:
                person_id = known.id
                break
    if person_id is not None and person_id in lk.gaz.entries:
        entity = _entity_for(lk, person_id)
    elif person_id is not None:
        entity = out.entities[person_id]
    else:
        if len(name) == 1 and typ == "Person":
            return  # "Mr Smith" alone is too thin to mint a person from
        entity = Entity(slug(name.text), name.text, typ, None, (), PATTERN_CONFIDENCE)
    out.add(entity, Mention(start, end, name.text, entity.id, sent, "pattern"))
    if entity.type != "Leader":
        return
    # the state or body written before the title: "Russian President X", "Japan's Defence Minister X"
    state = _modifier_before(lk, doc, title_start)
    if state is None and person_id in lk.gaz.entries:
        terms = [t for t in lk.gaz.terms_of(person_id) if published is None or t.covers(published)]
        terms = [t for t in terms if not role or t.role == role]
        if len(terms) == 1 and title.lower() not in ("general", "gen.", "minister", "chief", "leader"):
            state = terms[0].of
    if state is not None and state != entity.id:
        out.standing.setdefault((entity.id, "leaderOf", state), sent)


def _holds(lk: Linker, person: str, on: date | None, role: str) -> bool:
    return any(
        (on is None or t.covers(on)) and (not role or t.role == role) for t in lk.gaz.terms_of(person)
    )


def _modifier_before(lk: Linker, doc: Doc, i: int) -> str | None:
    """The state named just before a title ("North Korean leader", "Japan's")."""
    j = i - 1
    if j >= 0 and doc[j].lower_ in ("'s", "’s"):
        j -= 1
    for length in (3, 2, 1):
        if j - length + 1 < 0:
            continue
        span = doc[j - length + 1 : j + 1]
        for eid, role, strict in lk.alias_roles.get(fold(span.text), []):
            entry = lk.gaz.entries[eid]
            if entry.type in ("State", "Organization") and _case_ok(span, strict):
                return eid
    return None


def _known_surnames(
    lk: Linker, par: Paragraph, base: int, published: date | None, taken: list[Span], out: Linked
) -> None:
    """Bare family or given names of people met earlier, or of gazetteer leaders then in office."""
    doc = par.doc
    covered = {i for s in taken for i in range(s.start, s.end)}
    seen_people = {
        fold(part): e.id
        for e in out.entities.values()
        if e.type in ("Leader", "Person")
        for part in e.label.replace("-", " ").split()
        if len(part) >= 3
    }
    for tok in doc:
        if tok.i in covered or not tok.is_title or not tok.is_alpha or len(tok) < 3:
            continue
        key = fold(tok.text)
        eid = seen_people.get(key)
        if eid is None:
            office = [c for c in lk.surnames.get(key, []) if _holds(lk, c, published, "")]
            if len(office) == 1 and fold(lk.gaz.entries[office[0]].label.split()[-1]) == key:
                eid = office[0]
        if eid is None:
            continue
        entity = out.entities.get(eid) or _entity_for(lk, eid)
        start = par.start + tok.idx
        out.add(entity, Mention(start, start + len(tok), tok.text, eid, base + _sentence_of(par, start), "coref"))


@cache
def _org_heads() -> frozenset[str]:
    return frozenset(row[0] for row in read_table("org_heads.tsv"))


def _unknown_bodies(lk: Linker, par: Paragraph, base: int, taken: list[Span], out: Linked) -> None:
    """A capitalised name ending in a body's head noun the gazetteer does not know:
    "the Eastern Theater Command", "Supreme National Security Council" (lower confidence)."""
    doc = par.doc
    heads = _org_heads()
    covered = {i for s in taken for i in range(s.start, s.end)}
    for tok in doc:
        if tok.text not in heads or tok.i in covered or tok.i == 0:
            continue
        j = tok.i
        while j > 0 and (doc[j - 1].is_title or (doc[j - 1].text in ("’s", "'s") and j > 1 and doc[j - 2].is_title)
                         or doc[j - 1].lower_ in ("of", "for", "and") and j > 1 and doc[j - 2].is_title):
            if doc[j - 1].i in covered or doc[j - 1].text in NAME_STOP:
                break
            j -= 1
        while j < tok.i and doc[j].lower_ in ("of", "for", "and", "’s", "'s"):
            j += 1
        if tok.i - j < 1:
            continue  # a head noun alone ("the Council") is too thin
        name = doc[j : tok.i + 1]
        if any(t.i in covered for t in name) or name[0].i == 0 and name[0].text in NAME_STOP:
            continue
        entity = Entity(slug(name.text), name.text, "Organization", None, (), PATTERN_CONFIDENCE)
        start, end = par.start + name.start_char, par.start + name.end_char
        out.add(entity, Mention(start, end, name.text, entity.id, base + _sentence_of(par, start), "pattern"))
        covered.update(range(name.start, name.end))


def _described_treaties(lk: Linker, par: Paragraph, base: int, published: date | None, out: Linked) -> None:
    """ "the June 2024 mutual defence treaty between A and B" → a Treaty with both as parties.

    Parties come from the text ("between A and B", "A and B signed …", "a pact with B"); a
    description without them is linked to the one curated treaty of that kind between the
    document's most-named states, if there is exactly one.
    """
    doc = par.doc
    cues = read_groups("treaty_cues.tsv")
    end_of_par = par.start + len(doc.text)  # doc.text joins every token: build it once, not per mention
    mentions = [m for m in out.mentions if par.start <= m.start < end_of_par]
    for tok in doc:
        if tok.lower_ not in TREATY_NOUNS:
            continue
        i = tok.i
        j = i
        while j > 0 and (
            doc[j - 1].lower_ in TREATY_KINDS or doc[j - 1].lower_ in MONTHS or doc[j - 1].like_num
            or (doc[j - 1].lower_ == "and" and j > 1 and doc[j - 2].lower_ in TREATY_KINDS)
        ):
            j -= 1
        kinds = [t.lower_ for t in doc[j:i] if t.lower_ in TREATY_KINDS]
        if not kinds:
            continue
        if tok.lower_ in ("deal", "alliance") and not {"defence", "defense", "security", "mutual"} & set(kinds):
            continue
        if any(t.lower_ in cues["proposal"] for t in doc[max(0, j - 3) : j]):
            continue  # sought, not made
        start, end = par.start + doc[j].idx, par.start + tok.idx + len(tok)
        sent = base + _sentence_of(par, start)
        sentence = par.sentences[sent - base]
        in_sentence = [m for m in mentions if sentence.start <= m.start < sentence.end]
        parties = _treaty_parties(lk, doc, par, in_sentence, start, end, published, out, cues["signing"])
        year = next((t.text for t in doc[j:i] if t.like_num and len(t.text) == 4), "")
        known = _known_treaty(lk, parties, kinds, year, published, out)
        if known is not None:
            entity = _entity_for(lk, known)
            parties = list(lk.gaz.entries[known].parties)
        else:
            words = " ".join(t.text.lower() for t in doc[j : i + 1] if not t.like_num and t.lower_ not in MONTHS)
            label = words[0].upper() + words[1:]
            if parties:
                label += " between " + " and ".join(lk.gaz.entries[p].label for p in parties)
            entity = Entity(slug(label + " " + year), label, "Treaty", None, (), PATTERN_CONFIDENCE)
        text = doc[j : i + 1].text
        out.add(entity, Mention(start, end, text, entity.id, sent, "pattern"))
        for party in parties:
            if party in out.entities:
                out.standing.setdefault((party, "partyTo", entity.id), sent)


def _state_of(lk: Linker, entity_id: str, published: date | None, out: Linked) -> str | None:
    """The state an actor stands for: itself, or the state a leader then headed."""
    entity = out.entities.get(entity_id)
    if entity is None:
        return None
    if entity.type == "State":
        return entity_id
    if entity.type == "Leader":
        heads = {
            t.of for t in lk.gaz.terms_of(entity_id)
            if t.role in ("head_of_state", "head_of_government")
            and (t.covers(published) if published is not None else t.end is None)
        }
        if len(heads) == 1:
            return heads.pop()
    return None


def _treaty_parties(
    lk: Linker, doc: Doc, par: Paragraph, in_sentence: list[Mention], start: int, end: int,
    published: date | None, out: Linked, signing: frozenset[str],
) -> list[str]:
    def states(ms: list[Mention]) -> list[str]:
        found = []
        for m in ms:
            s = _state_of(lk, m.entity_id, published, out)
            if s is not None and s not in found:
                found.append(s)
        return found

    after = [m for m in in_sentence if m.start > end and m.start - end < 40]
    text_after = doc.text[end - par.start : end - par.start + 12].lower()
    if text_after.lstrip().startswith("between"):
        both = states(after)[:2]
        if len(both) == 2:
            return sorted(both)
    before = [m for m in in_sentence if m.end <= start]
    lead = doc.text[: start - par.start].lower().split()[-6:]
    if before and any(w in signing for w in lead):
        signers = states(before)
        if len(signers) >= 2:
            return sorted(signers[-2:])
    if text_after.lstrip().startswith("with"):
        other = states(after)[:1]
        own = [s for s in states(before) if s not in other][:1]
        if other and own:
            return sorted(own + other)
    return []


def _known_treaty(
    lk: Linker, parties: list[str], kinds: list[str], year: str, published: date | None, out: Linked
) -> str | None:
    """The curated treaty a description names, by its parties (or the salient states) and kind."""
    def fits(entry_id: str) -> bool:
        entry = lk.gaz.entries[entry_id]
        if published is not None and entry.date is not None and entry.date > published:
            return False
        if year and entry.date is not None and str(entry.date.year) != year:
            return False
        names = " ".join([entry.label, *(a.text for a in lk.gaz.aliases_of(entry_id))]).lower()
        return any(k in names for k in kinds if k not in ("treaty",))

    if parties:
        found = [t for t in lk.treaties_by_parties.get(tuple(sorted(parties)), []) if fits(t)]
        return found[0] if len(found) == 1 else None
    counts: dict[str, int] = {}
    for m in out.mentions:
        if out.entities[m.entity_id].type == "State":
            counts[m.entity_id] = counts.get(m.entity_id, 0) + 1
    scored = []
    for key, ids in lk.treaties_by_parties.items():
        if len(key) >= 2 and all(p in counts for p in key):
            for t in ids:
                if fits(t):
                    scored.append((min(counts[p] for p in key), t))
    scored.sort(reverse=True)
    if scored and (len(scored) == 1 or scored[0][0] > scored[1][0]) and scored[0][0] >= 2:
        return scored[0][1]
    return None


def _antecedent(prior: list[Mention], par: Paragraph, start: int) -> str:
    """The entity a definite description points back to.

    Not the subject of its own clause ("the US called on the country": the country is not the
    US); among the entities of the last two sentences, the one the text has named most so far
    (the topic), the latest on a tie.
    """
    sentence = _sentence_of(par, start)
    own = par.sentences[sentence] if 0 <= sentence < len(par.sentences) else None
    last = prior[-1]
    clause_subject = None
    if own is not None and last.start >= own.start:
        between = par.doc.text[last.end - par.start : start - par.start]
        before = par.doc.text[max(0, last.start - par.start - 20) : last.start - par.start].lower().split()
        while before and before[-1] in ("the", "a", "an"):
            before.pop()
        words = set(between.lower().split())
        if (
            not any(c in between for c in ",;:")
            and len(words) <= 6
            and not words & SUBORDINATORS
            and not (before and before[-1] in ("to", "of", "on", "with", "for", "from", "against", "in"))
        ):
            clause_subject = last.entity_id
    # a description does not repeat the subject of its own sentence (that would be "it")
    same = [m for m in prior if m.sentence == last.sentence and own is not None and m.start >= own.start]
    opener = None
    if same and own is not None:
        lead = par.doc.text[own.start - par.start : same[0].start - par.start].lower().split()
        # "Following X's admission, …": a fronted adjunct, not the subject
        if not (set(lead) & ADJUNCT_STARTERS):
            opener = same[0].entity_id
    excluded = {clause_subject, opener}
    window = [m for m in prior if m.sentence >= last.sentence - 1 and m.entity_id not in excluded]
    if not window:
        window = [m for m in prior if m.entity_id not in excluded] or prior
    counts: dict[str, int] = {}
    for m in prior:
        counts[m.entity_id] = counts.get(m.entity_id, 0) + 1
    order = {m.entity_id: i for i, m in enumerate(window)}
    # on a tie, the one that opened its sentence (its subject, usually) before the latest
    openers = {m.entity_id for m in window if m is min((x for x in prior if x.sentence == m.sentence), key=lambda x: x.start)}
    return max(order, key=lambda e: (counts[e], e in openers, order[e]))


GROUP_SIZES = {"two": 2, "three": 3, "both": 2}
GROUP_NOUNS = frozenset({"countries", "nations", "states", "sides", "neighbours", "neighbors", "governments", "allies"})


def _group_anaphor(
    par: Paragraph, tok: Token, noun: Token, size: int, ordered: list[Mention], base: int, out: Linked
) -> None:
    """ "the two countries" → one mention for each of the last two states named before it."""
    doc = par.doc
    start = par.start + tok.idx
    end = par.start + noun.idx + len(noun)
    states: list[str] = []
    for m in reversed([m for m in ordered if m.end <= start]):
        if out.entities[m.entity_id].type == "State" and m.entity_id not in states:
            states.append(m.entity_id)
        if len(states) == size:
            break
    if len(states) < size:
        return
    sent = base + _sentence_of(par, start)
    text = doc[tok.i : noun.i + 1].text
    for state in reversed(states):
        out.mentions.append(Mention(start, end, text, state, sent, "coref"))


PRONOUN_VERBS = frozenset({"has", "had", "have", "would", "will", "said", "says", "was", "is", "could", "must", "should", "did", "does"})


def _pronoun(par: Paragraph, tok: Token, ordered: list[Mention], base: int, out: Linked) -> None:
    """Lower-case "it" before a verb, as a clause subject, names the state or body that opened the
    clause or sentence before it ("Israel has not …, although it has …"); only when that opener is
    the one actor named there, so a sentence about a plan or a deal is left alone."""
    start = par.start + tok.idx
    sentence = _sentence_of(par, start)
    own = par.sentences[sentence]
    prior = [m for m in ordered if m.end <= start and out.entities[m.entity_id].type in ("State", "Organization")]
    same = [m for m in prior if m.start >= own.start]
    if not same and sentence > 0:
        before = par.sentences[sentence - 1]
        same = [m for m in prior if before.start <= m.start < before.end]
    if not same or len({m.entity_id for m in same}) > 1:
        return
    sent = base + sentence
    out.mentions.append(Mention(start, start + 2, "it", same[0].entity_id, sent, "coref"))


def _resolve_anaphora(paragraphs: list[Paragraph], out: Linked) -> None:
    """ "the country", "the treaty", "the North" → the latest entity of the fitting type."""
    ordered = sorted(out.mentions, key=lambda m: m.start)
    base = 0
    for par in paragraphs:
        doc = par.doc
        for tok in doc[:-1]:
            nxt = doc[tok.i + 1]
            pair = (tok.lower_, nxt.lower_)
            start = par.start + tok.idx
            if tok.text == "it" and nxt.lower_ in PRONOUN_VERBS:
                _pronoun(par, tok, ordered, base, out)
                continue
            want = ANAPHORA.get(pair)
            if want is None and tok.lower_ == "the" and tok.i + 2 < len(doc) and nxt.is_lower and nxt.is_alpha:
                # one adjective between: "the regional bloc", "the Asian country"
                want = ANAPHORA.get(("the", doc[tok.i + 2].lower_))
                nxt = doc[tok.i + 2] if want else nxt
            if tok.lower_ in ("the", "both") and nxt.lower_ in GROUP_SIZES:
                # "the two countries", "the two Nordic governments"
                # (an adjective between, "the two Nordic governments", narrows the set in ways a
                # list of the last states named cannot follow: no antecedent then)
                noun = doc[tok.i + 2] if tok.i + 2 < len(doc) and doc[tok.i + 2].lower_ in GROUP_NOUNS else None
                if noun is not None:
                    _group_anaphor(par, tok, noun, GROUP_SIZES[nxt.lower_], ordered, base, out)
                    continue
            direction = None
            if pair[0] == "the" and nxt.text in ("North", "South") and (tok.i + 2 >= len(doc) or not doc[tok.i + 2].is_title):
                want, direction = "State", nxt.text
            if want is None:
                continue
            prior = [m for m in ordered if m.end <= start and out.entities[m.entity_id].type == want]
            if want == "Organization":  # "the bloc", "the alliance": a body of states, not a ministry
                prior = [m for m in prior if getattr(linker().gaz.get(m.entity_id), "kind", "") in BODIES_OF_STATES]
            if direction:
                prior = [m for m in prior if out.entities[m.entity_id].label.startswith(direction + " ")]
            if not prior:
                continue
            target = _antecedent(prior, par, start)
            end = par.start + nxt.idx + len(nxt)
            sent = base + _sentence_of(par, start)
            out.mentions.append(Mention(start, end, doc[tok.i : nxt.i + 1].text, target, sent, "coref"))
        base += len(par.sentences)
