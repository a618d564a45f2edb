"""Dates in news text: the publication date of an article and event dates relative to it."""

from __future__ import annotations

import re
from datetime import date, timedelta

__all__ = ["find_published", "parse_date", "resolve_event_date"]

_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")
_MDY = re.compile(_MONTH + r"\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)
_DMY = re.compile(r"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)
_MD = re.compile(r"\bon\s+" + _MONTH + r"\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?!,?\s+(?:19|20)\d\d)", re.IGNORECASE)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\bon\s+(?P<wd>" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)
_RELATIVE = re.compile(r"\b(?P<word>yesterday|today)\b", re.IGNORECASE)
# every full date above ends in a year: text without one needs no scan by the month patterns
_YEAR = re.compile(r"(?:19|20)\d\d")
# cheap necessary conditions (no IGNORECASE: no other character case-matches o, n, d, a or y):
# "on <month> <day>" and "on <weekday>" need "on" and a space, "yesterday"/"today" need "day"
_ON = re.compile(r"\b[oO][nN]\s")
_DAY = re.compile(r"[dD][aA][yY]")


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """Return the first full calendar date written in ``text``.

    >>> parse_date("GENEVA, March 3, 2024 (Reuters) -")
    datetime.date(2024, 3, 3)
    """
    if _YEAR.search(text) is None:
        return None
    found: list[tuple[int, date]] = []
    for m in _ISO.finditer(text):
        d = _make(int(m["y"]), int(m["m"]), int(m["d"]))
        if d:
            found.append((m.start(), d))
    for pattern in (_MDY, _DMY):
        for m in pattern.finditer(text):
            d = _make(int(m["y"]), _MONTHS[m["month"].lower()], int(m["d"]))
            if d:
                found.append((m.start(), d))
    return min(found)[1] if found else None


def find_published(text: str, *, head_lines: int = 6) -> date | None:
    """Return the publication date from an article's dateline or first lines, if it gives one."""
    head = "\n".join(text.lstrip().splitlines()[:head_lines])
    return parse_date(head)


def resolve_event_date(sentence: str, published: date | None) -> date | None:
    """Return the day a sentence dates its event to, resolved against the publication date.

    Only day-precise expressions give a date ("on Monday", "on April 28", "March 3, 2024",
    "yesterday"); vaguer ones ("last year", "in June 2024") are left out rather than guessed.

    >>> resolve_event_date("The envoy arrived on Monday.", date(2024, 5, 15))
    datetime.date(2024, 5, 13)
    """
    explicit = parse_date(sentence)
    if explicit:
        return explicit
    if published is None:
        return None
    if _ON.search(sentence) is not None:
        m = _MD.search(sentence)
        if m:
            d = _make(published.year, _MONTHS[m["month"].lower()], int(m["d"]))
            if d and d > published:  # "on December 30" in a January article means last year
                d = _make(published.year - 1, d.month, d.day)
            return d
        m = _WEEKDAY.search(sentence)
        if m:
            back = (published.weekday() - _WEEKDAYS.index(m["wd"].lower())) % 7
            return published - timedelta(days=back)
    if _DAY.search(sentence) is None:
        return None
    m = _RELATIVE.search(sentence)
    if m:
        return published - timedelta(days=1) if m["word"].lower() == "yesterday" else published
    return None
