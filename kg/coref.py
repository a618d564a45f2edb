"""In-document coreference: "the country", "the bloc", "the two countries", "it"."""

from __future__ import annotations

from functools import cache

from kg.lexicon import read_table
from kg.linker import Linked, linker, sentence_of
from kg.model import Mention
from kg.nlp import Paragraph
from kg.tokens import Doc, Token

__all__ = ["SUBORDINATORS", "resolve_anaphora"]

ANAPHORA = {  # definite descriptions that point back to the latest entity of a type
    ("the", "country"): "State", ("the", "regime"): "State", ("the", "nation"): "State",
    ("the", "treaty"): "Treaty", ("the", "pact"): "Treaty", ("the", "accord"): "Treaty",
    ("the", "bloc"): "Organization", ("the", "alliance"): "Organization", ("the", "council"): "Organization",
}
BODIES_OF_STATES = frozenset({"igo", "alliance", "bloc"})
ADJUNCT_STARTERS = frozenset({"following", "after", "before", "despite", "amid", "since", "during", "under", "in", "with", "for", "unlike", "like", "beyond", "besides"})
SUBORDINATORS = frozenset({"that", "which", "who", "after", "following", "when", "because", "while", "as", "since", "before", "if"})


def _antecedent(prior: list[Mention], par: Paragraph, start: int) -> str:
    """The entity a definite description points back to.

    Not the subject of its own clause ("the US called on the country": the country is not the
    US); among the entities of the last two sentences, the one the text has named most so far
    (the topic), the latest on a tie.
    """
    sentence = sentence_of(par, start)
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
    sent = base + sentence_of(par, start)
    text = doc[tok.i : noun.i + 1].text
    for state in reversed(states):
        out.mentions.append(Mention(start, end, text, state, sent, "coref"))


PRONOUN_VERBS = frozenset({"has", "had", "have", "would", "will", "said", "says", "was", "is", "could", "must", "should", "did", "does"})


def _pronoun(par: Paragraph, tok: Token, ordered: list[Mention], base: int, out: Linked) -> None:
    """Lower-case "it" before a verb, as a clause subject, names the state or body that opened the
    clause or sentence before it ("Israel has not …, although it has …"); only when that opener is
    the one actor named there, so a sentence about a plan or a deal is left alone."""
    start = par.start + tok.idx
    sentence = sentence_of(par, start)
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


@cache
def _org_head_nouns() -> frozenset[str]:
    """Lower-cased head nouns of bodies (lexicon/org_heads.tsv) that "the …" can refer back with."""
    return frozenset(row[0].lower() for row in read_table("org_heads.tsv")) - {w for _, w in ANAPHORA}


def _led_by(doc: Doc, i: int) -> tuple[Token | None, int]:
    """ "US-led" / "Saudi-led" at token ``i``: the leading name's token and the index after the compound."""
    tokens = doc.tokens
    if i + 2 < len(tokens) and tokens[i + 1].text in ("-", "–") and (tokens[i].is_title or tokens[i].is_upper) and tokens[i + 2].lower_ == "led":
        return tokens[i], i + 3
    return None, i


def _leading_member(par: Paragraph, leader: Token, body: str, sent: int, ordered: list[Mention], out: Linked) -> None:
    """ "the US-led military bloc" (a body of states): the state that leads it is one of its members."""
    if getattr(linker().gaz.get(body), "kind", "") not in BODIES_OF_STATES:
        return
    at = par.start + leader.idx
    state = next((m.entity_id for m in ordered if m.start == at and out.entities[m.entity_id].type == "State"), None)
    if state is not None:
        out.standing.setdefault((state, "memberOf", body), sent)


def _him(par: Paragraph, tok: Token, ordered: list[Mention], base: int, out: Linked) -> None:
    """ "he"/"him" names the one person named in its sentence or the one before (none if two are)."""
    start = par.start + tok.idx
    sentence = sentence_of(par, start)
    first = par.sentences[max(0, sentence - 1)].start
    people = {m.entity_id for m in ordered if first <= m.start and m.end <= start
              and out.entities[m.entity_id].type in ("Leader", "Person")}
    if len(people) == 1:
        out.mentions.append(Mention(start, start + len(tok.text), tok.text, people.pop(), base + sentence, "coref"))


