"""The library page: /library, the signed-in person's saved papers filtered by tag and words."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from paperwire.community.votes import voted_paper_ids
from paperwire.library.saving import library_entries
from paperwire.library.tags import tags_with_counts

PAGE_SIZE = 200


@login_required
def library_page(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    tags = tags_with_counts(request.user)
    wanted = request.GET.get("tag", "")
    tag = next((t for t in tags if str(t.pk) == wanted), None)
    text = request.GET.get("q", "").strip()[:200]
    entries = library_entries(request.user, tag_id=tag.pk if tag else None, text=text)
    shown = entries[:PAGE_SIZE]
    context = {
        "nav": "library",
        "tags": tags,
        "tag": tag,
        "q": text,
        "entries": shown,
        "total": len(entries),
        "voted_ids": voted_paper_ids(request.user, [entry.paper_id for entry in shown]),
    }
    return render(request, "front/library.html", context)
