"""Extreme but well-formed dates, weeks, months and cursors never make a route answer 500.

Every route that reads a calendar value from the address is sent values from
the whole calendar, year 1 to 9999, including the edges where "the next day"
or "midnight in another time zone" does not exist. The answer is either the
page, or a 4xx in the route's one error format with a message: the site's
404 page for pages and feeds, the API's ``{"error", "detail"}`` JSON for both
APIs. Search reads dates from the query language and its filter fields and,
as for any date it cannot use, ignores them with a note.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from paperwire.accounts.tokens import create_token
from paperwire.search.ann import forget_loaded_indexes
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db

EXAMPLES = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# The whole calendar, with its first and last days drawn often.
days = st.one_of(
    st.sampled_from([date.min, date.min + timedelta(days=1), date.max, date.max - timedelta(days=1)]),
    st.dates(),
)
weeks = st.builds(lambda year, week: f"{year:04d}-W{week:02d}", st.integers(0, 9999), st.integers(0, 54))
months = st.builds(lambda year, month: f"{year:04d}-{month:02d}", st.integers(0, 9999), st.integers(0, 13))
offsets = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda minutes: timezone(timedelta(minutes=minutes)))
moments = st.datetimes(timezones=offsets)


@pytest.fixture(autouse=True)
def a_listed_paper(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.RATELIMIT_ENABLED = False
    settings.API_CACHE_SECONDS = 0
    # The hashing embedder: the real search code paths without loading the model.
    settings.EMBEDDER = "paperwire.search.embedder.HashingEmbedder"
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    forget_loaded_indexes()
    cache.clear()
    make_paper(list_date=date(2025, 6, 10), title="Attention on a list", upvotes=3)
    yield
    forget_loaded_indexes()
    cache.clear()


@pytest.fixture
def client() -> Client:
    # Answer as production would: an exception must show up as a 500, not as a test error.
    return Client(raise_request_exception=False)


def cursor_of(moment: datetime, pk: int = 1) -> str:
    """A paging cursor as the API writes it: base64 of "<ISO moment>|<primary key>"."""
    return base64.urlsafe_b64encode(f"{moment.isoformat()}|{pk}".encode()).decode().rstrip("=")


def assert_page_answer(response: Any) -> None:
    assert response.status_code < 500, response.content[:300]
    if response.status_code >= 400:
        body = response.content.decode()
        assert response["Content-Type"].startswith("text/html")
        assert "<h1>Not found</h1>" in body
        assert "There is nothing at this address." not in body  # a message that says what is wrong


def assert_api_answer(response: Any) -> None:
    assert response.status_code < 500, response.content[:300]
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error", "detail"}
        assert body["detail"] and response["X-Error-Message"]


@EXAMPLES
@given(day=days, week=weeks, month=months)
@example(day=date(9999, 12, 31), week="9999-W52", month="9999-12")
@example(day=date(1, 1, 1), week="0001-W01", month="0001-01")
def test_it_answers_list_pages_for_any_period_with_the_list_or_a_404_that_explains(
    client: Client, day: date, week: str, month: str
) -> None:
    for url in (f"/papers/date/{day.isoformat()}", f"/papers/week/{week}", f"/papers/month/{month}"):
        assert_page_answer(client.get(url))


def test_it_says_why_a_day_past_the_calendar_has_no_list(client: Client) -> None:
    for url in ("/papers/date/9999-12-31", "/papers/week/9999-W52", "/papers/month/9999-12"):
        response = client.get(url)

        assert response.status_code == 404
        assert "runs past 9999-12-30, the last day paperwire can list" in response.content.decode()


@EXAMPLES
@given(after=days, before=days)
@example(after=date(1, 1, 1), before=date(9999, 12, 31))
def test_it_searches_with_any_date_bounds_and_ignores_unusable_ones_with_a_note(
    client: Client, after: date, before: date
) -> None:
    typed = f"attention after:{after.isoformat()} before:{before.isoformat()}"
    fields = {"q": "attention", "after": after.isoformat(), "before": before.isoformat()}

    answers = {
        "json": client.get("/search.json?" + urlencode({"q": typed})),
        "fields": client.get("/search.json?" + urlencode(fields)),
        "page": client.get("/search?" + urlencode({"q": typed})),
        "rss": client.get("/search/feed.rss?" + urlencode({"q": typed})),
        "atom": client.get("/search/feed.atom?" + urlencode({"q": typed})),
    }

    for response in answers.values():
        assert_page_answer(response)
    if before == date.max:
        assert any("dates go up to 9999-12-30" in note for note in answers["json"].json()["notes"])
        assert any("dates go up to 9999-12-30" in note for note in answers["fields"].json()["notes"])


@EXAMPLES
@given(day=days, week=weeks, month=months, trending=st.booleans())
@example(day=date(9999, 12, 31), week="9999-W52", month="9999-12", trending=True)
@example(day=date(1, 1, 1), week="0001-W01", month="0001-01", trending=True)
def test_it_answers_the_hf_daily_papers_api_for_any_period_or_says_what_to_fix(
    client: Client, day: date, week: str, month: str, trending: bool
) -> None:
    sort = {"sort": "trending"} if trending else {}
    for period in ({"date": day.isoformat()}, {"week": week}, {"month": month}):
        assert_api_answer(client.get("/api/daily_papers?" + urlencode({**period, **sort})))


@EXAMPLES
@given(since=days, until=days, week=weeks, month=months)
@example(since=date(1, 1, 1), until=date(9999, 12, 31), week="9999-W52", month="9999-12")
def test_it_answers_the_v1_api_for_any_date_or_period_or_says_what_to_fix(
    client: Client, since: date, until: date, week: str, month: str
) -> None:
    bounds = {"since": since.isoformat(), "until": until.isoformat()}
    assert_api_answer(client.get("/api/v1/papers?" + urlencode(bounds)))
    assert_api_answer(client.get("/api/v1/search?" + urlencode({"q": "attention", **bounds})))
    for period in (since.isoformat(), until.isoformat(), week, month):
        assert_api_answer(client.get(f"/api/v1/lists/{period}"))


@EXAMPLES
@given(moment=moments, pk=st.integers(0, 2**62))
@example(moment=datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))), pk=1)
@example(moment=datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-14))), pk=1)
def test_it_pages_both_apis_from_any_cursor_moment_or_says_the_cursor_is_not_valid(
    client: Client, moment: datetime, pk: int
) -> None:
    cursor = cursor_of(moment, pk)
    assert_api_answer(client.get("/api/v1/papers?" + urlencode({"cursor": cursor})))
    assert_api_answer(client.get("/api/papers?" + urlencode({"cursor": cursor})))


def test_it_still_pages_from_a_cursor_the_api_wrote(client: Client) -> None:
    make_paper(published=datetime(2025, 6, 9, tzinfo=UTC), title="Older paper")

    first = client.get("/api/v1/papers?limit=1").json()
    second = client.get("/api/v1/papers?" + urlencode({"limit": 1, "cursor": first["next_cursor"]}))

    assert second.status_code == 200
    assert len(second.json()["items"]) == 1


def test_it_refuses_an_api_body_over_the_upload_limit_in_the_api_error_format(
    client: Client, django_user_model: Any, settings: Any
) -> None:
    user = django_user_model.objects.create_user("bulky", "bulky@example.org", "a-long-password-1")
    _, token = create_token(user, "bulk")
    body = json.dumps({"arxivId": "2506.08007", "padding": "x" * settings.MAX_BODY_BYTES})

    response = client.post(
        "/api/papers/index", body, content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )

    assert response.status_code == 413
    assert_api_answer(response)
    assert response.json()["detail"] == f"The request body is over the {settings.MAX_UPLOAD_MB} MB limit; send less."
