"""``sort=trending`` on /api/daily_papers ranks like the trending page: gravity for a day, votes for longer."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client

from tests.papers.factories import make_paper
from tests.papers.trending_clock import trending_clock  # noqa: F401 - autouse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def the_reviewed_week() -> None:
    """Monday 10 March 2025 (the frozen today): two 1-vote papers; well-voted ones earlier in the week."""
    for arxiv_id, at, upvotes in [
        ("2503.10001", datetime(2025, 3, 10, 9, tzinfo=UTC), 1),
        ("2503.10002", datetime(2025, 3, 10, 10, tzinfo=UTC), 1),
        ("2503.10003", datetime(2025, 3, 10, 2, tzinfo=UTC), 5),
        ("2503.10045", datetime(2025, 3, 5, 8, tzinfo=UTC), 45),
        ("2503.10060", datetime(2025, 3, 6, 8, tzinfo=UTC), 60),
        ("2503.10062", datetime(2025, 3, 7, 8, tzinfo=UTC), 62),
    ]:
        make_paper(arxiv_id=arxiv_id, listed_at=at, upvotes=upvotes)


def trending(client: Client, **period: str) -> list[str]:
    params: dict[str, str] = {"sort": "trending", "limit": "20", **period}
    response = client.get("/api/daily_papers", params)
    assert response.status_code == 200, response.content
    return [item["paper"]["id"] for item in response.json()]


def test_it_ranks_a_week_and_the_default_window_by_votes(client: Client) -> None:
    week = trending(client, week="2025-W10")  # Monday 3 to Sunday 9 March
    latest = trending(client)  # the 7 list days up to today

    assert week == ["2503.10062", "2503.10060", "2503.10045"]
    assert latest == ["2503.10062", "2503.10060", "2503.10045", "2503.10003", "2503.10002", "2503.10001"]
    assert trending(client, month="2025-03") == latest


def test_it_ranks_a_single_day_by_the_gravity_formula(client: Client) -> None:
    assert trending(client, date="2025-03-10") == ["2503.10002", "2503.10001", "2503.10003"]
