from datetime import UTC, date, datetime
from html.parser import HTMLParser

import pytest
import time_machine
from django.test import Client

from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db


def test_it_shows_the_latest_day_sorted_by_upvotes(client: Client) -> None:
    make_paper(list_date=date(2025, 2, 26), title="Older day paper", upvotes=99)
    make_paper(list_date=date(2025, 2, 27), title="Quiet paper", upvotes=3)
    make_paper(list_date=date(2025, 2, 27), title="Popular paper", upvotes=42, submitter_name="akhaliq")

    body = client.get("/papers").content.decode()

    assert "Thursday, 27 February 2025" in body
    assert body.index("Popular paper") < body.index("Quiet paper")
    assert "Older day paper" not in body
    assert "akhaliq" in body
    assert 'href="/papers/date/2025-02-26"' in body  # previous day with papers


def test_it_skips_empty_days_when_moving_between_lists(client: Client) -> None:
    make_paper(list_date=date(2025, 2, 21), title="Friday paper")
    make_paper(list_date=date(2025, 2, 24), title="Monday paper")

    body = client.get("/papers/date/2025-02-24").content.decode()

    assert 'href="/papers/date/2025-02-21"' in body
    assert "Monday paper" in body


def test_it_sorts_by_date_when_asked(client: Client) -> None:
    from datetime import UTC, datetime

    make_paper(list_date=date(2025, 3, 3), title="Early", upvotes=10, published=datetime(2025, 2, 1, tzinfo=UTC))
    make_paper(list_date=date(2025, 3, 3), title="Late", upvotes=1, published=datetime(2025, 2, 28, tzinfo=UTC))

    body = client.get("/papers/date/2025-03-03?sort=date").content.decode()

    assert body.index("Late") < body.index("Early")


def test_it_lists_a_week_and_a_month(client: Client) -> None:
    make_paper(list_date=date(2025, 2, 24), title="Monday of W09")
    make_paper(list_date=date(2025, 3, 2), title="Sunday of W09")
    make_paper(list_date=date(2025, 3, 3), title="Monday of W10")

    week = client.get("/papers/week/2025-W09").content.decode()
    month = client.get("/papers/month/2025-03").content.decode()

    assert "Monday of W09" in week and "Sunday of W09" in week and "Monday of W10" not in week
    assert "Sunday of W09" in month and "Monday of W10" in month and "Monday of W09" not in month


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/papers/date/2025-02-30", "not a real calendar date"),
        ("/papers/week/2025-W60", "no ISO week 60"),
        ("/papers/month/2025-13", "not a real month"),
    ],
)
def test_it_answers_impossible_periods_with_a_helpful_404(client: Client, url: str, message: str) -> None:
    response = client.get(url)

    assert response.status_code == 404
    assert message in response.content.decode()


def test_it_hides_moderated_papers_from_lists(client: Client) -> None:
    make_paper(list_date=date(2025, 2, 27), title="Visible paper")
    make_paper(list_date=date(2025, 2, 27), title="Spam paper", hidden=True)

    body = client.get("/papers/date/2025-02-27").content.decode()

    assert "Visible paper" in body
    assert "Spam paper" not in body


def test_it_renders_a_list_in_a_bounded_number_of_queries(client: Client, django_assert_max_num_queries) -> None:
    for number in range(30):
        make_paper(list_date=date(2025, 2, 27), title=f"Paper {number}", submitter_name="someone")

    with django_assert_max_num_queries(12):
        response = client.get("/papers/date/2025-02-27")

    assert response.status_code == 200


def test_it_says_so_when_a_day_has_no_papers(client: Client) -> None:
    response = client.get("/papers/date/2020-01-01")

    assert response.status_code == 200
    assert "No papers on this list" in response.content.decode()


class NavLinks(HTMLParser):
    """The links inside the period tabs and the previous/next pager, by the nav's aria-label."""

    def __init__(self) -> None:
        super().__init__()
        self.links: dict[str, list[tuple[str, str]]] = {}
        self._nav: str | None = None
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "nav":
            self._nav = dict(attrs).get("aria-label")
        elif tag == "a" and self._nav:
            self._href = dict(attrs).get("href")

    def handle_data(self, data: str) -> None:
        if self._nav and self._href and data.strip():
            self.links.setdefault(self._nav, []).append((data.strip(), self._href))
            self._href = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._nav = None


def nav_links(body: str) -> dict[str, list[tuple[str, str]]]:
    parser = NavLinks()
    parser.feed(body)
    return parser.links


@pytest.mark.parametrize(
    "url", ["/papers", "/papers/date/2026-06-17", "/papers/week/2026-W25", "/papers/month/2026-06"]
)
def test_it_leads_every_period_tab_and_pager_link_to_a_page_that_exists(client: Client, url: str) -> None:
    make_paper(list_date=date(2026, 6, 17), title="Mid-June paper")

    with time_machine.travel(datetime(2026, 6, 20, 12, tzinfo=UTC), tick=False):
        links = nav_links(client.get(url).content.decode())
        followed = {href: client.get(href).status_code for _, href in links["Period"] + links.get("Periods", [])}

    assert [label for label, _ in links["Period"]] == ["Day", "Week", "Month"]
    assert followed and set(followed.values()) == {200}, followed


