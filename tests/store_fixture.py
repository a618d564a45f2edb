"""A small hand-written store: three documents whose graphs come from ``kg.graph.extraction_graph``.

Written for the query, export and CLI tests; the sentences are our own. What it holds:

* a.txt (2024-03-01): North Korea deploys to Russia (event 2024-02-20); Japan condemns North Korea;
  Kim Jong Un leads North Korea.
* b.txt (2024-05-10): Japan condemns North Korea again; the United States condemns North Korea;
  Russia is allied with North Korea; Ukraine does NOT condemn Russia (negated: no direct edge).
* c.txt (2024-06-01): North Korea and Russia are parties to the Mutual Defence Pact; the United
  States condemns Russia.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from kg.graph import document_iri, extraction_graph
from kg.model import Document, Entity, Evidence, Extraction, Relation
from kg.store import GraphStore

__all__ = ["DOCS", "ENTITIES", "fill"]

INGESTED = datetime(2024, 6, 2, 8, 0, tzinfo=UTC)

ENTITIES = {
    "north_korea": Entity("north_korea", "North Korea", "State", "Q423", ("DPRK", "Pyongyang")),
    "russia": Entity("russia", "Russia", "State", "Q159", ("Moscow",)),
    "japan": Entity("japan", "Japan", "State", "Q17", ("Tokyo",)),
    "united_states": Entity("united_states", "United States", "State", "Q30", ("Washington",)),
    "ukraine": Entity("ukraine", "Ukraine", "State", "Q212", ("Kyiv",)),
    "kim_jong_un": Entity("kim_jong_un", "Kim Jong Un", "Leader", "Q56226"),
    "mutual_defence_pact": Entity("mutual_defence_pact", "Mutual Defence Pact", "Treaty"),
}

# source → (title, published, text, [(subject, predicate, object, sentence, modality, event date)])
DOCS: dict[str, tuple[str, date, list[tuple[str, str, str, str, str, date | None]]]] = {
    "a.txt": ("Troops head north", date(2024, 3, 1), [
        ("north_korea", "deploysTo", "russia", "Pyongyang moved a brigade to Russian soil in February.", "Asserted", date(2024, 2, 20)),
        ("japan", "condemns", "north_korea", "Tokyo denounced the move by the DPRK.", "Asserted", None),
        ("kim_jong_un", "leaderOf", "north_korea", "Kim Jong Un, who rules North Korea, approved it.", "Asserted", None),
    ]),
    "b.txt": ("Protests in Tokyo", date(2024, 5, 10), [
        ("japan", "condemns", "north_korea", "Japan once more condemned North Korea.", "Asserted", None),
        ("united_states", "condemns", "north_korea", "Washington also criticised Pyongyang.", "Asserted", None),
        ("russia", "alliedWith", "north_korea", "Moscow called the DPRK its ally.", "Asserted", None),
        ("ukraine", "condemns", "russia", "Kyiv stopped short of condemning Moscow.", "Negated", None),
    ]),
    "c.txt": ("A pact is signed", date(2024, 6, 1), [
        ("north_korea", "partyTo", "mutual_defence_pact", "North Korea signed the Mutual Defence Pact.", "Asserted", None),
        ("russia", "partyTo", "mutual_defence_pact", "Russia signed the same pact.", "Asserted", None),
        ("united_states", "condemns", "russia", "The United States condemned Russia for the pact.", "Asserted", None),
    ]),
}


def extraction(source: str, *, text_suffix: str = "") -> Extraction:
    """The hand-written extraction of one fixture document."""
    title, published, facts = DOCS[source]
    text = " ".join(sentence for *_, sentence, _m, _d in facts) + text_suffix
    document = Document(source, text, f"hash-{source}-{len(text)}", title, published, INGESTED)
    relations = []
    used: set[str] = set()
    for s, p, o, sentence, modality, event in facts:
        start = text.index(sentence)
        relations.append(Relation(s, p, o, Evidence(sentence, start, start + len(sentence)), 0.9, modality, event))
        used |= {s, o}
    entities = tuple(ENTITIES[key] for key in sorted(used))
    return Extraction(document, entities, tuple(relations))


def fill(store: GraphStore) -> GraphStore:
    """Put the three fixture documents into ``store``."""
    for source in DOCS:
        ex = extraction(source)
        d = ex.document
        store.put(str(document_iri(d)), d.source, d.content_hash, extraction_graph(ex))
    store.flush()
    return store