OPENERS = frozenset({"the", "both", "it", "he", "him"})


def resolve_anaphora(paragraphs: list[Paragraph], out: Linked) -> None:
    """ "the country", "the treaty", "the North" → the latest entity of the fitting type."""
    ordered = sorted(out.mentions, key=lambda m: m.start)
    base = 0
    for par in paragraphs:
        doc = par.doc
        tokens = doc.tokens
        # only these words open an anaphor: look at no other token
        for tok in [t for t in tokens[:-1] if t.lower_ in OPENERS]:
            nxt = tokens[tok.i + 1]
            pair = (tok.lower_, nxt.lower_)
            start = par.start + tok.idx
            if tok.text == "it" and nxt.lower_ in PRONOUN_VERBS:
                _pronoun(par, tok, ordered, base, out)
                continue
            if tok.text in ("him", "he", "He"):
                _him(par, tok, ordered, base, out)
                continue
            want = ANAPHORA.get(pair)
            leader = None
            if want is None and tok.lower_ == "the":
                # "the US-led military bloc": the leading state named in a compound before the noun
                leader, k = _led_by(doc, tok.i + 1)
                nxt = tokens[k] if k < len(tokens) else nxt
            if want is None and tok.lower_ == "the" and nxt.i + 1 < len(tokens) and nxt.is_lower and nxt.is_alpha:
                # one adjective between: "the regional bloc", "the Asian country"
                want = ANAPHORA.get(("the", nxt.lower_)) or ANAPHORA.get(("the", tokens[nxt.i + 1].lower_))
                nxt = nxt if ANAPHORA.get(("the", nxt.lower_)) else tokens[nxt.i + 1]
            if want is None:
                nxt = tokens[tok.i + 1]
            if tok.lower_ in ("the", "both") and nxt.lower_ in GROUP_SIZES:
                # "the two countries", "the two Nordic governments"
                # (an adjective between, "the two Nordic governments", narrows the set in ways a
                # list of the last states named cannot follow: no antecedent then)
                noun = tokens[tok.i + 2] if tok.i + 2 < len(tokens) and tokens[tok.i + 2].lower_ in GROUP_NOUNS else None
                if noun is not None:
                    _group_anaphor(par, tok, noun, GROUP_SIZES[nxt.lower_], ordered, base, out)
                    continue
            head = None
            if want is None and tok.lower_ == "the" and nxt.lower_ in _org_head_nouns():
                # "the command" after "the Eastern Theater Command": a body named by its head noun
                want, head = "Organization", nxt.lower_
            direction = None
            if pair[0] == "the" and nxt.text in ("North", "South") and (tok.i + 2 >= len(tokens) or not tokens[tok.i + 2].is_title):
                want, direction = "State", nxt.text
            if want is None:
                continue
            prior = [m for m in ordered if m.end <= start and out.entities[m.entity_id].type == want]
            if head is not None:
                prior = [m for m in prior if out.entities[m.entity_id].label.lower().split()[-1:] == [head]]
            elif want == "Organization":  # "the bloc", "the alliance": a body of states, not a ministry
                prior = [m for m in prior if getattr(linker().gaz.get(m.entity_id), "kind", "") in BODIES_OF_STATES]
            if direction:
                prior = [m for m in prior if out.entities[m.entity_id].label.startswith(direction + " ")]
            if not prior:
                continue
            target = _antecedent(prior, par, start)
            end = par.start + nxt.idx + len(nxt)
            sent = base + sentence_of(par, start)
            out.mentions.append(Mention(start, end, doc[tok.i : nxt.i + 1].text, target, sent, "coref"))
            if leader is not None and want == "Organization":
                _leading_member(par, leader, target, sent, ordered, out)
        base += len(par.sentences)
