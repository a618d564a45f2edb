"""Sentences + linked mentions → typed relations (trigger lexicon, direction, modality, evidence)."""

from __future__ import annotations

from datetime import date
from functools import cache

from kg.clauses import (
    ACTORS,
    DETERMINERS,
    DOMAIN,
    OBJECT_PREPOSITIONS,
    PASSIVE_AUX,
    QUOTES_OPEN,
    RANGE,
    TRANSITIVE,
    Clause,
    clause_lowers,
    direct_object,
    event_date_of,
    left_actors,
    lift,
    neighbour_speaker,
    own_side,
    past_infinitive,
    place_prepositions,
    quoted,
    read_clauses,
    reporter_of,
    right_actors,
    speaker_of,
)
from kg.constructions import (
    ACCUSING,
    ASKING,
    MODALS,
    OBJECT_CONTROL,
    SPEECH_ACTS,
    attacker,
    fellow_allies,
    infinitive,
    joined_verb,
    judgement,
    labelling,
    meeting,
    member_of_body,
    object_controller,
    participle_subject,
    possessive_owner,
    relative_object,
    relative_subject,
    the_same_for,
    war_pairs,
    warning,
)
from kg.gazetteer import load_gazetteer
from kg.lexicon import read_groups, read_table
from kg.linker import Linked
from kg.model import Evidence, Relation
from kg.nlp import Paragraph
from kg.tokens import Doc
from kg.triggers import Trigger, find_triggers
from kg.vocab import SYMMETRIC_PREDICATES

__all__ = ["extract_relations"]

WINDOW = 4
ACTORS_OR_TREATY = ACTORS | {"Treaty"}  # the range of a predicate RANGE does not list


@cache
def _cues() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((row[0], tuple(row[1].split())) for row in read_table("cues.tsv"))


def extract_relations(paragraphs: list[Paragraph], linked: Linked, published: date | None) -> list[Relation]:
    """Read every relation the trigger lexicon finds, with direction, modality and evidence."""
    sents = read_clauses(paragraphs, linked)
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
        speaker = speaker_of(s) or neighbour_speaker(sents, k)
        if len({m.entity_id for _, _, m in s.mentions}) < 2 and speaker is None:
            continue  # one actor and no speaker: nothing to relate it to
        found_here = len(relations)
        words = lowers(s.par)
        s.lowers = words[s.first : s.last]  # the sentence's share, for the rules (clause_lowers)
        for pattern, start, end in find_triggers(words, s.first, s.last):
            trig = pattern.trigger
            blocked = read_groups("blockers.tsv").get(trig.predicate, frozenset())
            if blocked and any(t.lower_ in blocked for t in doc[end : min(end + 3, s.last)]):
                continue
            if blocked and start + 1 < s.last and "^" + doc.tokens[start + 1].lower_ in blocked:
                continue
            for subj, obj in _arguments(s, trig, start, end, speaker, linked):
                modality = _modality(doc, s, start)
                relations.append(
                    Relation(
                        subj, trig.predicate, obj,
                        Evidence(s.sentence.text, s.sentence.start, s.sentence.end),
                        trig.confidence, modality, event_date_of(s, published),
                    )
                )
        relations.extend(the_same_for(s, linked, relations[found_here:]))
        relations.extend(fellow_allies(s, linked, relations[found_here:]))
    for (subj, predicate, obj), index in linked.standing.items():
        s = sents[index]
        relations.append(
            Relation(subj, predicate, obj, Evidence(s.sentence.text, s.sentence.start, s.sentence.end), 0.9)
        )
    relations.extend(_alliance_from_treaties(linked, relations))
    return _dedupe(relations, linked)


