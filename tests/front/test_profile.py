from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from paperwire.community.comments import add_comment
from paperwire.community.votes import set_upvote
from paperwire.papers.models import DailyEntry
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db


def test_it_lists_submissions_upvotes_and_comments(client: Client, django_user_model):
    alice = django_user_model.objects.create_user("alice", "alice@example.org", "a-long-password-1")
    submitted = make_paper(title="Alice's own submission")
    DailyEntry.objects.create(paper=submitted, list_date=date(2025, 1, 2), submitter=alice, source="local")
    liked = make_paper(title="A paper Alice liked", list_date=date(2025, 1, 3))
    set_upvote(alice, liked.pk, on=True)
    hidden = make_paper(title="Hidden by moderators", list_date=date(2025, 1, 3), hidden=True)
    set_upvote(alice, hidden.pk, on=True)
    add_comment(liked, alice, "My *thoughts*")

    html = client.get("/u/alice").content.decode()

    assert "Alice&#x27;s own submission" in html
    assert "A paper Alice liked" in html
    assert "My <em>thoughts</em>" in html
    assert "Hidden by moderators" not in html
    assert "API tokens" not in html  # only on one's own profile
    assert client.get("/u/nobody").status_code == 404


def test_it_shows_token_management_and_log_out_on_ones_own_profile(client: Client, django_user_model):
    alice = django_user_model.objects.create_user("alice", "alice@example.org", "a-long-password-1")
    client.force_login(alice)
    html = client.get("/u/alice").content.decode()
    assert "API tokens" in html
    assert 'action="/accounts/logout/"' in html


def test_it_offers_the_digest_in_one_click_on_ones_own_profile(client: Client, django_user_model):
    from paperwire.digests.models import Subscription

    alice = django_user_model.objects.create_user("alice", "alice@example.org", "a-long-password-1")
    client.force_login(alice)
    assert "Subscribe in one click" in client.get("/u/alice").content.decode()

    client.post("/subscribe")

    subscription = Subscription.objects.get(email="alice@example.org")
    assert subscription.status == "active"
    html = client.get("/u/alice").content.decode()
    assert "Your digest goes to <strong>alice@example.org</strong>" in html
    assert "Email digest" not in client.get("/u/bob-does-not-exist").content.decode()
