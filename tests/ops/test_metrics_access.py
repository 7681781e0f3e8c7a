"""/metrics is for the operator's Prometheus, not for the public internet."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

TOKEN = "metrics-token-0123456789abcdef"


def test_it_serves_metrics_to_this_machine_when_no_token_is_set(client: Client) -> None:
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1")

    assert response.status_code == 200
    assert b"paperwire_http_request_duration_seconds" in response.content


@pytest.mark.parametrize(
    "peer",
    [
        {"REMOTE_ADDR": "192.0.2.7"},
        {"REMOTE_ADDR": "192.0.2.7", "HTTP_HOST": "localhost"},
        # nginx on the same machine relays every visitor from 127.0.0.1.
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "192.0.2.7"},
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_REAL_IP": "192.0.2.7"},
    ],
)
def test_it_refuses_metrics_to_anyone_else_and_says_how_to_allow_them(client: Client, peer: dict[str, Any]) -> None:
    response = client.get("/metrics", **peer)

    assert response.status_code == 403
    assert b"paperwire_" not in response.content
    assert b"PAPERWIRE_METRICS_TOKEN" in response.content


def test_it_serves_metrics_to_a_scraper_with_the_token_from_anywhere(client: Client, settings: Any) -> None:
    settings.METRICS_TOKEN = TOKEN

    response = client.get("/metrics", REMOTE_ADDR="192.0.2.7", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")

    assert response.status_code == 200
    assert b"paperwire_http_request_duration_seconds" in response.content


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", f"Basic {TOKEN}", TOKEN, "Bearer "])
def test_it_asks_for_the_token_once_one_is_set_even_from_this_machine(
    client: Client, settings: Any, authorization: str | None
) -> None:
    settings.METRICS_TOKEN = TOKEN
    headers: dict[str, Any] = {} if authorization is None else {"HTTP_AUTHORIZATION": authorization}

    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1", **headers)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"paperwire_" not in response.content
