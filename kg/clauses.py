"""One sentence as the relation rules read it: mentions, quotes, speaker, and the actors left and right of a word."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from kg.dates import resolve_event_date
from kg.entities import GOVERNMENT_NOUNS, PLACE_VERBS, RANK_QUALIFIERS
from kg.linker import Linked
from kg.model import Entity, Mention, Sentence
from kg.nlp import Paragraph
from kg.tokens import Doc

__all__ = [
    "ACTORS", "AUXILIARIES", "CLAUSE_OPENERS", "COMPOUND_MODIFIERS", "COORD", "COPULA_LINKS", "DETERMINERS",
    "DIRECTIONS", "DOMAIN", "NOT_IN_NOUN_PHRASE", "OBJECT_PREPOSITIONS", "PASSIVE_AUX",
    "PLACE_PREPOSITIONS", "PREPOSITIONS", "QUOTES_CLOSE", "QUOTES_OPEN", "RANGE", "RELATIVES", "SPEECH",
    "STATE_LIKE", "THREAT_PREPOSITIONS", "TRANSITIVE", "UNDERGOERS", "Clause", "adjacent",
    "after_infinitive", "after_preposition", "as_clause", "clause_lowers", "compound_modifier",
    "coordinated", "direct_object", "entity_type", "event_date_of", "in_apposition", "in_pp", "left_actors",
    "lift", "modifies_title", "neighbour_speaker", "own_side", "past_infinitive", "place_prepositions",
    "quoted", "read_clauses", "reporter_of", "right_actors", "speaker_of"
]

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


@dataclass
class Clause:
    index: int
    sentence: Sentence
    par: Paragraph
    first: int
    last: int
    mentions: list[tuple[int, int, Mention]]  # token start, token end, mention
    quotes: list[bool] | None = None  # per token: inside a quotation (computed once, see quoted)
    doers: list[str] | None = None  # the subjects of the latest verb trigger read in the sentence
    lowers: list[str] | None = None  # the sentence's lower-cased tokens
    dated: tuple[date | None] | None = None  # its event date, resolved on its first relation (see event_date_of)
    title_modifiers: dict[int, bool] = field(default_factory=dict)  # modifies_title's answers, by mention


def read_clauses(paragraphs: list[Paragraph], linked: Linked) -> list[Clause]:
    out: list[Clause] = []
    by_sentence: dict[int, list[Mention]] = {}
    for m in linked.mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    index = 0
    for par in paragraphs:
        starts: list[int] = []
        ends: list[int] = []
        for sentence in par.sentences:
            first, last = par.token_range(sentence)
            spans = []
            mentions = by_sentence.get(index, [])
            if mentions and not starts:  # token offsets once per paragraph, then binary search
                starts = list(par.token_starts)
                ends = [t.idx + len(t.text) for t in par.doc.tokens]
            for m in sorted(mentions, key=lambda m: m.start):
                # first token ending after the mention starts; first token starting at or after its end
                t0 = bisect_right(ends, m.start - par.start)
                t1 = bisect_left(starts, m.end - par.start)
                spans.append((t0, t1, m))
            out.append(Clause(index, sentence, par, first, last, spans))
            index += 1
    return out


def entity_type(linked: Linked, m: Mention) -> str:
    return linked.entities[m.entity_id].type


def lift(linked: Linked, entity_id: str, allowed: frozenset[str] | None) -> str | None:
    """Fit an argument to a predicate's type: a leader stands for the state they lead."""
    etype = linked.entities[entity_id].type
    if allowed is None or etype in allowed:
        return entity_id
    if etype == "Leader":
        for (s, p, o) in linked.standing:
            if s == entity_id and p == "leaderOf" and linked.entities.get(o, Entity("", "", "")).type in allowed:
                return o
    return None


def quoted(doc: Doc, s: Clause) -> list[bool]:
    """Per token of the sentence, whether it lies inside a quotation (cached on the sentence)."""
    if s.quotes is not None:
        return s.quotes
    inside = False
    flags = []
    for t in doc.tokens[s.first : s.last]:
        text = t.text
        if not inside and text in QUOTES_OPEN:
            inside = True
            flags.append(True)
            continue
        if inside and text in QUOTES_CLOSE:
            inside = False
            flags.append(True)
            continue
        flags.append(inside)
    s.quotes = flags
    return flags


