from __future__ import annotations

import pytest

from kg.errors import QueryError
from kg.queries import list_queries, load_query, parse_query, resolve_query
from kg.query import run_query, short
from kg.store import Store, open_store
from tests.store_fixture import fill

NAMES = [
    "actor-relations", "allies-of", "between", "corroboration", "documents", "leaders", "most-condemned",
    "new-edges-since", "single-source", "treaties", "who", "who-condemns", "who-deploys-to",
]
INJECTION = '"} ; DROP ALL ; {"'


@pytest.fixture(scope="module")
def store() -> Store:
    return fill(open_store(":memory:"))  # type: ignore[return-value]


def rows_of(store: Store, name: str, params: dict[str, str]) -> list[tuple[str, ...]]:
    query = load_query(name)
    rows = store.query(query.sparql, query.bindings(params))
    assert isinstance(rows, list)
    return [tuple(short(r[k]) for k in r) for r in rows]


def test_queries_library_lists_every_file_with_description() -> None:
    queries = list_queries()
    assert [q.name for q in queries] == NAMES
    assert all(q.description for q in queries)
    assert {q.name: [(p.name, p.kind) for p in q.params] for q in queries if q.params} == {
        "actor-relations": [("actor", "actor")],
        "allies-of": [("actor", "actor")],
        "between": [("actor", "actor"), ("other", "actor")],
        "new-edges-since": [("since", "date")],
        "who": [("predicate", "predicate"), ("actor", "actor")],
        "who-condemns": [("actor", "actor")],
        "who-deploys-to": [("actor", "actor")],
    }


