"""Organization pages: /orgs (most papers first) and /orgs/<name> with its papers, upvotes, feeds and follow."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from paperwire.community.votes import voted_paper_ids
from paperwire.feeds.links import organization_feed_links
from paperwire.papers.models import Organization
from paperwire.papers.organizations import organization_papers, organization_upvotes, organizations_by_papers

PAGE_SIZE = 30
INDEX_PAGE_SIZE = 100


def organization_page(request: HttpRequest, name: str) -> HttpResponse:
    organization = Organization.objects.filter(name=name).first()
    if organization is None:
        raise Http404(f"No organization called {name} lists papers here.")
    paginator = Paginator(organization_papers(name).catalogue_order(), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    listed = list(page.object_list)
    if not listed and page.number == 1:
        raise Http404(f"No papers listed under {name} here yet.")
    context: dict[str, Any] = {
        "organization": organization,
        "papers": listed,
        "page_obj": page,
        "paper_total": paginator.count,
        "upvote_total": organization_upvotes(name),
        "feed_links": organization_feed_links(name),
        "voted_ids": voted_paper_ids(request.user, [paper.pk for paper in listed]),
    }
    return render(request, "front/organization.html", context)


def organization_index(request: HttpRequest) -> HttpResponse:
    page = Paginator(organizations_by_papers(), INDEX_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "front/organizations.html", {"organizations": list(page.object_list), "page_obj": page})
