"""Property-based tests (hypothesis): the extractor on arbitrary and news-like Unicode.

Each property runs a modest number of examples in the default suite and many more under
``pytest -m stress`` (``make stress``).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.errors import InputError
from kg.extract import extract
from kg.gazetteer import load_gazetteer
from kg.graph import extraction_graph
from kg.ingest import document_from_text, read_document
from kg.lexicon import read_table
from kg.model import Extraction
from kg.ontology import validate
from tests.conftest import INGESTED

# -- strategies -----------------------------------------------------------------------------------------

NAMES = sorted({alias.text for alias in load_gazetteer().aliases})
TRIGGERS = sorted(
    {word for row in read_table("triggers.tsv") for slot in row[1].split() if not slot.startswith("*")
     for word in slot.split("|")}
)
TITLES = sorted({row[0] for row in read_table("titles.tsv")})
CUES = sorted({row[1] for row in read_table("cues.tsv")})
GLUE = ["the", "of", "to", "in", "on", "with", "and", "by", "said", "'s", "’s", ",", ".", ";", "?", '"', "“", "”",
        "(", ")", "[", "]", "\n", "\n\n", "—", "-", "…", "troops", "forces", "sanctions", "treaty", "the country",
        "the North", "the alliance", "on Monday", "in June 2024", "last year", "since 1953", "Published: 2024-05-02",
        "a spokesperson said", "according to", "\u200b", "\u00a0", "\r\n", "\t"]

STATES = sorted(e.label for e in load_gazetteer().entries.values() if e.type == "State")
# One concrete phrase per trigger row and alternative of its first slot ("*N" gaps left empty).
PHRASES = sorted(
    {" ".join([first, *(slot.split("|")[0] for slot in row[1].split()[1:] if not slot.startswith("*"))])
     for row in read_table("triggers.tsv") for first in row[1].split()[0].split("|")}
)


def _clause(parts: tuple[str, str, str, str, str, str]) -> str:
    title, a, cue, phrase, b, tail = parts
    return " ".join(p for p in (title, a, cue, phrase, b, tail) if p) + "."


actors = st.one_of(st.sampled_from(STATES), st.sampled_from(NAMES))
clauses = st.tuples(
    st.sampled_from(["", *TITLES]), actors, st.sampled_from(["", "", "", *CUES]), st.sampled_from(PHRASES), actors,
    st.sampled_from(["", *GLUE]),
).map(_clause)
fragments = st.one_of(
    clauses, st.sampled_from(NAMES), st.sampled_from(TRIGGERS), st.sampled_from(TITLES), st.sampled_from(CUES),
    st.sampled_from(GLUE), st.text(max_size=12),
)
news_like = st.lists(fragments, max_size=40).map(" ".join)
texts = st.one_of(st.text(max_size=400), news_like)
published = st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))

NO_TEXT = "has no article text after removing page furniture"


def extract_or_none(text: str, day: date | None, *, html: bool = False) -> Extraction | None:
    """Extract ``text``; ``None`` when ingest rejects it for the one documented reason it may."""
    try:
        document = document_from_text(text, source="prop.txt", html=html, published=day, ingested=INGESTED)
    except InputError as exc:
        assert exc.reason in (NO_TEXT, "is an HTML page with no article text"), exc
        return None
    return extract(document)


# Raw files: any bytes, often behind a byte-order mark, a format signature or an HTML opening.
HEADS = [b"", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"%PDF-", b"\x89PNG\r\n\x1a\n", b"<!doctype html>",
         b"<html><body><p>", b"PK\x03\x04"]
raw_files = st.tuples(st.sampled_from(HEADS), st.one_of(st.binary(max_size=600), texts.map(str.encode))).map(
    lambda parts: parts[0] + parts[1]
)


def reads_any_bytes(data: bytes, suffix: str) -> None:
    """``read_document`` gives a Document or an ``InputError``, whatever the file holds."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "article" + suffix)
        path.write_bytes(data)
        try:
            document = read_document(path, ingested=INGESTED)
        except InputError as exc:
            assert str(exc).startswith(f"{path}: ") and exc.fix, exc
        else:
            extract(document)


# -- properties (each run by a quick test and by a stress test) -------------------------------------------


def never_raises(text: str, day: date | None) -> None:
    extraction = extract_or_none(text, day)
    if extraction is None:
        return
    body = extraction.document.text
    for r in extraction.relations:
        assert body[r.evidence.start : r.evidence.end] == r.evidence.sentence  # offsets point at the evidence
        assert 0.0 <= r.confidence <= 1.0


def never_raises_on_html(text: str, day: date | None) -> None:
    extract_or_none(f"<html><body><p>{text}</p><script>{text}</script></body></html>", day, html=True)


