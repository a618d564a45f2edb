"""Gold files → precision / recall / F1 for entities, relations and each predicate (GUIDELINES.md)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import cast

from kg.errors import InputError
from kg.model import Extraction
from kg.vocab import PREDICATES, SYMMETRIC_PREDICATES

__all__ = ["Report", "Score", "evaluate", "normalise", "score_article"]

COUNTED_MODALITIES = frozenset({"Asserted", "Reported"})


def normalise(text: str) -> str:
    """Case- and punctuation-insensitive form of a name.

    >>> normalise("Seoul’s Foreign-Ministry")
    'seouls foreign ministry'
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[’'`´]", "", text)
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


@dataclass
class Score:
    """Counts of true positives, system items and gold items."""

    tp: int = 0
    system: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.system if self.system else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.system += other.system
        self.gold += other.gold

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp, "system": self.system, "gold": self.gold,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
        }


@dataclass
class Report:
    """Micro-averaged scores over a corpus, with the errors of each article."""

    entities: Score = field(default_factory=Score)
    relations: Score = field(default_factory=Score)
    predicates: dict[str, Score] = field(default_factory=lambda: {p: Score() for p in PREDICATES})
    errors: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    articles: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "articles": self.articles,
            "entities": self.entities.as_dict(),
            "relations": self.relations.as_dict(),
            "predicates": {p: s.as_dict() for p, s in self.predicates.items()},
            "errors": self.errors,
        }


def _bipartite(left: list[int], edges: Callable[[int], Iterable[int]]) -> dict[int, int]:
    """Maximum one-to-one matching (augmenting paths); returns {left: right}."""
    match_r: dict[int, int] = {}

    def augment(u: int, seen: set[int]) -> bool:
        for v in edges(u):
            if v in seen:
                continue
            seen.add(v)
            if v not in match_r or augment(match_r[v], seen):
                match_r[v] = u
                return True
        return False

    for u in left:
        augment(u, set())
    return {u: v for v, u in match_r.items()}


def score_article(extraction: Extraction, gold: dict[str, object]) -> tuple[Score, Score, dict[str, Score], dict[str, list[str]]]:
    """Score one article's extraction against its gold annotation."""
    gents = cast(list[dict[str, object]], gold["entities"])  # the gold format (GUIDELINES.md): a list of entity objects
    gnames = [{normalise(str(m)) for m in [e["label"], *cast(list[str], e["mentions"])]} for e in gents]
    sents = list(extraction.entities)

    def ent_matches(i: int) -> list[int]:
        e = sents[i]
        names = {normalise(n) for n in (e.label, *e.aliases)}
        return [
            j for j, g in enumerate(gents)
            if g["type"] == e.type and (names & gnames[j] or (e.wikidata and e.wikidata == g.get("wikidata")))
        ]

    candidates = {i: ent_matches(i) for i in range(len(sents))}
    matching = _bipartite(list(range(len(sents))), lambda i: candidates[i])
    entities = Score(len(matching), len(sents), len(gents))
    gid = {str(g["id"]): j for j, g in enumerate(gents)}
    sys_index = {e.id: i for i, e in enumerate(sents)}

    def key(p: str, s: object, o: object) -> tuple[str, object, object]:
        if p in SYMMETRIC_PREDICATES and str(o) < str(s):
            s, o = o, s
        return (p, s, o)

    srels = sorted({(r.subject, r.predicate, r.object) for r in extraction.relations if r.modality in COUNTED_MODALITIES})
    srels = sorted({key(p, s, o) for s, p, o in srels})  # type: ignore[misc]
    grels = sorted({key(str(r["p"]), gid[str(r["s"])], gid[str(r["o"])]) for r in cast(list[dict[str, object]], gold["relations"])})

    def rel_matches(i: int) -> list[int]:
        p, s, o = srels[i]
        s_c = set(candidates.get(sys_index.get(str(s), -1), []))
        o_c = set(candidates.get(sys_index.get(str(o), -1), []))
        out = []
        for j, (gp, gs, go) in enumerate(grels):
            if gp != p:
                continue
            if (gs in s_c and go in o_c) or (p in SYMMETRIC_PREDICATES and gs in o_c and go in s_c):
                out.append(j)
        return out

    rmatch = _bipartite(list(range(len(srels))), rel_matches)
    relations = Score(len(rmatch), len(srels), len(grels))
    per = {p: Score() for p in PREDICATES}
    for i, (p, _, _) in enumerate(srels):
        per[p].system += 1
        per[p].tp += i in rmatch
    for p, _, _ in grels:
        per[p].gold += 1
    labels = {e.id: e.label for e in sents}
    glabels = {j: str(g["label"]) for j, g in enumerate(gents)}
    matched_gold_r = set(rmatch.values())
    matched_gold_e = set(matching.values())
    errors = {
        "spurious_entities": [f"{sents[i].type} {sents[i].label}" for i in range(len(sents)) if i not in matching],
        "missed_entities": [f"{g['type']} {g['label']}" for j, g in enumerate(gents) if j not in matched_gold_e],
        "spurious_relations": [
            f"{labels.get(str(s), s)} {p} {labels.get(str(o), o)}" for i, (p, s, o) in enumerate(srels) if i not in rmatch
        ],
        "missed_relations": [
            f"{glabels[s]} {p} {glabels[o]}" for j, (p, s, o) in enumerate(grels) if j not in matched_gold_r  # type: ignore[index]
        ],
    }
    return entities, relations, per, errors


def evaluate(corpus: Path, extract_file: Callable[[Path, date | None], Extraction]) -> Report:
    """Score every ``NAME.txt``/``NAME.html`` that has a ``NAME.gold.json`` beside it."""
    golds = sorted(corpus.glob("*.gold.json"))
    if not golds:
        raise InputError(str(corpus), "has no *.gold.json files", "point kg eval at a folder of annotated articles")
    report = Report()
    for gold_path in golds:
        stem = gold_path.name[: -len(".gold.json")]
        article = next((p for p in (corpus / f"{stem}.txt", corpus / f"{stem}.html") if p.exists()), None)
        if article is None:
            raise InputError(str(gold_path), "has no article beside it", f"add {stem}.txt or {stem}.html")
        try:
            gold = json.loads(gold_path.read_text("utf-8"))
        except json.JSONDecodeError as exc:
            raise InputError(str(gold_path), f"is not valid JSON ({exc})") from None
        published = date.fromisoformat(gold["published"]) if gold.get("published") else None
        ents, rels, per, errors = score_article(extract_file(article, published), gold)
        report.entities.add(ents)
        report.relations.add(rels)
        for p, s in per.items():
            report.predicates[p].add(s)
        report.errors[stem] = errors
        report.articles += 1
    return report
