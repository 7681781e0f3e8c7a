"""Trending cannot be bought with comments: each person counts once, the submitter and authors never."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from paperwire.community.claims import decide_claims, make_claim
from paperwire.community.comments import add_comment, delete_comment
from paperwire.papers.models import DailyEntry, Paper
from paperwire.papers.trending import trending_papers
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db

WEEK = (datetime(2026, 6, 15, tzinfo=UTC), datetime(2026, 6, 22, tzinfo=UTC))


def _order() -> list[str]:
    with time_machine.travel(datetime(2026, 6, 21, 12, tzinfo=UTC), tick=False):
        return [paper.title for paper in trending_papers(*WEEK, limit=10)]


def test_it_counts_each_commenter_once_and_never_the_submitter_or_an_author(django_user_model) -> None:
    submitter = django_user_model.objects.create_user("sub", "sub@example.org", "pw")
    author = django_user_model.objects.create_user(
        "ada", "ada@example.org", "pw", first_name="Ada", last_name="Lovelace"
    )
    fan = django_user_model.objects.create_user("fan", "fan@example.org", "pw")
    reader = django_user_model.objects.create_user("reader", "reader@example.org", "pw")
    make_paper(list_date=datetime(2026, 6, 16).date(), title="Third place", upvotes=3)
    pushed = make_paper(list_date=datetime(2026, 6, 17).date(), title="Pushed", upvotes=1, authors=["Ada Lovelace"])
    DailyEntry.objects.filter(paper=pushed).update(submitter=submitter)

    # The attack: one upvote and three comments by the submitter, an author and one fan.
    first = add_comment(pushed, submitter, "Great paper, everyone read it")
    add_comment(pushed, submitter, "Seriously", parent=first)
    add_comment(pushed, author, "Thanks! We also released code")
    for n in range(3):
        add_comment(pushed, fan, f"Still great ({n})")

    pushed.refresh_from_db()
    assert pushed.comment_count == 6  # every comment still shows and counts on the page
    assert pushed.trending_commenters == 1  # the fan, once
    assert _order() == ["Third place", "Pushed"]  # 1 + 2 × 1 = 3 points: no higher than 3 upvotes

    reply = add_comment(pushed, reader, "A real second opinion")
    assert Paper.objects.get(pk=pushed.pk).trending_commenters == 2
    assert _order() == ["Pushed", "Third place"]  # 1 + 2 × 2 = 5 points

    delete_comment(reply)
    assert Paper.objects.get(pk=pushed.pk).trending_commenters == 1


def test_it_stops_counting_a_commenter_once_verified_as_an_author(django_user_model) -> None:
    from paperwire.community.models import AuthorClaim

    moderator = django_user_model.objects.create_user("mod", "mod@example.org", "pw", is_staff=True)
    grace = django_user_model.objects.create_user("gh", "gh@example.org", "pw")  # a user name unlike her name
    paper = make_paper(list_date=datetime(2026, 6, 16).date(), authors=["Grace Hopper"])
    add_comment(paper, grace, "We wrote this; ask us anything")
    assert Paper.objects.get(pk=paper.pk).trending_commenters == 1

    make_claim(grace, paper, "Grace Hopper")
    decide_claims(AuthorClaim.objects.all(), moderator, approve=True)

    assert Paper.objects.get(pk=paper.pk).trending_commenters == 0
