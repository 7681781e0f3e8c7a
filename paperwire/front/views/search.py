"""The search page and "Find related work": forms, results as cards, feeds and saved searches."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from paperwire.community.votes import voted_paper_ids
from paperwire.lib.ratelimit import check_rate_limit
from paperwire.papers.coverage import category_coverage
from paperwire.search.params import MAX_RELATED_CHARS, SEARCH_LIMIT, SEARCH_PERIOD, int_param, run_search
from paperwire.search.saved import saved_searches_of, search_query_string
from paperwire.search.service import SORTS, SearchResults, find_related


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
    results, form = run_search(request.GET)
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
        "voted_ids": voted_paper_ids(request.user, results.ids),
        **links,
        **_page_links(request, results),
    }
    return render(request, "front/search/results.html", context)


@require_http_methods(["GET", "POST"])
def related_page(request: HttpRequest) -> HttpResponse:
    """Paste an abstract or a draft, get the closest papers (changes nothing, so GET works too)."""
    params = request.POST if request.method == "POST" else request.GET
    text = params.get("text", "")[:MAX_RELATED_CHARS]
    results = None
    if text.strip():
        check_rate_limit(request, "search", limit=SEARCH_LIMIT, period=SEARCH_PERIOD)
        results = find_related(text, page=int_param(params, "page", 1))
    context = {
        "nav": "related",
        "text": text,
        "results": results,
        "max_chars": MAX_RELATED_CHARS,
        "voted_ids": voted_paper_ids(request.user, results.ids if results else []),
    }
    return render(request, "front/search/related.html", context)
