"""Submitting against recorded arXiv answers served over local HTTP."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from paperwire.community.models import Submission, SubmissionStatus
from paperwire.community.submit import process_submission
from paperwire.papers.models import DailyEntry, Paper
from tests.papers.factories import make_paper

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


def _run_queued_fetches() -> None:
    """What the worker does with each queued submission (a real worker run is in test_submit_concurrency.py)."""
    for pk in Submission.objects.filter(status=SubmissionStatus.QUEUED).values_list("pk", flat=True):
        process_submission(pk)


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
        assert arxiv_server.requests == []  # the request never waits for arXiv
        assert "Fetching 1605.08386 from arXiv…" in response.content.decode()
        status_page = response.redirect_chain[-1][0]

        _run_queued_fetches()
        done = signed_in.get(status_page, follow=True)

    paper = Paper.objects.get(arxiv_id=HEAT_BATH)
    assert done.redirect_chain[-1][0] == paper.get_absolute_url()
    assert "“Heat-bath random walks with Markov bases” is on today&#x27;s list" in done.content.decode()
    entry = DailyEntry.objects.get(paper=paper)
    assert (entry.list_date, entry.submitter, entry.source) == (date(2016, 5, 27), alice, "local")


def test_it_lists_a_paper_it_already_has_at_once_without_asking_arxiv(signed_in: Client, arxiv_server):
    known = make_paper(arxiv_id=HEAT_BATH, published=DAY_AFTER - timedelta(days=1))
    with time_machine.travel(DAY_AFTER, tick=False):
        response = signed_in.post("/submit", {"arxiv": HEAT_BATH}, follow=True)
    assert response.redirect_chain[-1][0] == known.get_absolute_url()
    assert "is on today&#x27;s list" in response.content.decode()
    assert DailyEntry.objects.get(paper=known).list_date == date(2016, 5, 27)
    assert arxiv_server.requests == [] and not Submission.objects.exists()


def test_it_shows_a_submission_only_to_its_submitter(signed_in: Client, arxiv_server, django_user_model):
    response = signed_in.post("/submit", {"arxiv": HEAT_BATH})
    bob = Client()
    bob.force_login(django_user_model.objects.create_user("bob", "bob@example.org", "a-long-password-2"))
    assert bob.get(response["Location"]).status_code == 404


def test_it_accepts_old_style_ids(signed_in: Client, arxiv_server, settings):
    settings.SUBMIT_MAX_AGE_DAYS = 100_000
    response = signed_in.post("/submit", {"arxiv": "https://arxiv.org/abs/astro-ph/0601001v2"})
    assert response.status_code == 302
    _run_queued_fetches()
    assert signed_in.get(response["Location"])["Location"] == "/papers/astro-ph/0601001"
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


def _status_error(client: Client, response) -> str:
    assert response.status_code == 302, response.content[:500]
    _run_queued_fetches()
    html = client.get(response["Location"]).content.decode()
    start = html.index('class="error-box"')
    return " ".join(html[start : html.index("</p>", start)].split())


def test_it_refuses_papers_older_than_the_limit(signed_in: Client, arxiv_server):
    with time_machine.travel(datetime(2016, 6, 20, tzinfo=UTC), tick=False):
        response = signed_in.post("/submit", {"arxiv": HEAT_BATH})
        assert "first published on 2016-05-26, more than 14 days ago" in _status_error(signed_in, response)
    assert not DailyEntry.objects.exists()


def test_it_explains_unknown_ids_and_unreachable_arxiv(signed_in: Client, arxiv_server):
    assert "arXiv has no paper 0000.0000" in _status_error(signed_in, signed_in.post("/submit", {"arxiv": "0000.0000"}))
    assert "is not an arXiv id" in _error(signed_in.post("/submit", {"arxiv": "my favourite paper"}))
    arxiv_server.fail_next(503)
    response = signed_in.post("/submit", {"arxiv": HEAT_BATH})
    assert "arXiv cannot be reached right now" in _status_error(signed_in, response)
    assert not DailyEntry.objects.exists()

    # Known to be down: the next submission is told when to come back instead of queueing.
    again = signed_in.post("/submit", {"arxiv": "astro-ph/0601001"})
    assert again.status_code == 503 and 0 < int(again["Retry-After"]) <= 60
    assert "arXiv cannot be reached right now" in again.content.decode()
    assert not Submission.objects.filter(arxiv_id="astro-ph/0601001").exists()


def test_it_answers_503_with_retry_after_when_the_queue_is_full(signed_in: Client, arxiv_server, settings):
    settings.SUBMIT_QUEUE_LIMIT = 2
    settings.SUBMIT_DAILY_LIMIT = 10
    assert signed_in.post("/submit", {"arxiv": "1605.08386"}).status_code == 302
    assert signed_in.post("/submit", {"arxiv": "astro-ph/0601001"}).status_code == 302

    full = signed_in.post("/submit", {"arxiv": "2104.12255"})

    assert full.status_code == 503 and int(full["Retry-After"]) >= 5
    assert "2 papers are waiting for arXiv already" in full.content.decode()
    assert arxiv_server.requests == []


def test_it_enforces_the_daily_limit_per_person(signed_in: Client, arxiv_server, settings):
    settings.SUBMIT_DAILY_LIMIT = 1
    settings.SUBMIT_MAX_AGE_DAYS = 100_000
    assert signed_in.post("/submit", {"arxiv": "astro-ph/0601001"}).status_code == 302
    # Still waiting for arXiv, it counts already.
    message = _error(signed_in.post("/submit", {"arxiv": HEAT_BATH}))
    assert "You have already submitted 1 paper today, the daily limit." in message
    _run_queued_fetches()
    message = _error(signed_in.post("/submit", {"arxiv": HEAT_BATH}))
    assert "You have already submitted 1 paper today, the daily limit." in message
    assert len(arxiv_server.requests) == 1


def test_it_asks_signed_out_people_to_log_in(client: Client):
    response = client.get("/submit")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_prefills_the_paper_a_link_names_without_submitting_it(signed_in: Client, arxiv_server):
    page = signed_in.get("/submit?arxiv=2401.99999").content.decode()
    assert 'value="2401.99999"' in page
    assert arxiv_server.requests == []
