from datetime import date

import pytest

from paperwire.lib.periods import InvalidPeriod, parse_day, parse_month, parse_week


def test_it_parses_iso_weeks_across_year_boundaries() -> None:
    week = parse_week("2025-W01")
    assert week.start == date(2024, 12, 30)
    assert week.end == date(2025, 1, 6)
    assert week.shifted(-1).label == "2024-W52"


def test_it_moves_months_across_december() -> None:
    december = parse_month("2024-12")
    assert december.end == date(2025, 1, 1)
    assert december.shifted(1).label == "2025-01"
    assert parse_month("2025-01").shifted(-1).label == "2024-12"


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
