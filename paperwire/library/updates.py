"""Updates to the papers in a person's library: a new arXiv version, a DOI, a journal reference.

The papers app records these as ``PaperEvent`` rows (the arXiv enrichment
writes them); an event counts for a person only if it happened after they
saved the paper, since older news is already on the paper's page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import F
from django.utils import timezone

from paperwire.papers.models import Paper, PaperEvent
from paperwire.papers.querysets import on_visible_papers

# How far back the For-you page's "Updates" box and a digest look.
UPDATES_WINDOW = timedelta(days=30)
MAX_UPDATES = 20


@dataclass(frozen=True)
class LibraryUpdate:
    event_id: int
    paper: Paper
    kind: str
    new_value: str
    at: datetime

    @property
    def summary(self) -> str:
        """What changed, in a few words (shown under the paper's title)."""
        if self.kind == PaperEvent.Kind.NEW_VERSION:
            return f"New arXiv version ({self.new_value})" if self.new_value else "New arXiv version"
        if self.kind == PaperEvent.Kind.DOI:
            return f"Now has a DOI: {self.new_value}"
        return f"Published: {self.new_value}"


def updates_for_users(
    user_ids: Iterable[int], *, since: datetime | None = None, limit: int = MAX_UPDATES
) -> dict[int, list[LibraryUpdate]]:
    """Each person's library updates since ``since`` (default: the last 30 days), newest first."""
    ids = list(user_ids)
    if not ids:
        return {}
    since = since or timezone.now() - UPDATES_WINDOW
    # One join to the saves: the three conditions on it apply to the same save row.
    rows = (
        on_visible_papers(
            PaperEvent.objects.filter(
                paper__saves__user_id__in=ids, paper__saves__saved_at__lte=F("created_at"), created_at__gte=since
            )
        )
        .annotate(owner_id=F("paper__saves__user_id"))
        .select_related("paper")
        .order_by("-created_at", "-pk")
    )
    found: dict[int, list[LibraryUpdate]] = defaultdict(list)
    for event in rows:
        owner = int(event.owner_id)  # type: ignore[attr-defined]
        if len(found[owner]) < limit:
            found[owner].append(LibraryUpdate(event.pk, event.paper, event.kind, event.new_value, event.created_at))
    return dict(found)


def library_updates(user: User | AnonymousUser, *, since: datetime | None = None) -> list[LibraryUpdate]:
    """The signed-in person's library updates, newest first; empty when signed out."""
    if not user.is_authenticated:
        return []
    return updates_for_users([user.pk], since=since).get(user.pk, [])
