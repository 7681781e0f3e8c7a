"""The search JSON endpoint and saving searches (the search and related pages are in front)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.views.decorators.http import require_GET, require_POST

from paperwire.lib.ratelimit import check_rate_limit
from paperwire.lib.request_hints import safe_next
from paperwire.search.params import SEARCH_LIMIT, SEARCH_PERIOD, run_search
from paperwire.search.saved import SaveRefused, delete_saved_search, save_search
from paperwire.search.service import SearchResults


def _back_to(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(safe_next(request, fallback))


@require_POST
@login_required
def save_search_view(request: HttpRequest) -> HttpResponse:
    """Save the search whose parameters are posted (q, cat, author, after, before, sort)."""
    try:
        saved = save_search(request.user, request.POST)
    except SaveRefused as exc:
        messages.error(request, str(exc))
        return _back_to(request, "/search")
    messages.success(request, f"Saved “{saved.label}”. Your saved searches are listed here and on your profile.")
    return _back_to(request, saved.url)


@require_POST
@login_required
def delete_saved_search_view(request: HttpRequest, pk: int) -> HttpResponse:
    if delete_saved_search(request.user, pk):
        messages.success(request, "Saved search deleted.")
    return _back_to(request, "/search")


def results_json(results: SearchResults) -> dict[str, Any]:
    return {
        "query": results.query.canonical(),
        "total": results.total,
        "page": results.page,
        "per_page": results.per_page,
        "sort": results.sort,
        "pending_index_count": results.pending_index_count,
        "notes": results.notes,
        "total_label": results.total_label,
        "lookup": results.lookup,
        "missing_arxiv_id": results.missing_arxiv_id,
        "corrected_query": results.corrected_query,
        "suggestion": results.suggestion,
        "items": [
            {
                "id": hit.paper.arxiv_id,
                "title": hit.paper.title,
                "authors": list(hit.paper.authors or []),
                "published": hit.paper.published.isoformat() if hit.paper.published else None,
                "categories": list(hit.paper.categories or []),
                "upvotes": hit.paper.upvote_count,
                "url": hit.paper.get_absolute_url(),
                "score": round(hit.score, 6),
                "matched_by": list(hit.matched_by),
                "matched_author": hit.matched_author,
                "title_html": str(hit.title_html),
                "snippet_html": str(hit.snippet_html),
            }
            for hit in results.items
        ],
    }




@require_GET
def search_json(request: HttpRequest) -> JsonResponse:
    check_rate_limit(request, "search", limit=SEARCH_LIMIT, period=SEARCH_PERIOD)
    results, _ = run_search(request.GET)
    return JsonResponse(results_json(results))
