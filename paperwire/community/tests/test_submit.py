"""Submitting against recorded arXiv answers served over local HTTP."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import Client

from paperwire.papers.models import DailyEntry, Paper
from paperwire.papers.tests.factories import make_paper

pytestmark = pytest.mark.django_db

HEAT_BATH = "1605.08386"  # "Heat-bath random walks with Markov bases", first published 2016-05-26
DAY_AFTER = datetime(2016, 5, 27, 9, 30, tzinfo=UTC)


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", "alice@example.org", "a-long-password-1")


@pytest.fixture
def signed_in(client: Client, alice) -> Client:
    client.force_login(alice)
    return client


def _error(response) -> str:
    assert response.status_code == 400
    html = response.content.decode()
    start = html.index('class="error-box"')
    return " ".join(html[start : html.index("</p>", start)].split())


@pytest.mark.parametrize(
    "pasted",
    [
        "https://huggingface.co/papers/1605.08386",
        "https://arxiv.org/pdf/1605.08386v1",
        "arXiv:1605.08386",
    ],
)
def test_it_puts_a_pasted_paper_on_todays_list(signed_in: Client, alice, arxiv_server, pasted: str):
    with time_machine.travel(DAY_AFTER, tick=False):
        response = signed_in.post("/submit", {"arxiv": pasted}, follow=True)

    paper = Paper.objects.get(arxiv_id=HEAT_BATH)
    assert response.redirect_chain[-1][0] == paper.get_absolute_url()
    assert "Heat-bath random walks with Markov bases" in response.content.decode()
    entry = DailyEntry.objects.get(paper=paper)
    assert (entry.list_date, entry.submitter, entry.source) == (date(2016, 5, 27), alice, "local")
    assert "is on today&#x27;s list" in response.content.decode()


def test_it_accepts_old_style_ids(signed_in: Client, arxiv_server, settings):
    settings.SUBMIT_MAX_AGE_DAYS = 100_000
    response = signed_in.post("/submit", {"arxiv": "https://arxiv.org/abs/astro-ph/0601001v2"})
    assert response.status_code == 302
    assert response["Location"] == "/papers/astro-ph/0601001"
    assert DailyEntry.objects.filter(paper__arxiv_id="astro-ph/0601001").exists()


def test_it_says_when_the_paper_is_already_listed_without_asking_arxiv(signed_in: Client, arxiv_server):
    listed = make_paper(arxiv_id=HEAT_BATH, list_date=date(2016, 5, 26))
    with time_machine.travel(DAY_AFTER, tick=False):
        response = signed_in.post("/submit", {"arxiv": HEAT_BATH})
    assert _error(response).endswith(
        f"{HEAT_BATH} is already listed on the list of 2016-05-26. "
        f'<a href="{listed.get_absolute_url()}">See the paper</a>.'
    )
    assert arxiv_server.requests == []


def test_it_refuses_papers_older_than_the_limit(signed_in: Client, arxiv_server):
    with time_machine.travel(datetime(2016, 6, 20, tzinfo=UTC), tick=False):
        response = signed_in.post("/submit", {"arxiv": HEAT_BATH})
    assert "first published on 2016-05-26, more than 14 days ago" in _error(response)
    assert not DailyEntry.objects.exists()


def test_it_explains_unknown_ids_and_unreachable_arxiv(signed_in: Client, arxiv_server):
    assert "arXiv has no paper 0000.0000" in _error(signed_in.post("/submit", {"arxiv": "0000.0000"}))
    arxiv_server.fail_next(503)
    assert "arXiv cannot be reached right now" in _error(signed_in.post("/submit", {"arxiv": HEAT_BATH}))
    assert "is not an arXiv id" in _error(signed_in.post("/submit", {"arxiv": "my favourite paper"}))
    assert not DailyEntry.objects.exists()


def test_it_enforces_the_daily_limit_per_person(signed_in: Client, arxiv_server, settings):
    settings.SUBMIT_DAILY_LIMIT = 1
    settings.SUBMIT_MAX_AGE_DAYS = 100_000
    assert signed_in.post("/submit", {"arxiv": "astro-ph/0601001"}).status_code == 302
    calls = len(arxiv_server.requests)
    message = _error(signed_in.post("/submit", {"arxiv": HEAT_BATH}))
    assert "You have already submitted 1 paper today, the daily limit." in message
    assert len(arxiv_server.requests) == calls


def test_it_asks_signed_out_people_to_log_in(client: Client):
    response = client.get("/submit")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
