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
    result = runner.invoke(main, ["query", "SELECT ?o WHERE { kgr:lithuania geo:condemns ?o }", "--store", store, "--format", "table"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["o", "kgr:belarus", "(1 row)"]
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


@pytest.fixture
def fixture_store(tmp_path: Path) -> str:
    from kg.store import open_store
    from tests.store_fixture import fill

    path = tmp_path / "fixture-store"
    fill(open_store(path)).close()
    return str(path)


def test_cli_query_named_with_param_prints_exact_table(runner: CliRunner, fixture_store: str) -> None:
    args = ["query", "--name", "who-condemns", "--param", "actor=North Korea", "--store", fixture_store, "--format", "table"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.output == (
        "actor        who                label          documents  firstSeen   lastSeen\n"
        "North Korea  kgr:japan          Japan          2          2024-03-01  2024-05-10\n"
        "North Korea  kgr:united_states  United States  1          2024-05-10  2024-05-10\n"
        "(2 rows)\n"
    )


def test_cli_query_defaults_to_csv_off_a_terminal(runner: CliRunner, fixture_store: str) -> None:
    result = runner.invoke(main, ["query", "-n", "most-condemned", "--store", fixture_store])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.decode() == (
        "actor,label,condemners,documents\r\n"
        "https://w3id.org/geokg/id/north_korea,North Korea,2,2\r\n"
        "https://w3id.org/geokg/id/russia,Russia,1,1\r\n"
    )


def test_cli_query_list_shows_names_descriptions_and_params(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "--list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:2] == [
        "actor-relations: Every relation an actor takes part in (either side, any modality), with the evidence sentence and its source",
        "    --param actor=…  the actor's label, alias or IRI (labels match case-insensitively)",
    ]
    assert sum(1 for line in lines if not line.startswith(" ")) == 13


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["-n", "nope"], 1, "Error: no named query 'nope' (kg query --list shows them: "),
        (["-n", "who-condemns", "-p", "actor"], 1, "Error: --param 'actor': write it as NAME=VALUE, e.g. --param actor='North Korea'"),
        (["-n", "who-condemns", "-p", 'actor="} ; DROP ALL ; {"', "--format", "table"], 0, "actor  who  label  documents  firstSeen  lastSeen\n(0 rows)"),
        (["SELECT ?s WHERE { ?s ?p ?o }", "-n", "documents"], 2, "Error: give a SPARQL query (text or FILE.rq) or --name NAME (kg query --list shows the names)"),
        (["SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", "--format", "turtle"], 1, "Error: turtle is for CONSTRUCT and DESCRIBE results; use json, xml, csv or tsv for SELECT/ASK"),
        (["SELECT ?s WHERE { ?s ?p ?o }", "--format", "yaml"], 2, "Error: Invalid value for '--format'"),
    ],
    ids=["unknown-name", "bad-param", "injection", "both", "turtle-for-select", "unknown-format"],
)
def test_cli_query_errors_are_one_line(runner: CliRunner, fixture_store: str, args: list[str], code: int, message: str) -> None:
    result = runner.invoke(main, ["query", *args, "--store", fixture_store])
    assert result.exit_code == code, result.output
    assert message in result.output
    if code == 1:
        assert len(result.output.strip().splitlines()) == 1


def test_cli_remove_takes_a_document_out_and_refuses_unknown(runner: CliRunner, fixture_store: str) -> None:
    result = runner.invoke(main, ["remove", "b.txt", "--store", fixture_store])
    assert (result.exit_code, result.output) == (0, "removed b.txt (1 graph)\n")
    again = runner.invoke(main, ["remove", "b.txt", "--store", fixture_store])
    assert again.exit_code == 1
    assert again.output == (
        "Error: b.txt: no such document in the store (give its source path or IRI; `kg query --name documents` lists the latest)\n"
    )
    left = runner.invoke(main, ["query", "-n", "documents", "--store", fixture_store, "--format", "table"])
    assert [line.split("  ")[-1].strip() for line in left.output.splitlines()[1:3]] == ["3", "3"]


def test_cli_export_writes_each_format(runner: CliRunner, fixture_store: str, tmp_path: Path) -> None:
    from rdflib import Dataset

    out = tmp_path / "dump.nq"
    result = runner.invoke(main, ["export", "--format", "nquads", "--out", str(out), "--store", fixture_store])
    assert (result.exit_code, result.output) == (0, f"wrote {out} (nquads)\n")
    ds = Dataset()
    ds.parse(out, format="nquads")
    assert len([g for g in ds.graphs() if len(g)]) == 3
    stdout = runner.invoke(main, ["export", "--format", "ntriples", "--where", "?s = kgr:japan", "--store", fixture_store])
    assert stdout.exit_code == 0
    assert "<https://w3id.org/geokg/id/japan> <https://w3id.org/geokg/ontology#condemns> <https://w3id.org/geokg/id/north_korea> ." in stdout.output.splitlines()
    bad = runner.invoke(main, ["export", "--format", "gexf", "--store", fixture_store])
    assert (bad.exit_code, bad.output.splitlines()[-1]) == (2, "Error: --format gexf needs --out FILE")
