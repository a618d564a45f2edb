"""The shared spaCy pipeline (blank English: tokenizer + sentencizer) and sentence parsing."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache

import spacy
from spacy.language import Language

from kg.clean import sentence_spans
from kg.model import Sentence
from kg.tokens import Doc

__all__ = ["Paragraph", "paragraphs", "pipeline"]


@cache
def pipeline() -> Language:
    """Return the process-wide blank English pipeline (no statistical model is needed)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One line of the document, tokenised, with its sentences in document offsets.

    ``doc`` is the paragraph's pure-Python tokens (``kg.tokens``); ``doc.spacy`` the spaCy Doc.
    """

    start: int
    doc: Doc
    sentences: tuple[Sentence, ...]
    token_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # token offsets, ascending: a binary search per sentence keeps long paragraphs linear
        object.__setattr__(self, "token_starts", tuple(t.idx for t in self.doc.tokens))

    def token_range(self, sentence: Sentence) -> tuple[int, int]:
        """Return the [first, last) token indices of a sentence of this paragraph."""
        lo = sentence.start - self.start
        hi = sentence.end - self.start
        return bisect_left(self.token_starts, lo), bisect_left(self.token_starts, hi)


def paragraphs(text: str) -> list[Paragraph]:
    """Split a document into paragraphs (lines) and sentences; every line break ends a sentence."""
    spans: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, line))
        pos += len(line) + 1
    result = []
    nlp = pipeline()
    for (start, line), doc in zip(spans, nlp.pipe(line for _, line in spans), strict=True):
        sents = [(s.start_char, s.end_char) for s in doc.sents]
        result.append(Paragraph(start, Doc(doc, line), tuple(sentence_spans(start, sents, line))))
    return result
