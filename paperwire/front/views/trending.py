"""The trending page: /papers/trending?window=day|week|month."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from paperwire.community.votes import voted_paper_ids
from paperwire.feeds.links import trending_feed_links
from paperwire.papers.trending import DEFAULT_WINDOW, WINDOW_LABELS, trending_for_window

TRENDING_PAGE_SIZE = 50


def trending_page(request: HttpRequest) -> HttpResponse:
    name = request.GET.get("window", DEFAULT_WINDOW)
    if name not in WINDOW_LABELS:
        # An unknown window is a typo in a hand-edited link, not an error worth a 404.
        name = DEFAULT_WINDOW
    window, papers = trending_for_window(name, limit=TRENDING_PAGE_SIZE)
    context: dict[str, Any] = {
        "nav": "trending",
        "window": window,
        "windows": list(WINDOW_LABELS.items()),
        "papers": papers,
        "voted_ids": voted_paper_ids(request.user, [p.pk for p in papers]),
        "feed_links": trending_feed_links(name),
    }
    return render(request, "front/trending.html", context)
