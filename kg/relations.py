"""Sentences + linked mentions → typed relations (trigger lexicon, direction, modality, evidence)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from kg.dates import resolve_event_date
from kg.entities import GOVERNMENT_NOUNS, PLACE_VERBS, RANK_QUALIFIERS
from kg.linker import Linked
from kg.gazetteer import load_gazetteer
from kg.lexicon import read_groups, read_table
from kg.model import Entity, Evidence, Mention, Relation, Sentence
from kg.nlp import Paragraph
from kg.tokens import Doc
from kg.vocab import SYMMETRIC_PREDICATES

__all__ = ["extract_relations"]

ACTORS = frozenset({"State", "Organization", "Leader", "Person"})
STATE_LIKE = frozenset({"State", "Organization"})
# subject and object types each predicate admits (GUIDELINES.md); None = any entity
DOMAIN: dict[str, frozenset[str]] = {
    "deploysTo": STATE_LIKE, "alliedWith": STATE_LIKE, "atWarWith": frozenset({"State"}),
    "memberOf": frozenset({"State"}), "partyTo": STATE_LIKE, "partOf": frozenset({"Organization"}),
    # force is used by states and armed bodies: a leader who orders a strike stands for the state
    "attacks": STATE_LIKE,
}
RANGE: dict[str, frozenset[str]] = {
    "deploysTo": frozenset({"State", "Region"}), "alliedWith": STATE_LIKE,
    "atWarWith": frozenset({"State"}), "memberOf": frozenset({"Organization"}),
    "attacks": ACTORS | {"Region"}, "threatens": ACTORS | {"Region"}, "meetsWith": ACTORS, "partyTo": frozenset({"Treaty"}), "partOf": STATE_LIKE,
}
SPEECH = frozenset({"said", "says", "say", "stated", "stating", "saying", "added", "told", "warned", "declared", "noted", "wrote", "remarked", "insisted"})
# the place troops go to is named after a preposition ("sent troops to X", "stationed in X")
THREAT_PREPOSITIONS = frozenset({"against", "on", "at", "upon", "to"})
PLACE_PREPOSITIONS = frozenset({"to", "in", "into", "at", "on", "toward", "towards", "across", "inside"})
QUOTES_OPEN = "“\"‘«"
QUOTES_CLOSE = "”\"’»"
PASSIVE_AUX = frozenset({"was", "were", "been", "being", "is", "are", "be"})
COORD = frozenset({",", "and", "or", "the", "as", "well", "both"})
WINDOW = 4
# a verb trigger after one of these is a noun ("the strike", "Monday's attack"): nominal rows cover those
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "its", "their", "his", "her", "'s", "’s", "our"})
RELATIVES = frozenset({"that", "which", "who"})
COPULA_LINKS = frozenset({",", "a", "an", "the", "is", "was", "are", "were", "became", "becomes", "become", "remains", "remained", "as", "now", "fellow", "also"})
UNDERGOERS = frozenset({"face", "faces", "faced", "facing", "risk", "risks", "suffer", "suffers", "suffered", "endure", "endured"})
CLAUSE_OPENERS = frozenset({"after", "before", "when", "while", "because", "although", "though", "whereas", "since", "unless", "until"})
TRANSITIVE = frozenset({"condemns", "demands", "threatens", "sanctions", "attacks", "meetsWith", "providesAidTo"})  # verbs whose object follows them
# words that cannot sit between an actor and the event noun it owns ("Russia's deadly strike")
NOT_IN_NOUN_PHRASE = frozenset({"on", "of", "in", "and", "or", "to", "against", "the", "a", "an", "said", "says", "that", "was", "is"})
# "Iran-aligned", "Moscow-backed", "US-led": the name qualifies someone else
COMPOUND_MODIFIERS = frozenset({"aligned", "backed", "led", "allied", "supported", "funded", "sponsored", "based", "controlled", "occupied", "run", "installed", "friendly"})
AUXILIARIES = frozenset({"is", "are", "was", "were", "has", "have", "had", "been", "be", "being", "will", "would", "also", "now", "still", "reportedly"})
PREPOSITIONS = frozenset({"of", "by", "over", "in", "to", "into", "on", "at", "with", "for", "from", "about", "near", "against", "toward", "towards", "across", "around", "between", "under"})
# "to eastern Congo", "into southern Lebanon": a part of the place named after the preposition
DIRECTIONS = frozenset({"eastern", "western", "northern", "southern", "central", "northeastern", "northwestern",
                        "southeastern", "southwestern", "northeast", "northwest", "southeast", "southwest"})
OBJECT_PREPOSITIONS = frozenset({"in", "to", "into", "on", "against", "at", "with", "of", "for", "targeting", "toward", "towards", "upon", "after"})


@dataclass(frozen=True, slots=True)
class Trigger:
    predicate: str
    direction: str
    confidence: float


Slot = tuple[int, frozenset[str], tuple[tuple[str, ...], ...]]  # (gap size, one-word options, multi-word options)


@dataclass(frozen=True, slots=True)
class _Pattern:
    trigger: Trigger
    row: int
    slots: tuple[Slot, ...]


@cache
def _patterns() -> tuple[dict[str, list[_Pattern]], list[_Pattern]]:
    """The trigger lexicon compiled once: patterns indexed by the words they can start with.

    A slot is either "*N" (up to N tokens of anything) or alternatives "a|b|c_d" (a multi-word
    alternative joins its words with "_"). Only the words a pattern can start with are looked
    up per token, so a sentence costs one dict lookup per token plus the few patterns it wakes.
    """
    by_first: dict[str, list[_Pattern]] = {}
    patterns = []
    for n, (predicate, text, direction, confidence, *_source) in enumerate(read_table("triggers.tsv")):
        slots: list[Slot] = []
        for slot in text.split():
            if slot.startswith("*"):
                slots.append((int(slot[1:]), frozenset(), ()))
                continue
            options = slot.split("|")
            slots.append((0, frozenset(o for o in options if "_" not in o),
                          tuple(tuple(o.split("_")) for o in options if "_" in o)))
        pattern = _Pattern(Trigger(predicate, direction, float(confidence)), n, tuple(slots))
        patterns.append(pattern)
        first = slots[0]
        for word in sorted(first[1] | {m[0] for m in first[2]}):
            by_first.setdefault(word, []).append(pattern)
    return by_first, patterns


def _ends(slots: tuple[Slot, ...], k: int, pos: int, lowers: list[str], stop: int) -> Iterable[int]:
    """Every token index where the slots from ``k`` on can end when they start at ``pos``."""
    if k == len(slots):
        yield pos
        return
    gap, singles, multi = slots[k]
    if gap:
        for skip in range(gap + 1):
            if pos + skip <= stop:
                yield from _ends(slots, k + 1, pos + skip, lowers, stop)
        return
    if pos < stop and lowers[pos] in singles:
        yield from _ends(slots, k + 1, pos + 1, lowers, stop)
    for words in multi:
        if tuple(lowers[pos : pos + len(words)]) == words and pos + len(words) <= stop:
            yield from _ends(slots, k + 1, pos + len(words), lowers, stop)


def _triggers(lowers: list[str], first: int, last: int) -> list[tuple[_Pattern, int, int]]:
    """Trigger matches in tokens [first, last): for each predicate the longest, non-overlapping."""
    by_first, _ = _patterns()
    found = []
    for i in range(first, last):
        for pattern in by_first.get(lowers[i], ()):
            for end in set(_ends(pattern.slots, 0, i, lowers, last)):
                # a trailing gap adds nothing: the match ends at its last word
                if end > i:
                    found.append((pattern, i, end))
    taken: list[tuple[_Pattern, int, int]] = []
    for pattern, s, e in sorted(found, key=lambda m: (-(m[2] - m[1]), m[1], m[0].row)):
        pred = pattern.trigger.predicate
        if all(e <= ts or s >= te or p.trigger.predicate != pred for p, ts, te in taken):
            taken.append((pattern, s, e))
    return sorted(taken, key=lambda m: (m[1], m[0].row))


@cache
def _cues() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((row[0], tuple(row[1].split())) for row in read_table("cues.tsv"))


@dataclass
class _Sent:
    index: int
    sentence: Sentence
    par: Paragraph
    first: int
    last: int
    mentions: list[tuple[int, int, Mention]]  # token start, token end, mention
    quotes: list[bool] | None = None  # per token: inside a quotation (computed once, see _quoted)
    doers: list[str] | None = None  # the subjects of the latest verb trigger read in the sentence
    lowers: list[str] | None = None  # the sentence's lower-cased tokens
    dated: tuple[date | None] | None = None  # its event date, resolved on its first relation (see _event_date)


def extract_relations(paragraphs: list[Paragraph], linked: Linked, published: date | None) -> list[Relation]:
    """Read every relation the trigger lexicon finds, with direction, modality and evidence."""
    sents = _sentences(paragraphs, linked)
    lowered: dict[int, list[str]] = {}

    def lowers(par: Paragraph) -> list[str]:
        if id(par) not in lowered:
            lowered[id(par)] = [t.lower_ for t in par.doc]
        return lowered[id(par)]

    relations: list[Relation] = []
    for k, s in enumerate(sents):
        doc = s.par.doc
        if not s.mentions:
            continue  # a relation needs a named end in its own sentence
        speaker = _speaker(s) or _neighbour_speaker(sents, k)
        if len({m.entity_id for _, _, m in s.mentions}) < 2 and speaker is None:
            continue  # one actor and no speaker: nothing to relate it to
        found_here = len(relations)
        for pattern, start, end in _triggers(lowers(s.par), s.first, s.last):
            trig = pattern.trigger
            blocked = read_groups("blockers.tsv").get(trig.predicate, frozenset())
            if blocked and any(t.lower_ in blocked for t in doc[end : min(end + 3, s.last)]):
                continue
            if blocked and start + 1 < s.last and "^" + doc[start + 1].lower_ in blocked:
                continue
            for subj, obj in _arguments(s, trig, start, end, speaker, linked):
                modality = _modality(doc, s, start)
                relations.append(
                    Relation(
                        subj, trig.predicate, obj,
                        Evidence(s.sentence.text, s.sentence.start, s.sentence.end),
                        trig.confidence, modality, _event_date(s, published),
                    )
                )
        relations.extend(_the_same_for(s, linked, relations[found_here:]))
        relations.extend(_fellow_allies(s, linked, relations[found_here:]))
    for (subj, predicate, obj), index in linked.standing.items():
        s = sents[index]
        relations.append(
            Relation(subj, predicate, obj, Evidence(s.sentence.text, s.sentence.start, s.sentence.end), 0.9)
        )
    relations.extend(_alliance_from_treaties(linked, relations))
    return _dedupe(relations, linked)


def _sentences(paragraphs: list[Paragraph], linked: Linked) -> list[_Sent]:
    out: list[_Sent] = []
    by_sentence: dict[int, list[Mention]] = {}
    for m in linked.mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    index = 0
    for par in paragraphs:
        starts: list[int] | None = None
        ends: list[int] = []
        for sentence in par.sentences:
            first, last = par.token_range(sentence)
            spans = []
            mentions = by_sentence.get(index, [])
            if mentions and starts is None:  # token offsets once per paragraph, then binary search
                starts = [t.idx for t in par.doc]
                ends = [t.idx + len(t) for t in par.doc]
            for m in sorted(mentions, key=lambda m: m.start):
                # first token ending after the mention starts; first token starting at or after its end
                t0 = bisect_right(ends, m.start - par.start)
                t1 = bisect_left(starts, m.end - par.start)
                spans.append((t0, t1, m))
            out.append(_Sent(index, sentence, par, first, last, spans))
            index += 1
    return out


def _type(linked: Linked, m: Mention) -> str:
    return linked.entities[m.entity_id].type


def _lift(linked: Linked, entity_id: str, allowed: frozenset[str] | None) -> str | None:
    """Fit an argument to a predicate's type: a leader stands for the state they lead."""
    etype = linked.entities[entity_id].type
    if allowed is None or etype in allowed:
        return entity_id
    if etype == "Leader":
        for (s, p, o) in linked.standing:
            if s == entity_id and p == "leaderOf" and linked.entities.get(o, Entity("", "", "")).type in allowed:
                return o
    return None


