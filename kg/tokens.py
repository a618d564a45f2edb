"""Pure-Python tokens: the read-only part of spaCy's ``Doc``/``Span``/``Token`` API the rules use, built once per paragraph.

The rules walk paragraphs token by token, many times over. A spaCy ``Doc`` makes a new
``Token`` object for every ``doc[i]`` and every step of ``for t in doc``, and rebuilds
``doc.text`` from its tokens on every call: that was half of extraction's time. Here each
token is made once per paragraph (a small object holding its text, lower-case form, offset and
index); the word-shape flags are the ones spaCy's lexemes use (``str.istitle`` etc., and the
language's ``like_num``), so rules read exactly what they read from spaCy. Anything else is
delegated to the spaCy object, so a rule using more of spaCy's API still works, only slower.

>>> from kg.nlp import pipeline
>>> doc = Doc(pipeline()("Kim Jong-un met the U.S. envoy."))
>>> [t.text for t in doc[1:4]], doc[-2].lower_, doc[0].is_title, doc[0:2].text
(['Jong', '-', 'un'], 'envoy', True, 'Kim Jong')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import repeat
from typing import Any, overload

from spacy.attrs import IDX, LENGTH, LIKE_NUM
from spacy.lang.en import English
from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Span as SpacySpan
from spacy.vocab import Vocab

__all__ = ["Doc", "Span", "Token", "filter_spans"]

# English's LIKE_NUM lexeme attribute ("12", "1,000", "third"), as spaCy computes it
_like_num: Callable[[str], bool] = English.Defaults.lex_attr_getters[LIKE_NUM]


class Token:
    """One token: its text, lower-case form, character offset and index in the paragraph.

    It keeps spaCy's Doc, not ours: a token pointing back at the list holding it would make every
    paragraph a reference cycle, left for the garbage collector instead of freed when done.
    """

    __slots__ = ("i", "idx", "lower_", "spacy_doc", "text")

    def __init__(self, spacy_doc: SpacyDoc, i: int, idx: int, text: str) -> None:
        self.spacy_doc = spacy_doc
        self.i = i
        self.idx = idx
        self.text = text
        self.lower_ = text.lower()  # spaCy's LOWER lexeme attribute is str.lower

    def __len__(self) -> int:
        return len(self.text)

    def __repr__(self) -> str:
        return self.text

    # the flags of spaCy's lexemes (spacy.lang.lex_attrs): plain string predicates
    @property
    def is_title(self) -> bool:
        return self.text.istitle()

    @property
    def is_alpha(self) -> bool:
        return self.text.isalpha()

    @property
    def is_lower(self) -> bool:
        return self.text.islower()

    @property
    def is_upper(self) -> bool:
        return self.text.isupper()

    @property
    def like_num(self) -> bool:
        return _like_num(self.text)

    def __getattr__(self, name: str) -> Any:
        # anything not mirrored here: ask spaCy's own token (same answer, spaCy's speed)
        _public(name, Token.__slots__)
        return getattr(self.spacy_doc[self.i], name)


def _public(name: str, slots: tuple[str, ...]) -> None:
    """Only spaCy's public attributes fall back to spaCy: not our own slots while unset (a copy being
    made), not pickle's or copy's hooks."""
    if name.startswith("_") or name in slots:
        raise AttributeError(name)


def _normalize_slice(length: int, start: int | None, stop: int | None) -> tuple[int, int]:
    """spaCy's slice rule: negative indices count from the end, both ends clip, stop >= start."""
    start = 0 if start is None else start + length if start < 0 else start
    start = min(length, max(0, start))
    stop = length if stop is None else stop + length if stop < 0 else stop
    return start, min(length, max(start, stop))


