"""Killed builds, locked stores and two builds at once: the store never loses or doubles a fact.

The kill test (``stress``) SIGKILLs real ``kg build`` processes at random moments, re-runs the build and
compares every named graph, quad for quad, with a clean build's.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.cli import main

KG = [sys.executable, "-m", "kg.cli"]
GENERATED_AT = "http://www.w3.org/ns/prov#generatedAtTime"
EVIDENCE = "https://w3id.org/geokg/ontology#evidenceText"
ROOT = Path(__file__).resolve().parent.parent

STATES = ("Chile", "Peru", "Japan", "France", "Germany", "Poland", "Kenya", "Egypt", "Brazil", "India", "Canada",
          "Norway", "Turkey", "Spain", "Mexico", "Vietnam")
# Sentence shapes written for these tests: one relation each, in the trigger words the lexicon knows.
SHAPES = (
    "{a} condemned {b} on {day} over the seizure of a fishing boat.",
    "{a} imposed sanctions on {b} after the talks collapsed.",
    "Officials from {a} held talks with {b} in a neutral capital on {day}.",
    "{a} urged {b} to release the detained crew.",
    "{a} sent troops to {b} at the request of its government.",
    "{a} warned {b} against further drills near the coast.",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def write_corpus(folder: Path, count: int, seed: int) -> Path:
    """``count`` short generated articles of three to six relation sentences each."""
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        lines = [f"Bulletin {i}: regional news round-up", ""]
        for _ in range(rnd.randint(3, 6)):
            a, b = rnd.sample(STATES, 2)
            lines.append(rnd.choice(SHAPES).format(a=a, b=b, day=rnd.choice(DAYS)))
        (folder / f"bulletin-{i:04d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def build_command(corpus: Path, store: Path, out: Path, *extra: str) -> list[str]:
    return [*KG, "build", str(corpus), "--store", str(store), "--out", str(out), *extra]


def start_build(corpus: Path, store: Path, out: Path, *extra: str, output: int | None = subprocess.DEVNULL) -> subprocess.Popen[str]:
    """Start ``kg build`` in its own process group (so a kill reaches its worker processes too)."""
    return subprocess.Popen(build_command(corpus, store, out, *extra), cwd=ROOT, text=True, stdout=output,
                            stderr=output, start_new_session=True)


def added_and_unchanged(stdout: str) -> tuple[int, int]:
    """The counts of a clean ``documents:`` summary line (no replaced, no rejected)."""
    found = re.match(r"documents: (\d+) added, 0 replaced, (\d+) unchanged, 0 rejected", stdout)
    assert found, stdout
    return int(found[1]), int(found[2])


def lock_held(store: Path) -> bool:
    """Whether some process holds the store's RocksDB file lock (read from /proc/locks)."""
    try:
        inode = (store / "LOCK").stat().st_ino
    except FileNotFoundError:
        return False
    return re.search(rf"\s[0-9a-f]+:[0-9a-f]+:{inode}\s", Path("/proc/locks").read_text()) is not None


