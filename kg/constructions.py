"""Constructions beyond a verb and its two actors: ellipsis, participles, labels, warnings, relative clauses …"""

from __future__ import annotations

from functools import cache

from kg.clauses import (
    ACTORS,
    AUXILIARIES,
    COPULA_LINKS,
    NOT_IN_NOUN_PHRASE,
    PREPOSITIONS,
    QUOTES_OPEN,
    RANGE,
    RELATIVES,
    STATE_LIKE,
    Clause,
    clause_lowers,
    compound_modifier,
    coordinated,
    entity_type,
    in_pp,
    left_actors,
    lift,
    modifies_title,
    own_side,
    reporter_of,
    right_actors,
)
from kg.gazetteer import load_gazetteer
from kg.lexicon import read_table
from kg.linker import Linked
from kg.model import Relation
from kg.tokens import Doc

__all__ = [
    "ACCUSING", "ASKING", "DOING_THE_SAME", "JOINED_ADVERBS", "MODALS", "OBJECT_CONTROL", "SPEECH_ACTS", "attacker",
    "fellow_allies", "infinitive", "joined_verb", "judgement", "labelling", "meeting", "member_of_body",
    "object_controller", "participle_subject", "possessive_owner", "relative_object", "relative_subject",
    "the_same_for", "war_pairs", "warning"
]

DOING_THE_SAME = frozenset({"do", "does", "did", "doing", "done"})


def the_same_for(s: Clause, linked: Linked, found: list[Relation]) -> list[Relation]:
    """Ellipsis: "X supplies arms to Y, and does the same for Z" repeats the clause's relations
    with Z (and those listed with it) in the place of their object."""
    lows = clause_lowers(s)
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
                for obj in right_actors(s, linked, at + 4, RANGE.get(r.predicate, ACTORS | {"Treaty"}), {r.subject, r.object}):
                    if obj != r.subject and not own_side(linked, r.subject, obj):
                        out.append(Relation(r.subject, r.predicate, obj, r.evidence, round(r.confidence - 0.05, 2),
                                            r.modality, r.event_date))
    return out


def _trigger_before(s: Clause, r: Relation, at: int) -> bool:
    """Whether relation ``r``'s object is named before token ``at`` (it belongs to the clause the ellipsis repeats)."""
    return any(m.entity_id == r.object and b <= at for _a, b, m in s.mentions)


ACCUSING = frozenset({"accused", "accuses", "accuse", "accusing", "accusation", "accusations", "alleged", "alleges", "suspected"})

SPEECH_ACTS = frozenset({"condemns", "demands", "threatens"})

MODALS = frozenset({"would", "will", "could", "might", "may", "must", "should", "can"})

JOINED_ADVERBS = frozenset({"also", "then", "later", "repeatedly", "again", "even", "has", "have", "had", "was", "were"})


def joined_verb(doc: Doc, s: Clause, start: int) -> bool:
    """Whether a verb trigger is the second of two joined verbs ("condemned the offensive and urged X")."""
    j = start - 1
    while j > s.first and doc.tokens[j].lower_ in JOINED_ADVERBS:
        j -= 1
    return j > s.first and doc.tokens[j].lower_ == "and"


# verbs that ask someone to act ("urged X to", "asked X to"): the act is theirs, and not yet done
ASKING = frozenset({"urge", "urges", "urged", "urging", "ask", "asks", "asked", "press", "pressed", "pressing", "told", "ordered"})
# verbs whose object does the infinitive's act ("called on X to", "forced X to")
OBJECT_CONTROL = ASKING | {"on", "upon", "forced", "allowed", "encouraged", "invited", "persuaded", "pushed"}


