"""The shared spaCy pipeline (blank English: tokenizer + sentencizer) and sentence parsing."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.clean import sentence_spans
from kg.model import Sentence

__all__ = ["Paragraph", "paragraphs", "pipeline"]


@cache
def pipeline() -> Language:
    """Return the process-wide blank English pipeline (no statistical model is needed)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One line of the document, tokenised, with its sentences in document offsets."""

    start: int
    doc: Doc
    sentences: tuple[Sentence, ...]

    def token_range(self, sentence: Sentence) -> tuple[int, int]:
        """Return the [first, last) token indices of a sentence of this paragraph."""
        lo = sentence.start - self.start
        hi = sentence.end - self.start
        first = next((t.i for t in self.doc if t.idx >= lo), len(self.doc))
        last = next((t.i for t in self.doc if t.idx >= hi), len(self.doc))
        return first, last


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
        result.append(Paragraph(start, doc, tuple(sentence_spans(start, sents, line))))
    return result
