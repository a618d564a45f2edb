"""One table for ``make bench``: each benchmark records figures, this prints them all together.

A benchmark calls ``record("extract", "articles/s per core", 41.2, ">= 100")``; when
``$BENCH_RESULTS`` names a file the figure is appended to it as a JSON line, and
``python -m bench.table FILE`` prints every recorded figure as one table (with a verdict
where the target is a plain comparison).
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

__all__ = ["format_table", "print_if_standalone", "record", "verdict"]

_TARGET = re.compile(r"^\s*(<=|>=|<|>)\s*([0-9.]+)\s*$")
_ROWS: list[dict[str, object]] = []


def record(bench: str, metric: str, value: float | str, target: str = "") -> None:
    """Keep one figure, and append it to ``$BENCH_RESULTS`` when that names a file."""
    row: dict[str, object] = {"bench": bench, "metric": metric, "value": value, "target": target}
    _ROWS.append(row)
    path = os.environ.get("BENCH_RESULTS")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(row) + "\n")


def print_if_standalone() -> None:
    """Print this process's figures as a table unless ``make bench`` collects them for one table."""
    if not os.environ.get("BENCH_RESULTS"):
        print(format_table(_ROWS))


def verdict(value: float | str, target: str) -> str:
    """``met`` / ``MISSED`` for targets like ``>= 100`` or ``< 1024``; empty otherwise.

    >>> verdict(120.0, ">= 100"), verdict(80, ">= 100"), verdict("blocked", ">= 10")
    ('met', 'MISSED', '')
    """
    m = _TARGET.match(target)
    if not m or not isinstance(value, int | float):
        return ""
    op, bound = m.group(1), float(m.group(2))
    ok = {"<=": value <= bound, ">=": value >= bound, "<": value < bound, ">": value > bound}[op]
    return "met" if ok else "MISSED"


def format_table(rows: list[dict[str, object]]) -> str:
    """Render recorded figures as an aligned text table."""
    cells = [("bench", "metric", "value", "target", "")]
    for r in rows:
        value = r["value"]
        shown = f"{value:,.2f}" if isinstance(value, float) else str(value)
        cells.append((str(r["bench"]), str(r["metric"]), shown, str(r["target"]), verdict(value, str(r["target"]))))  # type: ignore[arg-type]
    widths = [max(len(c[i]) for c in cells) for i in range(5)]
    lines = ["  ".join(c[i].rjust(widths[i]) if i == 2 else c[i].ljust(widths[i]) for i in range(5)).rstrip() for c in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> None:
    path = Path(sys.argv[1])
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    print(format_table(rows))


if __name__ == "__main__":
    main()
