"""The catalogue's queries, as chainable ``Paper.objects`` methods.

Every list, feed, digest and API answer is built from these, so "visible",
"on a daily list" and the list orders mean the same thing everywhere:

    Paper.objects.listed().in_period(period).in_list_order("upvotes")
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, TypeVar

from django.db import models
from django.db.models import F, Q

from paperwire.lib.periods import Period

if TYPE_CHECKING:
    # Named only in the base class below (models.py imports this module).
    from paperwire.papers.models import Paper  # noqa: F401

_Row = TypeVar("_Row", bound=models.Model)


def on_visible_papers(rows: models.QuerySet[_Row], relation: str = "paper") -> models.QuerySet[_Row]:
    """Rows whose paper (reached through ``relation``) readers may see.

    ``PaperQuerySet.visible()`` for everything that points at a paper: list
    entries, votes, comments, saves, events. One rule, so a hidden paper
    disappears from every list, profile and count at once.
    """
    return rows.filter(**{f"{relation}__hidden": False})


# The orders a reader can pick on a list page (``?sort=``).
SORTS: dict[str, tuple[str, ...]] = {
    "upvotes": ("-upvote_count", "-comment_count", "arxiv_id"),
    "date": ("-published", "arxiv_id"),
}
DEFAULT_SORT = "upvotes"


class PaperQuerySet(models.QuerySet["Paper"]):
    def visible(self) -> PaperQuerySet:
        """Papers that lists, feeds, search and the API may show."""
        return self.filter(hidden=False)

    def with_entry(self) -> PaperQuerySet:
        """Each paper's list entry, submitter and organization loaded in the same query (cards show them)."""
        return self.select_related("daily_entry", "daily_entry__submitter", "organization_link__organization")

    def listed(self) -> PaperQuerySet:
        """Visible papers that are on a daily list, with their entries loaded."""
        return self.visible().filter(daily_entry__isnull=False).with_entry()

    def in_period(self, period: Period) -> PaperQuerySet:
        """Papers listed on a day of ``period``."""
        return self.listed_between(period.start, period.end)

    def listed_between(self, first_day: date, end_day: date) -> PaperQuerySet:
        """Papers listed from ``first_day`` (included) to ``end_day`` (excluded)."""
        return self.filter(daily_entry__list_date__gte=first_day, daily_entry__list_date__lt=end_day)

    def submitted_by(self, name: str) -> PaperQuerySet:
        """Papers put on a list by ``name``: a local user name, or a submitter imported from Hugging Face."""
        return self.filter(Q(daily_entry__submitter__username=name) | Q(daily_entry__submitter_name=name))

    def submitted_by_import(self, name: str) -> PaperQuerySet:
        """Papers put on a list by a submitter known only from an import (a Hugging Face user name)."""
        return self.filter(daily_entry__submitter__isnull=True, daily_entry__submitter_name=name)

    def by_author(self, keys: tuple[str, ...] | list[str]) -> PaperQuerySet:
        """Papers with an author whose normalised name is one of ``keys`` (see ``papers/authors.py``).

        A subquery on the author index, not a join: a paper listing two
        spellings of one person appears once.
        """
        # The author index is reached through the relation: models.py imports this module.
        index = self.model._meta.get_field("author_rows").related_model
        assert isinstance(index, type) and issubclass(index, models.Model)
        return self.filter(pk__in=index._default_manager.filter(key__in=list(keys)).values("paper_id"))

    def in_list_order(self, sort: str = DEFAULT_SORT) -> PaperQuerySet:
        """One of ``SORTS`` (an unknown name falls back to ``DEFAULT_SORT``)."""
        return self.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))

    def newest_lists_first(self) -> PaperQuerySet:
        """Newest list day first, most upvoted first within a day (the daily feeds' and HF's order)."""
        return self.order_by("-daily_entry__list_date", "-upvote_count", "arxiv_id")

    def catalogue_order(self) -> PaperQuerySet:
        """Newest first version first, papers without a date last, ties by descending key (stable for paging)."""
        return self.order_by(F("published").desc(nulls_last=True), "-pk")
