"""One error format everywhere, rate limits, CORS, and the schema and docs pages."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.test import Client

from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db


def test_it_answers_unknown_urls_and_wrong_methods_in_json() -> None:
    unknown = Client().get("/api/no/such/thing")
    wrong_method = Client().delete("/api/daily_papers")

    assert unknown.status_code == 404
    assert unknown.json()["error"] == "not_found" and "/api/docs" in unknown.json()["detail"]
    assert wrong_method.status_code == 405
    assert wrong_method.json()["error"] == "method_not_allowed"
    assert "GET" in wrong_method.headers["Allow"]


def test_it_rate_limits_reads_with_429_and_retry_after(settings: Any) -> None:
    settings.RATELIMIT_ENABLED = True
    settings.API_READ_RATE_LIMIT = 3
    cache.clear()
    client = Client()
    try:
        statuses = [client.get("/api/daily_papers").status_code for _ in range(4)]
        limited = client.get("/api/papers/2501.00001")
    finally:
        cache.clear()

    assert statuses == [200, 200, 200, 429]
    assert limited.status_code == 429
    assert limited.json()["error"] == "rate_limited"
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    assert f"wait {limited.headers['Retry-After']} seconds" in limited.json()["detail"]


def test_it_shares_reads_cross_origin_but_not_writes(settings: Any) -> None:
    settings.CORS_ALLOWED_ORIGINS = ["https://lab.example.org"]
    make_paper()
    client = Client()

    allowed = client.get("/api/daily_papers", HTTP_ORIGIN="https://lab.example.org")
    other = client.get("/api/daily_papers", HTTP_ORIGIN="https://evil.example.com")
    preflight = client.options(
        "/api/papers/search", HTTP_ORIGIN="https://lab.example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    write = client.post("/api/papers/index", HTTP_ORIGIN="https://lab.example.org")

    assert allowed.headers["Access-Control-Allow-Origin"] == "https://lab.example.org"
    assert "Origin" in allowed.headers["Vary"]
    assert "Access-Control-Allow-Origin" not in other.headers
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Methods"] == "GET, OPTIONS"
    assert "Access-Control-Allow-Origin" not in write.headers


def test_it_shares_a_read_but_not_a_write_of_the_same_url(settings: Any) -> None:
    settings.CORS_ALLOWED_ORIGINS = ["https://lab.example.org"]
    paper = make_paper()
    url = f"/api/v1/papers/{paper.arxiv_id}/comments"
    client = Client()

    read = client.get(url, HTTP_ORIGIN="https://lab.example.org")
    write = client.post(url, {"body": "hi"}, content_type="application/json", HTTP_ORIGIN="https://lab.example.org")

    assert read.status_code == 200
    assert read.headers["Access-Control-Allow-Origin"] == "https://lab.example.org"
    assert read.headers["Access-Control-Expose-Headers"] == "Link, Retry-After"
    assert write.status_code == 401
    assert "Access-Control-Allow-Origin" not in write.headers


def test_it_leaves_pages_outside_the_api_to_their_own_origin() -> None:
    response = Client().get("/papers/feed.rss", HTTP_ORIGIN="https://anywhere.example")

    assert "Access-Control-Allow-Origin" not in response.headers


def test_it_allows_any_origin_by_default() -> None:
    response = Client().get("/api/daily_papers", HTTP_ORIGIN="https://anywhere.example")

    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_it_publishes_an_openapi_schema_of_both_apis() -> None:
    schema = Client().get("/api/openapi.json").json()

    paths = set(schema["paths"])
    assert {"/api/daily_papers", "/api/papers/search", "/api/papers", "/api/papers/index"} <= paths
    assert {"/api/v1/papers", "/api/v1/search", "/api/v1/trending", "/api/v1/submissions"} <= paths
    daily = schema["paths"]["/api/daily_papers"]["get"]
    assert {p["name"] for p in daily["parameters"]} == {"date", "week", "month", "submitter", "sort", "p", "limit"}
    assert "400" in daily["responses"] and "429" in daily["responses"]


def test_it_serves_interactive_docs_from_its_own_static_files() -> None:
    page = Client().get("/api/docs").content.decode()

    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "/static/ninja/swagger-ui.css" in page
    assert "cdn" not in page.lower() and "unpkg" not in page.lower()
    assert finders.find("ninja/swagger-ui-bundle.js") is not None
    assert finders.find("ninja/swagger-ui-init.js") is not None


def test_it_answers_head_like_get_without_a_body() -> None:
    make_paper(list_date=date(2025, 6, 10))

    head = Client().head("/api/daily_papers")
    get = Client().get("/api/daily_papers")

    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["Content-Length"] == str(len(get.content))
    assert head.headers["Access-Control-Allow-Origin"] == "*"