def object_controller(s: Clause, linked: Linked, to: int, allowed: frozenset[str]) -> list[str]:
    """ "called on the UN to impose sanctions", "urged Rwanda to withdraw": the one asked to act
    is the doer of the infinitive, not the one asking."""
    doc = s.par.doc
    before = [(i, a) for i, (a, b, _m) in enumerate(s.mentions) if b == to]
    if not before:
        return []
    i, a = before[-1]
    j = a - 1
    while j > s.first and doc.tokens[j].lower_ in ("the", "a", "an"):
        j -= 1
    if j < s.first or doc.tokens[j].lower_ not in OBJECT_CONTROL:
        return []
    group = coordinated(s, i, -1, j + 1)
    ids = [lift(linked, s.mentions[g][2].entity_id, allowed) for g in group]
    return [x for x in ids if x]


def participle_subject(s: Clause, linked: Linked, start: int, allowed: frozenset[str]) -> list[str] | None:
    """ "X set Y a deadline, warning that …" / "X struck Y, accusing Z of …": a participle after a
    comma takes the subject of the sentence's main clause — its first name that heads a phrase
    (not in a prepositional phrase or a fronted adjunct). None when the trigger is no such participle."""
    doc = s.par.doc
    word = doc.tokens[start]
    if start - 1 <= s.first or doc.tokens[start - 1].text != "," or not (word.is_lower and word.lower_.endswith("ing")):
        return None
    lead = {t.lower_ for t in doc[s.first : s.first + 1]}
    if lead & {"after", "before", "following", "despite", "amid", "while", "when", "although", "though", "as", "since", "in", "on"}:
        return None  # the first name may be in a fronted adjunct: leave it to the nearest-actor rule
    for i, (a, b, m) in enumerate(s.mentions):
        if b > start:
            break
        if in_pp(doc, s, i) or modifies_title(s, linked, i) or compound_modifier(doc, b) or m.text == "him":
            continue
        group = coordinated(s, i, 1, start)
        ids = [lift(linked, s.mentions[g][2].entity_id, allowed) for g in group]
        return [x for x in ids if x]
    return None


def possessive_owner(s: Clause, linked: Linked, start: int, allowed: frozenset[str]) -> list[str] | None:
    """ "Kim pledged support to Russia in its war in Ukraine": a noun trigger owned by "its" (one
    adjective may sit between) belongs to the nearest state or body named before it — "its"
    never stands for a person. None when the trigger has no possessive pronoun."""
    doc = s.par.doc
    j = start - 1
    if j > s.first and doc.tokens[j].is_alpha and doc.tokens[j].is_lower and doc.tokens[j].lower_ not in ("its", "their"):
        j -= 1
    if j < s.first or doc.tokens[j].lower_ not in ("its", "their"):
        return None
    for i in range(len(s.mentions) - 1, -1, -1):
        _a, b, m = s.mentions[i]
        if b > j or entity_type(linked, m) not in STATE_LIKE or compound_modifier(doc, b):
            continue
        if doc.tokens[j].lower_ == "their":
            group = coordinated(s, i, -1, s.first)
            ids = [lift(linked, s.mentions[g][2].entity_id, allowed) for g in group]
            return [x for x in ids if x] if len(group) > 1 else []
        lifted = lift(linked, m.entity_id, allowed)
        return [lifted] if lifted else []
    return []


def labelling(
    s: Clause, linked: Linked, start: int, end: int, dom: frozenset[str], rng: frozenset[str], stop: int
) -> list[tuple[str, str]]:
    """ "X called Y's raid an act of aggression": Y is named between the verb and the label; not
    "what it called anti-terrorist operations" (a quoted frame) nor a compound ("anti-terrorist")."""
    doc = s.par.doc
    if doc.tokens[end - 2].text in ("-", "–") or (start - 2 >= s.first and doc.tokens[start - 2].lower_ == "what"):
        return []
    subjects = participle_subject(s, linked, start, dom)
    if subjects is None:
        subjects = left_actors(s, linked, start, dom, stop)
    inside = [i for i, (a, b, _m) in enumerate(s.mentions) if start < a and b < end and not modifies_title(s, linked, i)]
    if not inside:
        return []
    group = coordinated(s, inside[0], 1, end)
    objects = [x for g in group if (x := lift(linked, s.mentions[g][2].entity_id, rng))]
    return [(a, b) for a in subjects for b in objects if a != b and not own_side(linked, a, b)]


