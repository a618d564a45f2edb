"""kg.tokens mirrors spaCy exactly: every attribute the rules read, every slice, on tricky text and a bench corpus."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Span as SpacySpan

from bench.corpus import generate
from kg.nlp import paragraphs, pipeline
from kg.tokens import Doc, Span

TOKEN_ATTRS = ("text", "lower_", "idx", "i", "is_title", "is_alpha", "is_lower", "is_upper", "like_num")
SPAN_ATTRS = ("text", "start", "end", "start_char", "end_char")
TRICKY = [
    "Kim Jong-un met the U.S. envoy on 3rd May, 2024.",
    "“We will respond,” said Kyiv’s 1,000-strong  garrison\tin  Kharkiv.",
    "ÉMIGRÉS in São Paulo: 10/20 of them, third-party ±5 -7 n't can't",
    "",
    "   ",
    "Ukraine",
]


def _pair(text: str) -> tuple[SpacyDoc, Doc]:
    spacy_doc = pipeline()(text)
    return spacy_doc, Doc(spacy_doc, text)


def _same_span(ours: Span, theirs: object) -> None:
    for attr in SPAN_ATTRS:
        assert getattr(ours, attr) == getattr(theirs, attr), attr
    assert len(ours) == len(theirs)  # type: ignore[arg-type]
    assert [t.i for t in ours] == [t.i for t in theirs]  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", TRICKY, ids=range(len(TRICKY)))
def test_tokens_token_attributes_match_spacy(text: str) -> None:
    spacy_doc, doc = _pair(text)
    assert doc.text == spacy_doc.text and len(doc) == len(spacy_doc)
    for ours, theirs in zip(doc, spacy_doc, strict=True):
        assert [getattr(ours, a) for a in TOKEN_ATTRS] == [getattr(theirs, a) for a in TOKEN_ATTRS]
        assert len(ours) == len(theirs)
    for i in range(-len(doc), len(doc)):
        assert doc[i].i == spacy_doc[i].i
    for i in (len(doc), -len(doc) - 1):
        with pytest.raises(IndexError):
            doc[i]


@pytest.mark.parametrize("text", TRICKY, ids=range(len(TRICKY)))
def test_tokens_slices_match_spacy(text: str) -> None:
    spacy_doc, doc = _pair(text)
    n = len(doc)
    bounds = [None, *range(-n - 2, n + 3)]
    for a in bounds:
        for b in bounds:
            ours, theirs = doc[a:b], spacy_doc[a:b]
            _same_span(ours, theirs)
            if len(theirs):
                for i in range(-len(theirs), len(theirs)):
                    assert ours[i].i == theirs[i].i
                for c in (None, 1, -1):
                    _same_span(ours[c:], theirs[c:])
                    _same_span(ours[:c], theirs[:c])
            with pytest.raises(IndexError):
                ours[len(theirs)]


def test_tokens_span_equality_follows_spacy() -> None:
    spacy_doc, doc = _pair("Japan and the Philippines held drills.")
    assert doc[0:1] == doc[0:1] and doc[0:1] != doc[0:2]
    assert Span(doc, 0, 1, 7) != doc[0:1] and SpacySpan(spacy_doc, 0, 1, label=7) != spacy_doc[0:1]
    assert doc[0:1] != doc[0:1].text


def test_tokens_char_span_and_fallbacks_use_spacy() -> None:
    spacy_doc, doc = _pair("Poland, a NATO member, said so.")
    found = doc.char_span(3, 13, alignment_mode="expand")
    assert found is not None
    _same_span(found, spacy_doc.char_span(3, 13, alignment_mode="expand"))
    assert doc.char_span(3, 13) is None and spacy_doc.char_span(3, 13) is None
    # attributes not mirrored come from spaCy itself
    assert doc[1].is_punct and doc[1].whitespace_ == " " and doc[0:2].text_with_ws == "Poland, "
    assert doc.vocab is spacy_doc.vocab and len(list(doc.sents)) == 1


def test_tokens_match_spacy_on_bench_articles() -> None:
    for article in generate(20, seed=3):
        for par in paragraphs(article.text):
            for ours, theirs in zip(par.doc, par.doc.spacy, strict=True):
                assert [getattr(ours, a) for a in TOKEN_ATTRS] == [getattr(theirs, a) for a in TOKEN_ATTRS]


def test_tokens_copy_does_not_recurse_into_the_spacy_fallback() -> None:
    import copy

    _, doc = _pair("Japan condemned North Korea.")
    assert copy.copy(doc[0]).text == "Japan" and copy.copy(doc[0:2]).text == "Japan condemned"
    with pytest.raises(AttributeError):
        doc[0]._private  # noqa: B018 -- our own and dunder names never fall back to spaCy