EXPECTED = [
    pytest.param('actor-relations', {'actor': 'north korea'}, [
        ('north korea', '2024-02-20', 'kgr:north_korea', 'geo:deploysTo', 'kgr:russia', 'geo:Asserted', 'Pyongyang moved a brigade to Russian soil in February.', 'a.txt', 'Troops head north'),
        ('north korea', '2024-03-01', 'kgr:japan', 'geo:condemns', 'kgr:north_korea', 'geo:Asserted', 'Tokyo denounced the move by the DPRK.', 'a.txt', 'Troops head north'),
        ('north korea', '2024-03-01', 'kgr:kim_jong_un', 'geo:leaderOf', 'kgr:north_korea', 'geo:Asserted', 'Kim Jong Un, who rules North Korea, approved it.', 'a.txt', 'Troops head north'),
        ('north korea', '2024-05-10', 'kgr:japan', 'geo:condemns', 'kgr:north_korea', 'geo:Asserted', 'Japan once more condemned North Korea.', 'b.txt', 'Protests in Tokyo'),
        ('north korea', '2024-05-10', 'kgr:russia', 'geo:alliedWith', 'kgr:north_korea', 'geo:Asserted', 'Moscow called the DPRK its ally.', 'b.txt', 'Protests in Tokyo'),
        ('north korea', '2024-05-10', 'kgr:united_states', 'geo:condemns', 'kgr:north_korea', 'geo:Asserted', 'Washington also criticised Pyongyang.', 'b.txt', 'Protests in Tokyo'),
        ('north korea', '2024-06-01', 'kgr:north_korea', 'geo:partyTo', 'kgr:mutual_defence_pact', 'geo:Asserted', 'North Korea signed the Mutual Defence Pact.', 'c.txt', 'A pact is signed'),
    ], id='actor-relations'),
    pytest.param('allies-of', {'actor': 'DPRK'}, [
        ('DPRK', 'kgr:russia', 'Russia', '1', '2024-05-10', '2024-05-10'),
    ], id='allies-of'),
    pytest.param('between', {'actor': 'north korea', 'other': 'moscow'}, [
        ('north korea', 'moscow', '2024-02-20', 'kgr:north_korea', 'geo:deploysTo', 'kgr:russia', 'geo:Asserted', 'Pyongyang moved a brigade to Russian soil in February.', 'a.txt'),
        ('north korea', 'moscow', '2024-05-10', 'kgr:russia', 'geo:alliedWith', 'kgr:north_korea', 'geo:Asserted', 'Moscow called the DPRK its ally.', 'b.txt'),
    ], id='between'),
    pytest.param('corroboration', {}, [
        ('kgr:japan', 'geo:condemns', 'kgr:north_korea', '2', '2024-03-01', '2024-05-10'),
        ('kgr:kim_jong_un', 'geo:leaderOf', 'kgr:north_korea', '1', '2024-03-01', '2024-03-01'),
        ('kgr:north_korea', 'geo:deploysTo', 'kgr:russia', '1', '2024-02-20', '2024-02-20'),
        ('kgr:north_korea', 'geo:partyTo', 'kgr:mutual_defence_pact', '1', '2024-06-01', '2024-06-01'),
        ('kgr:russia', 'geo:alliedWith', 'kgr:north_korea', '1', '2024-05-10', '2024-05-10'),
        ('kgr:russia', 'geo:partyTo', 'kgr:mutual_defence_pact', '1', '2024-06-01', '2024-06-01'),
        ('kgr:united_states', 'geo:condemns', 'kgr:north_korea', '1', '2024-05-10', '2024-05-10'),
        ('kgr:united_states', 'geo:condemns', 'kgr:russia', '1', '2024-06-01', '2024-06-01'),
    ], id='corroboration'),
    pytest.param('documents', {}, [
        ('https://w3id.org/geokg/doc/633e39b299585ee0', 'Troops head north', 'a.txt', '2024-03-01', '2024-06-02T08:00:00+00:00', '3'),
        ('https://w3id.org/geokg/doc/f8dbfde0923427e1', 'Protests in Tokyo', 'b.txt', '2024-05-10', '2024-06-02T08:00:00+00:00', '4'),
        ('https://w3id.org/geokg/doc/00020fe2c7a7aded', 'A pact is signed', 'c.txt', '2024-06-01', '2024-06-02T08:00:00+00:00', '3'),
    ], id='documents'),
    pytest.param('leaders', {}, [
        ('kgr:kim_jong_un', 'Kim Jong Un', 'kgr:north_korea', 'North Korea', '1', '2024-03-01'),
    ], id='leaders'),
    pytest.param('most-condemned', {}, [
        ('kgr:north_korea', 'North Korea', '2', '2'),
        ('kgr:russia', 'Russia', '1', '1'),
    ], id='most-condemned'),
    pytest.param('new-edges-since', {'since': '2024-05-01'}, [
        ('2024-05-01', 'kgr:north_korea', 'geo:partyTo', 'kgr:mutual_defence_pact', '2024-06-01', '1'),
        ('2024-05-01', 'kgr:russia', 'geo:partyTo', 'kgr:mutual_defence_pact', '2024-06-01', '1'),
        ('2024-05-01', 'kgr:united_states', 'geo:condemns', 'kgr:russia', '2024-06-01', '1'),
        ('2024-05-01', 'kgr:russia', 'geo:alliedWith', 'kgr:north_korea', '2024-05-10', '1'),
        ('2024-05-01', 'kgr:united_states', 'geo:condemns', 'kgr:north_korea', '2024-05-10', '1'),
    ], id='new-edges-since'),
    pytest.param('single-source', {}, [
        ('kgr:north_korea', 'geo:partyTo', 'kgr:mutual_defence_pact', '2024-06-01', 'c.txt', 'North Korea signed the Mutual Defence Pact.'),
        ('kgr:russia', 'geo:partyTo', 'kgr:mutual_defence_pact', '2024-06-01', 'c.txt', 'Russia signed the same pact.'),
        ('kgr:united_states', 'geo:condemns', 'kgr:russia', '2024-06-01', 'c.txt', 'The United States condemned Russia for the pact.'),
        ('kgr:russia', 'geo:alliedWith', 'kgr:north_korea', '2024-05-10', 'b.txt', 'Moscow called the DPRK its ally.'),
        ('kgr:united_states', 'geo:condemns', 'kgr:north_korea', '2024-05-10', 'b.txt', 'Washington also criticised Pyongyang.'),
        ('kgr:kim_jong_un', 'geo:leaderOf', 'kgr:north_korea', '2024-03-01', 'a.txt', 'Kim Jong Un, who rules North Korea, approved it.'),
        ('kgr:north_korea', 'geo:deploysTo', 'kgr:russia', '2024-02-20', 'a.txt', 'Pyongyang moved a brigade to Russian soil in February.'),
    ], id='single-source'),
    pytest.param('treaties', {}, [
        ('kgr:mutual_defence_pact', 'Mutual Defence Pact', 'kgr:north_korea', 'North Korea', '1'),
        ('kgr:mutual_defence_pact', 'Mutual Defence Pact', 'kgr:russia', 'Russia', '1'),
    ], id='treaties'),
    pytest.param('who', {'predicate': 'geo:condemns', 'actor': 'kgr:russia'}, [
        ('geo:condemns', 'kgr:russia', 'kgr:united_states', 'United States', '1', '2024-06-01', '2024-06-01'),
    ], id='who'),
    pytest.param('who-condemns', {'actor': 'north korea'}, [
        ('north korea', 'kgr:japan', 'Japan', '2', '2024-03-01', '2024-05-10'),
        ('north korea', 'kgr:united_states', 'United States', '1', '2024-05-10', '2024-05-10'),
    ], id='who-condemns'),
    pytest.param('who-deploys-to', {'actor': 'Moscow'}, [
        ('Moscow', 'kgr:north_korea', 'North Korea', '1', '2024-02-20', '2024-02-20'),
    ], id='who-deploys-to'),
]


@pytest.mark.parametrize(("name", "params", "expected"), EXPECTED)
def test_queries_named_query_returns_exact_rows(store: Store, name: str, params: dict[str, str], expected: list) -> None:
    assert rows_of(store, name, params) == expected


