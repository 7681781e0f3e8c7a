"""Saved searches: a signed-in person keeps a search page's parameters to run again.

A saved search is the page's own query string (words, filters and sort, no
page number), so opening it reruns exactly that search. Other apps read
``SavedSearch`` rows as they are (the digests turn them into emails).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db import IntegrityError, transaction
from django.http import QueryDict

from paperwire.papers.models import Paper
from paperwire.search.models import SavedSearch

# What a saved search keeps of the search page's parameters, in this order.
SAVED_PARAMETERS = ("q", "cat", "author", "after", "before", "sort")
MAX_SAVED_SEARCHES = 100
MAX_QUERY_STRING = 2000


class SaveRefused(ValueError):
    """The search cannot be saved; the message says why."""


def search_query_string(params: QueryDict) -> str:
    """The search page's parameters that define a search, urlencoded in a fixed order."""
    kept: dict[str, str] = {}
    for name in SAVED_PARAMETERS:
        value = params.get(name, "").strip()
        if value and not (name == "sort" and value == "relevance"):
            kept[name] = value
    return urlencode(kept)


def saved_searches_of(user: Any) -> list[SavedSearch]:
    if not user.is_authenticated:
        return []
    return list(SavedSearch.objects.filter(owner=user)[:MAX_SAVED_SEARCHES])


def save_search(user: Any, params: QueryDict) -> SavedSearch:
    """Keep the search ``params`` describe for ``user`` (saving it twice keeps one)."""
    query_string = search_query_string(params)
    if not query_string:
        raise SaveRefused("Type a search first: an empty search cannot be saved.")
    if len(query_string) > MAX_QUERY_STRING:
        raise SaveRefused("This search is too long to save.")
    existing = SavedSearch.objects.filter(owner=user, query_string=query_string).first()
    if existing is not None:
        return existing
    if SavedSearch.objects.filter(owner=user).count() >= MAX_SAVED_SEARCHES:
        raise SaveRefused(f"You have {MAX_SAVED_SEARCHES} saved searches; delete one to save another.")
    try:
        with transaction.atomic():
            return SavedSearch.objects.create(owner=user, query_string=query_string)
    except IntegrityError:
        # The same search saved twice at once (two tabs): keep the one that won.
        return SavedSearch.objects.get(owner=user, query_string=query_string)


def delete_saved_search(user: Any, pk: int) -> bool:
    """Delete ``user``'s saved search ``pk``; False if they have none by that id."""
    deleted, _ = SavedSearch.objects.filter(owner=user, pk=pk).delete()
    return bool(deleted)


def is_new_since(paper: Paper, first_day: date) -> bool:
    """Published, or put on a list, on ``first_day`` or after."""
    if paper.published and paper.published.date() >= first_day:
        return True
    # A missing one-to-one raises an AttributeError subclass, so getattr's default applies.
    entry = getattr(paper, "daily_entry", None)
    return bool(entry and entry.list_date >= first_day)
