"""The ``kg`` command line: thin click wrappers over the library."""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg.errors import KGError

if TYPE_CHECKING:
    from kg.pipeline import BuildResult

__all__ = ["main"]

SUMMARY_TYPES = """
SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE {
  VALUES ?type { geo:State geo:Leader geo:Person geo:Treaty geo:Region geo:Organization }
  ?e a ?type } GROUP BY ?type ORDER BY DESC(?n) ?type
"""
SUMMARY_PREDICATES = """
SELECT ?p (COUNT(*) AS ?n) WHERE {
  { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o . ?p rdfs:subPropertyOf+ geo:relation } } }
GROUP BY ?p ORDER BY DESC(?n) ?p
"""


class _Group(click.Group):
    """Turns library errors into one-line messages (``--debug`` shows the traceback)."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KGError as exc:
            if ctx.params.get("debug"):
                raise
            raise click.ClickException(str(exc)) from None


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2024-06-19") from None


@click.group(cls=_Group)
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.version_option(package_name="geokg")
def main(debug: bool) -> None:
    """geokg: geopolitical news articles in, an RDF knowledge graph with per-edge evidence out.

    \b
    Example:
      kg build my-articles/      # ingest, then write exports/graph.ttl and exports/graph.html
      kg query 'SELECT ?s ?o WHERE { ?s geo:condemns ?o }'
    """


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
@click.option("--format", "fmt", type=click.Choice(["turtle", "trig", "nt", "jsonld"]), default="turtle", show_default=True)
@click.option("--published", callback=_date, help="Publication date (YYYY-MM-DD) for articles that do not give one.")
@click.option("--max-bytes", type=click.IntRange(min=1), help="Reject article files larger than this many bytes (default: 10 MiB).")
def extract(files: tuple[Path, ...], out: Path | None, fmt: str, published: date | None, max_bytes: int | None) -> None:
    """Extract one graph from articles without touching any store.

    \b
    Example:
      kg extract article.txt -o article.ttl
    """
    from kg.export.rdf import serialize
    from kg.pipeline import extract_files

    graph, rejected = extract_files(files, published=published, max_bytes=max_bytes)
    for r in rejected:
        click.echo(f"rejected: {r.reason}", err=True)
    text = serialize(graph, fmt)
    if out:
        out.write_text(text, encoding="utf-8")
        click.echo(f"wrote {out} ({len(graph)} triples)", err=True)
    else:
        click.echo(text)
    if rejected:
        sys.exit(1)


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("exports"), show_default=True, help="Folder for graph.ttl and graph.html.")
@click.option("--store", "store_path", envvar="GEOKG_STORE", help="Store folder (default .geokg, or $GEOKG_STORE), or a SPARQL server URL (http://…, sparql+http://…).")
@click.option("--published", callback=_date, help="Publication date (YYYY-MM-DD) for articles that do not give one.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=0), help="Extraction processes (0: one per core).")
@click.option("--dask", "dask_address", metavar="ADDRESS", help="Extract on this Dask scheduler (e.g. tcp://10.0.0.5:8786) instead.")
@click.option("--no-export", is_flag=True, help="Only fill the store (for large builds: export later).")
@click.option("--max-bytes", type=click.IntRange(min=1), help="Reject article files larger than this many bytes (default: 10 MiB).")
def build(
    sources: tuple[Path, ...], out_dir: Path, store_path: str | None, published: date | None,
    workers: int, dask_address: str | None, no_export: bool, max_bytes: int | None,
) -> None:
    """Ingest articles into the store, then write OUT/graph.ttl and OUT/graph.html.

    SOURCES are files and folders of plain-text articles or saved HTML pages (default: the
    bundled sample articles). Unchanged articles are skipped (an article read by an older
    version of geokg's rules is read again); changed ones replace their
    earlier version. Exits 0 when every file went in, 1 when some were rejected (each is
    listed with its reason). On a terminal a progress line shows documents/s.

    \b
    Example:
      kg build my-articles/ --out exports/ --workers 0
    """
    from kg.api import write_outputs
    from kg.ingest import sample_dir
    from kg.pipeline import build as run_build
    from kg.store import open_store

    if dask_address and workers != 1:
        raise click.UsageError("--workers and --dask exclude each other (Dask decides its own workers)")
    store = open_store(store_path)
    progress = _Progress() if _is_tty() else None
    if dask_address:
        from kg.distributed import build_on_dask

        result = build_on_dask(
            store, sources or (sample_dir(),), dask_address, published=published, progress=progress, max_bytes=max_bytes
        )
    else:
        result = run_build(
            store, sources or (sample_dir(),), published=published, workers=workers, progress=progress, max_bytes=max_bytes
        )
    if progress is not None:
        progress.finish(result)
    ttl, html = (None, None) if no_export else write_outputs(store, out_dir)
    click.echo(
        f"documents: {result.added} added, {result.replaced} replaced, {result.skipped} unchanged, "
        f"{len(result.rejected)} rejected"
    )
    for r in result.rejected:
        click.echo(f"rejected: {r.reason}", err=True)
    click.echo("entities:  " + _counts(store.query(SUMMARY_TYPES), "type"))
    click.echo("relations: " + _counts(store.query(SUMMARY_PREDICATES), "p"))
    if ttl is not None:
        click.echo(f"wrote {ttl} and {html}")
    store.close()
    if result.rejected:
        sys.exit(1)


def _is_tty() -> bool:
    return sys.stdout.isatty()


class _Progress:
    """A one-line, self-overwriting build progress display (only used on a terminal)."""

    def __init__(self) -> None:
        self.start = self.shown = time.monotonic()

    def __call__(self, result: BuildResult, source: str) -> None:
        now = time.monotonic()
        if now - self.shown >= 0.25:
            self.shown = now
            click.echo("\r" + _progress_line(result, now - self.start), nl=False)

    def finish(self, result: BuildResult) -> None:
        click.echo("\r" + _progress_line(result, time.monotonic() - self.start))


def _progress_line(result: BuildResult, elapsed: float) -> str:
    """One progress line: documents done, rate, unchanged and failed so far."""
    done = result.processed + len(result.rejected)
    rate = done / elapsed if elapsed > 0 else 0.0
    return f"{done} documents, {rate:.1f} documents/s, {result.skipped} unchanged, {len(result.rejected)} failed"


def _counts(rows: object, var: str) -> str:
    parts = [f"{str(r[var]).rsplit('#', 1)[-1]} {int(r['n'])}" for r in rows]  # type: ignore[attr-defined, index]
    return ", ".join(parts) or "none"


@main.command()
@click.option("--store", "store_path", type=click.Path(path_type=Path), envvar="GEOKG_STORE", help="Store folder (default .geokg, or $GEOKG_STORE).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("exports/graph.html"), show_default=True, help="The HTML file to write.")
@click.option("--where", help="Keep only relations whose ?s ?p ?o pass this SPARQL FILTER expression (geo:, kgr: predefined), and the actors they touch.")
@click.option("--title", default="geokg network", show_default=True, help="Page title.")
def view(store_path: Path | None, out: Path, where: str | None, title: str) -> None:
    """Write the actor network of the store as one offline, interactive HTML page.

    The page needs no network: open it from disk, mail it, use it air-gapped.

    \b
    Example:
      kg view --out north-korea.html --where '?s = kgr:north_korea || ?o = kgr:north_korea'
    """
    from kg.api import write_view
    from kg.store import open_store
    from kg.store import store_path as resolve

    location = resolve(store_path)
    if not location.exists():
        raise click.ClickException(f"{location}: no store here (run kg build first, or pass --store)")
    store = open_store(location)
    try:
        result = write_view(store, out, where=where, title=title)
    finally:
        store.close()
    click.echo(f"wrote {result.path} ({result.actors} actors, {result.relations} relations)")


@main.command(name="eval")
@click.argument("corpus", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--errors", is_flag=True, help="List the spurious and missed entities and relations per article.")
def eval_(corpus: Path, as_json: bool, errors: bool) -> None:
    """Score extraction against the *.gold.json files of a corpus folder (GUIDELINES.md).

    \b
    Example:
      kg eval ../shared/corpus --errors
    """
    from kg.evaluate import evaluate
    from kg.pipeline import extract_path

    report = evaluate(corpus, extract_path)
    if as_json:
        data = report.as_dict()
        if not errors:
            data.pop("errors")
        click.echo(json.dumps(data, indent=2))
        return
    if errors:
        for article, errs in report.errors.items():
            click.echo(f"== {article}")
            for kind, items in errs.items():
                for item in items:
                    click.echo(f"  {kind}: {item}")
    click.echo(f"{'predicate':<16} {'P':>6} {'R':>6} {'F1':>6} {'sys':>5} {'gold':>5}")
    for p, s in report.predicates.items():
        click.echo(f"{p:<16} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.system:5d} {s.gold:5d}")
    click.echo(f"articles: {report.articles}")
    for name, s in (("entities", report.entities), ("relations", report.relations)):
        click.echo(f"{name:<10} P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}  ({s.tp}/{s.system} system, {s.gold} gold)")


@main.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--store", "store_path", type=click.Path(path_type=Path), envvar="GEOKG_STORE", help="Validate the store instead of a file.")
def validate(file: Path | None, store_path: Path | None) -> None:
    """Check a graph file (or the store) against the SHACL shapes; exit 1 if it does not conform.

    \b
    Example:
      kg validate exports/graph.ttl
    """
    from rdflib import Graph

    from kg.ontology import validate as shacl
    from kg.store import open_store

    if file is not None:
        graph = Graph()
        try:
            graph.parse(file)
        except Exception as exc:  # noqa: BLE001 -- rdflib raises parser-specific errors
            raise click.ClickException(f"{file}: cannot be parsed as RDF ({exc})") from None
    else:
        graph = open_store(store_path, must_exist=True).graph()
    conforms, _, text = shacl(graph)
    if conforms:
        click.echo(f"conforms: {len(graph)} triples checked")
        return
    click.echo(text)
    sys.exit(1)


@main.command()
@click.argument("sparql", required=False)
@click.option("-n", "--name", help="Run a named query of the library (see --list).")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind a query parameter (repeatable); bound as an RDF term, never pasted into the query.")
@click.option("--list", "list_", is_flag=True, help="List the named queries with their parameters.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "xml", "turtle"]), help="table (default on a terminal, else csv); csv, tsv, json, xml: W3C SPARQL results formats; turtle: for CONSTRUCT/DESCRIBE.")
@click.option("--store", "store_path", envvar="GEOKG_STORE", help="Store folder (default .geokg), or a SPARQL server URL (http://…).")
def query(sparql: str | None, name: str | None, params: tuple[str, ...], list_: bool, fmt: str | None, store_path: str | None) -> None:
    """Run SPARQL (text, a FILE.rq, or --name NAME) over the store; geo:, kgr:, prov:, rdfs:, skos:, owl:, wd:… are predefined.

    Named queries take parameters with --param; an actor is given by label or alias (any case)
    or by IRI. Results repeat the parameters in their own columns.

    \b
    Example:
      kg query --list
      kg query --name who-condemns --param actor="North Korea"
      kg query 'SELECT ?who WHERE { ?who geo:condemns kgr:north_korea }' --format csv
    """
    from kg.queries import list_queries
    from kg.query import parse_params, run_query
    from kg.store import open_store

    if list_:
        for q in list_queries():
            click.echo(f"{q.name}: {q.description}")
            for p in q.params:
                click.echo(f"    --param {p.name}=…  {p.description}")
        return
    if (sparql is None) == (name is None):
        raise click.UsageError("give a SPARQL query (text or FILE.rq) or --name NAME (kg query --list shows the names)")
    store = open_store(store_path, must_exist=True)
    try:
        text = run_query(store, sparql, name=name, params=parse_params(params), fmt=fmt or ("table" if sys.stdout.isatty() else "csv"))
        click.echo(text, nl=not text.endswith("\n"))
    finally:
        store.close()


@main.command()
@click.argument("document")
@click.option("--store", "store_path", envvar="GEOKG_STORE", help="Store folder (default .geokg), or a SPARQL server URL (http://…).")
def remove(document: str, store_path: str | None) -> None:
    """Take one document's graph out of the store, by its source path (as built) or its IRI.

    \b
    Example:
      kg remove articles/old-report.txt
    """
    from kg.store import open_store, remove_document

    store = open_store(store_path, must_exist=True)
    try:
        removed = remove_document(store, document)
    finally:
        store.close()
    click.echo(f"removed {document} ({removed} graph{'' if removed == 1 else 's'})")


@main.command(name="export")
@click.option("--format", "fmt", type=click.Choice(["turtle", "trig", "nquads", "ntriples", "jsonld", "graphml", "gexf"]), default="turtle", show_default=True)
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), help="Write here (default: stdout; graphml and gexf need a file).")
@click.option("--where", help="A SPARQL FILTER expression over ?s ?p ?o of each relation, e.g. '?p = geo:condemns': keep those relations with their statements, documents and the actors at both ends.")
@click.option("--store", "store_path", envvar="GEOKG_STORE", help="Store folder (default .geokg), or a SPARQL server URL (http://…).")
def export_(fmt: str, out: Path | None, where: str | None, store_path: str | None) -> None:
    """Export the store: turtle, ntriples, jsonld (union graph); trig, nquads (a graph per document); graphml, gexf (actor network).

    The ontology graph is not exported. Without --where, turtle, ntriples, trig and nquads stream
    out of the store. JSON-LD is compacted with the shipped context (kg/export/context.jsonld),
    embedded in the file.

    \b
    Example:
      kg export --format nquads --out dump.nq
      kg export --format graphml --out russia.graphml --where '?s = kgr:russia || ?o = kgr:russia'
    """
    from kg.export.dataset import export
    from kg.store import open_store

    if fmt in ("graphml", "gexf") and out is None:
        raise click.UsageError(f"--format {fmt} needs --out FILE")
    store = open_store(store_path, must_exist=True)
    try:
        export(store, fmt, out if out is not None else sys.stdout.buffer, where=where)
    finally:
        store.close()
    if out is not None:
        click.echo(f"wrote {out} ({fmt})", err=True)


@main.command()
@click.option("--store", "store_path", type=click.Path(file_okay=False, path_type=Path), envvar="GEOKG_STORE", help="Store folder (default .geokg, or $GEOKG_STORE).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (loopback by default; 0.0.0.0 exposes it).")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(1, 65535))
@click.option("--allow-update", is_flag=True, help="Accept SPARQL Update and Graph Store writes from any client.")
@click.option("--allow-service", is_flag=True, help="Let queries call other endpoints (SERVICE) and updates LOAD URLs.")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=1), help="Seconds a query may run.")
@click.option("--max-request-mb", default=16, show_default=True, type=click.IntRange(min=1), help="Largest request body.")
@click.option("--max-result-mb", default=256, show_default=True, type=click.IntRange(min=1), help="Largest result.")
def serve(
    store_path: Path | None, host: str, port: int, allow_update: bool, allow_service: bool,
    timeout: float, max_request_mb: int, max_result_mb: int,
) -> None:
    """Serve the store as a SPARQL 1.1 endpoint: HOST:PORT/query, /update and /store.

    GET and POST queries; SELECT/ASK results as SPARQL JSON, XML, CSV or TSV, CONSTRUCT/DESCRIBE
    as Turtle, N-Triples, JSON-LD or RDF/XML, chosen by the Accept header; CORS for browser
    editors. Read-only unless --allow-update; queries past --timeout are cancelled (503).

    The server holds the store. To add articles while it runs, run `kg build --store` on the
    same folder as usual: the build sees the server and writes through it (each document in
    one update, so readers see a document whole or not at all). `kg build --store
    http://HOST:PORT` does the same from elsewhere, if the server was started with --allow-update.

    \b
    Example:
      kg serve --store .geokg --port 7878
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 5' http://127.0.0.1:7878/query
    """
    from kg.serve import ServeConfig, describe
    from kg.serve import serve as run_server
    from kg.store import store_path as resolve

    config = ServeConfig(
        resolve(store_path), host=host, port=port, allow_update=allow_update, allow_service=allow_service,
        timeout=timeout, max_request_bytes=max_request_mb * 2**20, max_result_bytes=max_result_mb * 2**20,
    )
    click.echo(describe(config), err=True)
    run_server(config)


if __name__ == "__main__":
    main()
