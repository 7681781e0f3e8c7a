"""What the page knows about the signed-in person's library: saved marks, entries, follows, BibTeX."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

from paperwire.library.bibtex import bibtex_for
from paperwire.library.follows import find_follow
from paperwire.library.models import Follow, SavedPaper
from paperwire.library.saving import saved_entry, saved_paper_ids
from paperwire.papers.models import Paper

register = template.Library()


@register.simple_tag(takes_context=True)
def paper_is_saved(context: template.Context, paper: Paper) -> bool:
    """One query per page: the person's saved ids are read once and kept on the request."""
    request: HttpRequest | None = context.get("request")
    if request is None or not request.user.is_authenticated:
        return False
    cached: set[int] | None = getattr(request, "_library_saved_ids", None)
    if cached is None:
        cached = saved_paper_ids(request.user)
        request._library_saved_ids = cached  # type: ignore[attr-defined]
    return paper.pk in cached


@register.simple_tag(takes_context=True)
def saved_entry_for(context: template.Context, paper: Paper) -> SavedPaper | None:
    request: HttpRequest | None = context.get("request")
    return saved_entry(request.user, paper) if request is not None else None


@register.simple_tag(takes_context=True)
def follow_of(context: template.Context, kind: str, target: str) -> Follow | None:
    request: HttpRequest | None = context.get("request")
    return find_follow(request.user, kind, target) if request is not None else None


@register.simple_tag
def paper_bibtex(paper: Paper) -> str:
    return bibtex_for([paper])


@register.filter
def tag_names(entry: Any) -> str:
    """ "a, b" for a saved entry's tags (the tags box's value)."""
    return ", ".join(tag.name for tag in entry.tags.all()) if entry is not None else ""
