"""A signed-in subscriber's digest: For-you papers, follows, library updates and one-click 👍/👎."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from paperwire.digests import links
from paperwire.digests.content import EditionContent, build_digest
from paperwire.digests.editions import plan_due_editions
from paperwire.digests.mime import PrebuiltMessage
from paperwire.digests.models import Subscription
from paperwire.digests.reader_signals import load_personal
from paperwire.digests.rendering import render_digest_email
from paperwire.digests.sending import send_due_digests
from paperwire.library.follows import follow
from paperwire.library.models import Follow, NotInterested, SavedPaper
from paperwire.library.saving import save_paper
from paperwire.papers.authors import index_authors
from paperwire.papers.models import DailyEntry, Paper, PaperEvent
from paperwire.search.models import SavedSearch
from tests.digests.conftest import SEND_TIME, YESTERDAY, make_paper, make_subscriber

pytestmark = pytest.mark.django_db

SITE = "https://papers.example.org"


def paper(title: str, authors: list[str], abstract: str, *, upvotes: int = 0, listed: bool = True) -> Paper:
    made = make_paper(title, upvotes=upvotes, abstract=abstract)
    Paper.objects.filter(pk=made.pk).update(authors=authors)
    if not listed:
        DailyEntry.objects.filter(paper=made).update(list_date=YESTERDAY - timedelta(days=400))
    made.refresh_from_db()
    index_authors([made])  # what the worker's author-index sync does after an import
    return made


@pytest.fixture
def reader() -> User:
    return User.objects.create_user("reader", "reader@example.com", "pw-123456789")


@pytest.fixture
def library(reader: User) -> Paper:
    """An old paper in the reader's library: graph neural networks by Grace Hopper."""
    old = paper(
        "Message passing graph neural networks",
        ["Grace Hopper"],
        "Graph neural networks pass messages along edges of molecular graphs.",
        listed=False,
    )
    save_paper(reader, old)
    return old


def test_it_sends_for_you_papers_ranked_from_the_library_with_why_and_votes(smtp_server, reader, library):
    liked = paper("Deeper graph neural networks", ["Grace Hopper"], "Graph neural networks on molecular graphs.")
    paper("Tax policy in the long run", ["Someone Else"], "Economics of taxes and growth.", upvotes=99)
    make_subscriber("reader@example.com", user=reader, paper_count=0, for_you_count=1)

    assert send_due_digests(SEND_TIME) == 1

    [received] = smtp_server.messages
    text, html = received.text(), received.html()
    assert received.subject == "Your papers today: Deeper graph neural networks"
    assert "== For you ==" in text and "Tax policy" not in text
    assert "Why you see this: Like “Message passing graph neural networks” in your library" in text
    assert liked.title in html and "👍 More like this" in html and "👎 Less like this" in html
    assert f"{SITE}/digest/feedback/" in text


def test_it_keeps_trending_and_puts_for_you_first(smtp_server, reader, library):
    paper("Deeper graph neural networks", ["Grace Hopper"], "Graph neural networks on molecular graphs.")
    paper("Tax policy in the long run", ["Someone Else"], "Economics of taxes and growth.", upvotes=99)
    make_subscriber("reader@example.com", user=reader, paper_count=5, for_you_count=1)

    assert send_due_digests(SEND_TIME) == 1

    text = smtp_server.messages[0].text()
    assert text.index("== For you ==") < text.index("Deeper graph") < text.index("== Trending ==")
    assert text.index("== Trending ==") < text.index("Tax policy")
    assert text.count("Deeper graph neural networks") == 1  # a paper appears in one section only


def test_it_gives_no_vote_links_to_a_subscriber_without_an_account(smtp_server):
    make_paper("Attention", upvotes=3)
    make_subscriber("anonymous@example.com")

    assert send_due_digests(SEND_TIME) == 1

    text = smtp_server.messages[0].text()
    assert "/digest/feedback/" not in text and "== " not in text


def _vote_paths(text: str) -> list[str]:
    return [url.removeprefix(SITE) for url in re.findall(r"https://\S+/digest/feedback/\S+", text)]