def _quoted(doc: Doc, s: _Sent) -> list[bool]:
    """Per token of the sentence, whether it lies inside a quotation (cached on the sentence)."""
    if s.quotes is not None:
        return s.quotes
    inside = False
    flags = []
    for t in doc[s.first : s.last]:
        if t.text in QUOTES_OPEN and not inside:
            inside = True
            flags.append(True)
            continue
        if t.text in QUOTES_CLOSE and inside:
            inside = False
            flags.append(True)
            continue
        flags.append(inside)
    s.quotes = flags
    return flags


def _event_date(s: _Sent, published: date | None) -> date | None:
    """The day the sentence dates its events to, resolved once and only for a sentence with a relation."""
    if s.dated is None:
        s.dated = (resolve_event_date(s.sentence.text, published),)
    return s.dated[0]


def _lowers(s: _Sent) -> list[str]:
    if s.lowers is None:
        s.lowers = [t.lower_ for t in s.par.doc[s.first : s.last]]
    return s.lowers


def _speaker(s: _Sent) -> str | None:
    """The actor credited with a quote or statement in the sentence ("…," X said)."""
    doc = s.par.doc
    flags = _quoted(doc, s)
    if not any(flags):
        return None
    outside = [(a, b, m) for a, b, m in s.mentions if not flags[a - s.first]]
    verbs = [t.i for t in doc[s.first : s.last] if t.lower_ in SPEECH and not flags[t.i - s.first]]
    if not outside or not verbs:
        return None
    v = verbs[0]
    _a, _b, m = min(outside, key=lambda x: min(abs(x[0] - v), abs(x[1] - v)))
    return m.entity_id


def _neighbour_speaker(sents: list[_Sent], k: int) -> str | None:
    """A quote running over two sentences is credited to the speaker named in its neighbour."""
    s = sents[k]
    doc = s.par.doc
    if not any(_quoted(doc, s)):
        return None
    for j in (k + 1, k - 1):
        if 0 <= j < len(sents) and sents[j].par is s.par:
            found = _speaker(sents[j])
            if found:
                return found
    return None