def test_it_opens_the_other_tabs_around_today_in_a_running_period_and_the_last_day_in_a_past_one(
    client: Client,
) -> None:
    with time_machine.travel(datetime(2026, 6, 20, 12, tzinfo=UTC), tick=False):
        running = dict(nav_links(client.get("/papers/month/2026-06").content.decode())["Period"])
        past = dict(nav_links(client.get("/papers/month/2026-03").content.decode())["Period"])
        week = dict(nav_links(client.get("/papers/week/2026-W01").content.decode())["Period"])

    assert running == {
        "Day": "/papers/date/2026-06-20",
        "Week": "/papers/week/2026-W25",
        "Month": "/papers/month/2026-06",
    }
    assert past == {"Day": "/papers/date/2026-03-31", "Week": "/papers/week/2026-W14", "Month": "/papers/month/2026-03"}
    # The ISO week 2026-W01 ends on Sunday 4 January 2026: its month is January, not December 2025.
    assert week["Month"] == "/papers/month/2026-01"


def test_it_sorts_a_day_by_trending_without_leaving_it(client: Client) -> None:
    day = date(2026, 6, 17)
    make_paper(listed_at=datetime(2026, 6, 17, 1, tzinfo=UTC), title="Early and upvoted", upvotes=6)
    make_paper(listed_at=datetime(2026, 6, 17, 20, tzinfo=UTC), title="Fresh and rising", upvotes=5)
    make_paper(list_date=date(2026, 6, 16), title="Yesterday's hit", upvotes=90)

    with time_machine.travel(datetime(2026, 6, 17, 21, tzinfo=UTC), tick=False):
        page = client.get(f"/papers/date/{day}")
        trending = client.get(f"/papers/date/{day}?sort=trending").content.decode()

    assert dict(nav_links(page.content.decode())["Sort"])["Trending"] == "?sort=trending"
    assert "Wednesday, 17 June 2026" in trending and "Yesterday's hit" not in trending
    assert trending.index("Fresh and rising") < trending.index("Early and upvoted")
    assert 'aria-current="true" href="?sort=trending"' in trending


def test_it_opens_the_day_tab_of_a_week_on_its_last_day_with_a_list(client: Client) -> None:
    make_paper(list_date=date(2026, 6, 12), title="Friday paper")  # week 2026-W24 ends on Sunday the 14th

    with time_machine.travel(datetime(2026, 6, 20, 12, tzinfo=UTC), tick=False):
        tabs = dict(nav_links(client.get("/papers/week/2026-W24").content.decode())["Period"])
        month_tabs = dict(nav_links(client.get("/papers/month/2026-06").content.decode())["Period"])

    assert tabs["Day"] == "/papers/date/2026-06-12"
    assert month_tabs["Day"] == "/papers/date/2026-06-12"


def test_it_stops_the_pager_at_the_newest_list(client: Client) -> None:
    make_paper(list_date=date(2026, 6, 10), title="Newest paper")

    with time_machine.travel(datetime(2026, 12, 7, 12, tzinfo=UTC), tick=False):
        newest_week = nav_links(client.get("/papers/week/2026-W24").content.decode())
        older_week = nav_links(client.get("/papers/week/2026-W23").content.decode())
        newest_month = nav_links(client.get("/papers/month/2026-06").content.decode())

    assert [label for label, _ in newest_week["Periods"]] == ["← Previous week"]
    assert ("Next week →", "/papers/week/2026-W24") in older_week["Periods"]
    assert [label for label, _ in newest_month["Periods"]] == ["← Previous month"]


def test_it_calls_the_way_back_through_pages_previous(client: Client) -> None:
    for number in range(51):
        make_paper(list_date=date(2026, 6, 10), title=f"Paper {number}", upvotes=number)

    second = nav_links(client.get("/papers/date/2026-06-10?sort=upvotes&page=2").content.decode())["Pages"]

    assert [label for label, _ in second] == ["← Previous"]


def test_it_says_when_the_newest_list_is_old_and_how_to_follow_an_upstream(client: Client, settings) -> None:
    settings.FOLLOW = []
    make_paper(list_date=date(2026, 6, 30), title="Last imported paper")

    with time_machine.travel(datetime(2026, 12, 7, 12, tzinfo=UTC), tick=False):
        old = client.get("/").content.decode()
    with time_machine.travel(datetime(2026, 7, 2, 12, tzinfo=UTC), tick=False):
        fresh = client.get("/").content.decode()  # two days: a weekend, not news

    assert "The newest list is 160 days old." in old
    assert "paperwire follow https://huggingface.co --once" in old and "docs/ingest.md" in old
    assert "Last imported paper" in old
    assert "The newest list is" not in fresh
