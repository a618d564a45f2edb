"""Identity check for speed work: the sorted N-Quads of a fixed set of documents, to compare before/after.

An optimisation must not change what is extracted. This script extracts the development corpus
(``--dev``, default ``/work/shared/corpus``: read for evaluation only, never copied) and the first
``--articles`` generated bench articles, turns each document into N-Quads in its own graph
exactly as a build would (``kg.graph.extraction_ntriples``, the bytes workers send to the writer),
and writes the lines sorted. With ``--store`` it also builds the same documents through
``kg.pipeline.build`` into an in-memory store and appends the store's N-Quads dump and its entity index
graph (so the write path is covered too). Compare two runs byte for byte:

    python -m bench.check_same --out /tmp/before.nq                      # on the old code
    python -m bench.check_same --out /tmp/after.nq --against /tmp/before.nq

To compare with another checkout (e.g. main), run this file by path with that checkout first on
``PYTHONPATH`` (``-m`` would put the current folder, and its ``kg``, first):

    cd /tmp && PYTHONPATH=/work/main python /work/wt-speed/bench/check_same.py --out /tmp/main.nq
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

__all__ = ["documents", "nquads"]

INGESTED = datetime(2025, 1, 1, tzinfo=UTC)
DEV = Path("/work/shared/corpus")


def documents(dev: Path | None, articles: int) -> Iterator[object]:
    """The development corpus's articles (sorted by name), then the first ``articles`` bench articles."""
    from bench.corpus import generate
    from kg.ingest import document_from_text, read_document

    if dev is not None and dev.is_dir():
        for path in sorted(dev.glob("*.txt")):
            yield read_document(path, ingested=INGESTED)
    for article in generate(articles, seed=1):
        yield document_from_text(article.text, source=article.name, ingested=INGESTED)


def nquads(docs: list[object], *, store: bool) -> list[str]:
    """Sorted N-Quads lines of the documents (each in its document graph), plus a store dump if asked."""
    import io

    from kg.extract import extract
    from kg.graph import document_iri, extraction_ntriples

    lines: list[str] = []
    for doc in docs:
        graph = f"<{document_iri(doc)}>"  # type: ignore[arg-type]
        for line in extraction_ntriples(extract(doc)).decode("utf-8").splitlines():  # type: ignore[arg-type]
            assert line.endswith(" ."), line
            lines.append(f"{line[:-2]} {graph} .")
    lines.sort()
    if store:
        import pyoxigraph as ox

        from kg.entity_index import ENTITY_GRAPH
        from kg.pipeline import _extract_one, write_extracted
        from kg.store import Store

        st = Store(None)
        write_extracted(st, (_extract_one(d) for d in docs))  # type: ignore[arg-type]
        out = io.BytesIO()
        st.dump(out, "nquads")
        lines += sorted("store: " + x for x in out.getvalue().decode("utf-8").splitlines())
        # the entity index graph, which dumps leave out
        index = st._ox.quads_for_pattern(None, None, None, ox.NamedNode(ENTITY_GRAPH))
        lines += sorted(f"index: {q} ." for q in index)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="write the sorted N-Quads here")
    parser.add_argument("--against", type=Path, help="compare with this earlier output; exit 1 if different")
    parser.add_argument("--articles", type=int, default=200, help="generated bench articles (seed 1)")
    parser.add_argument("--dev", type=Path, default=DEV, help="development corpus folder (*.txt)")
    parser.add_argument("--store", action="store_true", help="also build into a store and compare its dump")
    args = parser.parse_args(argv)
    import kg

    docs = list(documents(args.dev, args.articles))
    text = "".join(line + "\n" for line in nquads(docs, store=args.store))
    args.out.write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    print(f"kg from {Path(kg.__file__).parent}: {len(docs)} documents, {text.count(chr(10))} lines, sha256 {digest}")
    if args.against is None:
        return 0
    before = args.against.read_text(encoding="utf-8")
    if before == text:
        print(f"identical to {args.against}")
        return 0
    diff = list(difflib.unified_diff(before.splitlines(), text.splitlines(), str(args.against), str(args.out), n=0, lineterm=""))
    print(f"DIFFERENT from {args.against}: {sum(1 for d in diff if d[:1] in '+-') - 2} changed lines; first:")
    print("\n".join(diff[:40]))
    return 1


if __name__ == "__main__":
    sys.exit(main())