def _coordinated(s: _Sent, pick: int, step: int, limit: int, *, joined: bool = False) -> list[int]:
    """Indices of mentions listed together with mention ``pick`` ("the US, Japan and South Korea")."""
    doc = s.par.doc
    group = [pick]
    i = pick
    while 0 <= i + step < len(s.mentions):
        j = i + step
        a0, a1, _ = s.mentions[i]
        b0, b1, _ = s.mentions[j]
        gap = doc[a1:b0] if step > 0 else doc[b1:a0]
        if (step > 0 and b0 >= limit) or (step < 0 and b0 < limit):
            break
        if (a0, a1) == (b0, b1):  # one phrase naming several ("the two countries")
            group.append(j)
            i = j
            joined = True
            continue
        if len(gap) == 0 or not all(t.lower_ in COORD for t in gap) or not any(t.lower_ in (",", "and", "or") for t in gap):
            break
        if step > 0 and b1 < len(doc) and any(t.text == "," for t in gap) and (doc[b1].lower_ in SPEECH or doc[b1].lower_ in AUXILIARIES):
            break  # ", and the US says …": the next clause's subject, not a list member
        joined = joined or any(t.lower_ in ("and", "or") for t in gap)
        group.append(j)
        i = j
    if step > 0 and len(group) > 1 and not joined:
        # "the US, South Korea, and Western allies": the list goes on past its last name
        tail = [t.lower_ for t in doc[s.mentions[group[-1]][1] : s.mentions[group[-1]][1] + 2]]
        joined = tail[:1] == ["and"] or tail == [",", "and"]
    # commas alone do not make a list ("After X, the US said"): it needs an "and" or "or"
    return group if joined else [pick]


def _left(s: _Sent, linked: Linked, before: int, allowed: frozenset[str] | None, stop: int) -> list[str]:
    """The nearest fitting actor before a trigger (with those listed with it), preferring one
    that heads its phrase over one inside a prepositional phrase ("X's launch over Japan")."""
    doc = s.par.doc
    cands = [
        i for i, (a, b, m) in enumerate(s.mentions)
        if b <= before and a >= stop and not _modifies_title(s, linked, i) and not _compound_modifier(doc, b)
        and not _in_apposition(doc, s, a, before) and m.text != "him"  # an object pronoun is never the doer
    ]
    heads = [i for i in cands if not _in_pp(doc, s, i)]
    return _left_of(s, linked, heads, allowed, stop) or _left_of(s, linked, cands, allowed, stop)


def _in_apposition(doc: Doc, s: _Sent, a: int, before: int) -> bool:
    """Whether a name sits in an aside between commas that describes the name before it
    ("Hezbollah, a close ally of Iran and Syria's Assad, promised …")."""
    opening = next((j for j in range(a - 1, s.first - 1, -1) if doc[j].text == ","), None)
    if opening is None or opening + 1 >= a:
        return False
    first = doc[opening + 1]
    # ", a close ally of …,", ", which …,", ", speaking in Cairo after talks with X,"
    if first.lower_ not in ("a", "an", "the", "which", "who") and not (first.is_lower and first.lower_.endswith("ing")):
        return False
    closing = next((j for j in range(a, before) if doc[j].text == ","), None)
    return closing is not None


def _in_pp(doc: Doc, s: _Sent, i: int) -> bool:
    a = s.mentions[i][0]
    j = a - 1
    while j >= s.first and doc[j].lower_ in ("the", "a", "an"):
        j -= 1
    return j >= s.first and doc[j].lower_ in PREPOSITIONS


def _left_of(s: _Sent, linked: Linked, cands: list[int], allowed: frozenset[str] | None, stop: int) -> list[str]:
    doc = s.par.doc
    for i in reversed(cands):
        _a, b, m = s.mentions[i]
        if _lift(linked, m.entity_id, allowed) is None:
            continue
        # "Russia would face costs, including sanctions on X": the one who faces is not the doer
        k = b
        while k < s.last and doc[k].lower_ in ("would", "will", "could", "may", "might", "now", "also", "to"):
            k += 1
        if k < s.last and doc[k].lower_ in UNDERGOERS:
            continue
        group = _coordinated(s, i, -1, stop)
        ids = [_lift(linked, s.mentions[g][2].entity_id, allowed) for g in group]
        return [x for x in ids if x]
    return []


def _place_prepositions(doc: Doc, predicate: str, end: int) -> frozenset[str]:
    """Sending forces names its destination after a preposition ("sent troops to X"); a verb
    that takes the place itself ("liberate X") does not need one."""
    if predicate == "deploysTo" and doc[end - 1].lower_ not in PLACE_VERBS:
        return PLACE_PREPOSITIONS
    if predicate == "threatens":
        return THREAT_PREPOSITIONS  # "vowed to respond after … in Lebanon" names no target
    if doc[end - 1].lower_ == "that":
        return frozenset({"that"})  # "insisted that X …": X opens the clause, or no one is named
    return frozenset()


def _direct_object(s: _Sent, end: int, objects: list[str], linked: Linked, predicate: str) -> bool:
    """Whether a single-verb trigger's object is its direct object: named within a few words
    of the verb ("condemned Russia's attack", "accused the Kremlin"), or, for attacks, the
    place after "in"/"on" ("struck sites in Yemen")."""
    doc = s.par.doc
    first = next((a for a, _, m in s.mentions if a >= end and m.entity_id in objects), None)
    if first is None:
        return False
    gap = doc[end:first]
    if predicate == "meetsWith":  # "welcomed Russian President X", not "welcomed the decision by X"
        return all(t.lower_ in ("the", "a", "an") or t.is_title or t.is_upper for t in gap)
    if len(gap) <= 3 and not any(t.text in ",;:" or t.lower_ in ("as", "that", "for", "after", "over") for t in gap):
        return True
    # "faulted the conservative government in Budapest": the government stands for the state
    if len(gap) <= 5 and len(gap) >= 2 and gap[-2].lower_ in GOVERNMENT_NOUNS and gap[-1].lower_ in ("in", "of"):
        return True
    k = first - 1
    while k > end and doc[k].lower_ in DIRECTIONS:
        k -= 1
    return predicate in ("attacks", "deploysTo") and len(gap) <= 8 and doc[k].lower_ in ("in", "on", "at", "into")


def _as_clause(doc: Doc, i: int) -> bool:
    """ "fired missiles at ships as US warns": "as" opening a clause with a named subject (not
    "such as X", "as well as X", "known as X")."""
    if doc[i].lower_ != "as" or i + 1 >= len(doc) or (i > 0 and doc[i - 1].lower_ in ("such", "well", "known", "same")):
        return False
    nxt = doc[i + 2] if doc[i + 1].lower_ == "the" and i + 2 < len(doc) else doc[i + 1]
    return nxt.is_title or nxt.is_upper


def _past_infinitive(doc: Doc, s: _Sent, start: int, objects: list[str]) -> bool:
    """Whether the first object named after a trigger lies past an infinitive's "to" (the act
    demanded, not the one it is demanded of)."""
    first = next((a for a, _, m in s.mentions if a > start and m.entity_id in objects), None)
    return first is not None and any(
        t.lower_ == "to" and t.i + 1 < first and doc[t.i + 1].is_lower for t in doc[start:first]
    )


def _compound_modifier(doc: Doc, b: int) -> bool:
    return b + 1 < len(doc) and doc[b].text in ("-", "–") and doc[b + 1].lower_ in COMPOUND_MODIFIERS


