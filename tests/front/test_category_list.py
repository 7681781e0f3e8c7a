"""/list and /list/<category>: the latest day's new submissions, cross-lists and replacements, like arXiv's listing."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from paperwire.ingest.harvest import harvest_recent
from paperwire.papers.models import DailyEntry, Paper
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counts() -> None:
    cache.clear()


def _section(page: str, anchor: str) -> str:
    start = page.index(f'<h2 id="{anchor}">')
    end = page.find("</section>", start)
    return page[start:end]


def _day_papers(settings) -> dict[str, Paper]:
    settings.ARXIV_HARVEST_SETS = ["cs"]
    day = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=1)
    return {
        "new": make_paper(
            title="A new learner", categories=["cs.LG", "stat.ML"], primary_category="cs.LG", published=day, updated=day
        ),
        "cross": make_paper(
            title="A statistician's view",
            categories=["stat.ML", "cs.LG"],
            primary_category="stat.ML",
            published=day,
            updated=day,
        ),
        "replaced": make_paper(
            title="Version three", categories=["cs.LG"], published=day - timedelta(days=40), updated=day, version=3
        ),
        "older": make_paper(
            title="Yesterday's news",
            categories=["cs.LG"],
            published=day - timedelta(days=2),
            updated=day - timedelta(days=2),
        ),
        "elsewhere": make_paper(
            title="Pure maths", categories=["math.PR"], primary_category="math.PR", published=day, updated=day
        ),
    }


def test_it_lists_the_latest_days_new_submissions_cross_lists_and_replacements(client: Client, settings) -> None:
    _day_papers(settings)

    with CaptureQueriesContext(connection) as queries:
        page = client.get("/list/cs.LG").content.decode()

    assert "A new learner" in _section(page, "new") and "A statistician" not in _section(page, "new")
    assert "A statistician&#x27;s view" in _section(page, "cross")
    assert "Version three" in _section(page, "replaced") and "replaced with v3" in _section(page, "replaced")
    assert "Yesterday&#x27;s news" not in page and "Pure maths" not in page
    assert "1 new, 1 cross-list, 1 replacement" in page
    assert len(queries) <= 8, [q["sql"] for q in queries]
    assert client.get("/list/cs.lg")["Location"] == "/list/cs.LG"
    assert client.get("/list/not-a-category").status_code == 404
    archive = client.get("/list/cs").content.decode()
    assert "A new learner" in archive and "Pure maths" not in archive


def test_it_puts_a_listed_paper_on_todays_list_in_one_click(client: Client, settings, django_user_model) -> None:
    papers = _day_papers(settings)
    anonymous = client.get("/list/cs.LG").content.decode()
    assert "Put on today's list" not in anonymous and "Sign in</a> to upvote" in anonymous

    client.force_login(django_user_model.objects.create_user("alice", "alice@example.org"))
    page = client.get("/list/cs.LG").content.decode()
    new = _section(page, "new")
    assert 'action="/submit"' in new and "csrfmiddlewaretoken" in new and "Put on today's list" in new
    # The replaced paper was first published 40 days ago: too old for today's list, so no button.
    assert "Put on today's list" not in _section(page, "replaced")
    assert 'class="vote-button"' in new

    answer = client.post("/submit", {"arxiv": papers["new"].arxiv_id})

    assert answer.status_code == 302
    entry = DailyEntry.objects.get(paper=papers["new"])
    assert entry.list_date == datetime.now(UTC).date()
    assert entry.submitter_display == "alice"
    assert "On the list of" in _section(client.get("/list/cs.LG").content.decode(), "new")


def test_it_offers_rss_and_atom_for_each_listing(client: Client, settings) -> None:
    _day_papers(settings)

    rss = ET.fromstring(client.get("/list/cs.LG/feed.rss").content)  # noqa: S314 - our own feed
    atom = ET.fromstring(client.get("/list/cs.LG/feed.atom").content)  # noqa: S314 - our own feed

    titles = [item.findtext("title") for item in rss.iter("item")]
    assert titles == ["A new learner", "A statistician's view", "Version three"]
    assert len(atom.findall("{http://www.w3.org/2005/Atom}entry")) == 3
    assert client.get("/list/nonsense/feed.rss").status_code == 404
    assert 'href="/list/cs.LG/feed.rss"' in client.get("/list/cs.LG").content.decode()


def test_it_shows_the_harvested_categories_and_a_real_harvest(client: Client, settings, arxiv_server) -> None:
    settings.ARXIV_HARVEST_SETS = ["physics:hep-th"]
    arxiv_server.serve_oai_pages("arxiv-physics-hep-th.xml")
    harvest_recent(datetime(2017, 12, 16, 6, tzinfo=UTC))

    index = client.get("/list").content.decode()
    page = client.get("/list/hep-th").content.decode()

    assert 'href="/list/hep-th"' in index and "physics:hep-th" in index
    # Of the three harvested papers, 1412.8323 had the latest version (13 Dec 2017), cross-listed to hep-th.
    assert "Wed 13 Dec 2017" in page
    assert "/papers/1412.8323" in _section(page, "replaced")
    assert "0 new, 0 cross-lists, 1 replacement" in page


def test_it_says_when_the_instance_harvests_nothing(client: Client, settings) -> None:
    settings.ARXIV_HARVEST_SETS = []

    assert "This instance harvests no arXiv categories" in client.get("/list").content.decode()
    assert "No papers in cs.LG yet" in client.get("/list/cs.LG").content.decode()
