"""Claimed authorship: a person says "this is me" about an author of a paper, and a moderator decides.

A claim names one author of one paper as the paper writes it. It waits for a
moderator (``admin/community/authorclaim``), who approves it or refuses it
with a reason the claimant reads; the claimant can withdraw it meanwhile or
later. Every decision is kept on the row (who, when, why) and logged.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from paperwire.community.comments import refresh_comment_count
from paperwire.community.models import AuthorClaim, ClaimStatus
from paperwire.papers.authors import author_key
from paperwire.papers.models import Paper

logger = logging.getLogger(__name__)

DEFAULT_REFUSAL = "The moderators could not confirm that you are this author."


class ClaimError(ValueError):
    """The claim cannot be made or changed; the message says why."""


def make_claim(claimant: Any, paper: Paper, author_name: str) -> AuthorClaim:
    """Claim ``author_name`` of ``paper`` for ``claimant`` (pending until a moderator decides)."""
    written = next((name for name in paper.authors or [] if isinstance(name, str) and name == author_name), None)
    if written is None:
        raise ClaimError("Choose one of the paper's authors.")
    key = author_key(written)
    if not key:
        raise ClaimError("This author's name cannot be claimed.")
    mine = AuthorClaim.objects.filter(claimant=claimant, author_key=key)
    if mine.filter(paper=paper, status=ClaimStatus.APPROVED).exists():
        raise ClaimError(f"You are already the verified author {written} of this paper.")
    try:
        with transaction.atomic():
            return AuthorClaim.objects.create(claimant=claimant, paper=paper, author_name=written, author_key=key)
    except IntegrityError:
        raise ClaimError(f"You already have a claim for {written} waiting for a moderator.") from None


def withdraw_claim(claim: AuthorClaim) -> None:
    if claim.status not in (ClaimStatus.PENDING, ClaimStatus.APPROVED):
        raise ClaimError("This claim is closed already.")
    was_approved = claim.status == ClaimStatus.APPROVED
    claim.status = ClaimStatus.WITHDRAWN
    claim.decided_at = timezone.now()
    with transaction.atomic():
        claim.save(update_fields=["status", "decided_at"])
        if was_approved:
            # Their comments on the paper count towards trending again.
            refresh_comment_count(claim.paper_id)
    logger.info("author claim %s withdrawn by its claimant %s", claim.pk, claim.claimant_id)


def decide_claims(claims: QuerySet[AuthorClaim], moderator: Any, *, approve: bool, reason: str = "") -> int:
    """Approve or refuse the pending ``claims``; returns how many were decided."""
    status = ClaimStatus.APPROVED if approve else ClaimStatus.REFUSED
    pending = list(claims.filter(status=ClaimStatus.PENDING))
    now = timezone.now()
    for claim in pending:
        claim.status = status
        claim.decided_at, claim.decided_by = now, moderator
        if not approve:
            claim.reason = reason.strip() or claim.reason.strip() or DEFAULT_REFUSAL
        logger.info(
            "author claim %s (%r on paper %s by user %s) %s by moderator %s",
            claim.pk, claim.author_name, claim.paper_id, claim.claimant_id, status, getattr(moderator, "pk", None),
        )  # fmt: skip
    with transaction.atomic():
        AuthorClaim.objects.bulk_update(pending, ["status", "decided_at", "decided_by", "reason"])
        if approve:
            # A verified author's comments stop counting towards trending (comments.py).
            for paper_id in {claim.paper_id for claim in pending}:
                refresh_comment_count(paper_id)
    return len(pending)


def claims_of(claimant: Any) -> list[AuthorClaim]:
    """A person's claims, newest first, with their papers (their profile lists them)."""
    return list(AuthorClaim.objects.filter(claimant=claimant).select_related("paper").order_by("-created_at"))


def claims_on(paper: Paper, claimant: Any) -> list[AuthorClaim]:
    """The signed-in person's open or refused claims on ``paper`` (the paper page shows their state)."""
    if not getattr(claimant, "is_authenticated", False):
        return []
    return list(AuthorClaim.objects.filter(paper=paper, claimant=claimant).exclude(status=ClaimStatus.WITHDRAWN))
