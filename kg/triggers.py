"""The trigger lexicon (lexicon/triggers.tsv) compiled once, and the scan that finds its patterns in a sentence."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from kg.lexicon import read_table

__all__ = [
    "Pattern", "Slot", "Trigger", "find_triggers"
]


@dataclass(frozen=True, slots=True)
class Trigger:
    predicate: str
    direction: str
    confidence: float


Slot = tuple[int, frozenset[str], tuple[tuple[str, ...], ...]]  # (gap size, one-word options, multi-word options)


@dataclass(frozen=True, slots=True)
class Pattern:
    trigger: Trigger
    row: int
    slots: tuple[Slot, ...]


@cache
def _patterns() -> tuple[dict[str, list[Pattern]], list[Pattern]]:
    """The trigger lexicon compiled once: patterns indexed by the words they can start with.

    A slot is either "*N" (up to N tokens of anything) or alternatives "a|b|c_d" (a multi-word
    alternative joins its words with "_"). Only the words a pattern can start with are looked
    up per token, so a sentence costs one dict lookup per token plus the few patterns it wakes.
    """
    by_first: dict[str, list[Pattern]] = {}
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
        pattern = Pattern(Trigger(predicate, direction, float(confidence)), n, tuple(slots))
        patterns.append(pattern)
        first = slots[0]
        for word in sorted(first[1] | {m[0] for m in first[2]}):
            by_first.setdefault(word, []).append(pattern)
    return by_first, patterns


def _ends(slots: tuple[Slot, ...], pos: int, lowers: list[str], stop: int) -> set[int]:
    """Every token index where the slots can end when they start at ``pos`` (followed slot by slot)."""
    reached = {pos}
    for gap, singles, multi in slots:
        nxt: set[int] = set()
        for at in reached:
            if gap:
                nxt.update(range(at, min(at + gap, stop) + 1))
                continue
            if at < stop and lowers[at] in singles:
                nxt.add(at + 1)
            for words in multi:
                n = len(words)
                if at + n <= stop and tuple(lowers[at : at + n]) == words:
                    nxt.add(at + n)
        if not nxt:
            return nxt
        reached = nxt
    return reached


def find_triggers(lowers: list[str], first: int, last: int) -> list[tuple[Pattern, int, int]]:
    """Trigger matches in tokens [first, last): for each predicate the longest, non-overlapping."""
    by_first, _ = _patterns()
    found = []
    for i in range(first, last):
        starting = by_first.get(lowers[i])
        if starting is None:
            continue  # the usual case: no pattern starts with this word
        for pattern in starting:
            for end in _ends(pattern.slots, i, lowers, last):
                # a trailing gap adds nothing: the match ends at its last word
                if end > i:
                    found.append((pattern, i, end))
    taken: list[tuple[Pattern, int, int]] = []
    for pattern, s, e in sorted(found, key=lambda m: (-(m[2] - m[1]), m[1], m[0].row)):
        pred = pattern.trigger.predicate
        if all(e <= ts or s >= te or p.trigger.predicate != pred for p, ts, te in taken):
            taken.append((pattern, s, e))
    return sorted(taken, key=lambda m: (m[1], m[0].row))