def _after_infinitive(doc: Doc, s: _Sent, a: int) -> bool:
    """ "threatened to sink Japan": the name is the object of the threatened act."""
    j = a - 1
    while j > s.first and doc[j].lower_ in ("the", "a", "an"):
        j -= 1
    return j - 1 >= s.first and doc[j].is_alpha and doc[j].is_lower and doc[j - 1].lower_ == "to"


def _adjacent(doc: Doc, after: int, a: int) -> bool:
    """A name right after the trigger ("vowed to hit Israel"), determiners aside."""
    return all(t.lower_ in ("the", "a", "an") for t in doc[after:a])


def _after_preposition(doc: Doc, s: _Sent, a: int, preps: frozenset[str]) -> bool:
    j = a - 1
    if j > s.first and doc[j].lower_ in ("'s", "’s"):  # "to Lithuania's Kaunas region"
        j -= 1
        while j > s.first and (doc[j].is_title or doc[j].is_upper):
            j -= 1
    while j > s.first and (doc[j].lower_ in ("the", "a", "an", "[") or doc[j].lower_ in DIRECTIONS or doc[j].like_num):
        j -= 1
    return j >= s.first and doc[j].lower_ in preps


@cache
def _title_words() -> frozenset[str]:
    from kg.linker import linker

    return frozenset(w.lower() for t in linker().title_info for w in t.split())


def _modifies_title(s: _Sent, linked: Linked, i: int) -> bool:
    """Whether a name only qualifies a title: "Hungarian Prime Minister X", "the U.S. defense
    secretary", "North Korea's leader, Kim" — the argument is the person, not the state."""
    doc = s.par.doc
    b = s.mentions[i][1]
    words = _title_words()
    j = b
    while j < s.last and j - b < 5 and (doc[j].lower_ in words or doc[j].lower_ in ("'s", "’s") or doc[j].lower_ in RANK_QUALIFIERS):
        j += 1
    if j == b or not any(doc[k].lower_ in words for k in range(b, j)):
        return False
    if j < s.last and doc[j].text == ",":
        j += 1
    nxt = next(((a2, m2) for a2, _, m2 in s.mentions if a2 >= j), None)
    person_next = nxt is not None and nxt[0] == j and _type(linked, nxt[1]) in ("Leader", "Person")
    # after "X, the U.S. defense secretary," the title closes an apposition
    apposition = j < s.last and doc[j - 1].text == "," or (j < s.last and doc[j].text == ",")
    return person_next or apposition


def _right(
    s: _Sent, linked: Linked, after: int, allowed: frozenset[str] | None, skip: set[str],
    need_prep: frozenset[str] = frozenset(), trigger_end: int = -1,
) -> list[str]:
    doc = s.par.doc
    for i, (a, b, m) in enumerate(s.mentions):
        if a < after:
            continue
        if _modifies_title(s, linked, i) or _compound_modifier(doc, b):
            continue
        if any(t.text == ";" or t.lower_ in CLAUSE_OPENERS or _as_clause(doc, t.i) for t in doc[after:a]):
            return []  # an object does not lie in the next clause ("… after Russian forces lost ground in Y")
        if m.entity_id in skip or _lift(linked, m.entity_id, allowed) is None:
            continue
        if need_prep and not (
            _after_preposition(doc, s, a, need_prep) or _adjacent(doc, max(after, trigger_end), a)
            or (need_prep is THREAT_PREPOSITIONS and _after_infinitive(doc, s, a))
        ):
            continue
        # "to Lithuania's Kaunas region": the possessed place is the argument, not its owner
        if b < len(doc) and doc[b].lower_ in ("'s", "’s") and i + 1 < len(s.mentions):
            a2, _, m2 = s.mentions[i + 1]
            if a2 == b + 1 and _lift(linked, m2.entity_id, allowed) is not None:
                continue
        group = _coordinated(s, i, 1, s.last)
        if _after_infinitive(doc, s, a):
            group += _parallel_infinitives(s, group[-1])
        ids = [_lift(linked, s.mentions[g][2].entity_id, allowed) for g in group]
        return [x for x in ids if x and x not in skip]
    return []


def _parallel_infinitives(s: _Sent, last: int) -> list[int]:
    """ "threatened to sink Japan and to turn the United States into ashes": the object of each
    infinitive joined to the first by "and to <verb>"."""
    doc = s.par.doc
    out: list[int] = []
    b = s.mentions[last][1]
    for j in range(last + 1, len(s.mentions)):
        a2, b2, _m = s.mentions[j]
        gap = [t for t in doc[b:a2]]
        words = [t.lower_ for t in gap]
        if words[:1] == [","]:
            words, gap = words[1:], gap[1:]
        if len(words) < 3 or words[:2] not in (["and", "to"], ["or", "to"]):
            break
        if not (gap[2].is_alpha and gap[2].is_lower) or not all(w in ("the", "a", "an") for w in words[3:]):
            break
        out.append(j)
        b = b2
    return out


