"""What one subscriber's digest contains.

From the edition's trending candidates: keep the subscriber's categories,
drop papers already sent to them in earlier editions, re-order by interest
similarity when they gave interests (and vectors exist), keep ``paper_count``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from paperwire.digests.editions import candidate_papers
from paperwire.digests.interests import WHY_THRESHOLD, best_matches, load_paper_vectors
from paperwire.digests.models import Delivery, DeliveryStatus, Edition, Subscription
from paperwire.papers.models import Paper

# Interests re-order at most this many of the top category-filtered papers,
# so a weak match from far down the list never beats the period's best.
INTEREST_POOL = 50
# Earlier editions looked at when ruling out repeats.
REPEAT_WINDOW = timedelta(days=60)


@dataclass(frozen=True)
class DigestItem:
    paper: Paper
    why: str = ""  # "why you see this", only on personalised picks


@dataclass
class EditionContent:
    """Per-edition data shared by every subscriber of a batch (loaded once)."""

    edition: Edition
    candidates: list[Paper]
    _vectors: dict[int, np.ndarray] | None = None
    fragments: dict[tuple[str, int], str] = field(default_factory=dict)
    _by_categories: dict[tuple[str, ...], list[Paper]] = field(default_factory=dict)
    shell: object | None = None  # rendering.HtmlShell, built on first use

    @classmethod
    def load(cls, edition: Edition, now: datetime | None = None) -> EditionContent:
        return cls(edition, candidate_papers(edition, now))

    def in_categories(self, categories: list[str]) -> list[Paper]:
        # Subscribers share a few category choices: filter once per choice.
        key = tuple(sorted(categories))
        if key not in self._by_categories:
            self._by_categories[key] = [p for p in self.candidates if matches_categories(p, list(key))]
        return self._by_categories[key]

    @property
    def vectors(self) -> dict[int, np.ndarray]:
        if self._vectors is None:
            self._vectors = load_paper_vectors(p.pk for p in self.candidates)
        return self._vectors


def matches_categories(paper: Paper, wanted: list[str]) -> bool:
    if not wanted:
        return True
    # "cs" selects the whole archive (cs.LG, cs.CL, ...); "cs.LG" just itself.
    for category in paper.categories or [paper.primary_category]:
        for want in wanted:
            if category == want or category.startswith(want + "."):
                return True
    return False


def previously_sent(subscription_ids: Iterable[int], now: datetime) -> dict[int, set[int]]:
    sent: dict[int, set[int]] = defaultdict(set)
    rows = Delivery.objects.filter(
        subscription_id__in=list(subscription_ids), status=DeliveryStatus.SENT, sent_at__gte=now - REPEAT_WINDOW
    ).values_list("subscription_id", "paper_ids")
    for subscription_id, paper_ids in rows:
        sent[subscription_id].update(int(pid) for pid in paper_ids or [])
    return sent


def build_digest(subscription: Subscription, content: EditionContent, already_sent: set[int]) -> list[DigestItem]:
    count = max(1, subscription.paper_count)
    personal = bool(subscription.interest_lines)
    wanted = INTEREST_POOL if personal else count
    pool: list[Paper] = []
    for paper in content.in_categories(subscription.categories):
        if paper.pk not in already_sent:
            pool.append(paper)
            if len(pool) >= wanted:
                break
    if not personal or not pool:
        return [DigestItem(paper) for paper in pool[:count]]
    matches = best_matches(subscription, [p.pk for p in pool], content.vectors)
    if not matches:
        return [DigestItem(paper) for paper in pool[:count]]
    # A paper without a vector keeps a neutral score rather than sinking.
    rank = {paper.pk: index for index, paper in enumerate(pool)}
    ordered = sorted(
        pool,
        key=lambda p: (-(matches[p.pk].score if p.pk in matches else WHY_THRESHOLD), rank[p.pk]),
    )
    items = []
    for paper in ordered[:count]:
        match = matches.get(paper.pk)
        why = f"Matches your interest “{match.interest}”" if match and match.score >= WHY_THRESHOLD else ""
        items.append(DigestItem(paper, why))
    return items