def event_date_of(s: Clause, published: date | None) -> date | None:
    """The day the sentence dates its events to, resolved once and only for a sentence with a relation."""
    if s.dated is None:
        s.dated = (resolve_event_date(s.sentence.text, published),)
    return s.dated[0]


def clause_lowers(s: Clause) -> list[str]:
    if s.lowers is None:
        s.lowers = [t.lower_ for t in s.par.doc[s.first : s.last]]
    return s.lowers


def speaker_of(s: Clause) -> str | None:
    """The actor credited with a quote or statement in the sentence ("…," X said)."""
    doc = s.par.doc
    flags = quoted(doc, s)
    if not any(flags):
        return None
    outside = [(a, b, m) for a, b, m in s.mentions if not flags[a - s.first]]
    verbs = [t.i for t in doc[s.first : s.last] if t.lower_ in SPEECH and not flags[t.i - s.first]]
    if not outside or not verbs:
        return None
    v = verbs[0]
    _a, _b, m = min(outside, key=lambda x: min(abs(x[0] - v), abs(x[1] - v)))
    return m.entity_id


def neighbour_speaker(sents: list[Clause], k: int) -> str | None:
    """A quote running over two sentences is credited to the speaker named in its neighbour."""
    s = sents[k]
    doc = s.par.doc
    if not any(quoted(doc, s)):
        return None
    for j in (k + 1, k - 1):
        if 0 <= j < len(sents) and sents[j].par is s.par:
            found = speaker_of(sents[j])
            if found:
                return found
    return None


def coordinated(s: Clause, pick: int, step: int, limit: int, *, joined: bool = False) -> list[int]:
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
        if step > 0 and b1 < len(doc) and any(t.text == "," for t in gap) and (doc.tokens[b1].lower_ in SPEECH or doc.tokens[b1].lower_ in AUXILIARIES):
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


def left_actors(s: Clause, linked: Linked, before: int, allowed: frozenset[str] | None, stop: int) -> list[str]:
    """The nearest fitting actor before a trigger (with those listed with it), preferring one
    that heads its phrase over one inside a prepositional phrase ("X's launch over Japan")."""
    doc = s.par.doc
    cands = [
        i for i, (a, b, m) in enumerate(s.mentions)
        if b <= before and a >= stop and not modifies_title(s, linked, i) and not compound_modifier(doc, b)
        and not in_apposition(doc, s, a, before) and m.text != "him"  # an object pronoun is never the doer
    ]
    heads = [i for i in cands if not in_pp(doc, s, i)]
    return _left_of(s, linked, heads, allowed, stop) or _left_of(s, linked, cands, allowed, stop)


def in_apposition(doc: Doc, s: Clause, a: int, before: int) -> bool:
    """Whether a name sits in an aside between commas that describes the name before it
    ("Hezbollah, a close ally of Iran and Syria's Assad, promised …")."""
    tokens = doc.tokens
    opening = next((j for j in range(a - 1, s.first - 1, -1) if tokens[j].text == ","), None)
    if opening is None or opening + 1 >= a:
        return False
    first = doc.tokens[opening + 1]
    # ", a close ally of …,", ", which …,", ", speaking in Cairo after talks with X,"
    if first.lower_ not in ("a", "an", "the", "which", "who") and not (first.is_lower and first.lower_.endswith("ing")):
        return False
    closing = next((j for j in range(a, before) if tokens[j].text == ","), None)
    return closing is not None


def in_pp(doc: Doc, s: Clause, i: int) -> bool:
    tokens = doc.tokens
    a = s.mentions[i][0]
    j = a - 1
    while j >= s.first and tokens[j].lower_ in ("the", "a", "an"):
        j -= 1
    return j >= s.first and tokens[j].lower_ in PREPOSITIONS