def _arguments(
    s: _Sent, trig: Trigger, start: int, end: int, speaker: str | None, linked: Linked
) -> list[tuple[str, str]]:
    doc = s.par.doc
    p = trig.predicate
    dom = DOMAIN.get(p, ACTORS)
    rng = RANGE.get(p, ACTORS | {"Treaty"})
    flags = _quoted(doc, s)
    in_quote = flags[start - s.first] if start - s.first < len(flags) else False
    quote_start = s.first
    if in_quote:
        quote_start = max(i for i in range(s.first, start + 1) if doc[i].text in QUOTES_OPEN or i == s.first)
        if quote_start > s.first and doc[quote_start - 1].is_alpha:
            # a phrase quoted inside the writer's own clause ("helping to “annihilate” X") is
            # read with that clause, not as someone's separate statement
            in_quote, quote_start = False, s.first
    subjects: list[str]
    objects: list[str]
    if trig.direction == "obliged":
        objects = _left(s, linked, start, rng, quote_start)
        subjects = [speaker] if speaker else []
        if not speaker:
            # reported, not quoted: "the US says North Korea must withdraw", "…, and the US says it must stop"
            said = _reporter(s, linked, start)
            if said is not None:
                reporter, verb, reporter_start = said
                subjects = [reporter]
                between = [m for a, b, m in s.mentions if verb < a and b <= start and m.entity_id != reporter]
                objects = [between[-1].entity_id] if between else [
                    x for x in _left(s, linked, reporter_start, rng, s.first) if x != reporter
                ][:1]
    elif trig.direction == "reverse":
        objects = _left(s, linked, start, rng, s.first)
        subjects = _right(s, linked, start, dom, set(objects))
    elif trig.direction == "from":
        by = next((t.i for t in doc[end : s.last] if t.lower_ in ("from", "by")), None)
        subjects = _right(s, linked, by + 1, dom, set()) if by is not None and by - end < 3 else []
        if not subjects:
            subjects = _left(s, linked, start, dom, quote_start)
        of = next((t.i for t in doc[end : s.last] if t.lower_ in ("of", "against", "on")), None)
        objects = _right(s, linked, of + 1, rng, set(subjects)) if of is not None and of - end < 3 else []
    elif trig.direction == "pair":
        return _war_pairs(s, linked, start, end)
    elif trig.direction == "nominal":
        subjects = _attacker(s, linked, start, end, dom)
        of = next((t.i for t in doc[end - 1 : s.last] if t.lower_ in ("on", "against", "of", "in")), None)
        objects = _right(s, linked, of + 1, rng, set(subjects)) if of is not None and of - end < 2 else []
    elif trig.direction == "between":
        # "clashes between A and B", "talks between A and B": the two named after "between"
        listed = _right(s, linked, end, dom, set())
        return [(a, b) for a in listed for b in listed if a != b and not _own_side(linked, a, b)]
    elif trig.direction == "against":
        side = _right(s, linked, end, dom, set())[:1]
        at = next((t.i for t in doc[end : s.last] if t.lower_ == "against"), None)
        other = _right(s, linked, at + 1, rng, set(side))[:1] if at is not None and side else []
        return [(a, b) for a in side for b in other] + [(b, a) for a in side for b in other]
    elif trig.direction == "labelling":
        return _labelling(s, linked, start, end, dom, rng, quote_start)
    elif trig.direction == "judgement":
        return _judgement(s, linked, start, dom, rng, speaker if in_quote else None)
    elif trig.direction == "warning":
        return _warning(s, linked, start, end, dom, rng)
    elif trig.direction == "body":
        return _member_of_body(s, linked, start, dom, rng)
    elif trig.direction == "mutual":
        return _meeting(s, linked, start, end, quote_start)
    else:
        if end - start == 1 and start > s.first and doc[start - 1].lower_ in DETERMINERS:
            return []  # a noun use of a verb trigger
        if end - start == 1 and end < s.last and doc[end].lower_ in ("on", "against") and p == "attacks":
            return []  # "a strike on X" is the noun: the nominal row reads it
        # a verb in -ed is no bare infinitive ("seeking to drive X out … and called on Y")
        bare = not doc[start].lower_.endswith("ed")
        to = _infinitive(doc, s, start) if bare and _possessive_owner(s, linked, start, dom) is None else None
        if to is not None:
            # "X dispatched troops with a mission to annihilate … and liberate Y": the doer of an
            # infinitive is found before its "to", not among the objects of the verbs it joins
            controller = _object_controller(s, linked, to, dom)
            if not controller and any(t.lower_ in OBJECT_CONTROL for t in doc[max(s.first, to - 4) : to]):
                return []  # "urged their allies to send …": the doer is asked, and not named
            controller = controller or _left(s, linked, to, dom, quote_start)
            if controller:
                objects = _right(s, linked, end if doc[end - 1].lower_ in OBJECT_PREPOSITIONS else start, rng,
                                 set(controller), _place_prepositions(doc, p, end), end)
                return [(a, b) for a in controller for b in objects if a != b and not _own_side(linked, a, b)]
        passive = start > s.first and doc[start - 1].lower_ in PASSIVE_AUX
        by = next((t.i for t in doc[end : min(end + 4, s.last)] if t.lower_ == "by"), None)
        relative = _relative_subject(s, linked, start, dom)
        if relative is not None:
            if passive and by is not None:
                # "the UAE, which has been accused by UN experts of …": the doer follows "by"
                doers = _right(s, linked, by + 1, dom, set())
                undergoers = [x for x in _relative_subject(s, linked, start, rng) or [] if x not in doers]
                return [(a, b) for a in doers for b in undergoers if a != b and not _own_side(linked, a, b)]
            subjects = relative
            objects = _right(s, linked, end if doc[end - 1].lower_ in OBJECT_PREPOSITIONS else start, rng,
                             set(subjects), _place_prepositions(doc, p, end), end)
            return [(a, b) for a in subjects for b in objects if a != b]
        if passive and by is not None:
            subjects = _right(s, linked, by + 1, dom, set())
            objects = _left(s, linked, start, rng, quote_start)
        else:
            owner = _possessive_owner(s, linked, start, dom)
            if owner is None:
                owner = _participle_subject(s, linked, start, dom)
            if owner is None and _joined_verb(doc, s, start):
                # "X accused Y of …, and called on Z": the second verb has the first one's subject;
                # "X said Y would respond and accused Z": a past verb after a modal clause is X's
                if s.doers:
                    owner = [x for d in s.doers if (x := _lift(linked, d, dom))]
                elif doc[start].lower_.endswith("ed") and (said := _reporter(s, linked, start)) is not None:
                    # an act of speech joined to "X said …" is X's too ("said … and accused Y")
                    if p in SPEECH_ACTS or any(t.lower_ in MODALS for t in doc[said[1] : start]):
                        owner = [x] if (x := _lift(linked, said[0], dom)) else None
            subjects = owner if owner is not None else _left(s, linked, start, dom, quote_start)
            if subjects and end - start == 1:
                s.doers = subjects
            if not subjects and in_quote and speaker:
                subjects = [_lift(linked, speaker, dom) or ""]
            # a trigger ending in a preposition ("fighting … in", "sanctions targeting") takes its
            # object after it; otherwise the object may sit inside the trigger ("supplying X with arms")
            after = end if doc[end - 1].lower_ in OBJECT_PREPOSITIONS else start
            objects = _right(s, linked, after, rng, set(subjects), _place_prepositions(doc, p, end), end)
            if objects and end - start == 1 and after == start and p in TRANSITIVE and not _direct_object(s, end, objects, linked, p):
                objects = []  # "condemned the strikes as a breach of Y's sovereignty": Y is not the object
            if not objects and subjects and p in TRANSITIVE:
                objects = _relative_object(s, linked, start, subjects, rng)
            if objects and p == "demands" and _past_infinitive(doc, s, start, objects):
                objects = []  # "called on the international community to restrain X": X is not called on
    pairs = []
    for subj in subjects:
        for obj in objects:
            if subj and obj and subj != obj and not _own_side(linked, subj, obj):
                pairs.append((subj, obj))
    return pairs


DOING_THE_SAME = frozenset({"do", "does", "did", "doing", "done"})


def _the_same_for(s: _Sent, linked: Linked, found: list[Relation]) -> list[Relation]:
    """Ellipsis: "X supplies arms to Y, and does the same for Z" repeats the clause's relations
    with Z (and those listed with it) in the place of their object."""
    doc = s.par.doc
    lows = _lowers(s)
    out: list[Relation] = []
    for k in range(len(lows) - 3):
        if lows[k] in DOING_THE_SAME and lows[k + 1] == "the" and lows[k + 2] == "same":
            at = s.first + k
            # "for/to/with Z" takes any object; "in/on Z" only a place (deployed to, struck)
            for r in found:
                if lows[k + 3] not in ("for", "to", "with", "against") and not (
                    lows[k + 3] in ("in", "on") and r.predicate in ("deploysTo", "attacks")
                ):
                    continue
                if not _trigger_before(s, r, at):
                    continue
                for obj in _right(s, linked, at + 4, RANGE.get(r.predicate, ACTORS | {"Treaty"}), {r.subject, r.object}):
                    if obj != r.subject and not _own_side(linked, r.subject, obj):
                        out.append(Relation(r.subject, r.predicate, obj, r.evidence, round(r.confidence - 0.05, 2),
                                            r.modality, r.event_date))
    return out


def _trigger_before(s: _Sent, r: Relation, at: int) -> bool:
    """Whether relation ``r``'s object is named before token ``at`` (it belongs to the clause the ellipsis repeats)."""
    return any(m.entity_id == r.object and b <= at for _a, b, m in s.mentions)


ACCUSING = frozenset({"accused", "accuses", "accuse", "accusing", "accusation", "accusations", "alleged", "alleges", "suspected"})
SPEECH_ACTS = frozenset({"condemns", "demands", "threatens"})
MODALS = frozenset({"would", "will", "could", "might", "may", "must", "should", "can"})
JOINED_ADVERBS = frozenset({"also", "then", "later", "repeatedly", "again", "even", "has", "have", "had", "was", "were"})


