"""Text cleaning: page furniture out, sentence spans in (offsets into the document text)."""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

from kg.model import Sentence

__all__ = ["clean_text", "sentence_spans"]

_ELLIPSIS = ("...", "…")
_OPENERS = "[(“‘\"'«"


@cache
def _boilerplate() -> re.Pattern[str]:
    rows = files("kg.lexicon").joinpath("boilerplate.tsv").read_text("utf-8").splitlines()
    patterns = [r.split("\t")[0] for r in rows if r.strip() and not r.startswith("#")]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _is_truncated_copy(line: str, others: list[str]) -> bool:
    """A line cut off with an ellipsis whose body reappears in full on another line (a breadcrumb)."""
    if not line.endswith(_ELLIPSIS):
        return False
    body = line.rstrip(".…").rsplit(" ", 1)[0].strip(" ,;")
    words = body.split()
    # The truncated copy may carry a few navigation words in front ("Home World ...").
    for skip in range(min(4, len(words))):
        tail = " ".join(words[skip:])
        if len(tail) >= 20 and any(tail in o for o in others if o is not line):
            return True
    return False


def clean_text(text: str) -> str:
    """Blank out page-furniture lines, keeping every other character at its offset.

    >>> clean_text("Home › World\\nTroops crossed the border.\\nShare this article")
    '            \\nTroops crossed the border.\\n                  '
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", " ")
    lines = text.split("\n")
    stripped = [line.strip() for line in lines]
    pattern = _boilerplate()
    out = []
    for line, s in zip(lines, stripped, strict=True):
        if s and (pattern.fullmatch(s) or _is_truncated_copy(s, stripped)):
            out.append(" " * len(line))
        else:
            out.append(line)
    return "\n".join(out)


def sentence_spans(paragraph_start: int, sents: list[tuple[int, int]], text: str) -> list[Sentence]:
    """Turn splitter spans of one paragraph into trimmed sentences with document offsets.

    Opening brackets and quotes that a splitter left at the end of a sentence are moved to
    the start of the next one, where they belong.
    """
    spans = [list(s) for s in sents]
    for i in range(len(spans) - 1):
        start, end = spans[i]
        while end > start and text[end - 1] in _OPENERS + " ":
            if text[end - 1] == " " or _opens(text, end - 1):
                end -= 1
            else:
                break
        spans[i][1] = end
        spans[i + 1][0] = min(spans[i + 1][0], end)
    result = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            result.append(Sentence(paragraph_start + start, paragraph_start + end, text[start:end]))
    return result


def _opens(text: str, i: int) -> bool:
    ch = text[i]
    if ch in "[(“‘«":
        return True
    # a straight quote opens when followed by a letter and preceded by space
    return ch in "\"'" and i + 1 < len(text) and text[i + 1].isalnum() and (i == 0 or text[i - 1].isspace())
