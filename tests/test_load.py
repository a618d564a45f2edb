"""Stress: bench/load_test.py on a small store — no errors, and a cross product cut off without starving the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.load_test import main


@pytest.mark.stress
def test_load_concurrent_clients_and_a_cross_product(tmp_path: Path) -> None:
    timeout = 2.0
    args = ["--triples", "30000", "--clients", "8", "--seconds", "15", "--timeout", str(timeout),
            "--data", str(tmp_path / "data.nq"), "--store", str(tmp_path / "store")]
    quiet, loaded = main(args)
    for phase in (quiet, loaded):
        assert phase["errors"] == 0, phase["error_samples"]
        assert phase["requests"] > 8  # type: ignore[operator]
    cut = loaded["pathological"]
    assert cut, "the cross product never came back"
    assert all(run["status"] == 503 and run["seconds"] < timeout + 3 for run in cut), cut  # type: ignore[index, union-attr]
    # The others keep being served: none waits as long as the cross product runs (timeout + grace),
    # and throughput stays above a fifth of the quiet phase's (the cross product holds one of 2 cores).
    assert loaded["p99_ms"] < (timeout + 2) * 1000  # type: ignore[operator]
    assert loaded["throughput_per_s"] >= quiet["throughput_per_s"] / 5  # type: ignore[operator]
