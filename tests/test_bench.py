"""Smoke runs of the benchmarks (seconds): the corpus generator, the extraction, build and write benches, the table."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import bench_build, bench_extract, bench_loader, bench_write
from bench.corpus import generate, repeat_folder, write_corpus
from bench.table import format_table, verdict


def test_bench_corpus_is_seeded_realistic_and_size_independent() -> None:
    three = list(generate(3, seed=5))
    assert [a.text for a in three] == [a.text for a in generate(3, seed=5)]
    assert list(generate(1, seed=5, start=2)) == three[2:]
    assert len({a.text for a in three}) == 3
    assert [a.name for a in three] == [f"0000/article_5_{i:06d}.txt" for i in range(3)]
    for article in three:
        assert 600 <= len(article.text.split()) <= 830  # body 600–800 words, plus headline and dateline
        assert article.text.splitlines()[1].startswith("Published: 20")


def test_bench_repeat_folder_cycles_real_articles(tmp_path: Path) -> None:
    source = write_corpus(tmp_path / "src", 2)
    out = repeat_folder(source, tmp_path / "out", 5)
    names = sorted(p.name for p in out.rglob("*.txt"))
    assert names == [
        "000000_article_1_000000.txt", "000001_article_1_000001.txt", "000002_article_1_000000.txt",
        "000003_article_1_000001.txt", "000004_article_1_000000.txt",
    ]


def test_bench_extract_measures_every_stage() -> None:
    figures = bench_extract.measure(articles=3, spacy_small=False)
    assert (figures.articles, figures.spacy_rate) == (3, None)
    assert list(figures.stages) == [
        "clean (read text, boilerplate, dates)",
        "tokenise + sentences (spaCy blank)",
        "entities (gazetteer, titles, coreference)",
        "relations (trigger matcher, arguments, modality)",
        "graph (triples → N-Triples)",
    ]
    assert all(seconds > 0 for seconds in figures.stages.values()) and figures.rate > 0
    assert len(figures.profile) == 6 and 0 < sum(share for _, share in figures.profile) <= 1


def test_bench_build_runs_the_cli_and_samples_memory(tmp_path: Path) -> None:
    (figures,) = bench_build.measure([3], workers=1, work=tmp_path)
    assert figures.summary == "documents: 3 added, 0 replaced, 0 unchanged, 0 rejected"
    assert figures.seconds > 0 and 0 < figures.cpu_seconds and 50 < figures.peak_rss_mib < 2048


def test_bench_loader_loads_each_round_into_new_graphs(tmp_path: Path) -> None:
    runs = bench_loader.load_rounds(tmp_path, size=2, rounds=2, distinct=2)
    assert len(runs) == 2
    assert runs[1]["quads"] == 2 * runs[0]["quads"] > 0  # round 2 repeats the articles, in graphs of their own
    assert all(run["peak"] >= run["before"] > 0 for run in runs)
    assert not (tmp_path / "loader-store").exists()


def test_bench_write_writes_varied_copies_per_window(tmp_path: Path) -> None:
    windows, peak = bench_write.measure(docs=6, window=2, distinct=2, work=tmp_path)
    assert [w.docs for w in windows] == [2, 4, 6]
    assert all(w.cpu > 0 and w.main > 0 and w.store_bytes > 0 for w in windows) and 50 < peak < 2048
    assert windows[-1].cpu >= windows[0].cpu and not (tmp_path / "store").exists()
    assert "CPU ms/art" in bench_write.format_windows(windows).splitlines()[0]


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [(120.0, ">= 100", "met"), (99.9, ">= 100", "MISSED"), (900, "< 1024", "met"), ("blocked", ">= 10", ""), (3.0, "", "")],
    ids=["above", "below", "under-limit", "text", "no-target"],
)
def test_bench_table_verdict(value: float | str, target: str, expected: str) -> None:
    assert verdict(value, target) == expected


def test_bench_table_is_aligned() -> None:
    rows = [
        {"bench": "extract", "metric": "articles/s", "value": 41.5, "target": ">= 100"},
        {"bench": "build", "metric": "peak RSS, MiB", "value": 512, "target": "< 1024"},
    ]
    assert format_table(rows).splitlines() == [
        "bench    metric         value  target",
        "-------  -------------  -----  ------  ------",
        "extract  articles/s     41.50  >= 100  MISSED",
        "build    peak RSS, MiB    512  < 1024  met",
    ]
