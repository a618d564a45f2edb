"""Mentions → linked entities: gazetteer names, places, titled people, organs, office-holders."""

from __future__ import annotations

from datetime import date
from functools import cache

from kg.coref import resolve_anaphora
from kg.gazetteer import fold
from kg.lexicon import read_table
from kg.linker import PATTERN_CONFIDENCE, Linked, Linker, case_ok, entity_for, linker, sentence_of
from kg.model import Entity, Mention
from kg.nlp import Paragraph
from kg.tokens import Doc, Span, filter_spans
from kg.treaties import described_treaties
from kg.vocab import slug

__all__ = ["Linked", "link"]

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
NAME_STOP = frozenset({"The", "A", "An", "In", "On", "At", "And", "But", "Of", "For", "To", "As"})
# a capital after one of these names the city itself, not its government ("talks in Moscow")
LOCATIVE = frozenset({"in", "into", "at", "near", "outside", "inside", "around", "across"})
GOVERNMENT_NOUNS = frozenset({"government", "regime", "authorities", "leadership", "administration"})
PLACE_VERBS = frozenset({"liberate", "liberated", "liberating", "occupy", "occupied", "occupying", "retake", "retook", "retaking", "recapture", "recaptured", "recapturing", "capture", "captured", "seize", "seized", "encircle", "encircled", "besiege", "besieged", "shell", "shelled", "shelling"})
MOTION = frozenset({"way", "trip", "visit", "flew", "flight", "travelled", "traveled", "arrived", "returned", "went", "headed", "journey", "moved", "welcoming", "welcomed", "welcome", "travel", "came", "arrival", "invited"})
HEADING_VERBS = frozenset({"heads", "headed", "leads", "led", "chairs", "chaired", "runs", "ran", "commands", "commanded"})


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
    resolve_anaphora(paragraphs, result)
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
            if tok.lower_ != "who" or tok.i < 2 or doc.tokens[tok.i - 1].text != ",":
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
            while k > 0 and j - k < 4 and (doc.tokens[k - 1].is_title or doc.tokens[k - 1].text == "-") and doc.tokens[k - 1].text not in NAME_STOP:
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
                out.add(person, Mention(start, end, name.text, person.id, base + sentence_of(par, start), "pattern"))
            out.standing.setdefault((person.id, "leaderOf", body.entity_id), body.sentence)
        base += len(par.sentences)


def _organ_parents(lk: Linker, out: Linked) -> None:
    """Keep "organ partOf body" only when the body is a state or is itself named in the text."""
    for key in list(out.standing):
        s, p, o = key
        if p == "partOf" and s in lk.gaz.entries and o not in out.entities:
            parent = lk.gaz.get(o)
            if parent is not None and parent.type == "State":
                out.entities[o] = entity_for(lk, o)
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


def _locative(span: Span) -> bool:
    """Whether a name is used as a place: "in Moscow", "on his way to Mexico City"."""
    doc = span.doc
    if span.start == 0:
        return False
    k = span.start - 1
    while k > 0 and doc.tokens[k].text in "”’\"":
        k -= 1
    if doc.tokens[k].lower_ in PLACE_VERBS:
        return True  # "troops retook Kherson", "“liberate” Luanda": the city, not its government
    before = doc.tokens[span.start - 1].lower_
    if before in LOCATIVE:
        # "the government in Budapest" is the state, not the city
        return not (span.start >= 2 and doc.tokens[span.start - 2].lower_ in GOVERNMENT_NOUNS)
    return before == "to" and any(t.lower_ in MOTION for t in doc[max(0, span.start - 4) : span.start - 1])


