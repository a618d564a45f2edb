"""``kg build`` on a folder of hostile files: every good article goes in, every bad file is listed with its fix."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg.pipeline
from kg.cli import main
from kg.ingest import iter_paths
from kg.store import open_store
from tests.test_ingest import PDF_BYTES, png_bytes

# Good articles, written for these tests.
GOOD = {
    "alpha.txt": "Chile condemned Peru on Tuesday after a border incident.\n"
    "The two governments have argued over fishing rights for years.\n",
    "beta.txt": "Japan held talks with South Korea in Seoul on Friday.\n"
    "Both sides said the meeting was useful.\n",
    "latin1.txt": "Le ministre a parlé.\nFrance condemned Russia over the strike on Odesa.\n",  # stored as Latin-1
    "utf16.txt": "Germany sanctioned Iran on Monday.\nThe measures target the drone programme.\n",  # UTF-16
    "page.html": "<html><head><title>Border row</title><style>p.x{content:'Spain attacked Italy'}</style>"
    "<script>var note = 'France attacked Germany'; alert(1)</script></head><body><article>"
    "<p>Poland condemned Belarus over the balloons crossing its border.<script>document.write("
    "'Cuba attacked Mexico')</script><p>Officials in Warsaw met on Sunday.<div><b>broken <i>markup"
    "<!-- Chad attacked Niger --></article><script>Fiji attacked Tonga",
}
SCRIPT_SENTENCES = ("Spain attacked Italy", "France attacked Germany", "Cuba attacked Mexico", "Chad attacked Niger",
                    "Fiji attacked Tonga")
BIG_BYTES = 50 * 1024 * 1024


def hostile_folder(folder: Path) -> Path:
    """Write the good articles and every kind of bad file into ``folder``."""
    folder.mkdir(exist_ok=True)
    for name, text in GOOD.items():
        encoding = {"latin1.txt": "latin-1", "utf16.txt": "utf-16"}.get(name, "utf-8")
        (folder / name).write_bytes(text.encode(encoding))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(png_bytes())
    (folder / "report.txt").write_bytes(PDF_BYTES)
    (folder / "vanishing.txt").write_text("Peru condemned Chile.\n")
    with (folder / "huge.txt").open("w") as f:
        line = "Officials met again to discuss the border and the fishing rights of both coasts.\n"
        f.write(line * (BIG_BYTES // len(line) + 1))
    (folder / "loop1.txt").symlink_to(folder / "loop2.txt")
    (folder / "loop2.txt").symlink_to(folder / "loop1.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "back").symlink_to(folder, target_is_directory=True)  # a directory loop
    return folder


@pytest.fixture
def listing_then_vanish(monkeypatch: pytest.MonkeyPatch) -> None:
    """List the files first, then delete one before it is read (a file that vanishes mid-run)."""

    def walk(sources: object) -> Iterator[Path]:
        paths = list(iter_paths(sources))  # type: ignore[arg-type]
        for path in paths:
            if path.name == "vanishing.txt":
                path.unlink()
        yield from paths

    monkeypatch.setattr(kg.pipeline, "iter_paths", walk)


def _evidence(store_dir: Path) -> list[str]:
    store = open_store(store_dir)
    try:
        rows = store.query("SELECT ?t WHERE { ?st geo:evidenceText ?t } ORDER BY ?t")
        return [str(r["t"]) for r in rows]  # type: ignore[union-attr]
    finally:
        store.close()


def test_cli_build_takes_every_good_file_and_lists_every_bad_one(tmp_path: Path, listing_then_vanish: None) -> None:
    folder = hostile_folder(tmp_path / "in")
    huge = (folder / "huge.txt").stat().st_size
    result = CliRunner().invoke(main, ["build", str(folder), "--store", str(tmp_path / "s"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[0] == "documents: 5 added, 0 replaced, 0 unchanged, 7 rejected"
    assert result.stdout.splitlines()[-1] == f"wrote {tmp_path / 'o' / 'graph.ttl'} and {tmp_path / 'o' / 'graph.html'}"
    fix_text = "(give a UTF-8 text file or a saved HTML page; convert other formats to text first)"
    loop_fix = "is a symbolic link loop (point the link at a real file or remove it)"
    assert result.stderr.splitlines() == [
        f"rejected: {folder}/empty.txt: is empty (remove it or give it the article text)",
        (
            f"rejected: {folder}/huge.txt: is {huge:,} bytes, over the 10,485,760-byte limit for one article "
            "(split it, or raise the limit with --max-bytes)"
        ),
        f"rejected: {folder}/image.txt: is a PNG image, not text {fix_text}",
        f"rejected: {folder}/loop1.txt: {loop_fix}",
        f"rejected: {folder}/loop2.txt: {loop_fix}",
        f"rejected: {folder}/report.txt: is a PDF document, not text {fix_text}",
        f"rejected: {folder}/vanishing.txt: does not exist (or vanished while reading) (check the path)",
    ]
    store = open_store(tmp_path / "s")
    sources = sorted(str(r["src"]) for r in store.query("SELECT ?src WHERE { ?d a geo:Document ; dcterms:source ?src }"))  # type: ignore[union-attr]
    store.close()
    assert sources == [str(folder / name) for name in sorted(GOOD)]
    evidence = _evidence(tmp_path / "s")
    assert "France condemned Russia over the strike on Odesa." in evidence  # Latin-1 decoded
    assert "Germany sanctioned Iran on Monday." in evidence  # UTF-16 decoded
    assert "Poland condemned Belarus over the balloons crossing its border." in evidence  # broken HTML
    assert [e for e in evidence if any(s in e for s in SCRIPT_SENTENCES) or "alert" in e] == []


def test_cli_build_exits_0_when_every_file_went_in(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("alpha.txt", "beta.txt"):
        (folder / name).write_text(GOOD[name])
    result = CliRunner().invoke(main, ["build", str(folder), "--store", str(tmp_path / "s"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "documents: 2 added, 0 replaced, 0 unchanged, 0 rejected"
    assert result.stderr == ""


def test_cli_build_help_documents_exit_codes_and_the_size_limit() -> None:
    text = " ".join(CliRunner().invoke(main, ["build", "--help"]).output.split())
    assert "Exits 0 when every file went in, 1 when some were rejected (each is listed with its reason)" in text
    assert "--max-bytes INTEGER RANGE Reject article files larger than this many bytes (default: 10 MiB)." in text


@pytest.mark.parametrize("command", ["build", "extract"])
def test_cli_max_bytes_raises_and_lowers_the_limit(tmp_path: Path, command: str) -> None:
    article = tmp_path / "alpha.txt"
    article.write_text(GOOD["alpha.txt"])
    size = article.stat().st_size
    extra = ["--store", str(tmp_path / "s"), "--out", str(tmp_path / "o")] if command == "build" else []
    low = CliRunner().invoke(main, [command, str(article), "--max-bytes", "100", *extra])
    assert low.exit_code == 1
    assert low.stderr.splitlines() == [
        (
            f"rejected: {article}: is {size} bytes, over the 100-byte limit for one article "
            "(split it, or raise the limit with --max-bytes)"
        )
    ]
    ok = CliRunner().invoke(main, [command, str(article), "--max-bytes", str(size), *extra])
    assert ok.exit_code == 0, ok.output


@pytest.mark.stress
def test_cli_build_ten_thousand_small_files(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    countries = ("Chile", "Peru", "Japan", "France", "Germany", "Poland", "Kenya", "Egypt", "Brazil", "India")
    for i in range(10_000):
        sub = folder / f"batch{i // 1000:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        a, b = countries[i % 10], countries[(i // 10) % 10]
        (sub / f"note{i:05d}.txt").write_text(f"Bulletin {i}\n{a} condemned {b} over incident number {i}.\n")
    args = [sys.executable, "-m", "kg.cli", "build", str(folder), "--store", str(tmp_path / "s"), "--no-export"]
    first = subprocess.run(args, capture_output=True, text=True, timeout=1800, check=False)
    assert first.returncode == 0, first.stderr[-2000:]
    assert first.stdout.splitlines()[0] == "documents: 10000 added, 0 replaced, 0 unchanged, 0 rejected"
    second = subprocess.run(args, capture_output=True, text=True, timeout=1800, check=False)
    assert second.stdout.splitlines()[0] == "documents: 0 added, 0 replaced, 10000 unchanged, 0 rejected"
    assert len(open_store(tmp_path / "s").documents()) == 10_000


# -- misuse: one line, no traceback; --debug shows the traceback ----------------------------------------


@pytest.fixture(scope="module")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("built")
    (root / "alpha.txt").write_text(GOOD["alpha.txt"])
    result = CliRunner().invoke(main, ["build", str(root / "alpha.txt"), "--store", str(root / "s"), "--out", str(root / "o")])
    assert result.exit_code == 0, result.output
    return root / "s"


def _named_queries() -> str:
    from kg.queries import list_queries

    return ", ".join(q.name for q in list_queries())


ERROR_CASES = [
    pytest.param(
        ["query", "SELECT WHERE {", "--store", "<store>"], 1,
        "Error: malformed SPARQL: error at 1:15: expected one of REDUCED, [_]", id="malformed-sparql",
    ),
    pytest.param(
        ["query", "--name", "no_such_query", "--store", "<store>"], 1,
        "Error: no named query 'no_such_query' (kg query --list shows them: <queries>)", id="unknown-named-query",
    ),
    pytest.param(
        ["query", "ASK {}", "--store", "<missing>"], 1,
        "Error: <missing>: no store here (run kg build first, or pass --store)", id="query-missing-store",
    ),
    pytest.param(
        ["export", "--store", "<missing>"], 1,
        "Error: <missing>: no store here (run kg build first, or pass --store)", id="export-missing-store",
    ),
    pytest.param(
        ["validate", "--store", "<missing>"], 1,
        "Error: <missing>: no store here (run kg build first, or pass --store)", id="validate-missing-store",
    ),
    pytest.param(
        ["view", "--store", "<missing>", "--out", "<missing>.html"], 1,
        "Error: <missing>: no store here (run kg build first, or pass --store)", id="view-missing-store",
    ),
    pytest.param(
        ["export", "--format", "xml", "--store", "<store>"], 2,
        "Error: Invalid value for '--format': 'xml' is not one of "
        "'turtle', 'trig', 'nquads', 'ntriples', 'jsonld', 'graphml', 'gexf'.",
        id="export-unknown-format",
    ),
    pytest.param(
        ["extract", "<store>/../alpha.txt", "--format", "xml"], 2,
        "Error: Invalid value for '--format': 'xml' is not one of 'turtle', 'trig', 'nt', 'jsonld'.",
        id="extract-unknown-format",
    ),
]


def _fill(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace(f"<{key}>", value)
    return text


@pytest.mark.parametrize(("args", "code", "last_line"), ERROR_CASES)
def test_cli_misuse_gives_one_error_line(built_store: Path, tmp_path: Path, args: list[str], code: int, last_line: str) -> None:
    values = {"store": str(built_store), "missing": str(tmp_path / "nowhere"), "queries": _named_queries()}
    result = CliRunner().invoke(main, [_fill(a, values) for a in args])
    assert result.exit_code == code
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.splitlines()
    assert lines[-1] == _fill(last_line, values)
    assert len(lines) == (1 if code == 1 else 4)  # usage errors: Usage, Try, blank, Error
    assert not (tmp_path / "nowhere").exists()  # reading a missing store never creates one


def test_cli_debug_flag_shows_the_traceback(built_store: Path) -> None:
    # a real process, so what reaches stderr is what a user sees (the quiet case is in ERROR_CASES)
    args = [sys.executable, "-m", "kg.cli", "--debug", "query", "SELECT WHERE {", "--store", str(built_store)]
    loud = subprocess.run(args, capture_output=True, text=True, check=False)
    assert loud.returncode == 1
    assert loud.stderr.startswith("Traceback (most recent call last):\n")
    assert loud.stderr.splitlines()[-1] == "kg.errors.QueryError: malformed SPARQL: error at 1:15: expected one of REDUCED, [_]"
