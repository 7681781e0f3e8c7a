"""Organization pages: /orgs, /orgs/<name> with its papers, upvotes and feeds, the chip on cards, following one."""

from __future__ import annotations

from datetime import date
from typing import Any

import feedparser
import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from paperwire.library.follows import follow_papers
from paperwire.library.models import Follow
from paperwire.papers.models import SourceRecord
from paperwire.papers.organizations import sync_organization_index
from tests.papers.factories import make_paper

DAY = date(2025, 2, 27)
GOOGLE = {"_id": "1", "name": "google", "fullname": "Google", "avatar": "https://cdn.example/g.png"}


def listed_under(organization: dict, **fields: Any):
    paper = make_paper(list_date=fields.pop("list_date", DAY), **fields)
    item = {"paper": {"id": paper.arxiv_id}, "title": paper.title, "organization": organization}
    SourceRecord.objects.create(paper=paper, source="hf-daily", data=item, fetched_at=timezone.now())
    return paper


@pytest.mark.django_db
def test_an_organization_page_lists_its_papers_newest_first_with_upvotes_and_feeds(client: Client) -> None:
    old = listed_under(
        GOOGLE, title="Older <b>work</b>", upvotes=5, published=timezone.now() - timezone.timedelta(days=9)
    )
    new = listed_under(GOOGLE, title="Newer work", upvotes=7, published=timezone.now())
    listed_under({"name": "nvidia"}, title="Someone else's", upvotes=100)
    sync_organization_index()

    body = client.get("/orgs/google").content.decode()

    assert body.index(new.get_absolute_url()) < body.index(old.get_absolute_url())
    assert "Someone else" not in body
    assert "data-organization-upvotes>12<" in body
    assert "Older &lt;b&gt;work&lt;/b&gt;" in body
    assert 'href="/orgs/google/feed.atom"' in body and 'href="/orgs/google/feed.rss"' in body
    feed = feedparser.parse(client.get("/orgs/google/feed.atom").content)
    assert [entry.link.rsplit("/", 1)[-1] for entry in feed.entries] == [new.arxiv_id, old.arxiv_id]


@pytest.mark.django_db
def test_cards_on_the_lists_name_the_organization_in_a_bounded_number_of_queries(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    for number in range(20):
        listed_under(GOOGLE if number % 2 else {"name": f"lab{number}"}, upvotes=number)
    make_paper(list_date=DAY, title="No organization")
    sync_organization_index()

    with django_assert_max_num_queries(12):
        body = client.get(f"/papers/date/{DAY.isoformat()}").content.decode()

    assert body.count('class="chip org-chip" href="/orgs/google"') == 10
    assert 'href="/orgs/lab0"' in body


@pytest.mark.django_db
def test_the_index_lists_organizations_with_most_papers_first(client: Client) -> None:
    for _ in range(3):
        listed_under(GOOGLE)
    listed_under({"name": "small-lab", "fullname": "Small Lab"})
    sync_organization_index()

    body = client.get("/orgs").content.decode()

    assert body.index('href="/orgs/google"') < body.index('href="/orgs/small-lab"')
    assert "3 papers" in body and "1 paper<" in body


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/orgs/nobody", "/orgs/nobody/feed.rss", "/orgs/a%20b"])
def test_an_unknown_organization_is_a_404(client: Client, path: str) -> None:
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_an_organization_of_only_hidden_papers_has_no_page(client: Client) -> None:
    listed_under(GOOGLE, hidden=True)
    sync_organization_index()
    assert client.get("/orgs/google").status_code == 404


@pytest.mark.django_db
def test_following_an_organization_carries_its_papers(client: Client, django_user_model: Any) -> None:
    paper = listed_under(GOOGLE)
    sync_organization_index()
    reader = django_user_model.objects.create_user("reader", "r@example.org", "a-long-password-1")
    client.force_login(reader)

    answer = client.post("/library/follow", {"kind": "organization", "target": "google", "next": "/orgs/google"})

    assert answer.status_code == 302
    row = Follow.objects.get(user=reader)
    assert (row.kind, row.target, row.label) == ("organization", "google", "Google")
    assert follow_papers(row) == [paper]
    assert "Following" in client.get("/orgs/google").content.decode()
    refused = client.post(
        "/library/follow", {"kind": "organization", "target": "nobody"}, HTTP_ACCEPT="application/json"
    )
    assert refused.status_code == 400


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_reader_goes_from_a_card_to_the_organization_and_back_to_the_index(live_server: Any, page: Any) -> None:
    listed_under(GOOGLE, title="Gemini things", upvotes=3)
    sync_organization_index()

    page.goto(f"{live_server.url}/papers/date/{DAY.isoformat()}")
    page.locator(".paper-card").first.get_by_role("link", name="Google").click()
    page.wait_for_url("**/orgs/google")
    expect(page.locator("h1")).to_have_text("Google")
    expect(page.locator(".paper-card")).to_have_count(1)
    page.locator(".list-kicker").get_by_role("link", name="Organizations").click()
    page.wait_for_url("**/orgs")
    expect(page.get_by_role("link", name="Google")).to_be_visible()