def judgement(
    s: Clause, linked: Linked, start: int, dom: frozenset[str], rng: frozenset[str], speaker: str | None
) -> list[tuple[str, str]]:
    """ "Seoul said Pyongyang's announcement was an admission of a criminal act": the one who says
    it condemns the one named first in the judged clause (right after "said (that)")."""
    doc = s.par.doc
    judge: str | None = lift(linked, speaker, dom) if speaker else None
    clause = s.first
    said = reporter_of(s, linked, start)
    if said is not None:
        judge, clause = lift(linked, said[0], dom), said[1] + 1
    if judge is None:
        return []
    while clause < start and (doc.tokens[clause].lower_ in ("that", "the", "a", "an") or doc.tokens[clause].text in QUOTES_OPEN):
        clause += 1
    first = next(((i, m) for i, (a, _b, m) in enumerate(s.mentions) if a == clause), None)
    if first is None or modifies_title(s, linked, first[0]):
        return []
    target = lift(linked, first[1].entity_id, rng)
    return [(judge, target)] if target and target != judge and not own_side(linked, judge, target) else []


@cache
def _threat_cues() -> frozenset[str]:
    return frozenset(row[0] for row in read_table("threat_cues.tsv"))


def warning(
    s: Clause, linked: Linked, start: int, end: int, dom: frozenset[str], rng: frozenset[str]
) -> list[tuple[str, str]]:
    """ "Iran warned that Israel would pay a heavy price" / "Israel will regret it, warned X": the
    one who warns threatens the one actor named in the warning, if its words hold a threat."""
    doc = s.par.doc
    after = [(a, b, m) for i, (a, b, m) in enumerate(s.mentions) if a >= end and not modifies_title(s, linked, i)]
    if (start > s.first and doc.tokens[start - 1].text == "," and after and after[0][0] - end <= 5
            and all(t.is_title or t.is_upper or t.lower_ in ("the", "a", "an") for t in doc[end : after[0][0]])):
        # inverted: "…, warned Supreme Leader X": the words are before, the speaker right after
        speaker = lift(linked, after[0][2].entity_id, dom)
        words = (s.first, start)
    else:
        doers = participle_subject(s, linked, start, dom)
        if doers is None:
            doers = left_actors(s, linked, start, dom, s.first)
        speaker = doers[0] if len(doers) == 1 else None
        words = (end, s.last)
    if speaker is None or not any(t.lower_ in _threat_cues() for t in doc[words[0] : words[1]]):
        return []
    targets = {
        x for i, (a, b, m) in enumerate(s.mentions)
        if words[0] <= a and b <= words[1] and (x := lift(linked, m.entity_id, rng)) is not None
        and x != speaker and not own_side(linked, speaker, x) and not modifies_title(s, linked, i)
    }
    return [(speaker, targets.pop())] if len(targets) == 1 else []


def attacker(s: Clause, linked: Linked, start: int, end: int, allowed: frozenset[str]) -> list[str]:
    """The actor of a nominal event: a name right before it ("Russia's strike", "an Israeli
    raid") or after "by" ("the attack by X")."""
    doc = s.par.doc
    for i, (a, b, m) in enumerate(s.mentions):
        gap = doc[b:start]
        if b <= start and len(gap) <= 2 and all(t.lower_ in ("'s", "’s") or (t.is_alpha and t.is_lower) for t in gap):
            if not any(t.lower_ in NOT_IN_NOUN_PHRASE for t in gap) and not compound_modifier(doc, b):
                lifted = lift(linked, m.entity_id, allowed)
                if lifted:
                    return [lifted]
    by = next((t.i for t in doc[end : min(end + 6, s.last)] if t.lower_ == "by"), None)
    return right_actors(s, linked, by + 1, allowed, set())[:1] if by is not None else []


