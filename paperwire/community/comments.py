"""Comments on a paper: write, edit, delete, reply (one level), report.

``Paper.comment_count`` = imported comments + visible local comments. It is
recounted (not incremented) inside the transaction of every change, because
hiding, deleting and banning can each change what "visible" means. The same
recount sets ``Paper.trending_commenters``, what trending counts: each person
who commented once, never the paper's submitter or one of its authors, so
comments cannot buy a place in the ranking.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch, Q
from django.http import HttpRequest
from django.utils import timezone

from paperwire.community.models import Comment, Report
from paperwire.community.verified_authors import verified_author_ids
from paperwire.lib.markdown_render import render_markdown
from paperwire.lib.user_text import UserTextError, checked_text
from paperwire.papers.authors import author_key
from paperwire.papers.models import Paper
from paperwire.papers.querysets import on_visible_papers

# Characters, checked before rendering: with it, the worst-shaped comment
# renders in tens of milliseconds (docs/benchmarks.md, "Comment rendering").
MAX_COMMENT_LENGTH = 10_000


class CommentError(ValueError):
    """A comment could not be saved; the message is for the person."""


def visible_comments(paper: Paper) -> list[Comment]:
    """Top-level comments in order, each with ``visible_replies`` set.

    A deleted top-level comment still shows (as "[deleted]") when visible
    replies hang under it, so the conversation keeps its shape.
    """
    replies = Prefetch(
        "replies",
        queryset=Comment.objects.visible().select_related("author").order_by("created_at", "id"),
        to_attr="visible_replies",
    )
    top_level = (
        Comment.objects.filter(paper=paper, parent__isnull=True, hidden=False, author__is_active=True)
        .select_related("author")
        .prefetch_related(replies)
        .order_by("created_at", "id")
    )
    return [comment for comment in top_level if not comment.deleted or comment.visible_replies]


def comments_by(person: Any, limit: int) -> list[Comment]:
    """What ``person`` said on visible papers, newest first (a profile's "Comments")."""
    rows = on_visible_papers(Comment.objects.visible().filter(author=person)).select_related("paper")
    return list(rows.order_by("-created_at", "-id")[:limit])


def refresh_comment_count(paper_id: int) -> None:
    """Recount ``Paper.comment_count`` and ``trending_commenters`` (call inside the changing transaction)."""
    # A reply shows only while its thread does (see visible_comments).
    thread_shown = Q(parent__isnull=True) | Q(parent__hidden=False, parent__author__is_active=True)
    shown = Comment.objects.visible().filter(thread_shown, paper_id=paper_id)
    Paper.objects.filter(pk=paper_id).update(
        comment_count=F("comments_imported") + shown.count(), trending_commenters=_counted_commenters(paper_id, shown)
    )


def _counted_commenters(paper_id: int, shown: Any) -> int:
    """The people behind ``shown`` comments whom trending counts: not the submitter, not an author.

    An author is a verified one (an approved claim on the paper) or an
    account whose name or user name is one of the paper's authors.
    """
    paper = Paper.objects.select_related("daily_entry").only("authors", "daily_entry__submitter_id").get(pk=paper_id)
    entry = getattr(paper, "daily_entry", None)
    submitter_id = entry.submitter_id if entry is not None else None
    author_keys = {author_key(name) for name in paper.authors or []}
    excluded = verified_author_ids(paper) | ({submitter_id} if submitter_id is not None else set())
    people = get_user_model().objects.filter(pk__in=shown.values("author_id")).exclude(pk__in=excluded)
    return sum(
        1
        for person in people.only("username", "first_name", "last_name")
        if not ({author_key(person.get_full_name()), author_key(person.get_username())} - {""}) & author_keys
    )


def add_comment(paper: Paper, author: Any, body: str, *, parent: Comment | None = None) -> Comment:
    body = _checked_body(body)
    if parent is not None:
        if parent.paper_id != paper.pk:
            raise CommentError("That comment belongs to another paper.")
        # One level of replies: answering a reply answers its thread.
        if parent.parent_id is not None:
            parent = parent.parent
        assert parent is not None
        if parent.deleted or parent.hidden:
            raise CommentError("That comment is no longer available for replies.")
    # Rendered before the transaction: on SQLite the transaction holds the
    # only write lock, and every other person's vote or comment waits for it.
    body_html = comment_html(body)
    with transaction.atomic():
        comment = Comment.objects.create(paper=paper, author=author, parent=parent, body=body, body_html=body_html)
        refresh_comment_count(paper.pk)
    return comment


def edit_comment(comment: Comment, body: str) -> Comment:
    body = _checked_body(body)
    comment.body = body
    comment.body_html = comment_html(body)  # before save(), which takes the write lock
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    return comment


def comment_html(body: str) -> str:
    """The HTML a checked comment body is stored and shown as.

    Saving, editing and previewing all go through here, so a preview shows
    exactly what posting will.
    """
    return render_markdown(body)


def preview_comment(body: str) -> str:
    """The HTML ``body`` would be posted as; CommentError when it could not be posted."""
    return comment_html(_checked_body(body))


def delete_comment(comment: Comment) -> None:
    with transaction.atomic():
        if comment.replies.exists():
            comment.deleted = True
            comment.body = ""
            comment.body_html = ""
            comment.save(update_fields=["deleted", "body", "body_html"])
        else:
            comment.delete()
        refresh_comment_count(comment.paper_id)


def set_comment_hidden(comments: Any, hidden: bool) -> int:
    """Hide or show comments (moderation); recount the papers they are on."""
    with transaction.atomic():
        paper_ids = set(comments.values_list("paper_id", flat=True))
        changed = int(comments.update(hidden=hidden))
        for paper_id in paper_ids:
            refresh_comment_count(paper_id)
    return changed


def report_comment(comment: Comment, reporter: Any, reason: str) -> bool:
    """File a report; False when this person already reported this comment."""
    try:
        with transaction.atomic():
            Report.objects.create(comment=comment, reporter=reporter, reason=reason.strip()[:2000])
    except IntegrityError:
        return False
    return True


def can_change(user: Any, comment: Comment) -> bool:
    return bool(user.is_authenticated and comment.author_id == user.pk and not comment.deleted)


def comment_context(request: HttpRequest, paper: Paper) -> dict[str, Any]:
    """Context for the comment thread that the paper page shows."""
    return {
        "paper": paper,
        "comments": visible_comments(paper),
        "comment_max_length": MAX_COMMENT_LENGTH,
        "verified_author_ids": verified_author_ids(paper),
    }


def _checked_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise CommentError("A comment cannot be empty.")
    try:
        return checked_text(body, label="A comment", max_length=MAX_COMMENT_LENGTH)
    except UserTextError as exc:
        raise CommentError(str(exc)) from None
