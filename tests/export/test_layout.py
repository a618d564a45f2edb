"""kg.export.layout: the first layout the page starts from (radial trees, packed, relaxed)."""

from __future__ import annotations

import math
import random
from itertools import combinations

import pytest

from kg.export.layout import RING, SPACING, seed_layout


def test_layout_star_puts_the_hub_at_the_centre_and_leaves_on_the_first_ring():
    pos = seed_layout(["hub", "a", "b", "c", "d"], [("hub", "a"), ("hub", "b"), ("c", "hub"), ("hub", "d")], steps=0)
    assert pos == {
        "hub": (0.0, 0.0), "a": (120.2, 120.2), "b": (-120.2, 120.2), "c": (-120.2, -120.2), "d": (120.2, -120.2),
    }
    assert all(round(math.dist(pos["hub"], pos[x])) == RING for x in "abcd")


def test_layout_ring_grows_to_hold_its_actors_apart():
    leaves = [f"l{i:02d}" for i in range(40)]
    pos = seed_layout(["hub", *leaves], [("hub", x) for x in leaves], steps=0)
    radius = 40 * SPACING / (2 * math.pi)
    assert all(abs(math.dist(pos["hub"], pos[x]) - radius) < 0.2 for x in leaves)
    assert min(math.dist(pos[a], pos[b]) for a, b in combinations(leaves, 2)) == pytest.approx(SPACING, rel=0.01)


def test_layout_components_do_not_overlap_and_ignore_foreign_edges():
    nodes = ["a", "b", "c", "x", "y", "lone"]
    edges = [("a", "b"), ("a", "c"), ("x", "y"), ("a", "elsewhere")]
    pos = seed_layout(nodes, edges, steps=0)
    assert sorted(pos) == sorted(nodes)
    groups = [("a", "b", "c"), ("x", "y"), ("lone",)]
    for one, other in combinations(groups, 2):
        assert min(math.dist(pos[p], pos[q]) for p in one for q in other) >= SPACING


def _random_network(n: int, seed: int) -> tuple[list[str], list[tuple[str, str]]]:
    rng = random.Random(seed)
    nodes = [f"n{i:03d}" for i in range(n)]
    ends = nodes[:2]
    edges = []
    for i in range(2, n):
        v = rng.choice(ends)
        edges.append((nodes[i], v))
        ends += [nodes[i], v]
    return nodes, edges


def test_layout_relaxation_keeps_actors_apart_and_neighbours_close():
    nodes, edges = _random_network(120, seed=3)
    pos = seed_layout(nodes, edges)
    assert pos == seed_layout(nodes, edges)  # deterministic
    assert min(math.dist(pos[a], pos[b]) for a, b in combinations(nodes, 2)) > SPACING / 4
    linked = {frozenset(e) for e in edges}
    near = sum(math.dist(pos[a], pos[b]) for a, b in edges) / len(edges)
    far = [math.dist(pos[a], pos[b]) for a, b in combinations(nodes, 2) if frozenset((a, b)) not in linked]
    assert near < sum(far) / len(far) / 3
