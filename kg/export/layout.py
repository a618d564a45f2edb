"""A deterministic first layout for the network page: radial trees per component, relaxed by forces in numpy.

vis-network's force layout from random positions needs hundreds of iterations, each costing
O(n log n) in JavaScript: tens of seconds for a few thousand actors. Here each component starts
as a radial tree (hubs at the centre, neighbours on rings around them, wedges sized by subtree;
O(n log n)), the components are packed on shelves, and a few dozen vectorised force-directed
steps (repulsion weighted by degree as in ForceAtlas2, springs along relations) untangle the
result. vis then only polishes it for a few dozen iterations.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

__all__ = ["RELAX_STEPS", "RING", "SPACING", "relax", "seed_layout"]

SPACING = 75.0  # canvas units between neighbouring actors on a ring, and between components
RING = 170.0  # the least distance between two rings
RELAX_STEPS = 40
_CHUNK = 256  # rows of the pairwise-repulsion matrix computed at once (memory: _CHUNK * n * 16 bytes)


@dataclass(frozen=True, slots=True)
class _Component:
    positions: dict[str, tuple[float, float]]  # relative to the component's centre
    radius: float


def seed_layout(
    nodes: Iterable[str], edges: Iterable[tuple[str, str]], *, steps: int = RELAX_STEPS
) -> dict[str, tuple[float, float]]:
    """Positions for ``nodes`` (edges to other nodes are ignored), the most connected at the centre.

    ``steps=0`` gives the radial trees without the force-directed relaxation.

    >>> pos = seed_layout(["hub", "a", "b", "lone"], [("hub", "a"), ("b", "hub")], steps=0)
    >>> pos["hub"], round(math.dist(pos["hub"], pos["a"])), round(math.dist(pos["hub"], pos["b"]))
    ((0.0, 0.0), 170, 170)
    """
    adjacent: dict[str, set[str]] = {n: set() for n in nodes}
    for u, v in edges:
        if u != v and u in adjacent and v in adjacent:
            adjacent[u].add(v)
            adjacent[v].add(u)
    rank = {n: i for i, n in enumerate(sorted(adjacent, key=lambda n: (-len(adjacent[n]), n)))}
    placed: set[str] = set()
    components = []
    for root in sorted(adjacent, key=rank.__getitem__):
        if root not in placed:
            tree = _radial_tree(root, adjacent, rank, placed)
            components.append(_relaxed(tree, adjacent, steps) if steps > 0 and len(tree.positions) > 2 else tree)
    return _pack(components)


def _relaxed(tree: _Component, adjacent: dict[str, set[str]], steps: int) -> _Component:
    """One component after ``relax``, its root (the hub) back at (0, 0); components never push each other."""
    names = list(tree.positions)  # the root first
    index = {n: i for i, n in enumerate(names)}
    pairs = np.array([(index[u], index[v]) for u in names for v in adjacent[u] if index[u] < index[v]], dtype=np.int64)
    moved = relax(np.array([tree.positions[n] for n in names], dtype=np.float64), pairs.reshape(-1, 2), steps=steps)
    moved -= moved[0]
    radius = float(np.sqrt((moved**2).sum(axis=1)).max()) + SPACING / 2
    return _Component({n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in zip(names, moved, strict=True)}, radius)


def relax(pos: np.ndarray, pairs: np.ndarray, *, steps: int = RELAX_STEPS, k: float = SPACING) -> np.ndarray:
    """Force-directed steps from ``pos`` (n x 2): repulsion (deg+1)(deg+1) k^2/d, springs d^2/k, cooling.

    O(n^2) per step, computed in float32 row chunks; weak gravity towards (0, 0) keeps the shape round.
    """
    n = len(pos)
    x = pos[:, 0].astype(np.float32)
    y = pos[:, 1].astype(np.float32)
    mass = np.ones(n, dtype=np.float32)
    if len(pairs):
        np.add.at(mass, pairs[:, 0], 1.0)
        np.add.at(mass, pairs[:, 1], 1.0)
    kk = np.float32(k * k)
    span = float(max(np.ptp(x), np.ptp(y))) or k
    for step in range(steps):
        heat = span / 8 * (1 - step / steps) + k / 10  # the longest move allowed in this step
        fx = np.zeros(n, dtype=np.float32)
        fy = np.zeros(n, dtype=np.float32)
        for start in range(0, n, _CHUNK):
            rows = slice(start, min(n, start + _CHUNK))
            dx = x[rows, None] - x[None, :]
            dy = y[rows, None] - y[None, :]
            push = dx * dx
            push += dy * dy
            push += 1.0
            np.divide(mass[None, :] * kk, push, out=push)
            fx[rows] = mass[rows] * np.einsum("ij,ij->i", push, dx)
            fy[rows] = mass[rows] * np.einsum("ij,ij->i", push, dy)
        if len(pairs):
            u, v = pairs[:, 0], pairs[:, 1]
            dx = x[u] - x[v]
            dy = y[u] - y[v]
            scale = np.sqrt(dx * dx + dy * dy) / np.float32(k)
            np.add.at(fx, u, -dx * scale)
            np.add.at(fx, v, dx * scale)
            np.add.at(fy, u, -dy * scale)
            np.add.at(fy, v, dy * scale)
        fx -= 0.02 * mass * x
        fy -= 0.02 * mass * y
        length = np.sqrt(fx * fx + fy * fy) + np.float32(1e-9)
        move = np.minimum(length, np.float32(heat)) / length
        x += fx * move
        y += fy * move
    return np.stack([x, y], axis=1).astype(np.float64)


def _radial_tree(root: str, adjacent: dict[str, set[str]], rank: dict[str, int], placed: set[str]) -> _Component:
    """Breadth-first tree from ``root``: depth d on ring d, each subtree in a wedge sized by its node count."""
    children: dict[str, list[str]] = {root: []}
    depth = {root: 0}
    order = [root]
    placed.add(root)
    queue = deque([root])
    while queue:
        x = queue.popleft()
        for y in sorted(adjacent[x], key=rank.__getitem__):
            if y not in placed:
                placed.add(y)
                children[x].append(y)
                children[y] = []
                depth[y] = depth[x] + 1
                order.append(y)
                queue.append(y)
    size = dict.fromkeys(order, 1)
    for x in reversed(order):
        for y in children[x]:
            size[x] += size[y]
    per_ring: dict[int, int] = {}
    for x in order:
        per_ring[depth[x]] = per_ring.get(depth[x], 0) + 1
    radius = [0.0]
    for d in range(1, max(per_ring) + 1):  # a ring is long enough to hold its actors SPACING apart
        radius.append(max(radius[-1] + RING, per_ring[d] * SPACING / (2 * math.pi)))
    wedge = {root: (0.0, 2 * math.pi)}
    positions: dict[str, tuple[float, float]] = {}
    for x in order:
        start, width = wedge[x]
        angle = start + width / 2
        r = radius[depth[x]]
        positions[x] = (round(r * math.cos(angle), 1), round(r * math.sin(angle), 1)) if r else (0.0, 0.0)
        total = size[x] - 1
        for y in children[x]:
            share = width * size[y] / total
            wedge[y] = (start, share)
            start += share
    return _Component(positions, radius[-1] + SPACING / 2)


def _pack(components: list[_Component]) -> dict[str, tuple[float, float]]:
    """Components left to right in rows of about the same width (largest first), about square overall."""
    components = sorted(components, key=lambda c: -c.radius)  # stable: equal radii keep their order
    if not components:
        return {}
    area = sum((2 * c.radius + SPACING) ** 2 for c in components)
    width = max(math.sqrt(area), 2 * components[0].radius + SPACING)
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for c in components:
        diameter = 2 * c.radius + SPACING
        if x > 0 and x + diameter > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        cx, cy = x + diameter / 2, y + diameter / 2
        for node, (px, py) in c.positions.items():
            positions[node] = (round(cx + px, 1), round(cy + py, 1))
        x += diameter
        row_height = max(row_height, diameter)
    first = components[0].positions
    ox, oy = positions[next(iter(first))]  # the biggest hub at (0, 0)
    return {n: (round(px - ox, 1), round(py - oy, 1)) for n, (px, py) in positions.items()}