@pytest.mark.parametrize(
    "actor",
    ["North Korea", "NORTH KOREA", "dprk", "Pyongyang", "kgr:north_korea", "https://w3id.org/geokg/id/north_korea"],
    ids=["label", "upper", "alias-lower", "alias", "curie", "iri"],
)
def test_queries_actor_matches_label_alias_or_iri(store: Store, actor: str) -> None:
    rows = rows_of(store, "who-condemns", {"actor": actor})
    assert [r[1:] for r in rows] == [
        ("kgr:japan", "Japan", "2", "2024-03-01", "2024-05-10"),
        ("kgr:united_states", "United States", "1", "2024-05-10", "2024-05-10"),
    ]


@pytest.mark.parametrize("name", ["actor-relations", "allies-of", "who-condemns", "who-deploys-to"])
def test_queries_injection_in_a_param_changes_nothing(store: Store, name: str) -> None:
    before = len(store)
    assert rows_of(store, name, {"actor": INJECTION}) == []
    assert len(store) == before
    assert len(store.documents()) == 3


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("who-condemns", {}, "query 'who-condemns' needs --param actor=…: the condemned actor's label, alias or IRI (labels match case-insensitively)"),
        ("who-condemns", {"actor": "x", "colour": "red"}, "query 'who-condemns' has no parameter 'colour' (it takes: actor)"),
        ("new-edges-since", {"since": "last week"}, "--param since='last week': not a date like 2024-06-19"),
        ("who", {"predicate": "hugs", "actor": "x"}, "--param predicate='hugs': not a relation (choose one of: deploysTo, condemns, demands, suppliesArmsTo, providesAidTo, sanctions, attacks, threatens, meetsWith, alliedWith, leaderOf, partOf, locatedIn, partyTo, memberOf, atWarWith)"),
        ("corroboration", {"actor": "x"}, "query 'corroboration' has no parameter 'actor' (it takes: no parameters)"),
    ],
    ids=["missing", "unknown", "bad-date", "bad-predicate", "takes-none"],
)
def test_queries_bad_params_are_query_errors(name: str, params: dict[str, str], message: str) -> None:
    with pytest.raises(QueryError) as err:
        load_query(name).bindings(params)
    assert str(err.value) == message


def test_queries_unknown_name_lists_the_names() -> None:
    with pytest.raises(QueryError) as err:
        load_query("who-hugs")
    assert str(err.value) == f"no named query 'who-hugs' (kg query --list shows them: {', '.join(NAMES)})"


def test_queries_header_of_a_file_is_parsed(tmp_path) -> None:
    path = tmp_path / "mine.rq"
    path.write_text("# description: mine\n# param: since date — first day\nSELECT ?since WHERE {}\n")
    query = resolve_query(str(path))
    assert (query.name, query.description, [p.name for p in query.params]) == ("mine", "mine", ["since"])


def test_queries_bad_header_is_a_query_error() -> None:
    with pytest.raises(QueryError, match=r"^x: bad header line '# param: actor' \(write"):
        parse_query("x", "# param: actor\nSELECT * {}")


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("table", "who                label\nkgr:japan          Japan\nkgr:united_states  United States\n(2 rows)"),
        ("csv", "who,label\r\nhttps://w3id.org/geokg/id/japan,Japan\r\nhttps://w3id.org/geokg/id/united_states,United States\r\n"),
        ("tsv", '?who\t?label\n<https://w3id.org/geokg/id/japan>\t"Japan"\n<https://w3id.org/geokg/id/united_states>\t"United States"\n'),
        ("json", '{"head":{"vars":["who","label"]},"results":{"bindings":[{"who":{"type":"uri","value":"https://w3id.org/geokg/id/japan"},"label":{"type":"literal","value":"Japan"}},{"who":{"type":"uri","value":"https://w3id.org/geokg/id/united_states"},"label":{"type":"literal","value":"United States"}}]}}'),
    ],
    ids=["table", "csv", "tsv", "json"],
)
def test_query_run_query_renders_each_format(store: Store, fmt: str, expected: str) -> None:
    sparql = "SELECT DISTINCT ?who ?label WHERE { ?who geo:condemns kgr:north_korea ; rdfs:label ?label } ORDER BY ?who"
    assert run_query(store, sparql, fmt=fmt) == expected


def test_query_ask_and_construct(store: Store) -> None:
    assert run_query(store, "ASK { kgr:japan geo:condemns kgr:north_korea }", fmt="json") == '{"head":{},"boolean":true}'
    assert run_query(store, "ASK { kgr:japan geo:condemns kgr:russia }") == "false"
    turtle = run_query(store, "CONSTRUCT { ?s geo:condemns kgr:russia } WHERE { ?s geo:condemns kgr:russia }", fmt="turtle")
    assert turtle.splitlines()[-1] == "kgr:united_states geo:condemns kgr:russia ."
    adhoc = "SELECT DISTINCT ?e ?name WHERE { ?e rdfs:label ?name }"
    assert run_query(store, adhoc, params={"name": "Japan"}, fmt="csv") == "e,name\r\nhttps://w3id.org/geokg/id/japan,Japan\r\n"
    with pytest.raises(QueryError, match="^turtle is for CONSTRUCT and DESCRIBE results"):
        run_query(store, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", fmt="turtle")
