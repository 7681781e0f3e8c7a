"""Claimed authorship: "this is me" on a paper, a moderator's decision, and what an approved claim changes."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from playwright.sync_api import expect

from paperwire.community.claims import DEFAULT_REFUSAL
from paperwire.community.comments import add_comment
from paperwire.community.models import AuthorClaim, ClaimStatus
from tests.papers.factories import make_paper

DAY = date(2025, 2, 27)
PASSWORD = "a-long-password-1"


@pytest.fixture
def ada(django_user_model: Any) -> Any:
    person = django_user_model.objects.create_user("ada", "ada@example.org", PASSWORD, first_name="Ada")
    EmailAddress.objects.create(user=person, email="ada@example.org", verified=True, primary=True)
    return person


@pytest.fixture
def moderator(django_user_model: Any) -> Any:
    return django_user_model.objects.create_superuser("mod", "mod@example.org", "a-long-password-0")


def _signed_in(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _decide(moderator: Any, action: str, claim: AuthorClaim) -> None:
    answer = _signed_in(moderator).post(
        "/admin/community/authorclaim/", {"action": action, "_selected_action": [str(claim.pk)]}
    )
    assert answer.status_code == 302


@pytest.mark.django_db
def test_an_approved_claim_links_the_author_page_marks_comments_and_tells_the_hf_api(ada: Any, moderator: Any) -> None:
    paper = make_paper(list_date=DAY, authors=["Ada Lovelace", "Alan Turing"])
    reader = _signed_in(ada)
    add_comment(paper, ada, "We wrote this.")

    assert reader.post(f"/claims/new/{paper.pk}", {"author": "Ada Lovelace"}).status_code == 302
    claim = AuthorClaim.objects.get()
    assert claim.status == ClaimStatus.PENDING
    assert "waits for a moderator" in reader.get(paper.get_absolute_url()).content.decode()
    # The queue shows what a moderator checks the claim against.
    queue = _signed_in(moderator).get("/admin/community/authorclaim/").content.decode()
    assert "ada@example.org" in queue and "Ada Lovelace, Alan Turing" in queue
    assert "Verified author" not in Client().get("/authors/Ada%20Lovelace").content.decode()

    _decide(moderator, "approve_claims", claim)

    claim.refresh_from_db()
    assert (claim.status, claim.decided_by) == (ClaimStatus.APPROVED, moderator)
    author_page = Client().get("/authors/Ada%20Lovelace").content.decode()
    assert 'Verified author: <a href="/u/ada">ada</a>' in author_page
    assert "Verified author" not in Client().get("/authors/Alan%20Turing").content.decode()
    assert 'class="chip author-badge"' in Client().get(paper.get_absolute_url()).content.decode()
    assert "✓ Verified author" in Client().get("/u/ada").content.decode()
    daily = json.loads(Client().get(f"/api/daily_papers?date={DAY.isoformat()}").content)
    assert [item["isAuthorParticipating"] for item in daily] == [True]


@pytest.mark.django_db
def test_a_refused_claim_says_why_and_may_be_made_again(ada: Any, moderator: Any) -> None:
    paper = make_paper(list_date=DAY, authors=["Ada Lovelace"])
    reader = _signed_in(ada)
    reader.post(f"/claims/new/{paper.pk}", {"author": "Ada Lovelace"})
    claim = AuthorClaim.objects.get()
    claim.reason = "Your email is not the one on the paper."
    claim.save()

    _decide(moderator, "refuse_claims", claim)

    page = reader.get(paper.get_absolute_url()).content.decode()
    assert "was refused: Your email is not the one on the paper." in page
    assert "refused" not in Client().get("/u/ada").content.decode().lower()  # only the claimant sees it
    assert "Your email is not the one on the paper." in reader.get("/u/ada").content.decode()
    # A second claim of the same name is allowed once the first is closed.
    reader.post(f"/claims/new/{paper.pk}", {"author": "Ada Lovelace"})
    assert AuthorClaim.objects.filter(status=ClaimStatus.PENDING).count() == 1


@pytest.mark.django_db
def test_one_pending_claim_per_name_and_only_names_the_paper_lists(ada: Any) -> None:
    first = make_paper(authors=["Ada Lovelace"])
    second = make_paper(authors=["ada lovelace"])
    reader = _signed_in(ada)

    reader.post(f"/claims/new/{first.pk}", {"author": "Ada Lovelace"})
    again = reader.post(f"/claims/new/{second.pk}", {"author": "ada lovelace"}, follow=True)
    stranger = reader.post(f"/claims/new/{first.pk}", {"author": "Grace Hopper"}, follow=True)

    assert AuthorClaim.objects.count() == 1
    assert "already have a claim for ada lovelace waiting" in again.content.decode()
    assert "Choose one of the paper" in stranger.content.decode()


@pytest.mark.django_db
def test_a_claim_can_be_withdrawn_only_by_its_claimant(
    ada: Any, moderator: Any, django_user_model: Any, settings: Any
) -> None:
    settings.API_CACHE_SECONDS = 0  # the API's lists may lag a few seconds by design; this test reads it twice
    paper = make_paper(list_date=DAY, authors=["Ada Lovelace"])
    _signed_in(ada).post(f"/claims/new/{paper.pk}", {"author": "Ada Lovelace"})
    claim = AuthorClaim.objects.get()
    _decide(moderator, "approve_claims", claim)
    daily = json.loads(Client().get(f"/api/daily_papers?date={DAY.isoformat()}").content)
    assert [item["isAuthorParticipating"] for item in daily] == [True]
    other = django_user_model.objects.create_user("eve", "eve@example.org", PASSWORD)

    assert _signed_in(other).post(f"/claims/{claim.pk}/withdraw").status_code == 404
    assert _signed_in(ada).post(f"/claims/{claim.pk}/withdraw").status_code == 302

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.WITHDRAWN
    assert "Verified author" not in Client().get("/authors/Ada%20Lovelace").content.decode()
    daily = json.loads(Client().get(f"/api/daily_papers?date={DAY.isoformat()}").content)
    assert [item["isAuthorParticipating"] for item in daily] == [False]


@pytest.mark.django_db
def test_claims_need_a_signed_in_post_and_are_rate_limited(ada: Any, settings: Any) -> None:
    paper = make_paper(authors=["Ada Lovelace"])
    assert Client().post(f"/claims/new/{paper.pk}", {"author": "Ada Lovelace"}).status_code == 302  # to log in
    assert _signed_in(ada).get(f"/claims/new/{paper.pk}").status_code == 405
    assert not AuthorClaim.objects.exists()
    settings.RATELIMIT_ENABLED = True
    reader = _signed_in(ada)
    answers = [reader.post(f"/claims/new/{paper.pk}", {"author": "Nobody"}).status_code for _ in range(11)]
    assert answers[-1] == 429


@pytest.mark.django_db
def test_the_standard_refusal_is_given_when_the_moderator_writes_none(ada: Any, moderator: Any) -> None:
    paper = make_paper(authors=["Ada Lovelace"])
    _signed_in(ada).post(f"/claims/new/{paper.pk}", {"author": "Ada Lovelace"})
    claim = AuthorClaim.objects.get()
    _decide(moderator, "refuse_claims", claim)
    claim.refresh_from_db()
    assert claim.reason == DEFAULT_REFUSAL


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_reader_claims_an_author_on_the_paper_page(live_server: Any, page: Any, ada: Any) -> None:
    paper = make_paper(list_date=DAY, title="Analytical engines", authors=["Ada Lovelace", "Charles Babbage"])
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "ada@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form").get_by_role("button", name="Sign In").click()
    page.goto(f"{live_server.url}{paper.get_absolute_url()}")

    page.get_by_text("Are you one of the authors?").click()
    page.select_option("#claim-author", "Ada Lovelace")
    page.get_by_role("button", name="Claim").click()

    expect(page.locator(".claim-state")).to_contain_text("Your claim to be Ada Lovelace waits for a moderator.")
    page.get_by_role("button", name="Withdraw").click()
    expect(page.locator(".claim-state")).to_have_count(0)