def _left_of(s: Clause, linked: Linked, cands: list[int], allowed: frozenset[str] | None, stop: int) -> list[str]:
    doc = s.par.doc
    for i in reversed(cands):
        _a, b, m = s.mentions[i]
        if lift(linked, m.entity_id, allowed) is None:
            continue
        # "Russia would face costs, including sanctions on X": the one who faces is not the doer
        k = b
        tokens = doc.tokens
        while k < s.last and tokens[k].lower_ in ("would", "will", "could", "may", "might", "now", "also", "to"):
            k += 1
        if k < s.last and tokens[k].lower_ in UNDERGOERS:
            continue
        group = coordinated(s, i, -1, stop)
        ids = [lift(linked, s.mentions[g][2].entity_id, allowed) for g in group]
        return [x for x in ids if x]
    return []


def place_prepositions(doc: Doc, predicate: str, end: int) -> frozenset[str]:
    """Sending forces names its destination after a preposition ("sent troops to X"); a verb
    that takes the place itself ("liberate X") does not need one."""
    if predicate == "deploysTo" and doc.tokens[end - 1].lower_ not in PLACE_VERBS:
        return PLACE_PREPOSITIONS
    if predicate == "threatens":
        return THREAT_PREPOSITIONS  # "vowed to respond after … in Lebanon" names no target
    if doc.tokens[end - 1].lower_ == "that":
        return frozenset({"that"})  # "insisted that X …": X opens the clause, or no one is named
    return frozenset()


def direct_object(s: Clause, end: int, objects: list[str], linked: Linked, predicate: str) -> bool:
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
    while k > end and doc.tokens[k].lower_ in DIRECTIONS:
        k -= 1
    return predicate in ("attacks", "deploysTo") and len(gap) <= 8 and doc.tokens[k].lower_ in ("in", "on", "at", "into")


def as_clause(doc: Doc, i: int) -> bool:
    """ "fired missiles at ships as US warns": "as" opening a clause with a named subject (not
    "such as X", "as well as X", "known as X")."""
    tokens = doc.tokens
    if tokens[i].lower_ != "as" or i + 1 >= len(tokens) or (i > 0 and tokens[i - 1].lower_ in ("such", "well", "known", "same")):
        return False
    nxt = tokens[i + 2] if tokens[i + 1].lower_ == "the" and i + 2 < len(tokens) else tokens[i + 1]
    return nxt.is_title or nxt.is_upper


def past_infinitive(doc: Doc, s: Clause, start: int, objects: list[str]) -> bool:
    """Whether the first object named after a trigger lies past an infinitive's "to" (the act
    demanded, not the one it is demanded of)."""
    first = next((a for a, _, m in s.mentions if a > start and m.entity_id in objects), None)
    return first is not None and any(
        t.lower_ == "to" and t.i + 1 < first and doc.tokens[t.i + 1].is_lower for t in doc[start:first]
    )


def compound_modifier(doc: Doc, b: int) -> bool:
    tokens = doc.tokens
    return b + 1 < len(tokens) and tokens[b].text in ("-", "–") and tokens[b + 1].lower_ in COMPOUND_MODIFIERS


def after_infinitive(doc: Doc, s: Clause, a: int) -> bool:
    """ "threatened to sink Japan": the name is the object of the threatened act."""
    tokens = doc.tokens
    j = a - 1
    while j > s.first and tokens[j].lower_ in ("the", "a", "an"):
        j -= 1
    return j - 1 >= s.first and tokens[j].is_alpha and tokens[j].is_lower and tokens[j - 1].lower_ == "to"


def adjacent(doc: Doc, after: int, a: int) -> bool:
    """A name right after the trigger ("vowed to hit Israel"), determiners aside."""
    return all(t.lower_ in ("the", "a", "an") for t in doc[after:a])


def after_preposition(doc: Doc, s: Clause, a: int, preps: frozenset[str]) -> bool:
    j = a - 1
    if j > s.first and doc.tokens[j].lower_ in ("'s", "’s"):  # "to Lithuania's Kaunas region"
        j -= 1
        while j > s.first and (doc.tokens[j].is_title or doc.tokens[j].is_upper):
            j -= 1
    while j > s.first and (doc.tokens[j].lower_ in ("the", "a", "an", "[") or doc.tokens[j].lower_ in DIRECTIONS or doc.tokens[j].like_num):
        j -= 1
    return j >= s.first and doc.tokens[j].lower_ in preps


