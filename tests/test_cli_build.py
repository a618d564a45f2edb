"""`kg build` options for speed: --workers, --dask, --no-export and the terminal progress line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from tests.conftest import FIXTURES

GOLDEN = FIXTURES / "articles" / "golden.txt"


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(GOLDEN, folder / "golden.txt")
    (folder / "short.txt").write_text("Published: 2024-02-01\nJapan condemned North Korea after the launch.\n")
    return folder


def test_cli_build_workers_gives_the_serial_summary(articles: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    outputs = []
    for workers in ("1", "2"):
        store = tmp_path / f"store{workers}"
        result = runner.invoke(main, ["build", str(articles), "--store", str(store), "--workers", workers, "--no-export"])
        assert result.exit_code == 0, result.output
        outputs.append(result.output.splitlines())
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == "documents: 2 added, 0 replaced, 0 unchanged, 0 rejected"
    assert len(outputs[0]) == 3  # no "wrote ..." line with --no-export
    assert not (tmp_path / "exports").exists()


def test_cli_build_prints_progress_only_on_a_terminal(
    articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kg.cli._is_tty", lambda: True)
    result = CliRunner().invoke(main, ["build", str(articles), "--store", str(tmp_path / "s"), "--no-export"])
    assert result.exit_code == 0, result.output
    first, summary = result.output.split("\n", 1)
    assert re.fullmatch(r"(\r[^\r]*)*\r2 documents, \d+\.\d documents/s, 0 unchanged, 0 failed", first), first
    assert summary.startswith("documents: 2 added, 0 replaced, 0 unchanged, 0 rejected\n")
    monkeypatch.undo()
    plain = CliRunner().invoke(main, ["build", str(articles), "--store", str(tmp_path / "t"), "--no-export"])
    assert "\r" not in plain.output and "documents/s" not in plain.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workers", "-1"], "Error: Invalid value for '--workers': -1 is not in the range x>=0."),
        (["--workers", "2", "--dask", "tcp://127.0.0.1:9"], "Error: --workers and --dask exclude each other (Dask decides its own workers)"),
    ],
    ids=["negative-workers", "workers-and-dask"],
)
def test_cli_build_rejects_bad_parallel_options(articles: Path, tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["build", str(articles), "--store", str(tmp_path / "s"), *args])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == message


def test_cli_build_unreachable_dask_scheduler_is_one_line(articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.distributed

    real = kg.distributed.connect
    monkeypatch.setattr(kg.distributed, "connect", lambda address: real(address, timeout=1))
    result = CliRunner().invoke(main, ["build", str(articles), "--store", str(tmp_path / "s"), "--dask", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1
    assert len(result.output.splitlines()) == 1
    assert result.output.startswith("Error: cannot reach the Dask scheduler at tcp://127.0.0.1:9 (")
