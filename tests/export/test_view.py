"""``kg view``: the page written from a store, with ``--where``, and its one-line errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from kg.cli import main
from kg.store import open_store
from tests.export.test_network import ID, NEGATED_THREAT, TURTLE


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("view") / "store"
    s = open_store(path)
    graph = rdflib.Graph().parse(data=TURTLE + NEGATED_THREAT, format="turtle")
    s.put("https://w3id.org/geokg/doc/0000000000000001", "fixture.ttl", "0" * 64, graph)
    s.close()
    return path


def _page_data(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    (block,) = re.findall(r'<script type="application/json" id="geokg-data">(.*?)</script>', text, re.S)
    return json.loads(block)


@pytest.mark.parametrize(
    ("args", "output", "edges"),
    [
        pytest.param(
            [], "(4 actors, 4 relations)",
            [("freedonia", "sylvania", "attacks"), ("rufus_firefly", "freedonia", "leaderOf"),
             ("sylvania", "freedonia", "threatens"), ("sylvania", "marsh_hollow_pact", "partyTo")],
            id="everything",
        ),
        pytest.param(
            ["--where", "?o = kgr:freedonia"], "(3 actors, 2 relations)",
            [("rufus_firefly", "freedonia", "leaderOf"), ("sylvania", "freedonia", "threatens")],
            id="where-object",
        ),
        pytest.param(["--where", "false"], "(0 actors, 0 relations)", [], id="where-nothing"),
    ],
)
def test_view_writes_the_page_of_the_store(store, tmp_path, args, output, edges):
    out = tmp_path / "sub" / "page.html"
    result = CliRunner().invoke(main, ["view", "--store", str(store), "--out", str(out), *args])
    assert (result.exit_code, result.output) == (0, f"wrote {out} {output}\n")
    data = _page_data(out)
    assert [(e["from"], e["to"], e["geokg"]["predicate"]) for e in data["edges"]] == [
        (ID + s, ID + o, p) for s, o, p in edges
    ]
    assert [n["id"] for n in data["nodes"]] == sorted({ID + x for s, o, _p in edges for x in (s, o)})


def test_view_title_is_escaped_in_the_page(store, tmp_path):
    out = tmp_path / "page.html"
    result = CliRunner().invoke(main, ["view", "--store", str(store), "--out", str(out), "--title", "<b>NK</b>"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "<title>&lt;b&gt;NK&lt;/b&gt;</title>" in text and "<b>NK</b>" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["--where", "?s = kgr:x } UNION { ?s ?p ?o"],
            "Error: where: '?s = kgr:x } UNION { ?s ?p ?o' is not a SPARQL FILTER expression over ?s ?p ?o "
            "(Expected end of text, found '}'  (at char 11), (line:1, col:12))\n",
            id="malformed-where",
        ),
        pytest.param(
            ["--where", "?s = zz:x"],
            "Error: where: '?s = zz:x' cannot be evaluated (Unknown namespace prefix : zz)\n",
            id="unknown-prefix",
        ),
    ],
)
def test_view_bad_where_is_a_one_line_error(store, tmp_path, args, message):
    out = tmp_path / "page.html"
    result = CliRunner().invoke(main, ["view", "--store", str(store), "--out", str(out), *args])
    assert (result.exit_code, result.output) == (1, message)
    assert not out.exists()


def test_view_without_a_store_is_a_one_line_error(tmp_path):
    missing = tmp_path / "nowhere"
    result = CliRunner().invoke(main, ["view", "--store", str(missing), "--out", str(tmp_path / "p.html")])
    assert (result.exit_code, result.output) == (
        1, f"Error: {missing}: no store here (run kg build first, or pass --store)\n"
    )
    assert not missing.exists()
