"""Every feed, parsed by feedparser: well-formed, the right papers, in the right order."""

from __future__ import annotations

import html
from datetime import UTC, date, datetime
from typing import Any

import feedparser
import pytest
from django.test import Client

from paperwire.papers.models import Paper
from tests.papers.factories import make_paper
from tests.papers.trending_clock import trending_clock  # noqa: F401 - autouse

pytestmark = pytest.mark.django_db

NASTY_TITLE = "<script>alert('x')</script> Bounds\x0c for $a<b$ & $c>d$"
NASTY_ABSTRACT = 'We show $\\sum_{i<n} x_i \\le 1$ & <img src=x onerror="alert(1)"> holds.'
# What a reader gets for NASTY_TITLE: its text without tags; `$a<b$` loosened so it opens no tag.
NASTY_TITLE_AS_TEXT = "alert('x') Bounds for $a< b$ & $c>d$"
FORMATS = ["rss", "atom"]


def listed(arxiv_id: str, *, at: datetime, upvotes: int = 0, **fields: Any) -> Paper:
    return make_paper(arxiv_id=arxiv_id, listed_at=at, upvotes=upvotes, **fields)


def parse(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def links(feed: Any) -> list[str]:
    return [entry.link.removeprefix("http://testserver") for entry in feed.entries]


@pytest.mark.parametrize("fmt", FORMATS)
def test_it_serves_the_latest_daily_list_most_upvoted_first(client: Client, fmt: str) -> None:
    listed("2503.00001", at=datetime(2025, 3, 10, 8, tzinfo=UTC), upvotes=5)
    listed("2503.00002", at=datetime(2025, 3, 10, 9, tzinfo=UTC), upvotes=50)
    listed("2503.00003", at=datetime(2025, 3, 10, 9, tzinfo=UTC), upvotes=500, hidden=True)
    listed("2503.00004", at=datetime(2025, 3, 9, 9, tzinfo=UTC), upvotes=900)

    feed = parse(client, f"/papers/feed.{fmt}")

    assert links(feed) == ["/papers/2503.00002", "/papers/2503.00001"]
    assert feed.feed.title == "paperwire — daily papers (10 March 2025)"
    assert feed.version == ("rss20" if fmt == "rss" else "atom10")


@pytest.mark.parametrize("fmt", FORMATS)
def test_it_carries_title_abstract_authors_date_and_categories(client: Client, fmt: str) -> None:
    listed(
        "2503.00001",
        at=datetime(2025, 3, 10, 8, 30, tzinfo=UTC),
        title=NASTY_TITLE,
        abstract=NASTY_ABSTRACT,
        authors=["Emmy Noether", "Kurt Gödel"],
        categories=["math.LO", "cs.LG"],
    )

    entry = parse(client, f"/papers/feed.{fmt}").entries[0]

    # Plain text: no tags, no control character XML forbids, the formula still readable.
    assert entry.title == NASTY_TITLE_AS_TEXT
    # The summary is HTML to a reader: the payload arrives as visible text, the LaTeX intact.
    assert "<img" not in entry.summary
    assert html.unescape(entry.summary) == NASTY_ABSTRACT
    assert entry.author == "Emmy Noether, Kurt Gödel"
    assert entry.published_parsed[:5] == (2025, 3, 10, 8, 30)
    assert [tag.term for tag in entry.tags] == ["math.LO", "cs.LG"]


def test_it_escapes_markup_instead_of_passing_it_through(client: Client) -> None:
    listed("2503.00001", at=datetime(2025, 3, 10, 8, tzinfo=UTC), title=NASTY_TITLE, abstract=NASTY_ABSTRACT)

    raw = client.get("/papers/feed.rss").content.decode()

    assert "<script>" not in raw and "<img" not in raw
    assert "<title>alert('x') Bounds for $a&lt; b$ &amp; $c&gt;d$</title>" in raw
    # Abstracts are escaped twice: once as HTML (descriptions are HTML), once as XML.
    assert "&amp;lt;img src=x onerror=&amp;quot;alert(1)&amp;quot;&amp;gt;" in raw


@pytest.mark.parametrize("fmt", FORMATS)
def test_it_sends_titles_and_authors_as_plain_text_without_markup_or_double_escaping(client: Client, fmt: str) -> None:
    listed(
        "2503.00001",
        at=datetime(2025, 3, 10, 8, tzinfo=UTC),
        title='<b>Bold</b> claims: Tom &amp; Jerry <img src=x onerror="alert(1)"> at 3 < 4',
        authors=["<i>Ada</i> Lovelace", "Grace &amp; <a href='javascript:alert(1)'>Hopper</a>"],
    )

    entry = parse(client, f"/papers/feed.{fmt}").entries[0]

    # A reader that takes the title for HTML and one that takes it for text show the same words.
    assert entry.title == "Bold claims: Tom & Jerry at 3 < 4"
    assert entry.title_detail.type == "text/plain"
    assert entry.author == "Ada Lovelace, Grace & Hopper"


@pytest.mark.parametrize("fmt", FORMATS)
def test_it_serves_trending_for_each_window(client: Client, fmt: str) -> None:
    # Today by gravity (11 / 6^1.8 = 0.436, 5 / 3^1.8 = 0.692), the week and month by points.
    listed("2503.00001", at=datetime(2025, 3, 10, 8, tzinfo=UTC), upvotes=10)
    listed("2503.00002", at=datetime(2025, 3, 9, 8, tzinfo=UTC), upvotes=50)
    # 4 points: 2 upvotes and one comment (imported, so trending counts it)
    listed("2503.00003", at=datetime(2025, 3, 10, 11, tzinfo=UTC), upvotes=2, comment_count=1, comments_imported=1)
    listed("2503.00004", at=datetime(2025, 3, 8, 8, tzinfo=UTC), upvotes=200)
    listed("2503.00005", at=datetime(2025, 2, 20, 8, tzinfo=UTC), upvotes=2000)  # older than a week

    week = parse(client, f"/papers/trending/feed.{fmt}")
    day = parse(client, f"/papers/trending/feed.{fmt}?window=day")
    month = parse(client, f"/papers/trending/feed.{fmt}?window=month")

    assert links(week) == ["/papers/2503.00004", "/papers/2503.00002", "/papers/2503.00001", "/papers/2503.00003"]
    assert links(day) == ["/papers/2503.00003", "/papers/2503.00001"]
    assert links(month)[0] == "/papers/2503.00005" and len(links(month)) == 5
    assert week.feed.title == "paperwire — trending papers (this week)"


def test_it_refuses_an_unknown_trending_window(client: Client) -> None:
    assert client.get("/papers/trending/feed.rss?window=decade").status_code == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_it_serves_one_category_including_cross_lists(client: Client, fmt: str) -> None:
    listed("2503.00001", at=datetime(2025, 3, 9, 8, tzinfo=UTC), primary_category="cs.CL", categories=["cs.CL"])
    listed(
        "2503.00002",
        at=datetime(2025, 3, 10, 8, tzinfo=UTC),
        primary_category="cs.LG",
        categories=["cs.LG", "cs.CL"],
    )
    listed("2503.00003", at=datetime(2025, 3, 10, 8, tzinfo=UTC), primary_category="cs.CLX", categories=["cs.CLX"])
    listed("2503.00004", at=datetime(2025, 3, 10, 8, tzinfo=UTC), primary_category="cs.LG", categories=["cs.LG"])
    listed("2503.00005", at=datetime(2025, 3, 10, 8, tzinfo=UTC), categories=["cs.CL"], hidden=True)
    make_paper(arxiv_id="2503.00006", categories=["cs.CL"], primary_category="cs.CL")  # never listed

    feed = parse(client, f"/papers/category/cs.CL/feed.{fmt}")

    assert links(feed) == ["/papers/2503.00002", "/papers/2503.00001"]
    assert feed.feed.title == "paperwire — cs.CL papers"


def test_it_refuses_a_category_that_is_not_one(client: Client) -> None:
    assert client.get("/papers/category/cs.CL%22%3E/feed.rss").status_code == 404


def test_it_answers_404_for_a_search_feed_without_a_query(client: Client) -> None:
    assert client.get("/search/feed.rss?q=").status_code == 404


@pytest.mark.parametrize(
    "url", ["/papers/feed.rss", "/papers/trending/feed.atom?window=month", "/papers/category/cs.LG/feed.rss"]
)
def test_it_builds_a_feed_of_many_papers_in_few_queries(
    client: Client, url: str, django_assert_max_num_queries: Any
) -> None:
    for n in range(40):
        listed(f"2503.{n:05d}", at=datetime(2025, 3, 10, n % 12, tzinfo=UTC), upvotes=n, submitter_name="ak")

    with django_assert_max_num_queries(3):
        feed = parse(client, url)

    assert len(feed.entries) == 40


def test_it_serves_an_empty_but_valid_feed_before_anything_is_listed(client: Client) -> None:
    make_paper(arxiv_id="2503.00001")  # in the catalogue, never listed

    feed = parse(client, "/papers/feed.atom")

    assert feed.entries == []
    assert feed.feed.title == "paperwire — daily papers (nothing listed yet)"


@pytest.mark.django_db(transaction=True)
def test_it_is_readable_by_a_feed_reader_over_http(live_server: Any) -> None:
    listed("2503.00001", at=datetime(2025, 3, 10, 8, tzinfo=UTC), title="Over the wire & back")

    feed = feedparser.parse(f"{live_server.url}/papers/feed.rss")

    assert feed.status == 200 and not feed.bozo
    assert [e.title for e in feed.entries] == ["Over the wire & back"]
    assert feed.entries[0].link == f"{live_server.url}/papers/2503.00001"


def test_it_keeps_the_list_day_of_papers_without_a_submission_time(client: Client) -> None:
    paper = listed("2503.00001", at=datetime(2025, 3, 10, 8, tzinfo=UTC))
    paper.daily_entry.submitted_at = None
    paper.daily_entry.save()

    entry = parse(client, "/papers/feed.rss").entries[0]

    assert date(*entry.published_parsed[:3]) == date(2025, 3, 10)
