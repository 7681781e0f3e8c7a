"""/papers/trending: windows, order, hidden papers, escaping, feed links."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client

from paperwire.community.votes import set_upvote
from paperwire.papers.models import Paper
from tests.papers.factories import make_paper
from tests.papers.trending_clock import trending_clock  # noqa: F401 - autouse

pytestmark = pytest.mark.django_db


def listed(title: str, *, at: datetime, upvotes: int = 0, **fields: Any) -> None:
    make_paper(title=title, listed_at=at, upvotes=upvotes, **fields)


def test_it_ranks_this_weeks_papers_by_the_votes_they_gathered(client: Client) -> None:
    listed("Fresh and liked", at=datetime(2025, 3, 10, 9, tzinfo=UTC), upvotes=20)
    listed("Popular last week", at=datetime(2025, 3, 5, 9, tzinfo=UTC), upvotes=300)
    listed("Older than a week", at=datetime(2025, 3, 1, 9, tzinfo=UTC), upvotes=5000)
    listed("Moderated away", at=datetime(2025, 3, 10, 9, tzinfo=UTC), upvotes=900, hidden=True)

    response = client.get("/papers/trending")
    body = response.content.decode()

    assert response.status_code == 200
    # A week is ranked by votes: the freshness of today's paper does not outweigh 280 more upvotes.
    assert body.index("Popular last week") < body.index("Fresh and liked")
    assert "Older than a week" not in body
    assert "Moderated away" not in body
    assert '<a href="?window=week" aria-current="true">This week</a>' in body
    assert "ranked by the upvotes and comments they gathered" in body


def test_it_switches_to_today_and_this_month(client: Client) -> None:
    listed("Listed today", at=datetime(2025, 3, 10, 9, tzinfo=UTC), upvotes=1)
    listed("Listed two weeks ago", at=datetime(2025, 2, 24, 9, tzinfo=UTC), upvotes=1)

    today = client.get("/papers/trending?window=day").content.decode()
    month = client.get("/papers/trending?window=month").content.decode()

    assert "Listed today" in today and "Listed two weeks ago" not in today
    assert "Listed today" in month and "Listed two weeks ago" in month
    assert "Papers listed on Monday, 10 March 2025" in today


def test_it_falls_back_to_the_week_for_an_unknown_window(client: Client) -> None:
    listed("Listed today", at=datetime(2025, 3, 10, 9, tzinfo=UTC))

    body = client.get("/papers/trending?window=<script>").content.decode()

    assert "Listed today" in body
    assert "<script>" not in body.split("<main", 1)[1].split("</main>", 1)[0]


def test_it_says_when_the_window_ends_on_an_earlier_list_day(client: Client) -> None:
    listed("From June", at=datetime(2024, 6, 28, 9, tzinfo=UTC), upvotes=3)

    body = client.get("/papers/trending?window=day").content.decode()

    assert "From June" in body
    assert "Nothing was listed today, so this window ends on the latest list day, 28 June 2024." in body


def test_it_shows_an_empty_state_without_papers(client: Client) -> None:
    body = client.get("/papers/trending?window=month").content.decode()

    assert "Nothing is trending yet" in body


def test_it_escapes_titles_and_advertises_its_feeds(client: Client) -> None:
    listed("<script>alert(1)</script> & a < b", at=datetime(2025, 3, 10, 9, tzinfo=UTC))

    body = client.get("/papers/trending?window=day").content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; a &lt; b" in body
    assert "<script>alert(1)" not in body
    assert '<link rel="alternate" type="application/rss+xml"' in body
    assert 'href="/papers/trending/feed.rss?window=day"' in body
    assert 'href="/papers/trending/feed.atom?window=day"' in body


def test_it_renders_fifty_cards_in_a_handful_of_queries(client: Client, django_assert_max_num_queries: Any) -> None:
    for n in range(60):
        listed(f"Paper {n}", at=datetime(2025, 3, 10, n % 12, tzinfo=UTC), upvotes=n, submitter_name="akhaliq")

    with django_assert_max_num_queries(6):
        body = client.get("/papers/trending?window=day").content.decode()

    assert body.count('class="paper-card"') == 50
    assert body.index("Paper 59<") < body.index("Paper 58<")


def test_it_shows_which_papers_the_reader_has_upvoted(client: Client, django_user_model: Any) -> None:
    listed("Upvoted by me", at=datetime(2025, 3, 10, 9, tzinfo=UTC), upvotes=5)
    listed("Someone else's", at=datetime(2025, 3, 10, 9, tzinfo=UTC), upvotes=1)
    mine = Paper.objects.get(title="Upvoted by me")
    other = Paper.objects.get(title="Someone else's")
    reader = django_user_model.objects.create_user("reader", "reader@example.org", "a-long-passphrase")
    set_upvote(reader, mine.pk, on=True)
    client.force_login(reader)

    body = client.get("/papers/trending?window=day").content.decode()
    cards = {pk: body.split(f'id="paper-{pk}"', 1)[1].split("</li>", 1)[0] for pk in (mine.pk, other.pk)}

    assert 'aria-pressed="true"' in cards[mine.pk] and ">6<" in cards[mine.pk]
    assert 'aria-pressed="false"' in cards[other.pk]