def infinitive(doc: Doc, s: Clause, start: int) -> int | None:
    """The "to" of an infinitive clause the trigger belongs to ("helping to “annihilate” … and
    “liberate” X"), or None. Only words, quotes and "and" may lie between."""
    for j in range(start - 1, max(s.first, start - 20) - 1, -1):
        t = doc.tokens[j]
        if t.text in ",;:()":
            return None
        if t.lower_ == "to":
            after = doc.tokens[j + 1] if j + 1 < start else doc.tokens[start]
            if after.text in QUOTES_OPEN or (after.is_alpha and after.is_lower):
                return j
            return None
    return None


def member_of_body(
    s: Clause, linked: Linked, start: int, dom: frozenset[str], rng: frozenset[str]
) -> list[tuple[str, str]]:
    """ "Poland, a NATO member" / "Sweden became NATO's 32nd member": the body right before the noun
    (a possessive and one ordinal or adjective may lie between), the member before the body."""
    doc = s.par.doc
    for i, (a, b, m) in enumerate(s.mentions):
        gap = [t.lower_ for t in doc[b:start]]
        if b <= start and len(gap) <= 2 and all(w in ("'s", "’s") or w.isalpha() or w[:1].isdigit() for w in gap):
            body = lift(linked, m.entity_id, rng)
            if body is None:
                continue
            after = [(a2, m2) for a2, _, m2 in s.mentions if a2 >= start + 1]
            fellow = _fellow(doc, s, a, start)
            if after and after[0][0] == start + 1:  # "NATO members Poland and Romania"
                members = right_actors(s, linked, start + 1, dom, {body})
            elif fellow and after and after[0][0] == start + 2 and doc.tokens[start + 1].text == ",":
                # "As fellow NATO members, Hungarians and Swedes …": the clause's subjects, allied
                members = right_actors(s, linked, start + 2, dom, {body})
            else:
                # only a member tied to the body by a copula or an aside: "Poland, a NATO member",
                # "Sweden became NATO's 32nd member" — not "Russia criticised NATO members"
                before = [(b2, m2) for _, b2, m2 in s.mentions if b2 <= a]
                if not before or len(doc[before[-1][0] : a]) > 4 or not all(
                    t.lower_ in COPULA_LINKS for t in doc[before[-1][0] : a]
                ):
                    return []
                members = left_actors(s, linked, before[-1][0], dom, s.first)
            return [(x, body) for x in members if x != body]
    return []


def _fellow(doc: Doc, s: Clause, body_start: int, noun: int) -> bool:
    """ "as fellow NATO members", "as NATO members": the phrase describes the clause's subjects."""
    j = body_start - 1
    if j >= s.first and doc.tokens[j].lower_ == "fellow":
        return True
    return j >= s.first and doc.tokens[j].lower_ == "as" and noun == body_start + 1


def fellow_allies(s: Clause, linked: Linked, found: list[Relation]) -> list[Relation]:
    """Members named together as "fellow members" of an alliance are allied with each other."""
    doc = s.par.doc
    gaz = load_gazetteer()
    out: list[Relation] = []
    bodies = {r.object for r in found if r.predicate == "memberOf" and getattr(gaz.get(r.object), "kind", "") == "alliance"}
    for body in sorted(bodies):
        named_fellow = any(
            m.entity_id == body and a > s.first and doc.tokens[a - 1].lower_ == "fellow" for a, _b, m in s.mentions
        )
        if not named_fellow:
            continue
        members = sorted({r.subject for r in found if r.predicate == "memberOf" and r.object == body})
        first = next(r for r in found if r.predicate == "memberOf" and r.object == body)
        for i, x in enumerate(members):
            for y in members[i + 1 :]:
                out.append(Relation(x, "alliedWith", y, first.evidence, 0.75, first.modality, first.event_date))
    return out


