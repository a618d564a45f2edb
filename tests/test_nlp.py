"""The paragraph splitter: its own sentence starts are spaCy's sentencizer's."""

from __future__ import annotations

import pytest

from kg.nlp import paragraphs, pipeline

TEXTS = [
    "Kim Jong-un met the U.S. envoy. He said: \"No.\" Then (he left!) ... Really?! Yes.",
    "One sentence without a stop",
    "“Go,” he said. ‘Stop!’ — and then? Nothing… 1.5 million. E.g. this; that.",
    "Ends with several stops!!! ?? .",
]


@pytest.mark.parametrize("text", TEXTS)
def test_nlp_sentences_match_spacy_sentencizer(text: str) -> None:
    spacy_doc = pipeline()(text)
    expected = [(s.start_char, s.end_char) for s in spacy_doc.sents]
    (par,) = paragraphs(text)
    assert [t.is_sent_start for t in par.doc] == [t.is_sent_start for t in spacy_doc]
    starts = [i for i, t in enumerate(par.doc.spacy) if t.is_sent_start]
    got = [(par.doc[a].idx, par.doc[b - 1].idx + len(par.doc[b - 1])) for a, b in zip(starts, starts[1:] + [len(par.doc)])]
    assert got == expected
