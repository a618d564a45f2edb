"""Real server processes on free loopback ports for the HTTP tests: ``oxigraph serve`` and ``kg serve``."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from kg.serve import free_port

__all__ = ["kg_serve", "oxigraph_serve"]

BIN = Path(sys.executable).parent


def _wait(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            err = process.stderr.read().decode() if process.stderr else ""
            raise RuntimeError(f"server exited with {process.returncode}: {err}")
        try:
            if httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


@contextmanager
def _running(command: list[str], url: str) -> Iterator[str]:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def oxigraph_serve(location: Path) -> Iterator[str]:
    """A plain Oxigraph server (union default graph, read-write) on a store folder; yields its base URL."""
    port = free_port()
    command = [str(BIN / "oxigraph"), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    with _running(command, f"http://127.0.0.1:{port}") as url:
        yield url


@contextmanager
def kg_serve(store: Path, *options: str) -> Iterator[str]:
    """``kg serve --store STORE OPTIONS…`` on a free port; yields its base URL."""
    port = free_port()
    command = [str(BIN / "kg"), "serve", "--store", str(store), "--port", str(port), *options]
    with _running(command, f"http://127.0.0.1:{port}") as url:
        yield url