class Span:
    """Tokens ``[start, end)`` of a paragraph, with an optional label (a string-store hash)."""

    __slots__ = ("doc", "end", "label", "start")

    def __init__(self, doc: Doc, start: int, end: int, label: int = 0) -> None:
        self.doc = doc
        self.start = start
        self.end = end
        self.label = label

    @property
    def start_char(self) -> int:
        tokens = self.doc.tokens
        return tokens[self.start].idx if self.start < len(tokens) else len(self.doc.text)

    @property
    def end_char(self) -> int:
        if self.end <= self.start:
            return self.start_char
        last = self.doc.tokens[self.end - 1]
        return last.idx + len(last.text)

    @property
    def text(self) -> str:
        if self.end <= self.start:
            return ""
        tokens = self.doc.tokens
        last = tokens[self.end - 1]
        return self.doc.text[tokens[self.start].idx : last.idx + len(last.text)]

    def __len__(self) -> int:
        return self.end - self.start

    def __iter__(self) -> Iterator[Token]:
        return iter(self.doc.tokens[self.start : self.end])

    @overload
    def __getitem__(self, i: int) -> Token: ...
    @overload
    def __getitem__(self, i: slice) -> Span: ...
    def __getitem__(self, i: int | slice) -> Token | Span:
        if isinstance(i, slice):
            start, end = _normalize_slice(len(self), i.start, i.stop)
            return Span(self.doc, start + self.start, end + self.start)
        j = self.end + i if i < 0 else self.start + i
        if not self.start <= j < self.end:
            raise IndexError(f"index {i} out of a span of {len(self)} tokens")
        return self.doc.tokens[j]

    def _key(self) -> tuple[int, int, int, int]:
        # what spaCy compares: character offsets, label and document
        return (self.start_char, self.end_char, self.label, id(self.doc))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Span) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return self.text

    def __getattr__(self, name: str) -> Any:
        _public(name, Span.__slots__)
        return getattr(SpacySpan(self.doc.spacy, self.start, self.end, label=self.label), name)


class Doc:
    """A paragraph's tokens, made once from a spaCy ``Doc`` (kept as ``spacy`` for the matchers)."""

    __slots__ = ("spacy", "text", "tokens")

    def __init__(
        self, doc: SpacyDoc, text: str | None = None, starts: list[int] | None = None, texts: list[str] | None = None
    ) -> None:
        """``text``, ``starts`` and ``texts``: the doc's text, token offsets and token texts, if the caller has them."""
        self.spacy = doc
        self.text: str = doc.text if text is None else text
        if starts is None or texts is None:
            # one column per attribute: a 2-D array's tolist() makes a list per token
            starts, lengths = doc.to_array([IDX, LENGTH]).T.tolist()
            texts = [self.text[i : i + n] for i, n in zip(starts, lengths, strict=True)]
        self.tokens: list[Token] = list(map(Token, repeat(doc), range(len(texts)), starts, texts))

    @property
    def vocab(self) -> Vocab:
        return self.spacy.vocab

    def __len__(self) -> int:
        return len(self.tokens)

    def __iter__(self) -> Iterator[Token]:
        return iter(self.tokens)

    @overload
    def __getitem__(self, i: int) -> Token: ...
    @overload
    def __getitem__(self, i: slice) -> Span: ...
    def __getitem__(self, i: int | slice) -> Token | Span:
        if i.__class__ is not slice:
            return self.tokens[i]  # type: ignore[index,return-value]
        start, stop = i.start, i.stop  # type: ignore[union-attr]
        if start is None or stop is None or not 0 <= start <= stop <= len(self.tokens):
            start, stop = _normalize_slice(len(self.tokens), start, stop)
        return Span(self, start, stop)

    def char_span(self, start: int, end: int, label: int = 0, alignment_mode: str = "strict") -> Span | None:
        """The tokens covering characters [start, end) (spaCy's rules), or None."""
        found = self.spacy.char_span(start, end, alignment_mode=alignment_mode)
        return None if found is None else Span(self, found.start, found.end, label)

    def __repr__(self) -> str:
        return self.text

    def __getattr__(self, name: str) -> Any:
        _public(name, Doc.__slots__)
        return getattr(self.spacy, name)



def filter_spans(spans: Iterable[Span]) -> list[Span]:
    """spaCy's ``filter_spans`` for these spans: of overlapping spans the (first) longest, in text order."""
    result: list[Span] = []
    seen: set[int] = set()
    for span in sorted(spans, key=lambda sp: (sp.end - sp.start, -sp.start), reverse=True):
        if span.start not in seen and span.end - 1 not in seen:
            result.append(span)
            seen.update(range(span.start, span.end))
    return sorted(result, key=lambda sp: sp.start)