def round_trips_and_conforms(text: str, day: date | None) -> None:
    extraction = extract_or_none(text, day)
    if extraction is None:
        return
    graph = extraction_graph(extraction)
    for fmt in ("turtle", "nt"):
        back = Graph().parse(data=graph.serialize(format=fmt), format=fmt)
        if not isomorphic(graph, back):
            _, only_before, only_after = graph_diff(to_isomorphic(graph), to_isomorphic(back))
            pytest.fail(f"{fmt} round trip changed the graph:\n-{only_before.serialize(format='nt')}"
                        f"\n+{only_after.serialize(format='nt')}")
    conforms, _, report = validate(graph)
    assert conforms, report


def is_deterministic(text: str, day: date | None) -> None:
    first, second = extract_or_none(text, day), extract_or_none(text, day)
    if first is None or second is None:
        assert first is second is None
        return
    assert first == second
    assert isomorphic(extraction_graph(first), extraction_graph(second))


# The quick run is derandomised (the same examples every time) so the default suite is repeatable;
# the stress run draws fresh examples on every run.
QUICK = settings(max_examples=40, deadline=None, database=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow])
STRESS = settings(max_examples=2000, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
PROPERTIES: dict[str, tuple[Callable[[str, date | None], None], int]] = {
    "never_raises": (never_raises, 40),
    "never_raises_on_html": (never_raises_on_html, 10),
    "round_trips_and_conforms": (round_trips_and_conforms, 15),
    "is_deterministic": (is_deterministic, 20),
}


def check(prop: Callable[[Any, Any], None], config: settings, first: st.SearchStrategy[Any],
          second: st.SearchStrategy[Any]) -> None:
    """Run a two-argument property under ``config`` (a fresh function each time: settings mark what they wrap)."""

    def run(a: Any, b: Any) -> None:
        prop(a, b)

    given(first, second)(config(run))()


@pytest.mark.parametrize("name", list(PROPERTIES))
def test_properties_hold_on_arbitrary_and_news_like_text(name: str) -> None:
    prop, examples = PROPERTIES[name]
    check(prop, settings(QUICK, max_examples=examples), texts, published)


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_properties_any_file_is_read_or_rejected_with_a_fix(suffix: str) -> None:
    check(reads_any_bytes, settings(QUICK, max_examples=40), raw_files, st.just(suffix))


@pytest.mark.stress
@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_properties_any_file_is_read_or_rejected_on_many_more_examples(suffix: str) -> None:
    check(reads_any_bytes, settings(STRESS, max_examples=1500), raw_files, st.just(suffix))


@pytest.mark.stress
@pytest.mark.parametrize("name", list(PROPERTIES))
def test_properties_hold_on_many_more_examples(name: str) -> None:
    prop, examples = PROPERTIES[name]
    check(prop, settings(STRESS, max_examples=examples * 40), texts, published)


def test_properties_news_like_text_reaches_the_relation_rules() -> None:
    # the strategy is only worth running if its texts make the extractor build relations
    relations: list[int] = []

    @given(news_like)
    @settings(QUICK, max_examples=30)
    def run(text: str) -> None:
        extraction = extract_or_none(text, date(2024, 6, 1))
        relations.append(len(extraction.relations) if extraction else 0)

    run()
    assert len(relations) >= 30
    assert sum(1 for n in relations if n) >= 5, relations


@pytest.mark.parametrize("text", ["Al Qaeda Adm. Al Qaeda", "Afghanistan.Adm.Afghanistan", "Gen. Hamas", "President France met Spain."])
def test_properties_title_before_a_place_or_body_name_conforms(text: str) -> None:
    # found by round_trips_and_conforms: "AlQaeda Adm.Al Qaeda" -> al_qaeda a geo:Leader ; geo:leaderOf al_qaeda
    round_trips_and_conforms(text, None)


def _sample_texts(count: int) -> list[str]:
    rnd = random.Random(5)
    pool = NAMES[::7] + TRIGGERS + TITLES + CUES + GLUE
    return [" ".join(rnd.choice(pool) for _ in range(rnd.randint(5, 60))) for _ in range(count)]


_CHILD = """
import json, sys
from kg.extract import extract
from kg.graph import extraction_graph
from kg.ingest import document_from_text
from tests.conftest import INGESTED
out = []
for text in json.load(sys.stdin):
    doc = document_from_text(text, source="prop.txt", published=None, ingested=INGESTED)
    out.append(sorted(extraction_graph(extract(doc)).serialize(format="nt").splitlines()))  # no blank nodes
json.dump(out, sys.stdout)
"""


def test_properties_extraction_does_not_depend_on_the_hash_seed() -> None:
    # set and dict order of strings changes with PYTHONHASHSEED: a rule that iterates a set would show here
    payload = json.dumps(_sample_texts(15))
    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", _CHILD], input=payload, capture_output=True, text=True,
                              env=env, cwd=Path(__file__).resolve().parent.parent, timeout=300, check=False)
        assert done.returncode == 0, done.stderr
        runs.append(json.loads(done.stdout))
    assert sum(1 for r in runs[0] if any("/stmt/" in line for line in r)) >= 8  # most texts give relations
    assert runs[0] == runs[1]
