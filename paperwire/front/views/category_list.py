"""/list (the categories this instance harvests) and /list/<category> (the latest day's papers, like arXiv's)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from paperwire.community.votes import voted_paper_ids
from paperwire.papers.categories import UnknownCategories, canonical_categories
from paperwire.papers.category_listing import category_listing, harvested_sets
from paperwire.papers.coverage import category_coverage


@require_GET
def list_index(request: HttpRequest) -> HttpResponse:
    context = {"nav": "list", "sets": harvested_sets(), "coverage": category_coverage()}
    return render(request, "front/list_index.html", context)


@require_GET
def category_list(request: HttpRequest, category: str) -> HttpResponse:
    try:
        [code] = canonical_categories([category])
    except (UnknownCategories, ValueError):
        raise Http404(f"{category[:40]!r} is not an arXiv category such as cs.LG, hep-th or cs.") from None
    if code != category:
        # One address per category, in arXiv's spelling (cs.lg → cs.LG).
        return HttpResponseRedirect(reverse("front:category_list", args=[code]))
    listing = category_listing(code)
    # community.submit refuses papers first published too long ago: offer the button only where it works.
    oldest = timezone.now() - timedelta(days=settings.SUBMIT_MAX_AGE_DAYS)
    context = {
        "nav": "list",
        "listing": listing,
        "harvesting": bool(settings.ARXIV_HARVEST_SETS),
        "voted_ids": voted_paper_ids(request.user, [paper.pk for paper in listing.papers]),
        "listable_ids": {paper.pk for paper in listing.papers if paper.published and paper.published >= oldest},
        "sections": [
            ("new", "New submissions", listing.new),
            ("cross", "Cross-lists", listing.cross_lists),
            ("replaced", "Replacements", listing.replacements),
        ],
    }
    return render(request, "front/category_list.html", context)
