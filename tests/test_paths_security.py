"""Names taken from articles never choose where files are written, and IRIs never come from paths."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.store import open_store
from kg.vocab import mint_iri

HOSTILE_NAMES = {
    "$(touch pwned-by-shell).txt": "../../../pwned-by-title\nChile condemned Peru on Tuesday.\n",
    "dots..txt": "/tmp/pwned-absolute\nJapan held talks with South Korea on Friday.\n",
    "name with\nnewline.txt": "graph.ttl/../../pwned\nGermany sanctioned Iran on Monday.\n",
    "%2e%2e%2fpwned.txt": "C:\\Windows\\pwned\nFrance condemned Russia on Monday.\n",
    "page.html": "<html><head><title>../../pwned-by-html</title>"
    "<meta property='og:url' content='file:///tmp/pwned-by-meta'></head>"
    "<body><article><p>Poland condemned Belarus over the balloons.</p></article></body></html>",
}


def _tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


def test_cli_build_writes_only_its_two_outputs_whatever_the_articles_say(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    for name, text in HOSTILE_NAMES.items():
        (articles / name).write_text(text, encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    before = _tree(tmp_path)
    result = CliRunner().invoke(main, ["build", str(articles), "--store", str(tmp_path / "store"), "--out", "out"])
    assert result.exit_code == 0, result.output
    view = CliRunner().invoke(main, ["view", "--store", str(tmp_path / "store"), "--out", "page.html"])
    assert view.exit_code == 0, view.output
    exported = CliRunner().invoke(main, ["export", "--store", str(tmp_path / "store"), "-o", "all.ttl"])
    assert exported.exit_code == 0, exported.output
    new = {p for p in _tree(tmp_path) - before if not p.startswith("store")}
    assert new == {"work/out", "work/out/graph.ttl", "work/out/graph.html", "work/page.html", "work/all.ttl"}
    assert not [p for p in Path("/tmp").iterdir() if p.name.startswith("pwned")]


SAFE_IRI = re.compile(r"https://w3id\.org/geokg/(doc|stmt)/[0-9a-f]{16}|https://w3id\.org/geokg/id/[a-z0-9_]+")


@pytest.mark.parametrize(
    "source",
    ["../../etc/passwd", "/abs/path/a.txt", "C:\\Windows\\system32", "file:///etc/shadow", "http://evil.example/x?y#z",
     "a b\n<script>alert(1)</script>", ""],
    ids=["dotdot", "absolute", "windows", "file-url", "http-url", "markup", "empty"],
)
def test_vocab_document_iri_is_a_digest_never_a_path(source: str) -> None:
    iri = str(mint_iri("document", source, "0" * 64))
    assert re.fullmatch(r"https://w3id\.org/geokg/doc/[0-9a-f]{16}", iri)


def test_cli_build_iris_are_digests_and_slugs_only(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    for name, text in HOSTILE_NAMES.items():
        (articles / name).write_text(text, encoding="utf-8")
    assert CliRunner().invoke(main, ["build", str(articles), "--store", str(tmp_path / "s"), "--out", str(tmp_path / "o")]).exit_code == 0
    store = open_store(tmp_path / "s")
    rows = store.query(
        "SELECT DISTINCT ?x WHERE { GRAPH ?g { { ?x ?p ?o } UNION { ?s ?p ?x } FILTER(isIRI(?x)) }"
        " FILTER(STRSTARTS(STR(?g), 'https://w3id.org/geokg/doc/'))"
        " FILTER(STRSTARTS(STR(?x), 'https://w3id.org/geokg/')"
        " && !STRSTARTS(STR(?x), 'https://w3id.org/geokg/ontology#') && !STRSTARTS(STR(?x), 'https://w3id.org/geokg/agent/')) }"
    )
    docs = store.documents()
    store.close()
    iris = [str(r["x"]) for r in rows]  # type: ignore[union-attr]
    assert len(docs) == len(HOSTILE_NAMES)
    assert all(re.fullmatch(r"https://w3id\.org/geokg/doc/[0-9a-f]{16}", d) for d in docs)
    assert len(iris) >= 15
    assert [i for i in iris if not SAFE_IRI.fullmatch(i)] == []
