"""Who is a verified author: the approved authorship claims, as pages, comments and the API read them.

Apart from ``claims.py`` (making and deciding claims), which recounts a
paper's comments when a claim is approved: the comment thread reads these
answers, so the two modules would otherwise import each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from paperwire.community.models import AuthorClaim, ClaimStatus
from paperwire.papers.models import Paper


def verified_authors(keys: Iterable[str]) -> list[Any]:
    """The people verified as the author with one of these name keys (an author page links them)."""
    approved = AuthorClaim.objects.filter(author_key__in=list(keys), status=ClaimStatus.APPROVED)
    claimants = approved.filter(claimant__is_active=True).select_related("claimant").order_by("claimant_id")
    return list({claim.claimant_id: claim.claimant for claim in claimants}.values())


def verified_author_ids(paper: Paper) -> set[int]:
    """The accounts verified as authors of ``paper`` (their comments on it read "Author")."""
    approved = AuthorClaim.objects.filter(paper=paper, status=ClaimStatus.APPROVED)
    return set(approved.values_list("claimant_id", flat=True))


def papers_with_verified_authors(paper_ids: Iterable[int]) -> set[int]:
    """Which of these papers have a verified author taking part (one query for a whole answer)."""
    approved = AuthorClaim.objects.filter(paper_id__in=list(paper_ids), status=ClaimStatus.APPROVED)
    return set(approved.values_list("paper_id", flat=True))
