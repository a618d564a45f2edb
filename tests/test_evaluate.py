from datetime import date

import pytest

from kg.evaluate import normalise, score_article
from kg.model import Document, Entity, Evidence, Extraction, Relation

EV = Evidence("s", 0, 1)
GOLD = {
    "entities": [
        {"id": "a", "label": "Arland", "type": "State", "wikidata": "Q1", "mentions": ["Arland", "Arlandic"]},
        {"id": "b", "label": "Borvia", "type": "State", "wikidata": None, "mentions": ["Borvia"]},
        {"id": "c", "label": "Cora Lind", "type": "Leader", "wikidata": None, "mentions": ["Cora Lind", "Lind"]},
    ],
    "relations": [
        {"s": "a", "p": "condemns", "o": "b", "evidence": ""},
        {"s": "a", "p": "alliedWith", "o": "b", "evidence": ""},
        {"s": "c", "p": "leaderOf", "o": "a", "evidence": ""},
    ],
}


def _extraction(entities: list[Entity], relations: list[Relation]) -> Extraction:
    return Extraction(Document("x", "t", "0" * 64, published=date(2024, 1, 1)), tuple(entities), tuple(relations))


def test_evaluate_normalise_ignores_case_and_punctuation() -> None:
    assert normalise("Seoul’s Foreign-Ministry") == normalise("seouls foreign ministry")


def test_evaluate_scores_matches_by_alias_wikidata_and_symmetry() -> None:
    ex = _extraction(
        [
            Entity("arland", "Republic of Arland", "State", "Q1"),  # matched by Wikidata id
            Entity("borvia", "Borvia", "State"),
            Entity("lind", "C. Lind", "Leader", aliases=("Lind",)),  # matched by an alias
            Entity("dax", "Dax", "Region"),  # spurious
        ],
        [
            Relation("arland", "condemns", "borvia", EV),
            Relation("borvia", "alliedWith", "arland", EV),  # symmetric: either direction
            Relation("borvia", "condemns", "arland", EV),  # wrong direction: spurious
            Relation("lind", "leaderOf", "arland", EV, modality="Negated"),  # not counted
        ],
    )
    ents, rels, per, errors = score_article(ex, GOLD)
    assert (ents.tp, ents.system, ents.gold) == (3, 4, 3)
    assert (rels.tp, rels.system, rels.gold) == (2, 3, 3)
    assert (per["condemns"].tp, per["condemns"].system, per["condemns"].gold) == (1, 2, 1)
    assert (per["leaderOf"].tp, per["leaderOf"].system, per["leaderOf"].gold) == (0, 0, 1)
    assert errors["spurious_entities"] == ["Region Dax"]
    assert errors["spurious_relations"] == ["Borvia condemns Republic of Arland"]
    assert errors["missed_relations"] == ["Cora Lind leaderOf Arland"]
    assert rels.precision == pytest.approx(2 / 3)
    assert rels.f1 == pytest.approx(2 / 3)


def test_evaluate_type_must_agree() -> None:
    ex = _extraction([Entity("borvia", "Borvia", "Region")], [])
    ents, *_ = score_article(ex, GOLD)
    assert ents.tp == 0


def test_evaluate_one_system_entity_matches_one_gold_entity() -> None:
    ex = _extraction([Entity("a1", "Arland", "State"), Entity("a2", "Arlandic", "State")], [])
    ents, *_ = score_article(ex, GOLD)
    assert (ents.tp, ents.system) == (1, 2)
