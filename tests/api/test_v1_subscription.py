"""Managing one's digest subscription through the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from paperwire.accounts.tokens import create_token
from paperwire.digests.models import Subscription, SubscriptionStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def auth() -> dict[str, str]:
    user = get_user_model().objects.create_user("reader", "Reader@Example.org", "a-long-password-1")
    return {"Authorization": f"Bearer {create_token(user, 'script')[1]}"}


def test_it_subscribes_changes_and_unsubscribes(auth: dict[str, str]) -> None:
    client = Client()
    assert client.get("/api/v1/subscription", headers=auth).status_code == 404

    created = client.put(
        "/api/v1/subscription",
        {"frequency": "weekly", "weekday": 4, "paper_count": 5, "categories": ["cs.CL", "hep-th"]},
        content_type="application/json",
        headers=auth,
    )
    shown = client.get("/api/v1/subscription", headers=auth).json()
    gone = client.delete("/api/v1/subscription", headers=auth)

    assert created.status_code == 200
    assert shown["email"] == "reader@example.org" and shown["status"] == "active"
    assert (shown["frequency"], shown["weekday"], shown["paper_count"]) == ("weekly", 4, 5)
    assert shown["categories"] == ["cs.CL", "hep-th"]
    assert gone.json()["status"] == "unsubscribed"
    assert Subscription.objects.get().status == SubscriptionStatus.UNSUBSCRIBED


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"frequency": "hourly"}, "frequency"),
        ({"frequency": "daily", "weekday": 7}, "weekday"),
        (
            {"frequency": "daily", "paper_count": 0, "for_you_count": 0, "follows_count": 0},
            "paper_count, for_you_count and follows_count",
        ),
        ({"frequency": "daily", "for_you_count": 31}, "for_you_count"),
        ({"frequency": "daily", "categories": ["<script>"]}, "categories: Not an arXiv category: <script>"),
        (
            {"frequency": "daily", "categories": ["cs.LGX", "foo", "cs.CL"]},
            "categories: Not arXiv categories: cs.LGX (did you mean cs.LG?), foo.",
        ),
        ({"weekday": 1}, "frequency"),
    ],
)
def test_it_explains_bad_preferences(auth: dict[str, str], body: dict[str, Any], message: str) -> None:
    response = Client().put("/api/v1/subscription", body, content_type="application/json", headers=auth)

    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert not Subscription.objects.exists()


def test_it_chooses_the_sections_of_the_digest(auth: dict[str, str]) -> None:
    client = Client()
    body = {"frequency": "daily", "paper_count": 0, "for_you_count": 8, "follows_count": 3}

    client.put("/api/v1/subscription", body, content_type="application/json", headers=auth)
    shown = client.get("/api/v1/subscription", headers=auth).json()

    assert (shown["paper_count"], shown["for_you_count"], shown["follows_count"]) == (0, 8, 3)


def test_it_needs_a_signed_in_person() -> None:
    assert Client().get("/api/v1/subscription").status_code == 401
    assert Client().put("/api/v1/subscription", {}, content_type="application/json").status_code == 401
