"""The paper page: /papers/<arxiv id> with its list entry, votes, similar papers and comments."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from paperwire.community.claims import claims_on
from paperwire.community.comments import comment_context
from paperwire.community.votes import voted_paper_ids
from paperwire.lib.arxiv_ids import InvalidArxivId, parse_arxiv_id
from paperwire.lib.periods import iso_week_label
from paperwire.papers.citations import citations_of
from paperwire.papers.hf_discussion import upstream_discussion
from paperwire.papers.models import Paper
from paperwire.search.similar import similar_papers

SIMILAR_COUNT = 6


def paper_page(request: HttpRequest, arxiv_id: str) -> HttpResponse:
    try:
        parsed = parse_arxiv_id(arxiv_id)
    except InvalidArxivId as exc:
        raise Http404(str(exc)) from None
    if parsed.version is not None or parsed.id != arxiv_id:
        # One canonical address per paper: versioned links land on the paper.
        return redirect("front:paper", arxiv_id=parsed.id, permanent=True)
    paper = Paper.objects.visible().with_entry().filter(arxiv_id=parsed.id).first()
    if paper is None:
        raise Http404(f"No paper {parsed.id} here yet. Signed-in people can submit it from the Submit page.")

    entry = getattr(paper, "daily_entry", None)
    context: dict[str, Any] = {
        "paper": paper,
        "entry": entry,
        "similar": similar_papers(paper, limit=SIMILAR_COUNT),
        "voted_ids": voted_paper_ids(request.user, [paper.pk]),
        "nav": "daily",
        "week_label": iso_week_label(entry.list_date) if entry is not None else None,
        "upstream": upstream_discussion(paper),
        # What cites the paper on the Hub: shown only while PAPERWIRE_HF_HUB is set.
        "hub": settings.HF_HUB,
        "citations": citations_of(paper) if settings.HF_HUB else None,
    }
    context.update(comment_context(request, paper))
    context["my_claims"] = claims_on(paper, request.user)
    return render(request, "front/paper_detail.html", context)
