"""``POST /api/v1/recommendations``: a ranking from papers you name, no account needed.

Stateless: nothing is stored, so a Zotero plugin or a script can send a
library's arXiv ids and get the For-you ranking the pages use, over the
candidate set the worker prepared (the newest 100,000 papers; ``since``,
``until`` and ``category`` narrow it). Only ``application/json`` is
accepted: a web page can send ``text/plain`` to any site without asking
(no CORS preflight), and must not spend a ranking's cost on its visitors'
behalf.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Router, Schema

from paperwire.api.errors import ApiError, ErrorOut, bad_request
from paperwire.api.params import DAY_PATTERN, arxiv_id_of, clean_text, day_of
from paperwire.api.v1.schemas import PaperOut, paper_out
from paperwire.lib.ratelimit import check_rate_limit
from paperwire.library.candidates import paper_items, prepared_index, rank_prepared, window
from paperwire.papers.models import Paper

router = Router(tags=["paperwire v1: recommendations"])

MAX_IDS = 500


class RecommendationsIn(Schema):
    positive: list[str] = Field(
        ..., description="arXiv ids of papers you like, newest interest first.", max_length=MAX_IDS
    )
    negative: list[str] = Field(
        default_factory=list, description="arXiv ids of papers you do not want more of.", max_length=MAX_IDS
    )
    since: str | None = Field(
        None, description="Only papers first published on or after this day (YYYY-MM-DD).", pattern=DAY_PATTERN
    )
    until: str | None = Field(
        None, description="Only papers first published on or before this day (YYYY-MM-DD).", pattern=DAY_PATTERN
    )
    category: str | None = Field(None, description="Only this primary arXiv category, e.g. cs.CL.", max_length=32)
    limit: int = Field(20, ge=1, le=100)


class RecommendationOut(Schema):
    paper: PaperOut
    score: float = Field(description="Higher is better; comparable within one answer only.")
    because: list[str] = Field(description="arXiv ids of your positives this paper is most like, best first.")


class RecommendationsOut(Schema):
    recommendations: list[RecommendationOut]


def _papers_named(field: str, ids: list[str]) -> list[Paper]:
    """The visible papers ``ids`` name, in the order given; a 400 that lists every unknown id."""
    canonical: list[str] = []
    for text in ids:
        arxiv_id = arxiv_id_of(text)
        if arxiv_id not in canonical:
            canonical.append(arxiv_id)
    found = {paper.arxiv_id: paper for paper in Paper.objects.visible().filter(arxiv_id__in=canonical)}
    unknown = [arxiv_id for arxiv_id in canonical if arxiv_id not in found]
    if unknown:
        raise bad_request(
            f"{field}: no paper {', '.join(unknown)} here. Add missing papers with POST /api/papers/index first.",
            error="unknown_paper",
        )
    return [found[arxiv_id] for arxiv_id in canonical]


@router.post(
    "/recommendations",
    auth=None,
    response={200: RecommendationsOut, 400: ErrorOut, 413: ErrorOut, 415: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Papers ranked for a set of papers you like (no account needed)",
)
def recommendations(request: HttpRequest, body: RecommendationsIn) -> dict[str, Any]:
    if request.content_type != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the body as JSON, with Content-Type: application/json.")
    # Ranking reads every candidate's vector: a few a minute per client.
    check_rate_limit(request, "api-recommendations", limit=settings.RECOMMEND_RATE_LIMIT, period=60)
    if not body.positive:
        raise bad_request("positive: name at least one paper you like (arXiv ids).", error="empty_positive")
    since, until = day_of("since", body.since), day_of("until", body.until)
    if since and until and since > until:
        raise bad_request("since is after until: pick a since on or before until.", error="invalid_since")
    positives = _papers_named("positive", body.positive)
    negatives = _papers_named("negative", body.negative)
    index = prepared_index()
    category = clean_text("category", body.category)
    found = rank_prepared(
        paper_items(positives),
        paper_items(negatives),
        index,
        rows=window(index, since=since, until=until).rows,
        mask=index.category_mask(category) if category else None,
        limit=body.limit,
        sources={paper.pk: paper for paper in positives},
    )
    return {
        "recommendations": [
            {
                "paper": paper_out(item.paper, settings.SITE_URL),
                "score": round(item.score, 6),
                "because": [paper.arxiv_id for paper in item.because],
            }
            for item in found
        ]
    }