def test_it_records_a_thumbs_up_from_the_email_without_signing_in(smtp_server, reader, library):
    liked = paper("Deeper graph neural networks", ["Grace Hopper"], "Graph neural networks on molecular graphs.")
    make_subscriber("reader@example.com", user=reader, paper_count=0, for_you_count=1)
    send_due_digests(SEND_TIME)
    up, down = _vote_paths(smtp_server.messages[0].text())
    assert up.endswith("/up") and down.endswith("/down")
    client = Client(enforce_csrf_checks=True)

    page = client.get(up)  # what a mail scanner does: nothing changes
    assert page.status_code == 200 and b"Yes, more like this" in page.content
    assert not SavedPaper.objects.filter(user=reader, paper=liked).exists()
    token = client.cookies["csrftoken"].value
    done = client.post(
        up, {"csrfmiddlewaretoken": re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content)[1].decode()}
    )
    assert done.status_code == 200 and b"Saved to your library" in done.content and token
    assert SavedPaper.objects.filter(user=reader, paper=liked).exists()

    Client().post(down)
    assert NotInterested.objects.filter(user=reader, paper=liked).exists()


def test_it_refuses_a_tampered_vote_link(reader, library):
    subscription = make_subscriber("reader@example.com", user=reader)
    other = paper("Another paper", ["X"], "Words.")
    good = links.feedback_urls(subscription, library.pk)[0].removeprefix(SITE)
    signature = good.split(":")[-1].removesuffix("/up")
    forged = good.replace(f"{subscription.pk}-{library.pk}-", f"{subscription.pk}-{other.pk}-")
    assert forged != good
    assert signature in forged

    client = Client()
    assert client.get(forged).status_code == 400
    assert client.post(forged).status_code == 400
    assert client.post(good.removesuffix("/up") + "/sideways").status_code == 400
    assert not SavedPaper.objects.filter(user=reader, paper=other).exists()


def test_it_emails_a_library_update_once(smtp_server, reader, library):
    make_paper("Something trending", upvotes=5)
    make_subscriber("reader@example.com", user=reader)
    PaperEvent.objects.create(paper=library, kind=PaperEvent.Kind.NEW_VERSION, old_value="v1", new_value="v2")

    assert send_due_digests(SEND_TIME) == 1
    first = smtp_server.messages[-1].text()
    assert "== Updates to papers in your library ==" in first
    assert "Why you see this: New arXiv version (v2)" in first

    make_paper("Tomorrow's paper", upvotes=5, list_date=YESTERDAY + timedelta(days=1))
    assert send_due_digests(SEND_TIME + timedelta(days=1)) == 1
    second = smtp_server.messages[-1].text()
    assert "Tomorrow's paper" in second and "New arXiv version" not in second


def test_it_carries_followed_authors_and_subscribes_a_follower_who_had_no_digest(smtp_server, reader):
    paper("Compilers for everyone", ["Grace Hopper"], "A compiler.")
    paper("Unrelated trending paper", ["Someone Else"], "Other.", upvotes=50)
    follow(reader, Follow.Kind.AUTHOR, "Grace Hopper", email=Follow.Email.DAILY)

    assert send_due_digests(SEND_TIME) == 1

    subscription = Subscription.objects.get(user=reader)
    assert (subscription.paper_count, subscription.follows_count) == (0, 10)
    text = smtp_server.messages[0].text()
    assert "Compilers for everyone" in text and "Why you see this: You follow Grace Hopper" in text
    assert "Unrelated trending paper" not in text


def test_it_leaves_weekly_follows_out_of_other_days_daily_digests(smtp_server, reader):
    paper("Compilers for everyone", ["Grace Hopper"], "A compiler.")
    make_paper("Trending", upvotes=5)
    make_subscriber("reader@example.com", user=reader, weekday=0)  # SEND_TIME is a Wednesday
    follow(reader, Follow.Kind.AUTHOR, "Grace Hopper", email=Follow.Email.WEEKLY)

    send_due_digests(SEND_TIME)

    text = smtp_server.messages[0].text()
    assert "From what you follow" not in text and "You follow" not in text


def test_it_saves_section_counts_on_the_preferences_page(client, reader):
    subscription = make_subscriber("reader@example.com", user=reader)
    path = links.preferences_url(subscription).removeprefix(SITE)
    assert b"For-you papers" in client.get(path).content
    form = {"frequency": "daily", "weekday": "0", "paper_count": "0", "for_you_count": "7", "follows_count": "0"}

    client.post(path, form)

    subscription.refresh_from_db()
    assert (subscription.paper_count, subscription.for_you_count, subscription.follows_count) == (0, 7, 0)
    refused = client.post(path, {**form, "for_you_count": "0"})
    assert b"Choose at least one paper" in refused.content


