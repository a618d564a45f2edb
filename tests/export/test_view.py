"""``kg view``: the page written from a store, with ``--where`` (the selection of ``kg export --where``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
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
    (block,) = re.findall(r'<script type="application/json" id="geokg-data">(.*?)</script>', text, re.DOTALL)
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
            ["--where", "?s = kgr:sylvania"], "(3 actors, 2 relations)",
            [("sylvania", "freedonia", "threatens"), ("sylvania", "marsh_hollow_pact", "partyTo")],
            id="where-subject",
        ),
        pytest.param(
            ["--where", "?p = geo:threatens"], "(2 actors, 1 relations)",
            [("sylvania", "freedonia", "threatens")],
            id="where-statement-only-relation",
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
            "Error: --where '?s = kgr:x } UNION { ?s ?p ?o' is not a SPARQL FILTER expression over ?s ?p ?o\n",
            id="malformed-where",
        ),
        pytest.param(
            ["--where", "?s = zz:x"],
            "Error: --where '?s = zz:x': malformed SPARQL: error at 7:3: expected ENCODE_FOR_URI\n",
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


@pytest.mark.parametrize("where", ["?s = kgr:sylvania", "?p = geo:threatens", "?o != kgr:marsh_hollow_pact"])
def test_view_where_selects_what_export_where_selects(store, tmp_path, where):
    page, graphml = tmp_path / "page.html", tmp_path / "net.graphml"
    runner = CliRunner()
    assert runner.invoke(main, ["view", "--store", str(store), "--out", str(page), "--where", where]).exit_code == 0
    exported = runner.invoke(
        main, ["export", "--store", str(store), "--format", "graphml", "--out", str(graphml), "--where", where]
    )
    assert exported.exit_code == 0, exported.output
    data = _page_data(page)
    back = nx.read_graphml(graphml, force_multigraph=True)
    assert sorted((e["from"], e["to"], e["geokg"]["predicate"]) for e in data["edges"]) == sorted(
        (u, v, d["predicate"]) for u, v, d in back.edges(data=True)
    )
    assert sorted(n["id"] for n in data["nodes"]) == sorted(back.nodes)
