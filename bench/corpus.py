"""Benchmark corpora: seeded, realistic 600–800-word news articles at any size, or a real folder repeated.

Generated articles mix sentences of the bundled samples (real article prose, so the
tokeniser, matchers and cleaner see the usual density of names and clauses) with sentences
built from the gazetteer: random states, office-holders in office on the article's date,
organisations, the sixteen predicates in several phrasings and modalities, dates. Article
``i`` of seed ``s`` is the same text whatever the corpus size, so runs are comparable.

    python -m bench.corpus OUT --articles 10000 [--seed 1]
    python -m bench.corpus OUT --articles 2000 --from ../shared/corpus   # real articles, repeated
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from kg.gazetteer import load_gazetteer
from kg.ingest import iter_paths, sample_dir

__all__ = ["Article", "generate", "repeat_folder", "write_corpus"]

PER_FOLDER = 1000  # files per sub-folder, so no directory holds 50,000 entries

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
REASONS = (
    "the detention of two aid workers", "a series of drone incursions", "repeated violations of its airspace",
    "the shelling of border villages", "a missile test over the sea", "the seizure of a cargo ship",
    "its treatment of opposition figures", "a cyberattack on the power grid", "the expulsion of diplomats",
)
DEMANDS = (
    "withdraw its forces from the frontier", "release the detained crew", "return to talks without conditions",
    "halt construction on the disputed islands", "open a humanitarian corridor", "stop arming the militias",
)
WEAPONS = (
    "air-defence systems", "artillery shells", "armoured vehicles", "attack drones", "anti-ship missiles",
    "fighter jets", "small arms and ammunition",
)
AID = ("humanitarian aid", "emergency relief", "a reconstruction loan", "food assistance", "budget support")
SANCTIONED = ("its central bank", "senior military officers", "oil exports", "shipping companies", "state media")

TEMPLATES: tuple[tuple[str, str], ...] = (
    ("condemns", "{A} {on_day} condemned {B} over {reason}."),
    ("condemns", "{LA} denounced {B}, saying {reason} could not go unanswered."),
    ("condemns", "{A} accused {B} of orchestrating {reason}."),
    ("demands", "{A} urged {B} to {demand}."),
    ("demands", "{LA} called on {B} to {demand}, {when}."),
    ("deploysTo", "{A} deployed about {n} troops to {B} {when}."),
    ("deploysTo", "{A} has sent warships to {B}, officials in {capA} said."),
    ("suppliesArmsTo", "{A} supplied {weapons} to {B} {when}, according to the defence ministry."),
    ("suppliesArmsTo", "{A} will deliver {weapons} to {B} under a deal signed {when}."),
    ("providesAidTo", "{A} pledged {aid} worth ${n} million to {B}."),
    ("providesAidTo", "{A} provided {aid} to {B} after the floods."),
    ("sanctions", "{A} imposed sanctions on {B}, targeting {sanctioned}."),
    ("sanctions", "{A} sanctioned {B} {when} over {reason}."),
    ("attacks", "{A} struck targets in {B} overnight, the military said."),
    ("attacks", "{A} launched drones at {B} {when}."),
    ("threatens", "{LA} warned {B} of \"serious consequences\" over {reason}."),
    ("threatens", "{A} threatened {B} with retaliation {when}."),
    ("meetsWith", "{LA} met {LB} in {capA} {when} to discuss {reason}."),
    ("meetsWith", "{LA} hosted {LB} for talks on trade and security."),
    ("alliedWith", "{A} and {B} pledged to remain allies whatever happens."),
    ("atWarWith", "The war between {A} and {B} entered its {nth} month."),
    ("memberOf", "{A} formally joined {ORG} {when}."),
    ("condemns", "{ORG} condemned {B} over {reason}."),
    ("demands", "{ORG} urged {A} to {demand}."),
)
FILLER = (
    "Markets in the region were little changed on the news.",
    "The statement did not say how many people were affected.",
    "Diplomats said the issue would be raised at the next round of consultations.",
    "Reporters were not allowed to visit the area, and the figures could not be independently verified.",
    "The government has faced mounting criticism at home over rising prices and fuel shortages.",
    "Satellite images published by a private company showed new earthworks near the site.",
    "A spokesperson declined to comment further, citing the sensitivity of the negotiations.",
    "Opposition lawmakers demanded a full briefing before parliament breaks for the summer.",
)


@dataclass(frozen=True, slots=True)
class Article:
    """One generated article: a file name and its text."""

    name: str
    text: str


@cache
def _world() -> tuple[list[tuple[str, str]], list[str], list[tuple[date, date, str, str]], list[str]]:
    gaz = load_gazetteer()
    states = sorted((e.id, e.label) for e in gaz.entries.values() if e.type == "State")
    orgs = sorted(e.label for e in gaz.entries.values() if e.type == "Organization" and len(e.label) < 40)
    terms = sorted(
        (t.start, t.end or date(2100, 1, 1), t.of, f"{t.office} {gaz.entries[t.person].label}")
        for t in gaz.terms
        if t.person in gaz.entries and t.role in ("head_of_state", "head_of_government", "foreign_minister")
    )
    capitals = [e.label for e in gaz.entries.values() if e.kind == "capital"]
    return states, orgs, terms, capitals


@cache
def _sample_sentences() -> tuple[str, ...]:
    """Sentences of the bundled sample articles (plain-text ones), as realistic filler."""
    out: list[str] = []
    for path in sorted(sample_dir().glob("*.txt")):
        body = path.read_text("utf-8").split("\n", 2)[-1]
        for par in body.split("\n"):
            out.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", par) if 6 <= len(s.split()) <= 45)
    return tuple(out)


def _leader(rng: random.Random, state: str, day: date, label: str) -> str:
    _, _, terms, _ = _world()
    holders = [name for start, end, of, name in terms if of == state and start <= day < end]
    return rng.choice(holders) if holders else f"the government of {label}"


def _sentence(rng: random.Random, day: date) -> str:
    states, orgs, _, capitals = _world()
    (a_id, a), (b_id, b) = rng.sample(states, 2)
    _, template = rng.choice(TEMPLATES)
    values = {
        "A": a, "B": b, "ORG": rng.choice(orgs),
        "LA": _leader(rng, a_id, day, a), "LB": _leader(rng, b_id, day, b),
        "capA": rng.choice(capitals), "on_day": "on " + rng.choice(WEEKDAYS),
        "when": rng.choice(("last week", "on " + rng.choice(WEEKDAYS), f"in {day:%B %Y}", f"on {day.day} {day:%B}")),
        "reason": rng.choice(REASONS), "demand": rng.choice(DEMANDS), "weapons": rng.choice(WEAPONS),
        "aid": rng.choice(AID), "sanctioned": rng.choice(SANCTIONED), "n": rng.choice((200, 1500, 3000, 45, 120)),
        "nth": rng.choice(("third", "sixth", "eleventh", "twenty-fourth")),
    }
    text = template.format(**values)
    roll = rng.random()  # a share of statements are reported or only possible, as in real copy
    if roll < 0.1:
        text = "Officials said " + text
    elif roll < 0.15:
        text = "Diplomats fear that " + text.replace(" will ", " could ", 1)
    return text


def generate(count: int, seed: int = 1, *, start: int = 0) -> Iterator[Article]:
    """Yield ``count`` articles (numbers ``start`` … ``start + count - 1``) of the given seed."""
    samples = _sample_sentences()
    capitals = _world()[3]
    for i in range(start, start + count):
        rng = random.Random(seed * 1_000_003 + i)
        day = date(2022, 1, 1) + timedelta(days=rng.randrange(4 * 365))
        target = rng.randint(600, 800)
        paragraphs: list[str] = []
        words = 0
        while True:
            sentences = []
            for _ in range(rng.randint(2, 4)):
                kind = rng.random()
                if kind < 0.45:
                    s = _sentence(rng, day)
                elif kind < 0.85:
                    s = rng.choice(samples)
                else:
                    s = rng.choice(FILLER)
                sentences.append(s)
            paragraph = " ".join(sentences)
            n = len(paragraph.split())
            if words + n > target and words >= 600:
                break
            if words + n > 800:
                continue
            paragraphs.append(paragraph)
            words += n
        headline = _sentence(rng, day).rstrip(".")
        headline = headline[0].upper() + headline[1:]
        dateline = f"{rng.choice(capitals).upper()}, {day:%B} {day.day}, {day.year} (bench) — "
        text = f"{headline}\nPublished: {day.isoformat()}\n\n{dateline}" + "\n\n".join(paragraphs) + "\n"
        yield Article(f"{i // PER_FOLDER:04d}/article_{seed}_{i:06d}.txt", text)


def write_corpus(folder: Path, count: int, seed: int = 1) -> Path:
    """Write ``count`` generated articles under ``folder`` (sub-folders of 1,000); return the folder."""
    for article in generate(count, seed):
        path = folder / article.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article.text, encoding="utf-8")
    return folder


def repeat_folder(source: Path, folder: Path, count: int) -> Path:
    """Fill ``folder`` with ``count`` copies of the articles of ``source``, cycled (for benchmarks only)."""
    originals = list(iter_paths([source]))
    if not originals:
        raise SystemExit(f"{source}: no articles to repeat")
    for i in range(count):
        original = originals[i % len(originals)]
        path = folder / f"{i // PER_FOLDER:04d}" / f"{i:06d}_{original.name}"
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(original, path)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--from", dest="source", type=Path, help="repeat the articles of this folder instead")
    args = parser.parse_args()
    if args.source:
        repeat_folder(args.source, args.out, args.articles)
    else:
        write_corpus(args.out, args.articles, args.seed)
    print(f"wrote {args.articles} articles under {args.out}")


if __name__ == "__main__":
    main()
