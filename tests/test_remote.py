"""RemoteStore against a real ``oxigraph serve`` process on loopback: same semantics as the embedded store."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.compare import graph_diff, isomorphic

from kg.cli import main
from kg.errors import QueryError
from kg.pipeline import build
from kg.remote import RemoteStore, _endpoints, is_remote
from kg.store import Store, open_store
from tests.conftest import INGESTED
from tests.http_servers import oxigraph_serve
from tests.store_fixture import fill

ARTICLE_A = "Published: 2024-03-04\nJapan condemned North Korea after the missile launch on Sunday.\n"
ARTICLE_B = "Published: 2024-03-05\nRussia sent troops to Belarus, the defence ministry said.\n"
ARTICLE_B2 = "Published: 2024-03-06\nRussia sent troops to Belarus. France condemned Russia for it.\n"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph_serve(tmp_path_factory.mktemp("oxigraph") / "store") as url:
        yield url


@pytest.fixture
def remote(server: str) -> Iterator[RemoteStore]:
    store = RemoteStore(server)
    store._update(["DROP ALL"])  # each test starts from an empty server
    yield store
    store.close()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE_A)
    (folder / "b.txt").write_text(ARTICLE_B)
    return folder


def _assert_same(actual: Graph, expected: Graph) -> None:
    if not isomorphic(actual, expected):
        _, only_actual, only_expected = graph_diff(actual, expected)
        pytest.fail(f"graphs differ\nonly remote:\n{only_actual.serialize()}\nonly local:\n{only_expected.serialize()}")


@pytest.mark.parametrize(
    ("url", "query_url", "update_url"),
    [
        ("http://127.0.0.1:7878", "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update"),
        ("sparql+http://h:1/", "http://h:1/query", "http://h:1/update"),
        ("https://h/ds/sparql", "https://h/ds/sparql", "https://h/ds/update"),
        ("sparql+https://h/ds/query", "https://h/ds/query", "https://h/ds/update"),
    ],
    ids=["oxigraph-base", "sparql+http", "fuseki-sparql", "explicit-query"],
)
def test_remote_endpoints_from_store_url(url: str, query_url: str, update_url: str) -> None:
    assert _endpoints(url) == (query_url, update_url)
    assert is_remote(url)


def test_remote_open_store_dispatches_on_scheme(server: str) -> None:
    store = open_store("sparql+" + server)
    assert isinstance(store, RemoteStore)
    assert store.query_url == server + "/query"


def test_remote_build_matches_embedded_build(remote: RemoteStore, corpus: Path) -> None:
    local = Store(None)
    build(local, [corpus], ingested=INGESTED)
    result = build(remote, [corpus], ingested=INGESTED)
    assert (result.added, result.replaced, result.skipped) == (2, 0, 0)
    assert remote.documents() == local.documents()
    _assert_same(remote.graph(), local.graph())
    _assert_same(remote.graph(include_ontology=True), local.graph(include_ontology=True))


def test_remote_a_graph_read_by_another_extractor_version_is_read_again(remote: RemoteStore) -> None:
    from kg.graph import EXTRACTOR_AGENT, document_iri, extraction_ntriples
    from tests.store_fixture import extraction

    e = extraction("c.txt")
    d, graph = e.document, str(document_iri(e.document))
    current = extraction_ntriples(e)
    older = current.replace(str(EXTRACTOR_AGENT).encode(), str(EXTRACTOR_AGENT).replace("/0.", "/0.0.").encode())
    assert remote.put(graph, d.source, d.content_hash, older) == "added"
    assert remote.status_of(d.source, d.content_hash) == "replaced"
    assert remote.put(graph, d.source, d.content_hash, current) == "replaced"
    assert remote.status_of(d.source, d.content_hash) == "skipped"
    local = Store(None)
    local.put(graph, d.source, d.content_hash, current)
    _assert_same(remote.graph(), local.graph())


def test_remote_rebuild_skips_and_change_replaces(remote: RemoteStore, corpus: Path) -> None:
    build(remote, [corpus], ingested=INGESTED)
    size = len(remote)
    again = build(remote, [corpus], ingested=INGESTED)
    assert (again.added, again.replaced, again.skipped) == (0, 0, 2)
    assert len(remote) == size
    (corpus / "b.txt").write_text(ARTICLE_B2)
    changed = build(remote, [corpus], ingested=INGESTED)
    assert (changed.added, changed.replaced, changed.skipped) == (0, 1, 1)
    local = Store(None)
    build(local, [corpus], ingested=INGESTED)
    assert remote.documents() == local.documents()  # the old version of b.txt is gone
    _assert_same(remote.graph(), local.graph())


def test_remote_remove_by_source_and_iri(remote: RemoteStore, corpus: Path) -> None:
    build(remote, [corpus], ingested=INGESTED)
    first, second = remote.documents()
    sources = {str(r["g"]): str(r["src"]) for r in remote.query("SELECT ?g ?src WHERE { GRAPH ?g { ?g dcterms:source ?src } }")}  # type: ignore[union-attr]
    assert remote.remove(sources[first]) == 1
    assert remote.documents() == [second]
    assert remote.remove(second) == 1
    assert remote.documents() == []
    assert remote.remove(second) == 0


PARAMS = {"actor": "North Korea", "other": "Russia", "since": "2024-04-01", "predicate": "condemns"}


def test_remote_named_queries_answer_like_embedded(remote: RemoteStore) -> None:
    from kg.queries import list_queries
    from kg.query import run_query

    local = fill(Store(None))
    fill(remote)
    for q in list_queries():
        params = {p.name: PARAMS[p.name] for p in q.params}
        expected = run_query(local, name=q.name, params=params, fmt="csv")
        assert run_query(remote, name=q.name, params=params, fmt="csv") == expected, q.name
        assert expected.count("\n") >= 1, q.name  # a header and at least one row


def test_remote_bindings_are_terms_not_text(remote: RemoteStore) -> None:
    local = fill(Store(None))
    fill(remote)
    size = len(remote)
    select = "SELECT ?e ?label WHERE { ?e rdfs:label ?label }"
    assert remote.query(select, {"label": '"} ; DROP ALL ; {"'}) == []
    assert len(remote) == size
    japan = remote.query(select, {"label": Literal("Japan")})
    assert japan == local.query(select, {"label": Literal("Japan")})
    assert {str(r["e"]) for r in japan} == {"https://w3id.org/geokg/id/japan"}  # type: ignore[union-attr]


def test_remote_malformed_query_is_a_query_error(remote: RemoteStore) -> None:
    with pytest.raises(QueryError) as error:
        remote.query("SELECT ?s WHERE {\n  ?s ?p }")
    assert str(error.value) == "malformed SPARQL: error at 2:10: expected one of LATERAL, SERVICE, [_]"


def test_remote_dump_nquads_keeps_document_graphs(remote: RemoteStore) -> None:
    local = fill(Store(None))
    fill(remote)
    for fmt in ("nquads", "ntriples"):
        mine, theirs = io.BytesIO(), io.BytesIO()
        remote.dump(mine, fmt)
        local.dump(theirs, fmt)
        assert sorted(mine.getvalue().splitlines()) == sorted(theirs.getvalue().splitlines()), fmt


def test_remote_cli_round_trip(server: str, remote: RemoteStore, corpus: Path) -> None:
    runner = CliRunner()
    built = runner.invoke(main, ["build", str(corpus), "--store", server, "--no-export"])
    assert built.exit_code == 0, built.output
    assert built.output.splitlines()[0] == "documents: 2 added, 0 replaced, 0 unchanged, 0 rejected"
    query = "SELECT ?who ?whom WHERE { ?who geo:condemns ?whom }"
    answered = runner.invoke(main, ["query", query, "--store", server, "--format", "csv"])
    assert answered.exit_code == 0, answered.output
    assert answered.output.splitlines() == ["who,whom", "https://w3id.org/geokg/id/japan,https://w3id.org/geokg/id/north_korea"]
    again = runner.invoke(main, ["build", str(corpus), "--store", "sparql+" + server, "--no-export"])
    assert again.output.splitlines()[0] == "documents: 0 added, 0 replaced, 2 unchanged, 0 rejected"
    removed = runner.invoke(main, ["remove", str(corpus / "a.txt"), "--store", server])
    assert removed.exit_code == 0, removed.output
    assert removed.output == f"removed {corpus / 'a.txt'} (1 graph)\n"
    answered = runner.invoke(main, ["query", query, "--store", server, "--format", "csv"])
    assert answered.output.splitlines() == ["who,whom"]


def test_remote_unreachable_server_is_one_line_error(tmp_path: Path) -> None:
    from kg.serve import free_port

    url = f"http://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(main, ["query", "ASK {}", "--store", url])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {url}/query: cannot reach the SPARQL server (")
    assert len(result.output.splitlines()) == 1


_SUMMARY = "SELECT ?e ?p ?v WHERE { GRAPH <https://w3id.org/geokg/graph/edges> { ?e ?p ?v } } ORDER BY ?e ?p ?v"


def test_remote_edge_summary_follows_replace_and_remove_like_embedded(remote: RemoteStore, corpus: Path) -> None:
    local = Store(None)
    for store in (remote, local):
        build(store, [corpus], ingested=INGESTED)
    before = local.query(_SUMMARY)
    assert remote.query(_SUMMARY) == before
    (corpus / "b.txt").write_text(ARTICLE_B2)
    for store in (remote, local):
        assert build(store, [corpus], ingested=INGESTED).replaced == 1
    after_replace = local.query(_SUMMARY)
    assert remote.query(_SUMMARY) == after_replace
    assert any(str(r["v"]).endswith("/id/france") for r in after_replace) and after_replace != before
    for store in (remote, local):
        assert store.remove(str(corpus / "a.txt")) == 1
    assert remote.query(_SUMMARY) == local.query(_SUMMARY) != after_replace


def test_remote_server_written_before_the_summary_gets_it_on_the_next_write(remote: RemoteStore, corpus: Path) -> None:
    build(remote, [corpus / "a.txt"], ingested=INGESTED)
    expected = remote.query(_SUMMARY)
    assert expected
    remote._update(["DROP GRAPH <https://w3id.org/geokg/graph/edges>"])
    later = RemoteStore(remote.query_url, update_url=remote.update_url)
    build(later, [corpus / "b.txt"], ingested=INGESTED)
    local = Store(None)
    build(local, [corpus / "a.txt", corpus / "b.txt"], ingested=INGESTED)
    assert later.query(_SUMMARY) == local.query(_SUMMARY)
    later.close()


def test_remote_edge_counts_survive_two_builds_writing_at_once(remote: RemoteStore, corpus: Path) -> None:
    """A second build commits between the first one reading the store and sending its update."""
    (corpus / "c.txt").write_text("Published: 2024-03-07\nFrance condemned Russia again over the troops.\n")
    (corpus / "b.txt").write_text(ARTICLE_B2)
    other = RemoteStore(remote.query_url, update_url=remote.update_url)
    send = remote._update

    def interleaved(operations: list[str]) -> None:
        if any(op.startswith("DROP SILENT GRAPH") for op in operations) and not other.documents():
            build(other, [corpus / "c.txt"], ingested=INGESTED)  # lands after this request was prepared
        send(operations)

    remote._update = interleaved  # type: ignore[method-assign]
    build(remote, [corpus / "b.txt"], ingested=INGESTED)
    local = Store(None)
    build(local, [corpus / "c.txt", corpus / "b.txt"], ingested=INGESTED)
    assert remote.query(_SUMMARY) == local.query(_SUMMARY)
    assert any(str(r["v"]) == "2" for r in local.query(_SUMMARY))  # France condemns Russia, in both documents
    other.close()