def _arguments(
    s: Clause, trig: Trigger, start: int, end: int, speaker: str | None, linked: Linked
) -> list[tuple[str, str]]:
    doc = s.par.doc
    p = trig.predicate
    dom = DOMAIN.get(p, ACTORS)
    rng = RANGE.get(p, ACTORS_OR_TREATY)
    flags = quoted(doc, s)
    in_quote = flags[start - s.first] if start - s.first < len(flags) else False
    quote_start = s.first
    if in_quote:
        quote_start = max(i for i in range(s.first, start + 1) if doc.tokens[i].text in QUOTES_OPEN or i == s.first)
        if quote_start > s.first and doc.tokens[quote_start - 1].is_alpha:
            # a phrase quoted inside the writer's own clause ("helping to “annihilate” X") is
            # read with that clause, not as someone's separate statement
            in_quote, quote_start = False, s.first
    subjects: list[str]
    objects: list[str]
    if trig.direction == "obliged":
        objects = left_actors(s, linked, start, rng, quote_start)
        subjects = [speaker] if speaker else []
        if not speaker:
            # reported, not quoted: "the US says North Korea must withdraw", "…, and the US says it must stop"
            said = reporter_of(s, linked, start)
            if said is not None:
                reporter, verb, reporter_start = said
                subjects = [reporter]
                between = [m for a, b, m in s.mentions if verb < a and b <= start and m.entity_id != reporter]
                objects = [between[-1].entity_id] if between else [
                    x for x in left_actors(s, linked, reporter_start, rng, s.first) if x != reporter
                ][:1]
    elif trig.direction == "reverse":
        objects = left_actors(s, linked, start, rng, s.first)
        subjects = right_actors(s, linked, start, dom, set(objects))
    elif trig.direction == "from":
        by = next((t.i for t in doc[end : s.last] if t.lower_ in ("from", "by")), None)
        subjects = right_actors(s, linked, by + 1, dom, set()) if by is not None and by - end < 3 else []
        if not subjects:
            subjects = left_actors(s, linked, start, dom, quote_start)
        of = next((t.i for t in doc[end : s.last] if t.lower_ in ("of", "against", "on")), None)
        objects = right_actors(s, linked, of + 1, rng, set(subjects)) if of is not None and of - end < 3 else []
    elif trig.direction == "pair":
        return war_pairs(s, linked, start, end)
    elif trig.direction == "nominal":
        subjects = attacker(s, linked, start, end, dom)
        of = next((t.i for t in doc[end - 1 : s.last] if t.lower_ in ("on", "against", "of", "in")), None)
        objects = right_actors(s, linked, of + 1, rng, set(subjects)) if of is not None and of - end < 2 else []
    elif trig.direction == "between":
        # "clashes between A and B", "talks between A and B": the two named after "between"
        listed = right_actors(s, linked, end, dom, set())
        return [(a, b) for a in listed for b in listed if a != b and not own_side(linked, a, b)]
    elif trig.direction == "against":
        side = right_actors(s, linked, end, dom, set())[:1]
        at = next((t.i for t in doc[end : s.last] if t.lower_ == "against"), None)
        other = right_actors(s, linked, at + 1, rng, set(side))[:1] if at is not None and side else []
        return [(a, b) for a in side for b in other] + [(b, a) for a in side for b in other]
    elif trig.direction == "labelling":
        return labelling(s, linked, start, end, dom, rng, quote_start)
    elif trig.direction == "judgement":
        return judgement(s, linked, start, dom, rng, speaker if in_quote else None)
    elif trig.direction == "warning":
        return warning(s, linked, start, end, dom, rng)
    elif trig.direction == "body":
        return member_of_body(s, linked, start, dom, rng)
    elif trig.direction == "mutual":
        return meeting(s, linked, start, end, quote_start)
    else:
        if end - start == 1 and start > s.first and doc.tokens[start - 1].lower_ in DETERMINERS:
            return []  # a noun use of a verb trigger
        if end - start == 1 and end < s.last and doc.tokens[end].lower_ in ("on", "against") and p == "attacks":
            return []  # "a strike on X" is the noun: the nominal row reads it
        # a verb in -ed is no bare infinitive ("seeking to drive X out … and called on Y")
        bare = not doc.tokens[start].lower_.endswith("ed")
        to = infinitive(doc, s, start) if bare and possessive_owner(s, linked, start, dom) is None else None
        if to is not None:
            # "X dispatched troops with a mission to annihilate … and liberate Y": the doer of an
            # infinitive is found before its "to", not among the objects of the verbs it joins
            controller = object_controller(s, linked, to, dom)
            if not controller and any(t.lower_ in OBJECT_CONTROL for t in doc[max(s.first, to - 4) : to]):
                return []  # "urged their allies to send …": the doer is asked, and not named
            controller = controller or left_actors(s, linked, to, dom, quote_start)
            if controller:
                objects = right_actors(s, linked, end if doc.tokens[end - 1].lower_ in OBJECT_PREPOSITIONS else start, rng,
                                 set(controller), place_prepositions(doc, p, end), end)
                return [(a, b) for a in controller for b in objects if a != b and not own_side(linked, a, b)]
        passive = start > s.first and doc.tokens[start - 1].lower_ in PASSIVE_AUX
        by = next((t.i for t in doc[end : min(end + 4, s.last)] if t.lower_ == "by"), None)
        relative = relative_subject(s, linked, start, dom)
        if relative is not None:
            if passive and by is not None:
                # "the UAE, which has been accused by UN experts of …": the doer follows "by"
                doers = right_actors(s, linked, by + 1, dom, set())
                undergoers = [x for x in relative_subject(s, linked, start, rng) or [] if x not in doers]
                return [(a, b) for a in doers for b in undergoers if a != b and not own_side(linked, a, b)]
            subjects = relative
            objects = right_actors(s, linked, end if doc.tokens[end - 1].lower_ in OBJECT_PREPOSITIONS else start, rng,
                             set(subjects), place_prepositions(doc, p, end), end)
            return [(a, b) for a in subjects for b in objects if a != b]
        if passive and by is not None:
            subjects = right_actors(s, linked, by + 1, dom, set())
            objects = left_actors(s, linked, start, rng, quote_start)
        else:
            owner = possessive_owner(s, linked, start, dom)
            if owner is None:
                owner = participle_subject(s, linked, start, dom)
            if owner is None and joined_verb(doc, s, start):
                # "X accused Y of …, and called on Z": the second verb has the first one's subject;
                # "X said Y would respond and accused Z": a past verb after a modal clause is X's
                if s.doers:
                    owner = [x for d in s.doers if (x := lift(linked, d, dom))]
                elif doc.tokens[start].lower_.endswith("ed") and (said := reporter_of(s, linked, start)) is not None:
                    # an act of speech joined to "X said …" is X's too ("said … and accused Y")
                    if p in SPEECH_ACTS or any(t.lower_ in MODALS for t in doc[said[1] : start]):
                        owner = [x] if (x := lift(linked, said[0], dom)) else None
            subjects = owner if owner is not None else left_actors(s, linked, start, dom, quote_start)
            if subjects and end - start == 1:
                s.doers = subjects
            if not subjects and in_quote and speaker:
                subjects = [lift(linked, speaker, dom) or ""]
            # a trigger ending in a preposition ("fighting … in", "sanctions targeting") takes its
            # object after it; otherwise the object may sit inside the trigger ("supplying X with arms")
            after = end if doc.tokens[end - 1].lower_ in OBJECT_PREPOSITIONS else start
            objects = right_actors(s, linked, after, rng, set(subjects), place_prepositions(doc, p, end), end)
            if objects and end - start == 1 and after == start and p in TRANSITIVE and not direct_object(s, end, objects, linked, p):
                objects = []  # "condemned the strikes as a breach of Y's sovereignty": Y is not the object
            if not objects and subjects and p in TRANSITIVE:
                objects = relative_object(s, linked, start, subjects, rng)
            if objects and p == "demands" and past_infinitive(doc, s, start, objects):
                objects = []  # "called on the international community to restrain X": X is not called on
    pairs = []
    for subj in subjects:
        for obj in objects:
            if subj and obj and subj != obj and not own_side(linked, subj, obj):
                pairs.append((subj, obj))
    return pairs


def _modality(doc: Doc, s: Clause, start: int) -> str:
    everything = clause_lowers(s)
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


DEMANDING = ASKING | {"call", "calls", "called", "calling", "demand", "demands", "demanded"}


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
