"""Everything paperwire holds about a person, as one JSON document (with their library as BibTeX inside).

``EXPORTED`` names every foreign key to the person in every app and the key
of the document that carries its rows. A test compares it with Django's
model registry, so a model added later with a key to the person fails the
suite until its rows are exported here (and its fate on deletion decided in
``deletion.py``).

Secrets stay out: API tokens appear by name and prefix (paperwire keeps only
their hashes anyway), private feeds without their secret address.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils import timezone

from paperwire.accounts.models import ApiToken
from paperwire.channels.models import Destination
from paperwire.community.models import AuthorClaim, Comment, Report, Submission, Upvote
from paperwire.digests.models import Delivery, SentUpdate, Subscription
from paperwire.library.bibtex import library_bibtex
from paperwire.library.models import Follow, NotInterested, PendingImport, SavedPaper, Tag, ZoteroLink
from paperwire.papers.models import DailyEntry
from paperwire.search.models import SavedSearch

FORMAT = "paperwire personal data, version 1"

# "<app label>.<model>.<field>" of every key to the person → the document's key for those rows.
EXPORTED: dict[str, str] = {
    "auth.User_groups.user": "groups",
    "auth.User_user_permissions.user": "permissions",
    "account.EmailAddress.user": "email_addresses",
    "accounts.ApiToken.user": "api_tokens",
    "admin.LogEntry.user": "admin_actions",
    "papers.DailyEntry.submitter": "papers_put_on_lists",
    "search.SavedSearch.owner": "saved_searches",
    "community.Upvote.user": "upvotes",
    "community.Comment.author": "comments",
    "community.Report.reporter": "reports",
    "community.Report.resolved_by": "reports_resolved",
    "community.Submission.submitter": "submissions",
    "community.AuthorClaim.claimant": "authorship_claims",
    "community.AuthorClaim.decided_by": "authorship_claims_decided",
    "library.SavedPaper.user": "library",
    "library.Tag.user": "tags",
    "library.NotInterested.user": "not_interested",
    "library.Follow.user": "follows",
    "library.PendingImport.user": "pending_imports",
    "library.ZoteroLink.owner": "zotero_libraries",
    "digests.Subscription.user": "digest_subscriptions",
    "digests.SentUpdate.user": "library_updates_emailed",
    "channels.Destination.owner": "chat_destinations",
}


def email_addresses_of(user: User) -> list[str]:
    """Every address the person signed up or confirmed with, lower-cased (digest rows are keyed by address)."""
    found = {address.lower() for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    if user.email:
        found.add(user.email.lower())
    return sorted(found)


def subscriptions_of(user: User) -> QuerySet[Subscription]:
    """Digest subscriptions tied to the account or sent to one of its addresses."""
    return Subscription.objects.filter(Q(user=user) | Q(email__in=email_addresses_of(user)))


def _rows(queryset: QuerySet[Any], *fields: str) -> list[dict[str, Any]]:
    return [dict(row) for row in queryset.values(*fields)]


def _account(user: User) -> dict[str, Any]:
    return {
        "username": user.get_username(),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_staff": user.is_staff,
    }


def _saved_papers(user: User) -> list[SavedPaper]:
    """The library with papers and tags, read once for the JSON and the BibTeX."""
    rows = SavedPaper.objects.filter(user=user).select_related("paper").prefetch_related("tags")
    return list(rows.order_by("saved_at", "id"))


def _library(saved: list[SavedPaper]) -> list[dict[str, Any]]:
    return [
        {
            "arxiv_id": row.paper.arxiv_id,
            "title": row.paper.title,
            "saved_at": row.saved_at,
            "note": row.note,
            "tags": [tag.name for tag in row.tags.all()],
        }
        for row in saved
    ]


def _subscriptions(user: User) -> list[dict[str, Any]]:
    fields = (
        "email status frequency weekday skip_weekends paper_count for_you_count follows_count categories"
        " interests created_at confirmed_at unsubscribed_at"
    ).split()
    subscriptions = list(subscriptions_of(user).order_by("id"))
    deliveries: dict[int, list[dict[str, Any]]] = {row.pk: [] for row in subscriptions}
    for delivery in (
        Delivery.objects.filter(subscription__in=subscriptions)
        .values("subscription_id", "edition__issue_date", "edition__frequency", "status", "sent_at", "paper_ids")
        .order_by("edition__issue_date", "id")
    ):
        row: dict[str, Any] = dict(delivery)
        deliveries[int(row.pop("subscription_id"))].append(row)
    return [
        {**{name: getattr(row, name) for name in fields}, "deliveries": deliveries[row.pk]} for row in subscriptions
    ]


def _sections(user: User, saved: list[SavedPaper]) -> Iterable[tuple[str, Any]]:
    yield "groups", list(user.groups.values_list("name", flat=True))
    yield "permissions", list(user.user_permissions.values_list("codename", flat=True))
    yield "email_addresses", _rows(EmailAddress.objects.filter(user=user), "email", "verified", "primary")
    yield "api_tokens", _rows(ApiToken.objects.filter(user=user), "name", "prefix", "created_at", "last_used_at")
    yield "admin_actions", _rows(LogEntry.objects.filter(user=user), "action_time", "object_repr", "change_message")
    yield (
        "papers_put_on_lists",
        _rows(DailyEntry.objects.filter(submitter=user), "paper__arxiv_id", "list_date", "submitted_at"),
    )
    yield "saved_searches", _rows(SavedSearch.objects.filter(owner=user), "query_string", "created")
    yield "upvotes", _rows(Upvote.objects.filter(user=user), "paper__arxiv_id", "created_at")
    yield (
        "comments",
        _rows(
            Comment.objects.filter(author=user),
            "id", "paper__arxiv_id", "parent_id", "body", "created_at", "edited_at", "deleted", "hidden",
        ),
    )  # fmt: skip
    yield "reports", _rows(Report.objects.filter(reporter=user), "comment_id", "reason", "created_at", "resolved")
    yield "reports_resolved", _rows(Report.objects.filter(resolved_by=user), "comment_id", "resolved_at")
    yield (
        "authorship_claims",
        _rows(
            AuthorClaim.objects.filter(claimant=user),
            "paper__arxiv_id", "author_name", "status", "reason", "created_at", "decided_at",
        ),
    )  # fmt: skip
    yield "authorship_claims_decided", _rows(AuthorClaim.objects.filter(decided_by=user), "id", "status", "decided_at")
    yield (
        "submissions",
        _rows(Submission.objects.filter(submitter=user), "arxiv_id", "list_date", "requested_at", "status", "message"),
    )
    yield "library", _library(saved)
    yield "tags", _rows(Tag.objects.filter(user=user), "name", "created_at")
    yield "not_interested", _rows(NotInterested.objects.filter(user=user), "paper__arxiv_id", "created_at")
    yield "follows", _rows(Follow.objects.filter(user=user), "kind", "target", "label", "email", "created_at")
    yield (
        "pending_imports",
        _rows(PendingImport.objects.filter(user=user), "arxiv_id", "tag_names", "note", "status", "requested_at"),
    )
    # The Zotero API key is a secret: only its masked form leaves the database.
    yield (
        "zotero_libraries",
        _rows(
            ZoteroLink.objects.filter(owner=user),
            "library_type", "library_id", "masked_key", "enabled", "library_version", "created_at", "last_sync_at",
            "last_outcome",
        ),
    )  # fmt: skip
    yield "digest_subscriptions", _subscriptions(user)
    # The destination's address is a secret (a webhook URL): only its masked form leaves the database.
    yield (
        "chat_destinations",
        _rows(
            Destination.objects.filter(owner=user),
            "name", "masked_url", "service", "carries", "schedule", "send_hour", "weekday", "time_zone", "enabled",
            "created_at", "last_sent_at",
        ),
    )  # fmt: skip
    yield (
        "library_updates_emailed",
        _rows(SentUpdate.objects.filter(user=user), "event__paper__arxiv_id", "event__kind", "sent_at"),
    )


def personal_data(user: User) -> dict[str, Any]:
    """The whole document; datetimes stay objects (serialise with DjangoJSONEncoder)."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "site": settings.SITE_URL,
        "exported_at": timezone.now(),
        "account": _account(user),
    }
    saved = _saved_papers(user)
    document.update(_sections(user, saved))
    document["library_bibtex"] = library_bibtex(reversed(saved))  # newest first, as the library page exports
    return document