def _joined_verb(doc: Doc, s: _Sent, start: int) -> bool:
    """Whether a verb trigger is the second of two joined verbs ("condemned the offensive and urged X")."""
    j = start - 1
    while j > s.first and doc[j].lower_ in JOINED_ADVERBS:
        j -= 1
    return j > s.first and doc[j].lower_ == "and"


OBJECT_CONTROL = frozenset({"urge", "urges", "urged", "urging", "on", "upon", "press", "pressed", "pressing", "asked",
                            "told", "ordered", "forced", "allowed", "encouraged", "invited", "persuaded", "pushed"})


def _object_controller(s: _Sent, linked: Linked, to: int, allowed: frozenset[str]) -> list[str]:
    """ "called on the UN to impose sanctions", "urged Rwanda to withdraw": the one asked to act
    is the doer of the infinitive, not the one asking."""
    doc = s.par.doc
    before = [(i, a) for i, (a, b, _m) in enumerate(s.mentions) if b == to]
    if not before:
        return []
    i, a = before[-1]
    j = a - 1
    while j > s.first and doc[j].lower_ in ("the", "a", "an"):
        j -= 1
    if j < s.first or doc[j].lower_ not in OBJECT_CONTROL:
        return []
    group = _coordinated(s, i, -1, j + 1)
    ids = [_lift(linked, s.mentions[g][2].entity_id, allowed) for g in group]
    return [x for x in ids if x]


def _participle_subject(s: _Sent, linked: Linked, start: int, allowed: frozenset[str]) -> list[str] | None:
    """ "X set Y a deadline, warning that …" / "X struck Y, accusing Z of …": a participle after a
    comma takes the subject of the sentence's main clause — its first name that heads a phrase
    (not in a prepositional phrase or a fronted adjunct). None when the trigger is no such participle."""
    doc = s.par.doc
    word = doc[start]
    if start - 1 <= s.first or doc[start - 1].text != "," or not (word.is_lower and word.lower_.endswith("ing")):
        return None
    lead = {t.lower_ for t in doc[s.first : s.first + 1]}
    if lead & {"after", "before", "following", "despite", "amid", "while", "when", "although", "though", "as", "since", "in", "on"}:
        return None  # the first name may be in a fronted adjunct: leave it to the nearest-actor rule
    for i, (a, b, m) in enumerate(s.mentions):
        if b > start:
            break
        if _in_pp(doc, s, i) or _modifies_title(s, linked, i) or _compound_modifier(doc, b) or m.text == "him":
            continue
        group = _coordinated(s, i, 1, start)
        ids = [_lift(linked, s.mentions[g][2].entity_id, allowed) for g in group]
        return [x for x in ids if x]
    return None


def _possessive_owner(s: _Sent, linked: Linked, start: int, allowed: frozenset[str]) -> list[str] | None:
    """ "Kim pledged support to Russia in its war in Ukraine": a noun trigger owned by "its" (one
    adjective may sit between) belongs to the nearest state or body named before it — "its"
    never stands for a person. None when the trigger has no possessive pronoun."""
    doc = s.par.doc
    j = start - 1
    if j > s.first and doc[j].is_alpha and doc[j].is_lower and doc[j].lower_ not in ("its", "their"):
        j -= 1
    if j < s.first or doc[j].lower_ not in ("its", "their"):
        return None
    for i in range(len(s.mentions) - 1, -1, -1):
        a, b, m = s.mentions[i]
        if b > j or _type(linked, m) not in STATE_LIKE or _compound_modifier(doc, b):
            continue
        if doc[j].lower_ == "their":
            group = _coordinated(s, i, -1, s.first)
            ids = [_lift(linked, s.mentions[g][2].entity_id, allowed) for g in group]
            return [x for x in ids if x] if len(group) > 1 else []
        lifted = _lift(linked, m.entity_id, allowed)
        return [lifted] if lifted else []
    return []


def _labelling(
    s: _Sent, linked: Linked, start: int, end: int, dom: frozenset[str], rng: frozenset[str], stop: int
) -> list[tuple[str, str]]:
    """ "X called Y's raid an act of aggression": Y is named between the verb and the label; not
    "what it called anti-terrorist operations" (a quoted frame) nor a compound ("anti-terrorist")."""
    doc = s.par.doc
    if doc[end - 2].text in ("-", "–") or (start - 2 >= s.first and doc[start - 2].lower_ == "what"):
        return []
    subjects = _participle_subject(s, linked, start, dom)
    if subjects is None:
        subjects = _left(s, linked, start, dom, stop)
    inside = [i for i, (a, b, _m) in enumerate(s.mentions) if start < a and b < end and not _modifies_title(s, linked, i)]
    if not inside:
        return []
    group = _coordinated(s, inside[0], 1, end)
    objects = [x for g in group if (x := _lift(linked, s.mentions[g][2].entity_id, rng))]
    return [(a, b) for a in subjects for b in objects if a != b and not _own_side(linked, a, b)]


def _judgement(
    s: _Sent, linked: Linked, start: int, dom: frozenset[str], rng: frozenset[str], speaker: str | None
) -> list[tuple[str, str]]:
    """ "Seoul said Pyongyang's announcement was an admission of a criminal act": the one who says
    it condemns the one named first in the judged clause (right after "said (that)")."""
    doc = s.par.doc
    judge: str | None = _lift(linked, speaker, dom) if speaker else None
    clause = s.first
    said = _reporter(s, linked, start)
    if said is not None:
        judge, clause = _lift(linked, said[0], dom), said[1] + 1
    if judge is None:
        return []
    while clause < start and (doc[clause].lower_ in ("that", "the", "a", "an") or doc[clause].text in QUOTES_OPEN):
        clause += 1
    first = next(((i, m) for i, (a, _b, m) in enumerate(s.mentions) if a == clause), None)
    if first is None or _modifies_title(s, linked, first[0]):
        return []
    target = _lift(linked, first[1].entity_id, rng)
    return [(judge, target)] if target and target != judge and not _own_side(linked, judge, target) else []


@cache
def _threat_cues() -> frozenset[str]:
    return frozenset(row[0] for row in read_table("threat_cues.tsv"))


def _warning(
    s: _Sent, linked: Linked, start: int, end: int, dom: frozenset[str], rng: frozenset[str]
) -> list[tuple[str, str]]:
    """ "Iran warned that Israel would pay a heavy price" / "Israel will regret it, warned X": the
    one who warns threatens the one actor named in the warning, if its words hold a threat."""
    doc = s.par.doc
    after = [(a, b, m) for i, (a, b, m) in enumerate(s.mentions) if a >= end and not _modifies_title(s, linked, i)]
    if (start > s.first and doc[start - 1].text == "," and after and after[0][0] - end <= 5
            and all(t.is_title or t.is_upper or t.lower_ in ("the", "a", "an") for t in doc[end : after[0][0]])):
        # inverted: "…, warned Supreme Leader X": the words are before, the speaker right after
        speaker = _lift(linked, after[0][2].entity_id, dom)
        words = (s.first, start)
    else:
        doers = _participle_subject(s, linked, start, dom)
        if doers is None:
            doers = _left(s, linked, start, dom, s.first)
        speaker = doers[0] if len(doers) == 1 else None
        words = (end, s.last)
    if speaker is None or not any(t.lower_ in _threat_cues() for t in doc[words[0] : words[1]]):
        return []
    targets = {
        x for a, b, m in s.mentions
        if words[0] <= a and b <= words[1] and (x := _lift(linked, m.entity_id, rng)) is not None
        and x != speaker and not _own_side(linked, speaker, x) and not _modifies_title(s, linked, s.mentions.index((a, b, m)))
    }
    return [(speaker, targets.pop())] if len(targets) == 1 else []


