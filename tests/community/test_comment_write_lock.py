"""A comment being rendered must not hold the database's write lock.

SQLite has one writer at a time (IMMEDIATE transactions take the lock when
they begin), so anything slow inside a comment's transaction makes every
other person's write wait. The comment is the largest the site accepts, in
the shape that was slowest to render, and its rendering is made slower still
(a pause before the real renderer), so that the test asks only about order:
the upvote must be answered while the comment is still being rendered, however
busy the machine is.
"""

from __future__ import annotations

import threading
import time
from datetime import date
from typing import Any

import pytest
from django.db import connections
from django.test import Client

from paperwire.community import comments
from paperwire.community.comments import MAX_COMMENT_LENGTH
from paperwire.community.models import Comment, Upvote
from tests.papers.factories import make_paper

# What Python-Markdown took 13.6 s to render: nested image/link openers.
SLOWEST_COMMENT = "![" * (MAX_COMMENT_LENGTH // 2)
# The vote starts this long after the comment, while the comment is being rendered.
VOTE_DELAY_S = 0.3
# How long the rendering pauses: far longer than any upvote takes, even on a loaded machine.
RENDER_PAUSE_S = 5.0


@pytest.mark.django_db(transaction=True)
def test_it_answers_an_upvote_while_someone_posts_the_slowest_comment(django_user_model: Any, monkeypatch) -> None:
    real_render = comments.comment_html

    def slow_render(body: str) -> str:
        time.sleep(RENDER_PAUSE_S)
        return real_render(body)

    monkeypatch.setattr(comments, "comment_html", slow_render)
    paper = make_paper(list_date=date(2025, 1, 2))
    writer = django_user_model.objects.create_user("writer", "w@example.org", "a-long-password-1")
    voter = django_user_model.objects.create_user("voter", "v@example.org", "a-long-password-2")
    writer_client, voter_client = Client(), Client()
    writer_client.force_login(writer)
    voter_client.force_login(voter)

    comment_sent = threading.Event()
    finished: list[str] = []
    statuses: dict[str, int] = {}

    def post_comment() -> None:
        try:
            comment_sent.set()
            response = writer_client.post(f"/comments/new/{paper.pk}", {"body": SLOWEST_COMMENT})
            finished.append("comment")
            statuses["comment"] = response.status_code
        finally:
            connections.close_all()

    def upvote() -> None:
        try:
            comment_sent.wait()
            time.sleep(VOTE_DELAY_S)
            response = voter_client.post(f"/vote/{paper.pk}", {"vote": "up"}, HTTP_ACCEPT="application/json")
            finished.append("vote")
            statuses["vote"] = response.status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post_comment), threading.Thread(target=upvote)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert statuses == {"comment": 302, "vote": 200}
    assert finished == ["vote", "comment"], "the upvote waited for the comment's rendering"
    assert Upvote.objects.filter(user=voter, paper=paper).exists()
    assert Comment.objects.get(paper=paper).body == SLOWEST_COMMENT
