"""Described treaties ("the June 2024 mutual defence treaty between A and B") and their parties."""

from __future__ import annotations

from datetime import date

from kg.lexicon import read_groups
from kg.linker import PATTERN_CONFIDENCE, Linked, Linker, entity_for, sentence_of
from kg.model import Entity, Mention
from kg.nlp import Paragraph
from kg.tokens import Doc
from kg.vocab import slug

__all__ = ["TREATY_NOUNS", "described_treaties"]

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


def described_treaties(lk: Linker, par: Paragraph, base: int, published: date | None, out: Linked) -> None:
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
            doc.tokens[j - 1].lower_ in TREATY_KINDS or doc.tokens[j - 1].lower_ in MONTHS or doc.tokens[j - 1].like_num
            or (doc.tokens[j - 1].lower_ == "and" and j > 1 and doc.tokens[j - 2].lower_ in TREATY_KINDS)
        ):
            j -= 1
        kinds = [t.lower_ for t in doc[j:i] if t.lower_ in TREATY_KINDS]
        if not kinds:
            continue
        if tok.lower_ in ("deal", "alliance") and not {"defence", "defense", "security", "mutual"} & set(kinds):
            continue
        if any(t.lower_ in cues["proposal"] for t in doc[max(0, j - 3) : j]):
            continue  # sought, not made
        start, end = par.start + doc.tokens[j].idx, par.start + tok.idx + len(tok)
        sent = base + sentence_of(par, start)
        sentence = par.sentences[sent - base]
        in_sentence = [m for m in mentions if sentence.start <= m.start < sentence.end]
        parties = _treaty_parties(lk, doc, par, in_sentence, start, end, published, out, cues["signing"])
        year = next((t.text for t in doc[j:i] if t.like_num and len(t.text) == 4), "")
        known = _known_treaty(lk, parties, kinds, year, published, out)
        if known is not None:
            entity = entity_for(lk, known)
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
