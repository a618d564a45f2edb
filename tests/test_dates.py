from datetime import date

import pytest

from kg.dates import find_published, parse_date, resolve_event_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Published: 2024-03-05", date(2024, 3, 5), id="iso"),
        pytest.param("KYIV, March 3, 2024 (AP) —", date(2024, 3, 3), id="month-day-year"),
        pytest.param("Updated 14 June 2023 at noon", date(2023, 6, 14), id="day-month-year"),
        pytest.param("Sept. 9, 2022", date(2022, 9, 9), id="abbreviated-month"),
        pytest.param("February 30, 2024", None, id="impossible-day"),
        pytest.param("no date here", None, id="none"),
    ],
)
def test_dates_parse_date(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        pytest.param("Talks were held on Monday.", date(2024, 5, 13), id="weekday-before"),
        pytest.param("The strike came on Wednesday.", date(2024, 5, 15), id="weekday-same-day"),
        pytest.param("Troops crossed on April 28.", date(2024, 4, 28), id="month-day"),
        pytest.param("The vote took place on December 30.", date(2023, 12, 30), id="month-day-last-year"),
        pytest.param("Shelling resumed yesterday.", date(2024, 5, 14), id="yesterday"),
        pytest.param("The pact was signed in June 2024.", None, id="month-only-not-guessed"),
        pytest.param("It happened last year.", None, id="vague"),
    ],
)
def test_dates_resolve_event_date(sentence: str, expected: date | None) -> None:
    assert resolve_event_date(sentence, date(2024, 5, 15)) == expected


def test_dates_resolve_without_publication_date_keeps_only_explicit() -> None:
    assert resolve_event_date("It started on Monday.", None) is None
    assert resolve_event_date("It started on March 2, 2022.", None) == date(2022, 3, 2)


def test_dates_find_published_reads_only_the_head() -> None:
    text = "Headline\nBody text.\n" + "filler\n" * 10 + "Published: 2020-01-01"
    assert find_published(text) is None
    assert find_published("Headline\nPublished: 2020-01-01\nBody") == date(2020, 1, 1)


def test_dates_prefilters_pass_every_sentence_the_full_patterns_match() -> None:
    from kg.dates import _DAY, _MD, _ON, _RELATIVE, _WEEKDAY

    texts = ["It happened ON\tMONDAY.", "on\u00a0March 3", "(on Sept. 4)", "Yesterday, talks", "TODAY", "won monday",
             "on  may 2nd", "Upon Friday", "holiday", "on\nJune 1", "Later on—Monday"]
    for text in texts:
        if _MD.search(text) or _WEEKDAY.search(text):
            assert _ON.search(text), text
        if _RELATIVE.search(text):
            assert _DAY.search(text), text
