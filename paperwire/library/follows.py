"""Follows: an author, one of your tags, an arXiv category or a saved search.

Each follow stores how the person wants to hear about it — an email (daily or
weekly; the digests app sends it) and a private feed whose secret token can
be revoked. ``follow_papers`` is what both carry.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, transaction
from django.db.models import Q

from paperwire.lib.user_text import UserTextError, checked_name
from paperwire.library.models import Follow, Tag, TagMembership, new_feed_token
from paperwire.papers.authors import author_identity, author_key
from paperwire.papers.categories import canonical_categories, category_name
from paperwire.papers.models import Organization, Paper
from paperwire.papers.organizations import organization_papers
from paperwire.search.models import SavedSearch

FOLLOW_LIMIT = 500
# What a form may send as an author's name or a target before spaces are collapsed.
RAW_TARGET_MAX = 1000


class FollowError(ValueError):
    """The follow cannot be made; the message says why."""


def resolve_target(user: User, kind: str, target: str) -> tuple[str, str]:
    """``(target, label)`` as stored for what the person typed or clicked; raises FollowError."""
    try:
        checked_name(target or "", label="What to follow", max_length=RAW_TARGET_MAX)
    except UserTextError as exc:
        raise FollowError(str(exc)) from None
    target = " ".join((target or "").split())[:300]
    if kind == Follow.Kind.AUTHOR:
        key = author_key(target)
        if not key:
            raise FollowError("Name an author to follow.")
        return key, target
    if kind == Follow.Kind.CATEGORY:
        try:
            [code] = canonical_categories([target])
        except ValueError as exc:
            raise FollowError(str(exc)) from None
        return code, code
    if kind == Follow.Kind.ORGANIZATION:
        organization = Organization.objects.filter(name=target).first()
        if organization is None:
            raise FollowError("No organization by that name lists papers here.")
        return organization.name, organization.fullname or organization.name
    if kind == Follow.Kind.TAG:
        tag = Tag.objects.filter(user=user, pk=int(target) if target.isdigit() else -1).first()
        if tag is None:
            raise FollowError("You can follow only your own tags.")
        return str(tag.pk), tag.name
    if kind == Follow.Kind.SAVED_SEARCH:
        found = SavedSearch.objects.filter(owner=user, pk=int(target)).first() if target.isdigit() else None
        if found is None:
            raise FollowError("You can follow only your own saved searches.")
        return str(found.pk), found.label
    raise FollowError(f"{kind!r} is not something to follow (author, organization, tag, category or saved search).")


def follow(user: User, kind: str, target: str, *, email: str = Follow.Email.OFF) -> Follow:
    """Follow (or update the email choice of an existing follow)."""
    if email not in Follow.Email.values:
        raise FollowError("Email is off, daily or weekly.")
    stored, label = resolve_target(user, kind, target)
    existing = Follow.objects.filter(user=user, kind=kind, target=stored).first()
    if existing is not None:
        if existing.email != email:
            existing.email = email
            existing.save(update_fields=["email"])
        return existing
    if Follow.objects.filter(user=user).count() >= FOLLOW_LIMIT:
        raise FollowError(f"You follow {FOLLOW_LIMIT} things already; unfollow some first.")
    try:
        with transaction.atomic():
            return Follow.objects.create(user=user, kind=kind, target=stored, label=label, email=email)
    except IntegrityError:
        return Follow.objects.get(user=user, kind=kind, target=stored)


def find_follow(user: User | AnonymousUser, kind: str, target: str) -> Follow | None:
    """The person's follow of what a page shows (an author page asks with the name as written)."""
    if not user.is_authenticated:
        return None
    stored = author_key(target) if kind == Follow.Kind.AUTHOR else target
    return Follow.objects.filter(user=user, kind=kind, target=stored).first()


def unfollow(follow_row: Follow) -> None:
    follow_row.delete()


def set_email(follow_row: Follow, email: str) -> Follow:
    if email not in Follow.Email.values:
        raise FollowError("Email is off, daily or weekly.")
    follow_row.email = email
    follow_row.save(update_fields=["email"])
    return follow_row


def revoke_feed(follow_row: Follow) -> Follow:
    """A new secret for the feed URL: the old one stops working at once."""
    follow_row.feed_token = new_feed_token()
    follow_row.save(update_fields=["feed_token"])
    return follow_row


def follow_for_token(token: str) -> Follow | None:
    if not token or len(token) > 64:
        return None
    return Follow.objects.select_related("user").filter(feed_token=token, user__is_active=True).first()


def follow_papers(follow_row: Follow, *, limit: int = 50) -> list[Paper]:
    """What a follow carries, newest first (saved searches are run by the app that owns search)."""
    papers = Paper.objects.visible().with_entry()
    if follow_row.kind == Follow.Kind.AUTHOR:
        keys = author_identity(follow_row.label).keys or (follow_row.target,)
        return list(papers.by_author(keys).catalogue_order()[:limit])
    if follow_row.kind == Follow.Kind.CATEGORY:
        code = follow_row.target
        # JSON containment is not on SQLite; the quoted code matches one list element on both.
        in_category = Q(primary_category=code) | Q(categories__icontains=f'"{code}"')
        return list(papers.filter(in_category).catalogue_order()[:limit])
    if follow_row.kind == Follow.Kind.ORGANIZATION:
        return list(organization_papers(follow_row.target).catalogue_order()[:limit])
    if follow_row.kind == Follow.Kind.TAG:
        # The tag's papers, most recently tagged first: a reading list to share by feed.
        memberships = (
            TagMembership.objects.filter(tag_id=int(follow_row.target), saved__user_id=follow_row.user_id)
            .order_by("-created_at", "-id")
            .values_list("saved__paper_id", flat=True)[:limit]
        )
        ids = list(memberships)
        found = {paper.pk: paper for paper in papers.filter(pk__in=ids)}
        return [found[pk] for pk in ids if pk in found]
    return []


def describe(follow_row: Follow) -> str:
    if follow_row.kind == Follow.Kind.CATEGORY:
        name = category_name(follow_row.target)
        return f"{follow_row.target} ({name})" if name else follow_row.target
    return follow_row.label or follow_row.target
