"""The short response cache of the public lists: repeats are served as they were, for a few seconds."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from paperwire.papers.models import Paper
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db


def test_it_serves_a_repeat_from_the_cache_until_it_expires(settings: Any, time_machine: Any) -> None:
    settings.API_CACHE_SECONDS = 10
    cache.clear()
    time_machine.move_to("2026-01-05 12:00:00+00:00", tick=False)
    paper = make_paper(list_date=date(2025, 6, 10), upvotes=1)
    client = Client()

    first_response = client.get("/api/daily_papers", {"date": "2025-06-10"})
    first = first_response.json()
    Paper.objects.filter(pk=paper.pk).update(upvote_count=40)
    repeat = client.get("/api/daily_papers", {"date": "2025-06-10"}).json()
    other_url = client.get("/api/daily_papers", {"week": "2025-W24"}).json()
    time_machine.move_to("2026-01-05 12:00:11+00:00", tick=False)
    later = client.get("/api/daily_papers", {"date": "2025-06-10"}).json()
    cache.clear()

    assert first[0]["paper"]["upvotes"] == repeat[0]["paper"]["upvotes"] == 1
    assert first_response.headers["Cache-Control"] == "public, max-age=10"
    assert other_url[0]["paper"]["upvotes"] == 40
    assert later[0]["paper"]["upvotes"] == 40