@cache
def _title_words() -> frozenset[str]:
    from kg.linker import linker

    return frozenset(w.lower() for t in linker().title_info for w in t.split())


def modifies_title(s: Clause, linked: Linked, i: int) -> bool:
    """Whether a name only qualifies a title: "Hungarian Prime Minister X", "the U.S. defense
    secretary", "North Korea's leader, Kim" — the argument is the person, not the state."""
    found = s.title_modifiers.get(i)
    if found is None:  # asked by every rule of every trigger: read once per mention (linked is fixed by then)
        found = s.title_modifiers[i] = _modifies_title(s, linked, i)
    return found


def _modifies_title(s: Clause, linked: Linked, i: int) -> bool:
    doc = s.par.doc
    tokens = doc.tokens
    b = s.mentions[i][1]
    words = _title_words()
    j = b
    while j < s.last and j - b < 5 and ((w := tokens[j].lower_) in words or w in ("'s", "’s") or w in RANK_QUALIFIERS):
        j += 1
    if j == b or not any(tokens[k].lower_ in words for k in range(b, j)):
        return False
    if j < s.last and doc.tokens[j].text == ",":
        j += 1
    nxt = next(((a2, m2) for a2, _, m2 in s.mentions if a2 >= j), None)
    person_next = nxt is not None and nxt[0] == j and entity_type(linked, nxt[1]) in ("Leader", "Person")
    # after "X, the U.S. defense secretary," the title closes an apposition
    apposition = j < s.last and doc.tokens[j - 1].text == "," or (j < s.last and doc.tokens[j].text == ",")
    return person_next or apposition


def right_actors(
    s: Clause, linked: Linked, after: int, allowed: frozenset[str] | None, skip: set[str],
    need_prep: frozenset[str] = frozenset(), trigger_end: int = -1,
) -> list[str]:
    doc = s.par.doc
    tokens = doc.tokens
    # tokens [after, scanned) hold no clause break but the first one, at ``cut`` (-1: none seen):
    # each mention's question "a break between `after` and me?" extends one scan, not a new one
    scanned, cut = after, -1
    for i, (a, b, m) in enumerate(s.mentions):
        if a < after:
            continue
        if modifies_title(s, linked, i) or compound_modifier(doc, b):
            continue
        while cut < 0 and scanned < a:
            t = tokens[scanned]
            if t.text == ";" or t.lower_ in CLAUSE_OPENERS or as_clause(doc, scanned):
                cut = scanned
            scanned += 1
        if 0 <= cut < a:
            return []  # an object does not lie in the next clause ("… after Russian forces lost ground in Y")
        if m.entity_id in skip or lift(linked, m.entity_id, allowed) is None:
            continue
        if need_prep and not (
            after_preposition(doc, s, a, need_prep) or adjacent(doc, max(after, trigger_end), a)
            or (need_prep is THREAT_PREPOSITIONS and after_infinitive(doc, s, a))
        ):
            continue
        # "to Lithuania's Kaunas region": the possessed place is the argument, not its owner
        if b < len(doc) and doc.tokens[b].lower_ in ("'s", "’s") and i + 1 < len(s.mentions):
            a2, _, m2 = s.mentions[i + 1]
            if a2 == b + 1 and lift(linked, m2.entity_id, allowed) is not None:
                continue
        group = coordinated(s, i, 1, s.last)
        if after_infinitive(doc, s, a):
            group += _parallel_infinitives(s, group[-1])
        ids = [lift(linked, s.mentions[g][2].entity_id, allowed) for g in group]
        return [x for x in ids if x and x not in skip]
    return []


def _parallel_infinitives(s: Clause, last: int) -> list[int]:
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


def own_side(linked: Linked, a: str, b: str) -> bool:
    """Whether one actor is the other's own state or body (a leader and the state they lead, a
    ministry and its state): an event between them is a misread, not news."""
    return any(
        (x, p, y) in linked.standing for x, y in ((a, b), (b, a)) for p in ("leaderOf", "partOf")
    )


def reporter_of(s: Clause, linked: Linked, start: int) -> tuple[str, int, int] | None:
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