def _own_side(linked: Linked, a: str, b: str) -> bool:
    """Whether one actor is the other's own state or body (a leader and the state they lead, a
    ministry and its state): an event between them is a misread, not news."""
    return any(
        (x, p, y) in linked.standing for x, y in ((a, b), (b, a)) for p in ("leaderOf", "partOf")
    )


def _reporter(s: _Sent, linked: Linked, start: int) -> tuple[str, int, int] | None:
    """The actor of "X says/said (that) …" before a trigger, and the speech verb's index."""
    doc = s.par.doc
    verbs = [t.i for t in doc[s.first : start] if t.lower_ in SPEECH]
    if not verbs:
        return None
    v = verbs[-1]
    before = [(a, b, m) for a, b, m in s.mentions if b <= v and v - b <= 2]
    if not before:
        return None
    return before[-1][2].entity_id, v, before[-1][0]


def _attacker(s: _Sent, linked: Linked, start: int, end: int, allowed: frozenset[str]) -> list[str]:
    """The actor of a nominal event: a name right before it ("Russia's strike", "an Israeli
    raid") or after "by" ("the attack by X")."""
    doc = s.par.doc
    for i, (a, b, m) in enumerate(s.mentions):
        gap = doc[b:start]
        if b <= start and len(gap) <= 2 and all(t.lower_ in ("'s", "’s") or (t.is_alpha and t.is_lower) for t in gap):
            if not any(t.lower_ in NOT_IN_NOUN_PHRASE for t in gap) and not _compound_modifier(doc, b):
                lifted = _lift(linked, m.entity_id, allowed)
                if lifted:
                    return [lifted]
    by = next((t.i for t in doc[end : min(end + 6, s.last)] if t.lower_ == "by"), None)
    return _right(s, linked, by + 1, allowed, set())[:1] if by is not None else []


def _infinitive(doc: Doc, s: _Sent, start: int) -> int | None:
    """The "to" of an infinitive clause the trigger belongs to ("helping to “annihilate” … and
    “liberate” X"), or None. Only words, quotes and "and" may lie between."""
    for j in range(start - 1, max(s.first, start - 20) - 1, -1):
        t = doc[j]
        if t.text in ",;:()":
            return None
        if t.lower_ == "to":
            after = doc[j + 1] if j + 1 < start else doc[start]
            if after.text in QUOTES_OPEN or (after.is_alpha and after.is_lower):
                return j
            return None
    return None


def _member_of_body(
    s: _Sent, linked: Linked, start: int, dom: frozenset[str], rng: frozenset[str]
) -> list[tuple[str, str]]:
    """ "Poland, a NATO member" / "Sweden became NATO's 32nd member": the body right before the noun
    (a possessive and one ordinal or adjective may lie between), the member before the body."""
    doc = s.par.doc
    for i, (a, b, m) in enumerate(s.mentions):
        gap = [t.lower_ for t in doc[b:start]]
        if b <= start and len(gap) <= 2 and all(w in ("'s", "’s") or w.isalpha() or w[:1].isdigit() for w in gap):
            body = _lift(linked, m.entity_id, rng)
            if body is None:
                continue
            after = [(a2, m2) for a2, _, m2 in s.mentions if a2 >= start + 1]
            fellow = _fellow(doc, s, a, start)
            if after and after[0][0] == start + 1:  # "NATO members Poland and Romania"
                members = _right(s, linked, start + 1, dom, {body})
            elif fellow and after and after[0][0] == start + 2 and doc[start + 1].text == ",":
                # "As fellow NATO members, Hungarians and Swedes …": the clause's subjects, allied
                members = _right(s, linked, start + 2, dom, {body})
            else:
                # only a member tied to the body by a copula or an aside: "Poland, a NATO member",
                # "Sweden became NATO's 32nd member" — not "Russia criticised NATO members"
                before = [(b2, m2) for _, b2, m2 in s.mentions if b2 <= a]
                if not before or len(doc[before[-1][0] : a]) > 4 or not all(
                    t.lower_ in COPULA_LINKS for t in doc[before[-1][0] : a]
                ):
                    return []
                members = _left(s, linked, before[-1][0], dom, s.first)
            return [(x, body) for x in members if x != body]
    return []


def _fellow(doc: Doc, s: _Sent, body_start: int, noun: int) -> bool:
    """ "as fellow NATO members", "as NATO members": the phrase describes the clause's subjects."""
    j = body_start - 1
    if j >= s.first and doc[j].lower_ == "fellow":
        return True
    return j >= s.first and doc[j].lower_ == "as" and noun == body_start + 1


def _fellow_allies(s: _Sent, linked: Linked, found: list[Relation]) -> list[Relation]:
    """Members named together as "fellow members" of an alliance are allied with each other."""
    doc = s.par.doc
    gaz = load_gazetteer()
    out: list[Relation] = []
    bodies = {r.object for r in found if r.predicate == "memberOf" and getattr(gaz.get(r.object), "kind", "") == "alliance"}
    for body in sorted(bodies):
        named_fellow = any(
            m.entity_id == body and a > s.first and doc[a - 1].lower_ == "fellow" for a, _b, m in s.mentions
        )
        if not named_fellow:
            continue
        members = sorted({r.subject for r in found if r.predicate == "memberOf" and r.object == body})
        first = next(r for r in found if r.predicate == "memberOf" and r.object == body)
        for i, x in enumerate(members):
            for y in members[i + 1 :]:
                out.append(Relation(x, "alliedWith", y, first.evidence, 0.75, first.modality, first.event_date))
    return out


def _relative_subject(s: _Sent, linked: Linked, start: int, allowed: frozenset[str]) -> list[str] | None:
    """In "factions that are battling X" the subject is what the relative pronoun stands for:
    the name right before it, or nobody when that is a common noun. None: no relative clause."""
    doc = s.par.doc
    j = start - 1
    while j > s.first and doc[j].lower_ in AUXILIARIES:
        j -= 1
    if j <= s.first or doc[j].lower_ not in RELATIVES:
        return None
    k = j - 1
    if k >= s.first and doc[k].text == ",":
        k -= 1
    for i, (a, b, m) in reversed(list(enumerate(s.mentions))):  # nearest first
        if b > k + 1:
            continue
        if b == k + 1:
            lifted = _lift(linked, m.entity_id, allowed)
            return [lifted] if lifted else []
        # "the US, South Korea and Western allies, who accuse": the named members of the list
        if b <= k + 1 and k + 1 - b <= 6 and any(t.lower_ in ("and", "or") for t in doc[b : k + 1]):
            if all(t.is_alpha or t.text == "," for t in doc[b : k + 1]):
                group = _coordinated(s, i, -1, s.first, joined=True)
                ids = [_lift(linked, s.mentions[g][2].entity_id, allowed) for g in group]
                return [x for x in ids if x]
    return []


