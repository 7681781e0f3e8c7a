"""Author pages: /authors/<name> with the person's papers, frequent co-authors, upvotes and feeds."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from paperwire.community.verified_authors import verified_authors
from paperwire.community.votes import voted_paper_ids
from paperwire.feeds.links import author_feed_links
from paperwire.papers.authors import (
    author_identity,
    by_author_including_unindexed,
    first_matching_name,
    frequent_co_authors,
)
from paperwire.papers.models import Paper

PAGE_SIZE = 30
CO_AUTHOR_COUNT = 12


def _display_name(asked: str, key: str, papers: list[Paper]) -> str:
    """The spelling the link used when papers write it so, else the one they use most."""
    spellings = Counter(spelling for paper in papers if (spelling := first_matching_name(paper.authors or [], [key])))
    if asked in spellings or not spellings:
        return asked
    return spellings.most_common(1)[0][0]


def author_page(request: HttpRequest, name: str) -> HttpResponse:
    identity = author_identity(name.strip())
    if not identity.keys:
        raise Http404("No author by that name.")
    papers = by_author_including_unindexed(Paper.objects.visible().with_entry(), identity.keys)
    paginator = Paginator(papers.catalogue_order(), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    listed = list(page.object_list)
    if not listed and page.number == 1:
        raise Http404(f"No papers by {name} here yet.")
    totals = papers.aggregate(upvotes=Sum("upvote_count"))
    co_authors = frequent_co_authors(papers, identity.keys, CO_AUTHOR_COUNT)
    context: dict[str, Any] = {
        "author_name": _display_name(name.strip(), identity.key, listed),
        "papers": listed,
        "page_obj": page,
        "paper_total": paginator.count,
        "upvote_total": totals["upvotes"] or 0,
        "co_authors": [row for row in co_authors if row["papers"] > 1] or co_authors[:6],
        "verified_people": verified_authors(identity.keys),
        "feed_links": author_feed_links(name),
        "voted_ids": voted_paper_ids(request.user, [p.pk for p in listed]),
    }
    return render(request, "front/author.html", context)
