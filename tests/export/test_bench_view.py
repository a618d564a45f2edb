"""bench/bench_view.py: its synthetic networks, and a smoke run of the measurement in Chromium (seconds)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bench import bench_view
from kg.vocab import ENTITY_TYPES


def test_bench_view_synthetic_network_is_seeded_and_hub_heavy():
    net = bench_view.synthetic_network(400, seed=2)
    again = bench_view.synthetic_network(400, seed=2)
    assert list(net.edges(keys=True, data=True)) == list(again.edges(keys=True, data=True))
    assert list(net.edges(keys=True)) != list(bench_view.synthetic_network(400, seed=3).edges(keys=True))
    assert net.number_of_nodes() == 400
    assert 1.1 * 400 <= net.number_of_edges() <= 1.4 * 400
    degrees = sorted((d for _n, d in net.degree()), reverse=True)
    assert degrees[0] >= 8 * degrees[len(degrees) // 2]  # a few hubs, a long tail
    assert set(Counter(t for _n, t in net.nodes(data="type"))) == set(ENTITY_TYPES)
    for _u, _v, data in net.edges(data=True):  # the attributes kg.export.network gives
        assert set(data) == {"predicate", "sources", "evidence", "first_seen", "last_seen", "asserted"}
        assert data["sources"] == len({ev["document"] for ev in data["evidence"]})


@pytest.mark.browser
@pytest.mark.skipif(not bench_view.CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_bench_view_measures_a_small_page(tmp_path: Path, monkeypatch):
    pytest.importorskip("playwright.sync_api")
    monkeypatch.delenv("BENCH_RESULTS", raising=False)
    (row,) = bench_view.run([60], tmp_path)
    expected = bench_view.synthetic_network(60)
    assert (row.actors, row.relations, row.drawn) == (60, expected.number_of_edges(), 60)
    assert row.page_bytes == (tmp_path / "view-60.html").stat().st_size
    assert 0 < row.stable_s < 60 and row.filter_ms >= 0 and row.render_s > 0
    lines = bench_view.table([row]).splitlines()
    assert lines[0].split() == ["actors", "relations", "drawn", "page", "MB", "render", "s", "stable", "s", "filter", "ms"]
    assert lines[1].split()[:3] == ["60", str(expected.number_of_edges()), "60"]
