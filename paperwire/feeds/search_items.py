"""The papers of a search feed: the search page's ranking, as a feed reader polls it."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import QueryDict

from paperwire.papers.models import Paper
from paperwire.search.service import SORTS, search


@dataclass(frozen=True)
class FeedSearch:
    """The search page's parameters a feed keeps: the query text and its filter widgets."""

    q: str
    cat: str = ""
    author: str = ""
    sort: str = "relevance"

    @classmethod
    def from_params(cls, params: QueryDict) -> FeedSearch:
        sort = params.get("sort", "relevance")
        return cls(
            q=params.get("q", "").strip()[:2_000],
            cat=params.get("cat", "").strip()[:64],
            author=params.get("author", "").strip()[:200],
            sort=sort if sort in SORTS else "relevance",
        )

    @property
    def is_empty(self) -> bool:
        return not (self.q or self.cat or self.author)

    @property
    def label(self) -> str:
        parts = [self.q] if self.q else []
        parts += [f"cat:{self.cat}"] if self.cat else []
        parts += [f'author:"{self.author}"'] if self.author else []
        return " ".join(parts)

    def query_string(self) -> str:
        pairs = {"q": self.q, "cat": self.cat, "author": self.author}
        if self.sort != "relevance":
            pairs["sort"] = self.sort
        return urlencode({key: value for key, value in pairs.items() if value})


def search_feed_items(wanted: FeedSearch, *, limit: int) -> list[Paper]:
    """The first ``limit`` visible results, in the search page's order, with their list entries loaded."""
    results = search(
        wanted.q, category=wanted.cat or None, author=wanted.author or None, sort=wanted.sort, per_page=limit
    )
    return [hit.paper for hit in results.items]  # loaded with their list entries
