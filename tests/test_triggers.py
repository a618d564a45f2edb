"""The trigger scanner: patterns found in lower-cased tokens, longest and non-overlapping per predicate."""

from __future__ import annotations

import pytest

from kg.triggers import find_triggers


def _found(sentence: str) -> list[tuple[str, str]]:
    words = sentence.split()
    return [(p.trigger.predicate, " ".join(words[s:e])) for p, s, e in find_triggers(words, 0, len(words))]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a gap slot ("*6") lets a light verb reach its noun
        ("chile sent 500 troops to peru", [("deploysTo", "sent 500 troops")]),
        # a multi-word alternative ("side_by_side_with" in the lexicon); other predicates may overlap it
        ("units fought side by side with them", [("alliedWith", "fought side by side with"), ("attacks", "fought")]),
        # a two-word pattern
        ("kenya called on uganda to act", [("demands", "called on")]),
        # two matches of one predicate that do not overlap are both kept
        ("fighting pitted armenia against azerbaijan", [("attacks", "fighting"), ("attacks", "pitted")]),
        ("the weather was mild", []),
    ],
)
def test_triggers_table(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert _found(sentence) == expected


def test_triggers_only_inside_the_given_range() -> None:
    words = ["peru", "condemned", "chile", "and", "bolivia", "condemned", "peru"]
    found = find_triggers(words, 2, len(words))
    assert [(p.trigger.predicate, s, e) for p, s, e in found] == [("condemns", 5, 6)]
