from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from paperwire.community.comments import add_comment, visible_comments
from paperwire.community.models import Comment, Report
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", "alice@example.org", "a-long-password-1")


@pytest.fixture
def bob(django_user_model):
    return django_user_model.objects.create_user("bob", "bob@example.org", "a-long-password-2")


def _page(client: Client, paper) -> str:
    response = client.get(paper.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_it_posts_a_markdown_comment_and_counts_it_with_imported_ones(client: Client, alice):
    paper = make_paper(list_date=date(2025, 1, 2), comments_imported=3, comment_count=3)
    client.force_login(alice)

    response = client.post(f"/comments/new/{paper.pk}", {"body": "Nice **result**: $a_1 * b_2$"})

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{paper.get_absolute_url()}#comment-{comment.pk}"
    paper.refresh_from_db()
    assert paper.comment_count == 4
    html = _page(client, paper)
    assert "<strong>result</strong>" in html
    assert '<span class="math inline">a_1 * b_2</span>' in html  # marked for KaTeX, not turned into emphasis


def test_it_keeps_replies_one_level_deep(alice, bob):
    paper = make_paper(list_date=date(2025, 1, 2))
    top = add_comment(paper, alice, "Question?")
    reply = add_comment(paper, bob, "Answer.", parent=top)
    reply_to_reply = add_comment(paper, alice, "Thanks!", parent=reply)

    assert reply_to_reply.parent_id == top.pk
    [thread] = visible_comments(paper)
    assert [c.body for c in thread.visible_replies] == ["Answer.", "Thanks!"]


def test_it_lets_people_edit_and_delete_only_their_own_comments(client: Client, alice, bob):
    paper = make_paper(list_date=date(2025, 1, 2))
    comment = add_comment(paper, alice, "First draft")
    client.force_login(bob)
    assert client.get(f"/comments/{comment.pk}/edit").status_code == 404
    assert client.post(f"/comments/{comment.pk}/edit", {"body": "hacked"}).status_code == 404
    assert client.post(f"/comments/{comment.pk}/delete").status_code == 404

    client.force_login(alice)
    assert "First draft" in client.get(f"/comments/{comment.pk}/edit").content.decode()
    client.post(f"/comments/{comment.pk}/edit", {"body": "Second *draft*"})
    html = _page(client, paper)
    assert "Second <em>draft</em>" in html
    assert "edited" in html

    client.post(f"/comments/{comment.pk}/delete", {"confirmed": "1"})
    assert not Comment.objects.exists()
    paper.refresh_from_db()
    assert paper.comment_count == 0


def test_it_keeps_a_deleted_comment_as_a_placeholder_while_replies_remain(client: Client, alice, bob):
    paper = make_paper(list_date=date(2025, 1, 2))
    top = add_comment(paper, alice, "Secret opinion")
    add_comment(paper, bob, "I disagree", parent=top)
    client.force_login(alice)
    client.post(f"/comments/{top.pk}/delete", {"confirmed": "1"})

    html = _page(client, paper)
    assert "Secret opinion" not in html
    assert "[deleted]" in html
    assert "I disagree" in html
    paper.refresh_from_db()
    assert paper.comment_count == 1


def test_it_refuses_empty_comments_and_keeps_what_was_typed(client: Client, alice):
    paper = make_paper(list_date=date(2025, 1, 2))
    client.force_login(alice)
    response = client.post(f"/comments/new/{paper.pk}", {"body": "   "})
    assert response.status_code == 400
    assert "A comment cannot be empty." in response.content.decode()
    too_long = "x" * 10_001
    response = client.post(f"/comments/new/{paper.pk}", {"body": too_long})
    assert response.status_code == 400
    assert too_long in response.content.decode()
    assert not Comment.objects.exists()


def test_it_files_one_report_per_person(client: Client, alice, bob):
    paper = make_paper(list_date=date(2025, 1, 2))
    comment = add_comment(paper, alice, "Buy cheap watches")
    client.force_login(bob)
    assert "Buy cheap watches" in client.get(f"/comments/{comment.pk}/report").content.decode()

    response = client.post(f"/comments/{comment.pk}/report", {"reason": "spam"}, follow=True)
    assert "A moderator will look at this comment." in response.content.decode()
    client.post(f"/comments/{comment.pk}/report", {"reason": "spam again"})

    report = Report.objects.get()
    assert (report.reporter, report.reason, report.resolved) == (bob, "spam", False)


def test_it_asks_signed_out_readers_to_log_in(client: Client, alice):
    paper = make_paper(list_date=date(2025, 1, 2))
    add_comment(paper, alice, "Visible to all")
    html = _page(client, paper)
    assert "Visible to all" in html
    assert "to comment" in html
    assert 'name="body"' not in html
    response = client.post(f"/comments/new/{paper.pk}", {"body": "anonymous"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert Comment.objects.count() == 1
