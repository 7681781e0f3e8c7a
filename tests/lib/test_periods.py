from datetime import date

import pytest

from paperwire.lib.periods import InvalidPeriod, Period, parse_day, parse_month, parse_week, period_containing


def label(period: Period | None) -> str | None:
    return period.label if period else None


def test_it_parses_iso_weeks_across_year_boundaries() -> None:
    week = parse_week("2025-W01")
    assert week.start == date(2024, 12, 30)
    assert week.end == date(2025, 1, 6)
    assert label(week.shifted(-1)) == "2024-W52"


def test_it_moves_months_across_december() -> None:
    december = parse_month("2024-12")
    assert december.end == date(2025, 1, 1)
    assert label(december.shifted(1)) == "2025-01"
    assert label(parse_month("2025-01").shifted(-1)) == "2024-12"


@pytest.mark.parametrize(
    ("parser", "text", "fragment"),
    [
        (parse_day, "2025-02-30", "not a real calendar date"),
        (parse_day, "yesterday", "YYYY-MM-DD"),
        (parse_week, "2025-W54", "no ISO week 54"),
        (parse_week, "2025-9", "YYYY-Www"),
        (parse_month, "2025-13", "not a real month"),
        (parse_month, "2025/02", "YYYY-MM"),
    ],
)
def test_it_explains_what_is_wrong_with_a_period(parser, text, fragment) -> None:
    with pytest.raises(InvalidPeriod, match=fragment):
        parser(text)


def test_it_stops_at_the_edges_of_the_calendar_instead_of_overflowing() -> None:
    first_week, last_month = parse_week("0001-W01"), parse_month("9999-11")

    assert first_week.shifted(-1) is None and first_week.shifted(1) is not None
    assert last_month.shifted(1) is None  # December 9999 would end in year 10000
    assert parse_day("9999-12-30").shifted(1) is None
    assert period_containing("week", date(9999, 12, 30)) is None
    for parser, text in ((parse_day, "9999-12-31"), (parse_week, "9999-W52"), (parse_month, "9999-12")):
        with pytest.raises(InvalidPeriod, match="runs past 9999-12-30"):
            parser(text)


def test_it_writes_early_years_with_four_digits_so_links_read_back() -> None:
    day = parse_day("0033-03-07")

    assert label(period_containing("week", day.start)) == "0033-W10"
    assert label(period_containing("month", day.start)) == "0033-03"
    assert parse_week("0033-W10").start <= day.start < parse_week("0033-W10").end
