"""kg serve over real HTTP on loopback, with SPARQLWrapper and httpx as the clients."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.cli import main
from kg.errors import StoreError
from kg.remote import SERVE_FILE, RemoteStore
from kg.serve import free_port, outside_calls
from kg.store import Store, open_store
from kg.vocab import GEO, KGR
from tests.http_servers import kg_serve

DOC = "https://w3id.org/geokg/doc/test0000000001"
CONDEMNS = f"PREFIX geo: <{GEO._NS}> SELECT ?who ?whom WHERE {{ ?who geo:condemns ?whom }} ORDER BY ?who"
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _graph() -> Graph:
    g = Graph()
    g.add((KGR.japan, GEO.condemns, KGR.north_korea))
    g.add((KGR.france, GEO.condemns, KGR.russia))
    g.add((KGR.japan, RDF.type, GEO.State))
    g.add((KGR.japan, RDFS.label, Literal("Japan")))
    return g


def _store(folder: Path) -> Path:
    store = Store(folder)
    store.put(DOC, "a.txt", "hash-a", _graph())
    store.close()
    return folder


@pytest.fixture(scope="module")
def served_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    store = _store(tmp_path_factory.mktemp("served") / "store")
    with kg_serve(store, "--timeout", "2", "--max-request-mb", "1", "--max-result-mb", "1") as url:
        yield store, url


@pytest.fixture
def endpoint(served_folder: tuple[Path, str]) -> str:
    return served_folder[1]


def _client(endpoint: str, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    client = SPARQLWrapper(f"{endpoint}/query")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client


@pytest.mark.parametrize("method", ["GET", POST], ids=["get", "post"])
def test_serve_select_as_json(endpoint: str, method: str) -> None:
    result = _client(endpoint, CONDEMNS, JSON, method).queryAndConvert()
    rows = [(b["who"]["value"], b["whom"]["value"]) for b in result["results"]["bindings"]]  # type: ignore[index]
    assert rows == [(str(KGR.france), str(KGR.russia)), (str(KGR.japan), str(KGR.north_korea))]


def test_serve_select_as_xml(endpoint: str) -> None:
    document = _client(endpoint, CONDEMNS, XML).queryAndConvert()
    uris = [node.firstChild.data for node in document.getElementsByTagName("uri")]  # type: ignore[union-attr]
    assert uris == [str(KGR.france), str(KGR.russia), str(KGR.japan), str(KGR.north_korea)]


def test_serve_select_as_csv(endpoint: str) -> None:
    text = _client(endpoint, CONDEMNS, CSV).queryAndConvert()
    assert text.decode().splitlines() == [  # type: ignore[union-attr]
        "who,whom",
        f"{KGR.france},{KGR.russia}",
        f"{KGR.japan},{KGR.north_korea}",
    ]


def test_serve_construct_as_turtle(endpoint: str) -> None:
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{DOC}> {{ ?s ?p ?o }} }}"
    data = _client(endpoint, query, TURTLE).queryAndConvert()
    assert isomorphic(Graph().parse(data=data, format="turtle"), _graph())


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/n-triples", "application/n-triples"),
        ("application/ld+json", "application/ld+json"),
    ],
    ids=["tsv", "ntriples", "jsonld"],
)
def test_serve_content_negotiation(endpoint: str, accept: str, media: str) -> None:
    query = CONDEMNS if accept.startswith("text/tab") else f"DESCRIBE <{KGR.japan}>"
    response = httpx.post(f"{endpoint}/query", data={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    if media == "application/ld+json":
        assert {node["@id"] for node in json.loads(response.text)} == {str(KGR.japan)}


def test_serve_cors_headers(endpoint: str) -> None:
    origin = {"Origin": "https://editor.example"}
    simple = httpx.get(f"{endpoint}/query", params={"query": "ASK {}"}, headers=origin)
    assert simple.headers["access-control-allow-origin"] == "*"
    preflight = httpx.options(
        f"{endpoint}/query",
        headers={**origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "Content-Type"},
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]


def test_serve_refuses_updates_by_default(endpoint: str) -> None:
    client = SPARQLWrapper(f"{endpoint}/query", updateEndpoint=f"{endpoint}/update")
    client.setMethod(POST)
    client.setQuery(f"DROP GRAPH <{DOC}>")
    with pytest.raises(urllib.error.HTTPError) as refused:
        client.query()
    assert refused.value.code == 403
    assert refused.value.read() == b"this endpoint is read-only (start kg serve with --allow-update)\n"
    put = httpx.put(f"{endpoint}/store", params={"graph": DOC}, content=b"", headers={"Content-Type": "application/n-triples"})
    assert (put.status_code, put.text) == (403, "this endpoint is read-only (start kg serve with --allow-update)\n")
    assert len(_client(endpoint, CONDEMNS, JSON).queryAndConvert()["results"]["bindings"]) == 2  # type: ignore[index]


def test_serve_malformed_query_is_400(endpoint: str) -> None:
    with pytest.raises(QueryBadFormed):
        _client(endpoint, "SELECT ?s WHERE { ?s ?p }", JSON).query()
    response = httpx.get(f"{endpoint}/query", params={"query": "SELECT ?s WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert response.text == "error at 1:26: expected one of LATERAL, SERVICE, [_]"


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { service SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        r"SELECT * WHERE { \u0053ERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    ],
    ids=["upper", "lower-silent", "codepoint-escape"],
)
def test_serve_refuses_service(endpoint: str, query: str) -> None:
    refused = (403, "SERVICE to other servers is disabled on this endpoint (kg serve --allow-service)\n")
    body = httpx.post(f"{endpoint}/query", content=query.encode(), headers={"Content-Type": "application/sparql-query"})
    assert (body.status_code, body.text) == refused
    form = httpx.post(f"{endpoint}/query", data={"query": query})
    assert (form.status_code, form.text) == refused
    in_url = httpx.post(f"{endpoint}/query", params={"query": query}, content=b"ASK {}",
                        headers={"Content-Type": "application/sparql-query"})
    assert (in_url.status_code, in_url.text) == refused


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ('SELECT ?service WHERE { ?service <http://x/service> "SERVICE" } # SERVICE', []),
        ("SELECT * { ?s a ex:SERVICE }", []),
        ("LOAD <http://example.org/data.ttl>", ["LOAD"]),
    ],
    ids=["names-strings-comments", "prefixed-name", "load"],
)
def test_serve_outside_calls_only_counts_keywords(query: str, found: list[str]) -> None:
    assert outside_calls(query) == found


def test_serve_request_size_limit(endpoint: str) -> None:
    query = "ASK {}" + " " * (2 * 1024 * 1024)
    response = httpx.post(f"{endpoint}/query", content=query.encode(), headers={"Content-Type": "application/sparql-query"})
    assert (response.status_code, response.text) == (413, "request larger than 1048576 bytes\n")


def test_serve_result_size_limit_cuts_the_stream(endpoint: str) -> None:
    # 16 × 2 triples in the document graph, ~700 in the ontology: a 3-way product is well past 1 MiB
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 20000"
    with pytest.raises(httpx.RemoteProtocolError):
        httpx.post(f"{endpoint}/query", data={"query": query}, headers={"Accept": "application/sparql-results+json"})
    small = httpx.post(f"{endpoint}/query", data={"query": "SELECT * WHERE { ?a ?b ?c } LIMIT 10"})
    assert small.status_code == 200


def test_serve_timeout_cuts_off_a_cross_product_without_starving_others(endpoint: str) -> None:
    outcome: dict[str, object] = {}

    def pathological() -> None:
        started = time.monotonic()
        response = httpx.post(f"{endpoint}/query", data={"query": CROSS}, timeout=60)
        outcome.update(status=response.status_code, text=response.text, seconds=time.monotonic() - started)

    thread = threading.Thread(target=pathological)
    thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    quick = _client(endpoint, CONDEMNS, JSON).queryAndConvert()
    quick_seconds = time.monotonic() - started
    thread.join(30)
    assert len(quick["results"]["bindings"]) == 2  # type: ignore[index]
    assert quick_seconds < 1.0
    assert (outcome["status"], outcome["text"]) == (503, "query cancelled: it ran past the 2 s timeout\n")
    # cut at the 2 s timeout, not left to run (the product alone takes minutes); the upper bound
    # leaves room for restarting the engine on a loaded machine
    assert 1.9 < outcome["seconds"] < 15  # type: ignore[operator]
    started = time.monotonic()  # the engine is free again (restarted if it had not stopped by itself)
    after = _client(endpoint, CONDEMNS, JSON).queryAndConvert()
    assert time.monotonic() - started < 1.0
    assert after == quick


def test_serve_allow_update_accepts_writes_and_cleans_up(tmp_path: Path) -> None:
    store = _store(tmp_path / "store")
    with kg_serve(store, "--allow-update") as url:
        client = SPARQLWrapper(f"{url}/query", updateEndpoint=f"{url}/update")
        client.setMethod(POST)
        client.setQuery(f"DROP GRAPH <{DOC}>")
        client.query()
        assert _client(url, CONDEMNS, JSON).queryAndConvert()["results"]["bindings"] == []  # type: ignore[index]
        assert (store / SERVE_FILE).exists()
    assert not (store / SERVE_FILE).exists()
    assert isinstance(open_store(store), Store)  # the lock is free again


def test_serve_builds_of_the_served_folder_go_through_the_server(served_folder: tuple[Path, str]) -> None:
    store, url = served_folder
    info = json.loads((store / SERVE_FILE).read_text())
    assert info["url"] == url
    assert (store / SERVE_FILE).stat().st_mode & 0o777 == 0o600
    through = open_store(store)
    assert isinstance(through, RemoteStore)
    other = DOC.replace("test", "more")
    g = Graph().add((KGR.chad, GEO.meetsWith, KGR.niger)).add((URIRef(other), DCTERMS.source, Literal("b.txt")))
    assert through.put(other, "b.txt", "hash-b", g) == "added"  # a write, though the server is read-only
    meets = f"ASK {{ <{KGR.chad}> <{GEO.meetsWith}> <{KGR.niger}> }}"
    assert _client(url, meets, JSON).queryAndConvert()["boolean"] is True  # type: ignore[index]
    with pytest.raises(StoreError, match="the server refused the update"):
        RemoteStore(url).remove(other)  # but not for clients without the token
    assert through.remove(other) == 1
    assert _client(url, meets, JSON).queryAndConvert()["boolean"] is False  # type: ignore[index]


def test_serve_readers_see_each_document_whole_while_a_build_writes(served_folder: tuple[Path, str]) -> None:
    folder, url = served_folder
    per_document, documents = 300, 10
    seen: list[int] = []
    errors: list[str] = []
    prefix = "https://w3id.org/geokg/doc/whole"
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), ?prefix)) } GROUP BY ?g"
    writer = open_store(folder)  # the served folder: writes go through the server
    assert isinstance(writer, RemoteStore)
    done = threading.Event()

    def read() -> None:
        reader = RemoteStore(url)
        while not done.is_set():
            try:
                rows = reader.query(query, {"prefix": prefix})
                seen.extend(int(r["n"]) for r in rows)  # type: ignore[union-attr, arg-type]
            except Exception as exc:  # noqa: BLE001 - any failure fails the test below
                errors.append(repr(exc))

    readers = [threading.Thread(target=read) for _ in range(2)]
    for r in readers:
        r.start()
    for i in range(documents):
        iri = f"{prefix}{i:02d}"
        g = Graph()
        for j in range(per_document):
            g.add((URIRef(f"{KGR}doc{i}_s{j}"), GEO.meetsWith, URIRef(f"{KGR}doc{i}_o{j}")))
        g.add((URIRef(iri), DCTERMS.source, Literal(f"doc{i}.txt")))
        assert writer.put(iri, f"doc{i}.txt", f"h{i}", g) == "added"
    done.set()
    for r in readers:
        r.join()
    final = writer.query(query, {"prefix": prefix})
    assert [int(r["n"]) for r in final] == [per_document + 1] * documents  # type: ignore[union-attr, arg-type]
    assert errors == []
    assert len(seen) > documents  # the readers really ran during the build
    assert set(seen) == {per_document + 1}  # never a document in part


def test_serve_cli_port_in_use_is_one_line_error(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "store"), "--port", str(port)])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f"Error: cannot listen on 127.0.0.1:{port} (Address already in use): choose another --port or --host"
    )


def test_serve_cli_store_in_use_is_one_line_error(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    holder = Store(folder)  # this process holds the store's lock, as a running build would
    try:
        result = CliRunner().invoke(main, ["serve", "--store", str(folder), "--port", str(free_port())])
    finally:
        holder.close()
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f"Error: {folder}: the store is in use by another geokg process (a kg build, query or serve): "
        "wait for it to finish or stop it; its lock goes away when it ends, even if killed"
    )


def test_serve_cli_query_of_the_served_folder_goes_through_the_server(served_folder: tuple[Path, str]) -> None:
    folder, _ = served_folder  # its lock is the engine's: only the server can read it now
    query = "SELECT ?who ?whom WHERE { ?who geo:condemns ?whom } ORDER BY ?who"
    result = CliRunner().invoke(main, ["query", query, "--store", str(folder), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "who,whom",
        f"{KGR.france},{KGR.russia}",
        f"{KGR.japan},{KGR.north_korea}",
    ]