def test_it_retires_the_vote_links_of_sent_digests_on_unsubscribe(reader, library):
    liked = paper("Deeper graph neural networks", ["Grace Hopper"], "Graph neural networks on molecular graphs.")
    subscription = make_subscriber("reader@example.com", user=reader)
    up = links.feedback_urls(subscription, liked.pk)[0].removeprefix(SITE)
    unsubscribe = links.unsubscribe_url(subscription).removeprefix(SITE)

    assert Client().post(unsubscribe).status_code == 200
    answer = Client().post(up)

    assert answer.status_code == 400
    assert not SavedPaper.objects.filter(user=reader, paper=liked).exists()


def test_it_retires_the_vote_links_when_the_password_is_changed(reader, library):
    liked = paper("Deeper graph neural networks", ["Grace Hopper"], "Graph neural networks on molecular graphs.")
    subscription = make_subscriber("reader@example.com", user=reader)
    up = links.feedback_urls(subscription, liked.pk)[0].removeprefix(SITE)
    browser = Client()
    browser.force_login(reader)

    changed = browser.post(
        "/accounts/password/change/",
        {"oldpassword": "pw-123456789", "password1": "a-new-long-password-42", "password2": "a-new-long-password-42"},
    )

    assert changed.status_code == 302
    assert Client().post(up).status_code == 400
    assert not SavedPaper.objects.filter(user=reader, paper=liked).exists()


def test_vote_links_expire_after_the_documented_days(reader, library, settings):
    liked = paper("Deeper graph neural networks", ["Grace Hopper"], "Graph neural networks on molecular graphs.")
    subscription = make_subscriber("reader@example.com", user=reader)
    with time_machine.travel(timezone.now() - timedelta(days=settings.DIGEST_FEEDBACK_MAX_AGE_DAYS - 1)):
        recent = links.feedback_urls(subscription, library.pk)[0].removeprefix(SITE)
    with time_machine.travel(timezone.now() - timedelta(days=settings.DIGEST_FEEDBACK_MAX_AGE_DAYS + 1)):
        old = links.feedback_urls(subscription, liked.pk)[0].removeprefix(SITE)

    assert Client().get(recent).status_code == 200
    expired = Client().post(old)

    assert expired.status_code == 400 and b"expired" in expired.content
    assert not SavedPaper.objects.filter(user=reader, paper=liked).exists()


def test_it_retires_every_vote_link_when_the_secret_is_rotated(reader, library, settings):
    subscription = make_subscriber("reader@example.com", user=reader)
    up = links.feedback_urls(subscription, library.pk)[0].removeprefix(SITE)
    assert Client().get(up).status_code == 200

    settings.SECRET_KEY = "a-new-secret-" + "x" * 50

    assert Client().get(up).status_code == 400


def test_it_writes_for_you_digests_with_the_fast_mime_writer(reader, library):
    for n in range(12):
        paper(f"Graph neural networks, part {n}", ["Grace Hopper"], "Graph neural networks on molecular graphs. " * 6)
    subscription = make_subscriber("reader@example.com", user=reader, paper_count=10, for_you_count=10)
    [daily, _] = plan_due_editions(SEND_TIME)
    content = EditionContent.load(daily, SEND_TIME)
    items = build_digest(subscription, content, set(), load_personal([reader.pk], SEND_TIME)[reader.pk])

    # Long signed links must not push a line past SMTP's 998 octets (that falls back to the slow writer).
    assert isinstance(render_digest_email(subscription, content, items).message(), PrebuiltMessage)


def test_it_carries_new_results_of_a_followed_saved_search(smtp_server, reader):
    found = paper("Diffusion transformers for protein folding", ["Ada Lovelace"], "Diffusion transformers fold.")
    old = paper("Diffusion transformers, the first paper", ["Ada Lovelace"], "Diffusion transformers.", listed=False)
    paper("A survey of garden birds", ["Alan Turing"], "Birds.", upvotes=40)
    Paper.objects.filter(pk=found.pk).update(published=SEND_TIME - timedelta(hours=30))
    Paper.objects.filter(pk=old.pk).update(published=SEND_TIME - timedelta(days=400))
    saved = SavedSearch.objects.create(owner=reader, query_string="q=diffusion+transformers")
    follow(reader, Follow.Kind.SAVED_SEARCH, str(saved.pk), email=Follow.Email.DAILY)

    assert send_due_digests(SEND_TIME) == 1

    text = smtp_server.messages[0].text()
    assert "Diffusion transformers for protein folding" in text and "garden birds" not in text
    assert "== From what you follow ==" in text and "the first paper" not in text
