"""The search results page, the JSON endpoint, saving searches and the "Find related work" page."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from paperwire.lib.periods import LAST_DAY
from paperwire.lib.ratelimit import check_rate_limit
from paperwire.lib.request_hints import safe_next
from paperwire.papers.coverage import category_coverage
from paperwire.search.saved import (
    SaveRefused,
    delete_saved_search,
    save_search,
    saved_searches_of,
    search_query_string,
)
from paperwire.search.service import SORTS, SearchResults, find_related, search

# Each search embeds the query (~10-30 ms of CPU), so a single client
# hammering the box is throttled long before it could slow the site.
SEARCH_LIMIT, SEARCH_PERIOD = 120, 60
MAX_RELATED_CHARS = 20_000


def _date_param(params: QueryDict, name: str, notes: list[str]) -> date | None:
    value = params.get(name, "").strip()
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        notes.append(f"ignored {name} date {value[:40]!r}: use the form 2025-01-31")
        return None
    if day > LAST_DAY:
        # A bound needs its following midnight, which 9999-12-31 does not have.
        notes.append(f"ignored {name} date {value[:40]!r}: dates go up to {LAST_DAY.isoformat()}")
        return None
    return day


def _int_param(params: QueryDict, name: str, default: int) -> int:
    try:
        return int(params.get(name, default))
    except (TypeError, ValueError):
        return default


def _run_search(params: QueryDict) -> tuple[SearchResults, dict[str, Any]]:
    notes: list[str] = []
    form = {
        "q": params.get("q", "")[:20_000],
        "cat": params.get("cat", "").strip()[:64],
        "author": params.get("author", "").strip()[:200],
        "after": params.get("after", "").strip()[:32],
        "before": params.get("before", "").strip()[:32],
        "sort": params.get("sort", "relevance") if params.get("sort") in SORTS else "relevance",
    }
    results = search(
        form["q"],
        category=form["cat"] or None,
        author=form["author"] or None,
        after=_date_param(params, "after", notes),
        before=_date_param(params, "before", notes),
        sort=form["sort"],
        page=_int_param(params, "page", 1),
        per_page=min(max(_int_param(params, "per_page", 20), 1), 100),
        # "search instead for" the typed words links here with fix=0.
        correct=params.get("fix") != "0",
    )
    results.notes.extend(notes)
    return results, form


def _page_links(request: HttpRequest, results: SearchResults) -> dict[str, str | None]:
    def link(page: int) -> str:
        params = request.GET.copy()
        params["page"] = str(page)
        return "?" + params.urlencode()

    return {
        "previous_url": link(results.page - 1) if results.has_previous else None,
        "next_url": link(results.page + 1) if results.has_next else None,
    }


def _search_links(request: HttpRequest, results: SearchResults) -> dict[str, str]:
    """Feeds of this search, and the page for the corrected or the typed words."""
    defining = search_query_string(request.GET)
    links = {"feed_query": defining, "saved_query": defining}
    others = {key: value for key, value in request.GET.items() if key not in ("q", "page", "fix")}
    if results.corrected_query:
        links["typed_url"] = "/search?" + urlencode({"q": request.GET.get("q", ""), **others, "fix": "0"})
    if results.suggestion:
        links["suggestion_url"] = "/search?" + urlencode({"q": results.suggestion, **others})
    if results.corrected_query:
        links["corrected_url"] = "/search?" + urlencode({"q": results.corrected_query, **others})
    return links


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    check_rate_limit(request, "search", limit=SEARCH_LIMIT, period=SEARCH_PERIOD)
    results, form = _run_search(request.GET)
    links = _search_links(request, results)
    saved = saved_searches_of(request.user)
    # A category filter over papers that have no categories yet matches nothing: say why.
    filtered = bool(form["cat"] or results.query.categories)
    context = {
        "category_note": category_coverage().sentence if filtered else "",
        "nav": "search",
        "results": results,
        "form": form,
        "header_query": form["q"],
        "sorts": SORTS,
        "saved_searches": saved,
        "is_saved": any(item.query_string == links["saved_query"] for item in saved),
        **links,
        **_page_links(request, results),
    }
    return render(request, "search/results.html", context)


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
    results, _ = _run_search(request.GET)
    return JsonResponse(results_json(results))


@require_http_methods(["GET", "POST"])
def related_page(request: HttpRequest) -> HttpResponse:
    """Paste an abstract or a draft, get the closest papers (changes nothing, so GET works too)."""
    params = request.POST if request.method == "POST" else request.GET
    text = params.get("text", "")[:MAX_RELATED_CHARS]
    results = None
    if text.strip():
        check_rate_limit(request, "search", limit=SEARCH_LIMIT, period=SEARCH_PERIOD)
        results = find_related(text, page=_int_param(params, "page", 1))
    context = {"nav": "related", "text": text, "results": results, "max_chars": MAX_RELATED_CHARS}
    return render(request, "search/related.html", context)
