from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.cli import main
from tests.conftest import FIXTURES

GOLDEN = FIXTURES / "articles" / "golden.txt"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize("command", sorted(main.commands))
def test_cli_every_command_has_help_with_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output


def test_cli_extract_prints_turtle_with_evidence(runner: CliRunner) -> None:
    result = runner.invoke(main, ["extract", str(GOLDEN)])
    assert result.exit_code == 0, result.output
    g = Graph().parse(data=result.output, format="turtle")
    ask = g.query(
        "ASK { ?st rdf:subject kgr:lithuania ; rdf:predicate geo:condemns ; rdf:object kgr:belarus ;"
        ' geo:evidenceText "Lithuania condemned Belarus over repeated violations of its airspace." }',
        initNs={"geo": "https://w3id.org/geokg/ontology#", "kgr": "https://w3id.org/geokg/id/"},
    )
    assert ask.askAnswer


@pytest.mark.parametrize("fmt", ["trig", "nt", "jsonld"])
def test_cli_extract_other_formats_parse(runner: CliRunner, fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"g.{fmt}"
    result = runner.invoke(main, ["extract", str(GOLDEN), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    parse_as = {"trig": "trig", "nt": "nt", "jsonld": "json-ld"}[fmt]
    assert len(Graph().parse(out, format=parse_as)) > 0 or fmt == "trig"


def test_cli_build_writes_outputs_and_skips_unchanged(runner: CliRunner, tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(GOLDEN, articles / "golden.txt")
    args = ["build", str(articles), "--store", str(tmp_path / "store"), "--out", str(tmp_path / "out")]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert first.output.splitlines()[0] == "documents: 1 added, 0 replaced, 0 unchanged, 0 rejected"
    assert (tmp_path / "out" / "graph.ttl").exists() and (tmp_path / "out" / "graph.html").exists()
    second = runner.invoke(main, args)
    assert second.output.splitlines()[0] == "documents: 0 added, 0 replaced, 1 unchanged, 0 rejected"


def test_cli_build_lists_rejected_files_and_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(GOLDEN, articles / "golden.txt")
    (articles / "empty.txt").write_text("")
    result = runner.invoke(main, ["build", str(articles), "--store", str(tmp_path / "s"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == "documents: 1 added, 0 replaced, 0 unchanged, 1 rejected"
    assert f"rejected: {articles / 'empty.txt'}: is empty (remove it or give it the article text)" in result.output


def test_cli_query_table_and_errors(runner: CliRunner, tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    runner.invoke(main, ["build", str(GOLDEN), "--store", store, "--out", str(tmp_path / "out")])
    result = runner.invoke(main, ["query", "SELECT ?o WHERE { kgr:lithuania geo:condemns ?o }", "--store", store])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["o          ", "kgr:belarus", "(1 rows)"]
    bad = runner.invoke(main, ["query", "SELECT WHERE {", "--store", store])
    assert bad.exit_code == 1
    assert bad.output.startswith("Error: malformed SPARQL:")
    missing = runner.invoke(main, ["query", "ASK {}", "--store", str(tmp_path / "nowhere")])
    assert missing.output.strip() == f"Error: {tmp_path / 'nowhere'}: no store here (run kg build first, or pass --store)"


def test_cli_validate_reports_conformance(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    runner.invoke(main, ["extract", str(GOLDEN), "-o", str(out)])
    result = runner.invoke(main, ["validate", str(out)])
    assert result.exit_code == 0
    assert result.output.startswith("conforms: ")
    broken = tmp_path / "broken.ttl"
    broken.write_text("<http://x> a <https://w3id.org/geokg/ontology#Statement> .")
    assert runner.invoke(main, ["validate", str(broken)]).exit_code == 1


def test_cli_eval_scores_a_gold_folder(runner: CliRunner, tmp_path: Path) -> None:
    shutil.copy(GOLDEN, tmp_path / "a.txt")
    (tmp_path / "a.gold.json").write_text(
        '{"published": "2024-03-05", "entities": ['
        '{"id": "lt", "label": "Lithuania", "type": "State", "wikidata": "Q37", "mentions": ["Lithuania"]},'
        '{"id": "by", "label": "Belarus", "type": "State", "wikidata": "Q184", "mentions": ["Belarus"]}],'
        '"relations": [{"s": "lt", "p": "condemns", "o": "by", "evidence": ""}]}'
    )
    result = runner.invoke(main, ["eval", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "condemns          1.000  1.000  1.000     1     1" in lines
    assert lines[-1].startswith("relations  P ")
    assert "R 1.000" in lines[-1]


def test_cli_eval_without_gold_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["eval", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {tmp_path}: has no *.gold.json files (point kg eval at a folder of annotated articles)"
