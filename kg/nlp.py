"""The shared spaCy pipeline (blank English: tokenizer + sentencizer) and sentence parsing."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache

import spacy
from spacy.attrs import IDX, IS_PUNCT, LENGTH
from spacy.language import Language

from kg.clean import sentence_spans
from kg.model import Sentence
from kg.tokens import Doc

__all__ = ["Paragraph", "paragraphs", "pipeline", "sentence_starts"]


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
        object.__setattr__(self, "token_starts", tuple([t.idx for t in self.doc.tokens]))

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
    sentencizer = nlp.get_pipe("sentencizer")
    punct_chars: set[str] = sentencizer.punct_chars  # type: ignore[attr-defined]
    for start, line in spans:
        doc = nlp.make_doc(line)
        # one column per attribute: a 2-D array's tolist() makes a list per token
        offsets, lengths, punct = doc.to_array([IDX, LENGTH, IS_PUNCT]).T.tolist()
        texts = [line[i : i + n] for i, n in zip(offsets, lengths, strict=True)]
        firsts = sentence_starts(texts, punct, punct_chars)
        guesses = [False] * len(texts)
        for i in firsts:
            guesses[i] = True
        sentencizer.set_annotations([doc], [guesses])  # type: ignore[attr-defined]
        ends = [*firsts[1:], len(texts)]
        sents = [(offsets[a], offsets[b - 1] + lengths[b - 1]) for a, b in zip(firsts, ends, strict=True)]
        result.append(Paragraph(start, Doc(doc, line, offsets, texts), tuple(sentence_spans(start, sents, line))))
    return result


def sentence_starts(texts: list[str], punct: list[int], punct_chars: set[str]) -> list[int]:
    """The indices of the tokens that start a sentence: spaCy's sentencizer (``Sentencizer.predict``) on token texts."""
    if not texts:
        return []
    starts = [0]
    seen_period = False
    for i, text in enumerate(texts):
        if text in punct_chars:
            seen_period = True
        elif seen_period and not punct[i]:
            starts.append(i)
            seen_period = False
    return starts