def _pick(lk: Linker, key: str, span: Span) -> tuple[str, str] | None:
    """Choose the entity an alias names (a case check, then the ambiguity rule)."""
    options = [(eid, role) for eid, role, strict in lk.alias_roles.get(key, []) if case_ok(span, strict)]
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
    # "Supreme National Security Council" is not the "Security Council": a known name ending in a
    # body's head noun, with more capitalised words before it, is part of a longer unknown name
    longer = [s for s in taken if _inside_longer_name(doc, s, covered)]
    taken = [s for s in taken if s not in longer]
    covered.difference_update(i for s in longer for i in range(s.start, s.end))
    # a titled name's details by what Span equality compares (the first one listed, as a scan would find)
    titles: dict[tuple[int, int, int, int], tuple[str, str, str, int]] = {}
    for s, info in titled:
        titles.setdefault(s._key(), info)
    for span in taken:
        sent = base + sentence_of(par, par.start + span.start_char)
        start, end = par.start + span.start_char, par.start + span.end_char
        person = titles.get(span._key())
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
            rsent = base + sentence_of(par, par.start + rspan.start_char)
            out.add(reg, Mention(par.start + rspan.start_char, par.start + rspan.end_char, rspan.text, reg.id, rsent, "pattern"))
            out.surfaces[reg.id].add(doc[reg_start:reg_end - 1].text)
            out.standing.setdefault((reg.id, "locatedIn", eid), rsent)
        organ = _organ(lk, doc, span, eid, role) if entry.type == "State" else None
        if organ is not None:
            org, org_end = organ
            out.entities.setdefault(eid, entity_for(lk, eid))  # the state named in the organ's name
            ospan = doc[span.start:org_end]
            out.add(org, Mention(start, par.start + ospan.end_char, ospan.text, org.id, sent, "pattern"))
            out.surfaces[org.id].add(doc[span.end:org_end].text.removeprefix("’s ").removeprefix("'s "))
            if org.id != eid:
                out.standing.setdefault((org.id, "partOf", eid), sent)
            continue
        out.add(entity_for(lk, eid), Mention(start, end, span.text, eid, sent, role))
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
    described_treaties(lk, par, base, published, out)


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
    if i >= len(doc) or doc.tokens[i].lower_ not in ("'s", "’s") or i + 1 in covered:
        return None
    j = i + 1
    while j < len(doc) and j - i <= 3 and doc.tokens[j].is_title and doc.tokens[j].is_alpha:
        j += 1
    if j == i + 1 or j >= len(doc) or doc.tokens[j].lower_ not in REGION_NOUNS:
        return None
    name = doc[i + 1 : j].text
    label = f"{name} {doc.tokens[j].text.title()}" if doc.tokens[j].lower_ == "oblast" else name
    return Entity(slug(f"{name} {state_id}"), label, "Region", None, (), PATTERN_CONFIDENCE), i + 1, j + 1


def _organ(lk: Linker, doc: Doc, span: Span, state_id: str, role: str) -> tuple[Entity, int] | None:
    """A state's armed forces or ministry named after it: "Russian forces", "Seoul's defence ministry"."""
    i = span.end
    if i < len(doc) and doc.tokens[i].lower_ in ("'s", "’s"):
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
            return entity_for(lk, military), end
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
        while j < len(doc) and j - e < 4 and doc.tokens[j].is_title and doc.tokens[j].is_alpha and doc.tokens[j].text not in NAME_STOP:
            j += 1
        # hyphenated given names: "Kim Jong-un"
        while j + 1 < len(doc) and doc.tokens[j].text == "-" and doc.tokens[j + 1].is_alpha and j - e < 5:
            j += 2
        if j == e and doc[j : j + 1].text == "," and title.islower():
            # "North Korea's leader, Kim Jong-un": a comma before a name the gazetteer knows
            k = j + 1
            while k < len(doc) and k - j <= 4 and (doc.tokens[k].is_title or doc.tokens[k].text == "-"):
                k += 1
            while k > j + 1 and not any(r[0] and lk.gaz.entries[r[0]].type == "Leader" for r in lk.alias_roles.get(fold(doc[j + 1 : k].text), [])):
                k -= 1
            if k > j + 1:
                e, j = j + 1, k
        if j == e:
            continue
        # honorifics and a second title before the name: "Supreme Leader Ayatollah Ali Khamenei"
        while j - e > 1 and (doc.tokens[e].text in lk.title_info) and fold(doc[e:j].text) not in lk.alias_roles:
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
RANK_QUALIFIERS = frozenset({"deputy", "acting", "interim", "vice", "first"})