def relative_subject(s: Clause, linked: Linked, start: int, allowed: frozenset[str]) -> list[str] | None:
    """In "factions that are battling X" the subject is what the relative pronoun stands for:
    the name right before it, or nobody when that is a common noun. None: no relative clause."""
    doc = s.par.doc
    j = start - 1
    while j > s.first and doc.tokens[j].lower_ in AUXILIARIES:
        j -= 1
    if j <= s.first or doc.tokens[j].lower_ not in RELATIVES:
        return None
    k = j - 1
    if k >= s.first and doc.tokens[k].text == ",":
        k -= 1
    for i, (a, b, m) in reversed(list(enumerate(s.mentions))):  # nearest first
        if b > k + 1:
            continue
        if b == k + 1:
            lifted = lift(linked, m.entity_id, allowed)
            return [lifted] if lifted else []
        # "the US, South Korea and Western allies, who accuse": the named members of the list
        if b <= k + 1 and k + 1 - b <= 6 and any(t.lower_ in ("and", "or") for t in doc[b : k + 1]):
            if all(t.is_alpha or t.text == "," for t in doc[b : k + 1]):
                group = coordinated(s, i, -1, s.first, joined=True)
                ids = [lift(linked, s.mentions[g][2].entity_id, allowed) for g in group]
                return [x for x in ids if x]
    return []


def relative_object(s: Clause, linked: Linked, start: int, subjects: list[str], allowed: frozenset[str]) -> list[str]:
    """ "Guam, a U.S. territory that North Korea has threatened": in an object relative clause the
    object is what the pronoun stands for — the name right before it, or the name that a
    comma aside ("X, a … that") describes."""
    doc = s.par.doc
    subject = next((a for a, b, m in reversed(s.mentions) if b <= start and m.entity_id in subjects), None)
    if subject is None:
        return []
    j = subject - 1
    while j > s.first and doc.tokens[j].lower_ in ("the", "a", "an"):
        j -= 1
    if j <= s.first or doc.tokens[j].lower_ not in ("that", "which", "whom"):
        return []
    ends = {b: m for a, b, m in s.mentions if b <= j}
    candidates = [ends.get(j - 1 if doc.tokens[j - 1].text == "," else j)]
    comma = next((c for c in range(j - 1, max(s.first, j - 12), -1) if doc.tokens[c].text == ","), None)
    if comma is not None and doc.tokens[comma + 1].lower_ in ("a", "an", "the"):
        # "Guam, a territory in the Pacific that …": a name inside the aside's own prepositional
        # phrase is not what the aside describes
        in_pp = candidates[0] is not None and comma < j and any(t.lower_ in PREPOSITIONS for t in doc[comma + 1 : j - 1])
        candidates.insert(0 if in_pp else 1, ends.get(comma))
    for antecedent in candidates:
        lifted = lift(linked, antecedent.entity_id, allowed) if antecedent else None
        if lifted:
            return [lifted] if lifted not in subjects else []
    return []


def meeting(s: Clause, linked: Linked, start: int, end: int, stop: int) -> list[tuple[str, str]]:
    """ "A and B met" → A with B; "A met B" → A with B (B right after the verb)."""
    subjects = left_actors(s, linked, start, ACTORS, stop)
    if len(subjects) >= 2:
        return [(a, b) for i, a in enumerate(subjects) for b in subjects[i + 1 :] if a != b]
    for i, (a, b, m) in enumerate(s.mentions):
        if a >= end:
            if modifies_title(s, linked, i):
                if a - end <= 1 and i + 1 < len(s.mentions):
                    end = s.mentions[i + 1][0]  # "met Hungarian Prime Minister X": X is next
                continue
            if a - end <= 1 and subjects and lift(linked, m.entity_id, ACTORS):
                return [(subjects[0], m.entity_id)] if subjects[0] != m.entity_id else []
            break
    return []


def war_pairs(s: Clause, linked: Linked, start: int, end: int) -> list[tuple[str, str]]:
    """ "the Russia-Ukraine war", "Russia's war in Ukraine", "X's war with Y"."""
    doc = s.par.doc
    before = [(a, b, m) for a, b, m in s.mentions if b <= start and entity_type(linked, m) == "State"]
    after = [(a, b, m) for a, b, m in s.mentions if a >= end and entity_type(linked, m) == "State"]
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