def _relative_object(s: _Sent, linked: Linked, start: int, subjects: list[str], allowed: frozenset[str]) -> list[str]:
    """ "Guam, a U.S. territory that North Korea has threatened": in an object relative clause the
    object is what the pronoun stands for — the name right before it, or the name that a
    comma aside ("X, a … that") describes."""
    doc = s.par.doc
    subject = next((a for a, b, m in reversed(s.mentions) if b <= start and m.entity_id in subjects), None)
    if subject is None:
        return []
    j = subject - 1
    while j > s.first and doc[j].lower_ in ("the", "a", "an"):
        j -= 1
    if j <= s.first or doc[j].lower_ not in ("that", "which", "whom"):
        return []
    ends = {b: m for a, b, m in s.mentions if b <= j}
    candidates = [ends.get(j - 1 if doc[j - 1].text == "," else j)]
    comma = next((c for c in range(j - 1, max(s.first, j - 12), -1) if doc[c].text == ","), None)
    if comma is not None and doc[comma + 1].lower_ in ("a", "an", "the"):
        # "Guam, a territory in the Pacific that …": a name inside the aside's own prepositional
        # phrase is not what the aside describes
        in_pp = candidates[0] is not None and comma < j and any(t.lower_ in PREPOSITIONS for t in doc[comma + 1 : j - 1])
        candidates.insert(0 if in_pp else 1, ends.get(comma))
    for antecedent in candidates:
        lifted = _lift(linked, antecedent.entity_id, allowed) if antecedent else None
        if lifted:
            return [lifted] if lifted not in subjects else []
    return []


def _meeting(s: _Sent, linked: Linked, start: int, end: int, stop: int) -> list[tuple[str, str]]:
    """ "A and B met" → A with B; "A met B" → A with B (B right after the verb)."""
    subjects = _left(s, linked, start, ACTORS, stop)
    if len(subjects) >= 2:
        return [(a, b) for i, a in enumerate(subjects) for b in subjects[i + 1 :] if a != b]
    for i, (a, b, m) in enumerate(s.mentions):
        if a >= end:
            if _modifies_title(s, linked, i):
                if a - end <= 1 and i + 1 < len(s.mentions):
                    end = s.mentions[i + 1][0]  # "met Hungarian Prime Minister X": X is next
                continue
            if a - end <= 1 and subjects and _lift(linked, m.entity_id, ACTORS):
                return [(subjects[0], m.entity_id)] if subjects[0] != m.entity_id else []
            break
    return []


def _war_pairs(s: _Sent, linked: Linked, start: int, end: int) -> list[tuple[str, str]]:
    """ "the Russia-Ukraine war", "Russia's war in Ukraine", "X's war with Y"."""
    doc = s.par.doc
    before = [(a, b, m) for a, b, m in s.mentions if b <= start and _type(linked, m) == "State"]
    after = [(a, b, m) for a, b, m in s.mentions if a >= end and _type(linked, m) == "State"]
    if len(before) >= 2:
        (_a0, b0, m0), (a1, b1, m1) = before[-2], before[-1]
        if b1 == start and doc[b0:a1].text in ("-", "–") and m0.entity_id != m1.entity_id:
            return [(m0.entity_id, m1.entity_id)]
    if before and after:
        _a, b, m = before[-1]
        between = doc[b:start]
        if b <= start and all(t.lower_ in ("'s", "’s", "ongoing", "full-scale", "brutal") for t in between):
            a2, _b2, m2 = after[0]
            if all(t.lower_ in ("in", "on", "against", "with") for t in doc[end:a2]) and a2 - end <= 1:
                return [(m.entity_id, m2.entity_id)]
    return []


def _modality(doc: Doc, s: _Sent, start: int) -> str:
    everything = _lowers(s)
    window = everything[max(0, start - WINDOW - s.first) : start - s.first]
    if start - s.first >= 1 and everything[start - s.first - 1] == "of" and ACCUSING & set(everything[: start - s.first]):
        return "Reported"  # "X accused Y of sending troops": the sending is X's claim
    if _demanded(everything, start - s.first):
        return "Hypothetical"  # "called on the UN to impose sanctions": asked for, not done
    # a joined verb has its own modality: "said X would respond and accused Y" is asserted
    cut = max((i for i, w in enumerate(window) if w == "and"), default=-1)
    window = window[cut + 1 :]
    for modality, cue in _cues():
        seq = window if modality != "Reported" else everything
        n = len(cue)
        if cue[0] not in seq:
            continue  # the usual case, answered by one C-level scan
        if any(tuple(seq[i : i + n]) == cue for i in range(len(seq) - n + 1)):
            return modality
    return "Asserted"


DEMANDING = frozenset({"urge", "urges", "urged", "urging", "asked", "asks", "ask", "pressed", "press", "pressing",
                       "call", "calls", "called", "calling", "demanded", "demands", "demand", "told", "ordered"})


def _demanded(words: list[str], k: int) -> bool:
    """Whether the word at ``k`` opens an act someone is asked to do: "urged X to <k>", "called on X to <k>"."""
    if k < 2 or words[k - 1] != "to":
        return False
    for j in range(k - 2, max(-1, k - 9), -1):
        if words[j] in (",", ";", ":", "and", "but"):
            return False
        if words[j] in DEMANDING:
            return True
    return False


def _alliance_from_treaties(linked: Linked, relations: list[Relation]) -> list[Relation]:
    """Parties to a mutual defence treaty are allied (GUIDELINES: "formal alliance, mutual defence pact")."""
    out = []
    gaz = load_gazetteer()
    parties: dict[str, list[tuple[str, Relation]]] = {}
    for r in relations:
        if r.predicate == "partyTo":
            parties.setdefault(r.object, []).append((r.subject, r))
    for treaty, members in parties.items():
        entity = linked.entities.get(treaty)
        entry = gaz.get(treaty)
        names = [entity.label, *entity.aliases] if entity else []
        names += [a.text for a in gaz.aliases_of(treaty)] if entry is not None else []
        words = " ".join(names).lower()
        defensive = any(w in words for w in ("defen", "security", "alliance", "strategic partnership", "mutual"))
        if entry is not None and entry.kind == "alliance":
            defensive = True
        if not defensive or any(getattr(gaz.get(m), "kind", "") == "former" for m, _ in members):
            continue  # a pact with a dissolved state is history, not a standing alliance
        ids = sorted({m for m, _ in members})
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                out.append(Relation(a, "alliedWith", b, members[0][1].evidence, 0.8))
    return out


def _dedupe(relations: list[Relation], linked: Linked) -> list[Relation]:
    """One relation per (subject, predicate, object, sentence); symmetric ones in canonical order."""
    seen: dict[tuple[str, str, str, int], Relation] = {}
    for r in relations:
        if r.subject not in linked.entities or r.object not in linked.entities:
            continue
        s, o = r.subject, r.object
        if r.predicate in SYMMETRIC_PREDICATES and o < s:
            s, o = o, s
            r = Relation(s, r.predicate, o, r.evidence, r.confidence, r.modality, r.event_date)
        key = (s, r.predicate, o, r.evidence.start)
        if key not in seen or seen[key].confidence < r.confidence:
            seen[key] = r
    return sorted(seen.values(), key=lambda r: (r.evidence.start, r.subject, r.predicate, r.object))
