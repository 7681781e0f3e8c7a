from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from paperwire.community.comments import add_comment, report_comment
from paperwire.community.models import Report, Upvote
from paperwire.community.votes import set_upvote
from paperwire.papers.models import DailyEntry
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db

ACTION_URL = "/admin/{app}/{model}/"


@pytest.fixture
def moderator(django_user_model):
    return django_user_model.objects.create_superuser("mod", "mod@example.org", "a-long-password-0")


@pytest.fixture
def spammer(django_user_model):
    return django_user_model.objects.create_user("spammer", "spam@example.org", "a-long-password-9")


def _admin_action(client: Client, app: str, model: str, action: str, ids: list[int]) -> None:
    response = client.post(
        ACTION_URL.format(app=app, model=model), {"action": action, "_selected_action": [str(i) for i in ids]}
    )
    assert response.status_code == 302, response.content.decode()[:500]


def test_it_hides_a_paper_from_the_daily_list_and_its_page(client: Client, moderator):
    paper = make_paper(list_date=date(2025, 1, 2), title="Spammy paper title")
    assert "Spammy paper title" in client.get("/papers/date/2025-01-02").content.decode()

    client.force_login(moderator)
    _admin_action(client, "papers", "paper", "hide_papers", [paper.pk])
    client.logout()

    assert "Spammy paper title" not in client.get("/papers/date/2025-01-02").content.decode()
    assert client.get(paper.get_absolute_url()).status_code == 404


def test_it_hides_reported_comments_and_closes_the_reports(client: Client, moderator, spammer, django_user_model):
    paper = make_paper(list_date=date(2025, 1, 2))
    reader = django_user_model.objects.create_user("reader", "r@example.org", "a-long-password-3")
    comment = add_comment(paper, spammer, "Visit my casino")
    report_comment(comment, reader, "spam")

    client.force_login(moderator)
    assert "Visit my casino" in client.get("/admin/community/report/").content.decode()
    _admin_action(client, "community", "report", "hide_reported_comments", [Report.objects.get().pk])

    assert Report.objects.get().resolved
    paper.refresh_from_db()
    assert paper.comment_count == 0
    assert "Visit my casino" not in client.get(paper.get_absolute_url()).content.decode()


def test_it_hides_a_thread_with_its_replies_and_counts_what_remains(client: Client, moderator, spammer):
    paper = make_paper(list_date=date(2025, 1, 2), comments_imported=2)
    spam = add_comment(paper, spammer, "Visit my casino")
    add_comment(paper, moderator, "Please stop.", parent=spam)
    add_comment(paper, moderator, "Welcome, everyone.")

    client.force_login(moderator)
    _admin_action(client, "community", "comment", "hide_comments", [spam.pk])

    html = client.get(paper.get_absolute_url()).content.decode()
    assert "Visit my casino" not in html
    assert "Please stop." not in html
    assert "Welcome, everyone." in html
    paper.refresh_from_db()
    assert paper.comment_count == 3  # 2 imported + the one comment still shown


def test_it_bans_a_person_who_then_cannot_log_in_and_whose_content_disappears(client: Client, moderator, spammer):
    spammer_session = Client()
    spammer_session.force_login(spammer)
    paper = make_paper(list_date=date(2025, 1, 2), upvotes=10)
    submitted = make_paper(title="Submitted by the spammer")
    DailyEntry.objects.create(paper=submitted, list_date=date(2025, 1, 2), submitter=spammer, source="local")
    add_comment(paper, spammer, "Visit my casino")
    set_upvote(spammer, paper.pk, on=True)

    client.force_login(moderator)
    _admin_action(client, "auth", "user", "ban_people", [spammer.pk])
    client.logout()

    # An open session ends too: the next request is anonymous.
    assert spammer_session.get("/submit")["Location"].startswith("/accounts/login/")
    spammer.refresh_from_db()
    paper.refresh_from_db()
    assert spammer.is_active is False
    assert (paper.comment_count, paper.upvote_count) == (0, 10)
    assert not Upvote.objects.exists()
    html = client.get("/papers/date/2025-01-02").content.decode()
    assert "Submitted by the spammer" not in html
    assert "Visit my casino" not in client.get(paper.get_absolute_url()).content.decode()
    assert client.get("/u/spammer").status_code == 404

    response = client.post("/accounts/login/", {"login": "spam@example.org", "password": "a-long-password-9"})
    assert "_auth_user_id" not in client.session
    assert (response.status_code, response["Location"]) == (302, "/accounts/inactive/")
