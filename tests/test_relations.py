"""Sentence → expected triples, in our own words: direction, arguments and modality."""

import pytest

from tests.conftest import extract_text, triples

CASES = [
    ("Germany deployed 500 troops to Lithuania on Tuesday.", {("germany", "deploysTo", "lithuania")}),
    ("Japan condemned North Korea after the launch.", {("japan", "condemns", "north_korea")}),
    ("North Korea was condemned by Japan after the launch.", {("japan", "condemns", "north_korea")}),
    ("The United States called on Iran to halt enrichment.", {("united_states", "demands", "iran")}),
    ("Poland has been supplying Ukraine with artillery shells.", {("poland", "suppliesArmsTo", "ukraine")}),
    ("Sudan is expected to receive humanitarian aid from Egypt.", {("egypt", "providesAidTo", "sudan")}),
    ("Canada imposed sanctions on Belarus.", {("canada", "sanctions", "belarus")}),
    ("Russia struck Ukraine with drones overnight.", {("russia", "attacks", "ukraine")}),
    ("France and Germany held talks in Paris.", set()),
    ("India met with Pakistan in a rare meeting.", {("india", "meetsWith", "pakistan")}),
    ("Finland joined NATO in 2023.", {("finland", "memberOf", "nato")}),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_relations_sentence_table(sentence: str, expected: set[tuple[str, str, str]]) -> None:
    found = {t for t in triples(extract_text(sentence)) if t[1] not in ("partOf", "locatedIn", "leaderOf")}
    assert expected <= found


@pytest.mark.parametrize(
    ("sentence", "modality"),
    [
        pytest.param("Russia might supply Iran with missiles.", "Hypothetical", id="might"),
        pytest.param("China did not condemn Russia.", "Negated", id="did-not"),
        pytest.param("Iran reportedly supplied Russia with drones.", "Reported", id="reportedly"),
        pytest.param("Iran supplied Russia with drones.", "Asserted", id="plain"),
    ],
)
def test_relations_modality(sentence: str, modality: str) -> None:
    relations = [r for r in extract_text(sentence).relations if r.predicate in ("suppliesArmsTo", "condemns")]
    assert [r.modality for r in relations] == [modality]


def test_relations_never_reverse_direction() -> None:
    found = triples(extract_text("Ukraine was attacked by Russia."))
    assert ("russia", "attacks", "ukraine") in found
    assert ("ukraine", "attacks", "russia") not in found