def _appositive_titles(lk: Linker, doc: Doc) -> list[tuple[Span, tuple[str, str, str, int]]]:
    """ "Jim Mattis, the U.S. defense secretary," / "Wang Wenbin, a spokesman for …": the name before."""
    found = []
    for key, s, e in filter_spans_matches(lk.title_matcher(doc)):
        title = doc.vocab.strings[key]
        if not title.islower():
            continue
        i = s - 1
        if i >= 0 and doc.tokens[i].lower_ in RANK_QUALIFIERS:  # "Iran's deputy foreign minister"
            i -= 1
        if i >= 0 and doc.tokens[i].lower_ in ("'s", "’s"):
            i -= 1
        # the modifier: a state or body named right before the title (up to three tokens)
        k = i
        while k >= 0 and s - k <= 4 and (doc.tokens[k].is_title or doc.tokens[k].is_upper or doc.tokens[k].text in ("-", ".")):
            k -= 1
        if k >= 0 and doc.tokens[k].lower_ in RANK_QUALIFIERS:  # "the deputy prime minister of X"
            k -= 1
        if k >= 0 and doc.tokens[k].lower_ in APPOSITION_DETS:
            k -= 1
        if k < 1 or doc.tokens[k].text != ",":
            continue
        j = k
        while j > 0 and k - j < 4 and doc.tokens[j - 1].is_title and doc.tokens[j - 1].is_alpha and doc.tokens[j - 1].text not in NAME_STOP:
            j -= 1
        if j == k or (k - j == 1 and not lk.alias_roles.get(fold(doc.tokens[j].text))):
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
        entity = entity_for(lk, person_id)
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
    if state is None and person_id is not None and person_id in lk.gaz.entries:
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
    if j >= 0 and doc.tokens[j].lower_ in ("'s", "’s"):
        j -= 1
    for length in (3, 2, 1):
        if j - length + 1 < 0:
            continue
        span = doc[j - length + 1 : j + 1]
        for eid, role, strict in lk.alias_roles.get(fold(span.text), []):
            entry = lk.gaz.entries[eid]
            if entry.type in ("State", "Organization") and case_ok(span, strict):
                return eid
    return None


def _known_surnames(
    lk: Linker, par: Paragraph, base: int, published: date | None, taken: list[Span], out: Linked
) -> None:
    """Bare family or given names of people met earlier, or of gazetteer leaders then in office."""
    doc = par.doc
    covered = {i for s in taken for i in range(s.start, s.end)}
    seen_people: dict[str, str] | None = None  # made at the first candidate, before this loop adds any
    for tok in doc.tokens:
        text = tok.text
        if len(text) < 3 or not text.istitle() or not text.isalpha() or tok.i in covered:
            continue
        if seen_people is None:
            seen_people = {
                fold(part): e.id
                for e in out.entities.values()
                if e.type in ("Leader", "Person")
                for part in e.label.replace("-", " ").split()
                if len(part) >= 3
            }
        key = fold(text)
        eid = seen_people.get(key)
        if eid is None:
            office = [c for c in lk.surnames.get(key, []) if _holds(lk, c, published, "")]
            if len(office) == 1 and fold(lk.gaz.entries[office[0]].label.split()[-1]) == key:
                eid = office[0]
        if eid is None:
            continue
        entity = out.entities.get(eid) or entity_for(lk, eid)
        start = par.start + tok.idx
        out.add(entity, Mention(start, start + len(tok), tok.text, eid, base + sentence_of(par, start), "coref"))


@cache
def _org_heads() -> frozenset[str]:
    return frozenset(row[0] for row in read_table("org_heads.tsv"))


def _inside_longer_name(doc: Doc, span: Span, covered: set[int]) -> bool:
    """Whether a known body's name ("Security Council") ends a longer capitalised name ("Supreme
    National Security Council") that no other match covers."""
    before = span.start - 1
    return (
        span[-1].text in _org_heads() and before > 0 and before not in covered
        and doc.tokens[before].is_title and doc.tokens[before].text not in NAME_STOP and not doc.tokens[before].is_sent_start
    )


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
        while j > 0 and (doc.tokens[j - 1].is_title or (doc.tokens[j - 1].text in ("’s", "'s") and j > 1 and doc.tokens[j - 2].is_title)
                         or doc.tokens[j - 1].lower_ in ("of", "for", "and") and j > 1 and doc.tokens[j - 2].is_title):
            if doc.tokens[j - 1].i in covered or doc.tokens[j - 1].text in NAME_STOP:
                break
            j -= 1
        while j < tok.i and doc.tokens[j].lower_ in ("of", "for", "and", "’s", "'s"):
            j += 1
        if tok.i - j < 1:
            continue  # a head noun alone ("the Council") is too thin
        name = doc[j : tok.i + 1]
        if any(t.i in covered for t in name) or name[0].i == 0 and name[0].text in NAME_STOP:
            continue
        entity = Entity(slug(name.text), name.text, "Organization", None, (), PATTERN_CONFIDENCE)
        start, end = par.start + name.start_char, par.start + name.end_char
        out.add(entity, Mention(start, end, name.text, entity.id, base + sentence_of(par, start), "pattern"))
        covered.update(range(name.start, name.end))

