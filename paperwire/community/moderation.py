"""Moderator actions that touch several tables; the admin calls these."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from paperwire.community.comments import refresh_comment_count
from paperwire.community.models import Comment, Report
from paperwire.community.votes import withdraw_all_upvotes
from paperwire.papers.models import Paper


def ban_user(user: Any) -> None:
    """Deactivate ``user`` and take down what they put up.

    An inactive account cannot log in (Django and allauth refuse it); their
    comments drop out of every page (``Comment.objects.visible`` checks the
    author), papers they submitted are hidden, and their upvotes withdrawn.
    """
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        paper_ids = set(Comment.objects.filter(author=user).values_list("paper_id", flat=True))
        Comment.objects.filter(author=user).update(hidden=True)
        for paper_id in paper_ids:
            refresh_comment_count(paper_id)
        Paper.objects.filter(daily_entry__submitter=user).update(hidden=True)
        withdraw_all_upvotes(user)
        Report.objects.filter(comment__author=user, resolved=False).update(resolved=True, resolved_at=timezone.now())


def ban(people: Iterable[Any]) -> tuple[list[Any], list[Any]]:
    """Ban every person in ``people`` but staff; returns ``(banned, spared_staff)``.

    Staff are never banned from a moderation screen: a moderator who selects
    a colleague by mistake must not lock them out.
    """
    banned: list[Any] = []
    spared: list[Any] = []
    for person in people:
        if person.is_staff or person.is_superuser:
            spared.append(person)
            continue
        ban_user(person)
        banned.append(person)
    return banned, spared


def set_paper_hidden(papers: Any, hidden: bool) -> int:
    return int(papers.update(hidden=hidden))
