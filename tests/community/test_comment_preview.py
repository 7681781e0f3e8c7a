"""Comment preview renders exactly what posting stores; deleting asks first."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client

from paperwire.community.comments import add_comment
from paperwire.community.models import Comment
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db

BODY = "We **prove** $a < b$ for `x`.\n\n- one\n- two <script>alert(1)</script>\n\n[link](https://example.org)"
JSON = {"Accept": "application/json"}


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", "alice@example.org", "a-long-password-1")


def test_it_previews_exactly_the_html_that_posting_stores(client: Client, alice) -> None:
    paper = make_paper(list_date=date(2025, 1, 2))
    client.force_login(alice)
    preview = client.post(f"/comments/preview/{paper.pk}", {"body": BODY}, headers=JSON)
    assert preview.status_code == 200
    assert not Comment.objects.exists()  # a preview saves nothing

    client.post(f"/comments/new/{paper.pk}", {"body": BODY})
    posted = Comment.objects.get()
    assert preview.json()["html"] == posted.body_html
    assert "<strong>prove</strong>" in posted.body_html
    assert "<script>" not in posted.body_html


def test_it_shows_the_preview_under_the_form_without_javascript(client: Client, alice) -> None:
    paper = make_paper(list_date=date(2025, 1, 2))
    client.force_login(alice)
    response = client.post(f"/comments/preview/{paper.pk}", {"body": "Hello *there*"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<em>there</em>" in html
    assert ">Hello *there*</textarea>" in html  # what was typed stays in the form
    assert f'action="/comments/new/{paper.pk}"' in html


def test_it_previews_an_edit_and_keeps_it_an_edit(client: Client, alice) -> None:
    paper = make_paper(list_date=date(2025, 1, 2))
    comment = add_comment(paper, alice, "First draft")
    client.force_login(alice)
    html = client.post(f"/comments/preview/{paper.pk}", {"body": "Second *draft*", "editing": comment.pk}).content
    assert f'action="/comments/{comment.pk}/edit"'.encode() in html
    assert b"<em>draft</em>" in html


def test_it_refuses_an_empty_preview_with_the_posting_message(client: Client, alice) -> None:
    paper = make_paper(list_date=date(2025, 1, 2))
    client.force_login(alice)
    response = client.post(f"/comments/preview/{paper.pk}", {"body": "   "}, headers=JSON)
    assert response.status_code == 400
    assert response.json() == {"error": "A comment cannot be empty."}


def test_it_limits_previews_per_person(client: Client, alice, settings) -> None:
    settings.RATELIMIT_ENABLED = True
    cache.clear()
    paper = make_paper(list_date=date(2025, 1, 2))
    client.force_login(alice)
    codes = [client.post(f"/comments/preview/{paper.pk}", {"body": "x"}, headers=JSON).status_code for _ in range(61)]
    cache.clear()
    assert codes[:60] == [200] * 60
    assert codes[60] == 429


def test_it_asks_before_deleting_when_the_browser_could_not(client: Client, alice) -> None:
    paper = make_paper(list_date=date(2025, 1, 2))
    comment = add_comment(paper, alice, "Keep me *maybe*")
    client.force_login(alice)
    page = client.post(f"/comments/{comment.pk}/delete")
    assert page.status_code == 200
    assert b"Delete your comment?" in page.content
    assert b'name="confirmed" value="1"' in page.content
    assert Comment.objects.filter(pk=comment.pk).exists()

    client.post(f"/comments/{comment.pk}/delete", {"confirmed": "1"})
    assert not Comment.objects.filter(pk=comment.pk).exists()


def test_it_offers_log_out_as_a_post_form_in_the_header(client: Client, alice) -> None:
    client.force_login(alice)
    html = client.get("/about").content.decode()
    header = html.split("</header>")[0]
    assert 'action="/accounts/logout/"' in header
    assert 'method="post"' in header.split('action="/accounts/logout/"')[0].rsplit("<form", 1)[1]
