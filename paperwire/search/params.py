"""What a search form or ``/search.json`` asks for: its parameters read, bounded and run through ``search()``.

The search page (a page, in front) and the JSON endpoint (here) read the same
parameters the same way; invalid dates and numbers become notes, not errors.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import QueryDict

from paperwire.lib.periods import LAST_DAY
from paperwire.search.service import SORTS, SearchResults, search

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


def int_param(params: QueryDict, name: str, default: int) -> int:
    try:
        return int(params.get(name, default))
    except (TypeError, ValueError):
        return default


def run_search(params: QueryDict) -> tuple[SearchResults, dict[str, Any]]:
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
        page=int_param(params, "page", 1),
        per_page=min(max(int_param(params, "per_page", 20), 1), 100),
        # "search instead for" the typed words links here with fix=0.
        correct=params.get("fix") != "0",
    )
    results.notes.extend(notes)
    return results, form

