"""Rate limits: per person or client address (an IPv6 /64 as one), shared through the database, answered with 429."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpResponse
from django.test import RequestFactory

from paperwire.lib.models import RateLimitCounter
from paperwire.lib.ratelimit import RateLimited, RateLimitMiddleware, address_key, check_rate_limit, client_key

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def limits_on(settings) -> None:
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMIT_STORE = "database"
    settings.TRUSTED_PROXIES = ()


def _request(address: str = "203.0.113.5", path: str = "/vote/1", **headers: str):
    request = RequestFactory().post(path, REMOTE_ADDR=address, **headers)
    request.user = AnonymousUser()
    return request


def test_it_allows_the_limit_then_refuses_with_the_seconds_left() -> None:
    for _ in range(3):
        check_rate_limit(_request(), "upvote", limit=3, period=60)
    with pytest.raises(RateLimited) as refused:
        check_rate_limit(_request(), "upvote", limit=3, period=60)
    assert refused.value.scope == "upvote"
    assert 1 <= refused.value.retry_after <= 60


def test_clients_and_scopes_count_apart() -> None:
    check_rate_limit(_request("203.0.113.5"), "upvote", limit=1, period=60)
    check_rate_limit(_request("203.0.113.6"), "upvote", limit=1, period=60)
    check_rate_limit(_request("203.0.113.5"), "comment", limit=1, period=60)
    with pytest.raises(RateLimited):
        check_rate_limit(_request("203.0.113.5"), "upvote", limit=1, period=60)


def test_an_ipv6_household_counts_as_one_client() -> None:
    assert address_key(_request("2001:db8:1:2::1")) == address_key(_request("2001:db8:1:2:ffff::9"))
    assert address_key(_request("2001:db8:1:2::1")) != address_key(_request("2001:db8:1:3::1"))
    check_rate_limit(_request("2001:db8:1:2::1"), "search", limit=1, period=60)
    with pytest.raises(RateLimited):
        check_rate_limit(_request("2001:db8:1:2::abcd"), "search", limit=1, period=60)


def test_a_signed_in_person_is_counted_as_themselves_wherever_they_are() -> None:
    request = _request()
    request.user = User.objects.create_user("ada", "ada@example.org", "a-long-password-1")
    assert client_key(request) == f"user:{request.user.pk}"


def test_a_refunded_hit_does_not_count() -> None:
    hit = check_rate_limit(_request(), "login", limit=1, period=60)
    hit.refund()
    check_rate_limit(_request(), "login", limit=1, period=60)
    with pytest.raises(RateLimited):
        check_rate_limit(_request(), "login", limit=1, period=60)


def test_a_long_key_is_hashed_to_fit_its_column() -> None:
    check_rate_limit(_request(), "feed", limit=5, period=60, key="k" * 1000)
    (bucket,) = RateLimitCounter.objects.values_list("bucket", flat=True)
    assert len(bucket) <= 200 and bucket.startswith("feed:sha256:")


def test_switched_off_nothing_is_counted(settings) -> None:
    settings.RATELIMIT_ENABLED = False
    for _ in range(5):
        check_rate_limit(_request(), "upvote", limit=1, period=60)
    assert not RateLimitCounter.objects.exists()


def _refused(request) -> HttpResponse:
    middleware = RateLimitMiddleware(lambda request: HttpResponse())
    response = middleware.process_exception(request, RateLimited("upvote", 42))
    assert response is not None
    return response


def test_the_middleware_answers_429_with_retry_after_as_a_page_or_as_json() -> None:
    page = _refused(_request())
    assert page.status_code == 429 and page["Retry-After"] == "42"
    assert "Please wait 42 seconds" in page.content.decode()
    for request in (_request(path="/api/v1/papers"), _request(HTTP_ACCEPT="application/json")):
        answer = _refused(request)
        assert answer.status_code == 429 and answer["Retry-After"] == "42"
        assert json.loads(answer.content)["error"] == "rate_limited"


def test_the_middleware_leaves_other_errors_alone() -> None:
    middleware = RateLimitMiddleware(lambda request: HttpResponse())
    assert middleware.process_exception(_request(), ValueError("x")) is None
