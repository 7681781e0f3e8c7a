"""A comment being rendered must not hold the database's write lock.

SQLite has one writer at a time (IMMEDIATE transactions take the lock when
they begin), so anything slow inside a comment's transaction makes every
other person's write wait. The slow part here is real: the largest comment
the site accepts, in the shape that was slowest to render.
"""

from __future__ import annotations

import threading
import time
from datetime import date
from typing import Any

import pytest
from django.db import connections
from django.test import Client

from paperwire.community.comments import MAX_COMMENT_LENGTH
from paperwire.community.models import Comment, Upvote
from tests.papers.factories import make_paper

# What Python-Markdown took 13.6 s to render: nested image/link openers.
SLOWEST_COMMENT = "![" * (MAX_COMMENT_LENGTH // 2)
# The vote starts this long after the comment, i.e. while the comment is
# still being rendered if rendering is slow.
VOTE_DELAY_S = 0.3
# An upvote on its own takes milliseconds; a second is "kept waiting".
VOTE_BUDGET_S = 1.0


@pytest.mark.django_db(transaction=True)
def test_it_answers_an_upvote_while_someone_posts_the_slowest_comment(django_user_model: Any) -> None:
    paper = make_paper(list_date=date(2025, 1, 2))
    writer = django_user_model.objects.create_user("writer", "w@example.org", "a-long-password-1")
    voter = django_user_model.objects.create_user("voter", "v@example.org", "a-long-password-2")
    writer_client, voter_client = Client(), Client()
    writer_client.force_login(writer)
    voter_client.force_login(voter)

    comment_sent = threading.Event()
    seconds: dict[str, float] = {}
    statuses: dict[str, int] = {}

    def post_comment() -> None:
        try:
            comment_sent.set()
            start = time.perf_counter()
            response = writer_client.post(f"/comments/new/{paper.pk}", {"body": SLOWEST_COMMENT})
            seconds["comment"] = time.perf_counter() - start
            statuses["comment"] = response.status_code
        finally:
            connections.close_all()

    def upvote() -> None:
        try:
            comment_sent.wait()
            time.sleep(VOTE_DELAY_S)
            start = time.perf_counter()
            response = voter_client.post(f"/vote/{paper.pk}", {"vote": "up"}, HTTP_ACCEPT="application/json")
            seconds["vote"] = time.perf_counter() - start
            statuses["vote"] = response.status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post_comment), threading.Thread(target=upvote)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert statuses == {"comment": 302, "vote": 200}
    assert seconds["vote"] < VOTE_BUDGET_S, f"the upvote waited {seconds['vote']:.1f} s for the comment"
    assert Upvote.objects.filter(user=voter, paper=paper).exists()
    assert Comment.objects.get(paper=paper).body == SLOWEST_COMMENT