def wait_for_lock(store: Path, process: subprocess.Popen[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not lock_held(store):
        assert process.poll() is None, "the build ended before it took the store's lock"
        assert time.monotonic() < deadline, "the build never took the store's lock"
        time.sleep(0.02)


def snapshot(store: Path) -> dict[str, Counter[str]]:
    """Every named graph's quads as N-Triples lines (ingestion times masked), counted.

    Only the ontology graph has blank nodes (OWL lists), whose labels differ per load: compare it
    with ``ontology_isomorphic``.
    """
    graphs: dict[str, Counter[str]] = {}
    db = ox.Store(str(store))  # read-write: a killed build may have left a log that opening replays
    for quad in db.quads_for_pattern(None, None, None, None):
        obj = '"<ingested>"' if quad.predicate.value == GENERATED_AT else str(quad.object)
        line = f"{quad.subject} {quad.predicate} {obj}"
        graphs.setdefault(str(quad.graph_name), Counter())[line] += 1
    del db  # releases the store's lock for the next build
    return graphs


def ontology_isomorphic(a: dict[str, Counter[str]], b: dict[str, Counter[str]]) -> bool:
    name = "<https://w3id.org/geokg/graph/ontology>"
    graphs = [Graph().parse(data="".join(f"{line} .\n" for line in g[name]), format="nt") for g in (a, b)]
    return len(graphs[0]) > 0 and isomorphic(*graphs)


needs_proc_locks = pytest.mark.skipif(not Path("/proc/locks").exists(), reason="reads lock holders from Linux /proc/locks")


@needs_proc_locks
def test_pipeline_second_build_fails_at_once_while_the_first_holds_the_store(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", 30, seed=7)
    store = tmp_path / "store"
    first = start_build(corpus, store, tmp_path / "o1", output=subprocess.PIPE)
    try:
        wait_for_lock(store, first)
        first.send_signal(signal.SIGSTOP)  # frozen with the lock held: the second build cannot wait it out by luck
        started = time.monotonic()
        second = CliRunner().invoke(main, build_command(corpus, store, tmp_path / "o2")[3:])
        assert time.monotonic() - started < 5  # refused at once, not after waiting
        assert second.exit_code == 1
        assert second.stdout == ""
        assert second.stderr == (
            f"Error: {store}: the store is in use by another geokg process (a kg build, query or serve): "
            "wait for it to finish or stop it; its lock goes away when it ends, even if killed\n"
        )
        first.send_signal(signal.SIGCONT)
        out, err = first.communicate(timeout=300)
    finally:
        first.kill()
    assert first.returncode == 0, err
    assert out.splitlines()[0] == "documents: 30 added, 0 replaced, 0 unchanged, 0 rejected"
    assert len(snapshot(store)) == 33  # 30 documents, the ontology, the entity index and the edge summary: the refused build wrote nothing


@needs_proc_locks
def test_pipeline_store_locked_by_a_killed_build_opens_again(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", 20, seed=11)
    store = tmp_path / "store"
    doomed = start_build(corpus, store, tmp_path / "o")
    wait_for_lock(store, doomed)
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(timeout=30)
    assert (store / "LOCK").exists()  # the file stays behind; the kernel lock on it died with the process
    assert not lock_held(store)
    rerun = CliRunner().invoke(main, build_command(corpus, store, tmp_path / "o")[3:])
    assert rerun.exit_code == 0, rerun.output
    added, unchanged = added_and_unchanged(rerun.stdout)
    assert added + unchanged == 20


@pytest.mark.stress
@needs_proc_locks
@pytest.mark.parametrize("workers", ["1", "2"])
def test_pipeline_build_killed_at_random_moments_equals_a_clean_build(tmp_path: Path, workers: str) -> None:
    seed = int(os.environ.get("GEOKG_KILL_SEED", "20240619"))
    rnd = random.Random(seed)
    corpus = write_corpus(tmp_path / "corpus", 300, seed=seed)
    clean_store, killed_store = tmp_path / "clean", tmp_path / "killed"

    started = time.monotonic()
    clean = subprocess.run(build_command(corpus, clean_store, tmp_path / "clean-out", "--workers", workers),
                           cwd=ROOT, capture_output=True, text=True, timeout=1200, check=False)
    duration = time.monotonic() - started
    assert clean.returncode == 0, clean.stderr
    assert clean.stdout.splitlines()[0] == "documents: 300 added, 0 replaced, 0 unchanged, 0 rejected"

    kills: list[tuple[float, bool, int]] = []
    mid_write = 0  # kills after a run stored some documents but before it stored them all
    stored = 0
    window = duration / 8  # grows while kills land before the first write (worker start-up is slow)
    # with worker processes the time to the first write varies by seconds, so fewer kills land mid-write
    needed = 2 if workers == "1" else 1
    while mid_write < 3 and len(kills) < 20:
        if stored >= 300:
            if mid_write >= needed:
                break
            # every document went in (the writer stores them within a second): start again from an
            # empty store, and kill sooner if no kill has landed mid-write yet
            shutil.rmtree(killed_store)
            stored, window = 0, window if mid_write else window / 2
        process = start_build(corpus, killed_store, tmp_path / "killed-out", "--workers", workers)
        wait_for_lock(killed_store, process)
        time.sleep(rnd.uniform(0.0, window))
        ended_by_itself = process.poll() is not None
        try:
            os.killpg(process.pid, signal.SIGKILL)  # the build and its worker processes, mid-write
        except ProcessLookupError:  # it finished before the kill: nothing left to kill
            pass
        process.wait(timeout=30)
        before, stored = stored, max(0, len(snapshot(killed_store)) - 1)  # documents (not the ontology)
        kills.append((round(time.monotonic() - started, 2), ended_by_itself, stored))
        mid_write += not ended_by_itself and before < stored < 300
        if not mid_write and stored == before:  # until a kill lands mid-write; then the same window keeps landing there
            window = min(duration, window * 1.3)
    final = subprocess.run(build_command(corpus, killed_store, tmp_path / "killed-out", "--workers", workers),
                           cwd=ROOT, capture_output=True, text=True, timeout=1200, check=False)
    assert final.returncode == 0, final.stderr
    added, unchanged = added_and_unchanged(final.stdout)
    print(f"seed {seed}; clean build {duration:.1f}s; kills (s, finished first, graphs stored): {kills}; "
          f"final run: {added} added, {unchanged} unchanged")
    assert added + unchanged == 300
    assert mid_write >= needed, f"only {mid_write} kills landed mid-build"

    clean_graphs, killed_graphs = snapshot(clean_store), snapshot(killed_store)
    assert killed_graphs.keys() == clean_graphs.keys()  # the same document graphs (and the ontology graph)
    assert ontology_isomorphic(clean_graphs, killed_graphs)
    for name, quads in clean_graphs.items():
        if "/doc/" in name:
            assert killed_graphs[name] == quads, name  # the same triples in each graph, none doubled
        assert all(n == 1 for n in killed_graphs[name].values())
    statements: Counter[str] = Counter()
    for name, quads in killed_graphs.items():
        if "/doc/" in name:
            assert sum(1 for line in quads if GENERATED_AT in line) == 1  # written once
            statements.update(line.split(" ", 1)[0] for line in quads if EVIDENCE in line)
    assert len(statements) > 600  # the corpus gives statements (about 3 per document)...
    assert set(statements.values()) == {1}  # ...each with exactly one evidence sentence, in one graph


@pytest.mark.stress
@needs_proc_locks
def test_pipeline_rebuild_of_changed_articles_killed_at_random_moments_leaves_no_old_versions(tmp_path: Path) -> None:
    seed = int(os.environ.get("GEOKG_KILL_SEED", "20240619"))
    rnd = random.Random(seed + 1)
    corpus = write_corpus(tmp_path / "corpus", 400, seed=seed)
    store, clean_store = tmp_path / "store", tmp_path / "clean"
    first = subprocess.run(build_command(corpus, store, tmp_path / "o", "--no-export"), cwd=ROOT, capture_output=True,
                           text=True, timeout=1200, check=False)
    assert first.returncode == 0, first.stderr
    changed = sorted(corpus.iterdir())[::2]
    for path in changed:  # a correction appended to every other article: 200 to replace
        path.write_text(path.read_text() + "Correction: Chile condemned Peru on Friday, not Thursday.\n")

    started = time.monotonic()
    clean = subprocess.run(build_command(corpus, clean_store, tmp_path / "co", "--no-export"), cwd=ROOT,
                           capture_output=True, text=True, timeout=1200, check=False)
    duration = time.monotonic() - started
    assert clean.stdout.splitlines()[0] == "documents: 400 added, 0 replaced, 0 unchanged, 0 rejected"
    want = snapshot(clean_store)
    kills = []
    for _ in range(6):
        process = start_build(corpus, store, tmp_path / "o", "--no-export")
        wait_for_lock(store, process)
        time.sleep(rnd.uniform(0.0, duration / 2))
        ended_by_itself = process.poll() is not None
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=30)
        stored = snapshot(store)
        kills.append((ended_by_itself, sum(1 for g in stored if g not in want)))  # old versions left
    final = subprocess.run(build_command(corpus, store, tmp_path / "o", "--no-export"), cwd=ROOT, capture_output=True,
                           text=True, timeout=1200, check=False)
    assert final.returncode == 0, final.stderr
    found = re.match(r"documents: 0 added, (\d+) replaced, (\d+) unchanged, 0 rejected", final.stdout)
    assert found, final.stdout
    print(f"seed {seed}; clean rebuild {duration:.1f}s; kills (finished first, old versions left): {kills}; "
          f"final run: {found[1]} replaced, {found[2]} unchanged")
    assert int(found[1]) + int(found[2]) == 400
    assert any(not done and 0 < old < 200 for done, old in kills), "no kill landed mid-rebuild"
    got = snapshot(store)
    assert got.keys() == want.keys()  # every old version is gone, every new one is there
    for name, quads in want.items():
        if "/doc/" in name:
            assert got[name] == quads, name
