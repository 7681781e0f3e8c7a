"""What one subscriber's digest contains.

Up to four sections, each paper in one of them only:

- **For you** (``for_you_count``, signed-in subscribers): the period's papers,
  listed or not, ranked by the For-you recommender from the person's library;
- **From what you follow** (``follows_count``): new papers of followed
  authors, categories and saved searches, and papers like a followed tag, for follows whose
  email is daily (every digest) or weekly (the weekly one);
- **Trending** (``paper_count``): from the edition's trending candidates, keep
  the subscriber's categories, drop papers already sent to them in earlier
  editions, re-order by interest similarity when they gave interests (and
  vectors exist);
- **Updates to your library**: new versions, DOIs and journal references of
  saved papers not emailed yet.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
from django.db.models import Q, QuerySet

from paperwire.digests.editions import candidate_papers
from paperwire.digests.interests import WHY_THRESHOLD, best_matches, load_paper_vectors
from paperwire.digests.models import Delivery, DeliveryStatus, Edition, Frequency, Subscription
from paperwire.digests.reader_signals import PersonalSignals
from paperwire.library.candidates import candidate_index
from paperwire.library.follows import describe, follow_papers
from paperwire.library.models import Follow
from paperwire.library.recommend import CandidateIndex, Item
from paperwire.papers.models import Paper
from paperwire.search.models import SavedSearch
from paperwire.search.saved import is_new_since
from paperwire.search.saved_results import new_papers_of_saved_search

# Interests re-order at most this many of the top category-filtered papers,
# so a weak match from far down the list never beats the period's best.
INTEREST_POOL = 50
# Earlier editions looked at when ruling out repeats.
REPEAT_WINDOW = timedelta(days=60)


class Section:
    FOR_YOU = "for_you"
    FOLLOWS = "follows"
    TRENDING = "trending"
    UPDATES = "updates"


SECTION_TITLES = {
    Section.FOR_YOU: "For you",
    Section.FOLLOWS: "From what you follow",
    Section.TRENDING: "Trending",
    Section.UPDATES: "Updates to papers in your library",
}
# Library updates are few and all worth reading; this only bounds a flood.
MAX_UPDATES = 10
# A followed author's or category's papers are "new" within this many days
# before the edition (a weekly follow looks back a week).
FOLLOW_WINDOW_DAYS: dict[str, int] = {Follow.Email.DAILY: 1, Follow.Email.WEEKLY: 7}


@dataclass(frozen=True)
class DigestItem:
    paper: Paper
    why: str = ""  # "why you see this", only on personalised picks
    section: str = Section.TRENDING
    event_id: int | None = None  # the library update this item reports


@dataclass
class EditionContent:
    """Per-edition data shared by every subscriber of a batch (loaded once)."""

    edition: Edition
    candidates: list[Paper]
    _vectors: dict[int, np.ndarray] | None = None
    fragments: dict[tuple[str, int], str] = field(default_factory=dict)
    _by_categories: dict[tuple[str, ...], list[Paper]] = field(default_factory=dict)
    shell: object | None = None  # rendering.HtmlShell, built on first use
    _for_you: CandidateIndex | None = None
    _for_you_papers: dict[int, Paper] = field(default_factory=dict)
    _followed: dict[tuple[str, str, str, int], list[Paper]] = field(default_factory=dict)

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

    def for_you_index(self) -> CandidateIndex:
        """The recommender's index of the period's papers, built once per edition and shared by every subscriber."""
        if self._for_you is None:
            self._for_you = candidate_index(period_papers(self.edition))
        return self._for_you

    def papers(self, ids: list[int]) -> dict[int, Paper]:
        """Papers by id, cached for the edition (many subscribers get the same recommendations)."""
        missing = [pk for pk in ids if pk not in self._for_you_papers]
        if missing:
            self._for_you_papers.update(Paper.objects.visible().with_entry().in_bulk(missing))
        return {pk: self._for_you_papers[pk] for pk in ids if pk in self._for_you_papers}

    def followed_papers(self, follow_row: Follow, limit: int) -> list[Paper]:
        """A followed author's or category's newest papers, read once per edition for all its followers."""
        key = (follow_row.kind, follow_row.target, follow_row.label, limit)
        if key not in self._followed:
            self._followed[key] = follow_papers(follow_row, limit=limit)
        return self._followed[key]


def period_papers(edition: Edition) -> QuerySet[Paper]:
    """Every visible paper of the edition's period, listed or not: published in it or on one of its lists."""
    since = datetime.combine(edition.period_start, time.min, tzinfo=UTC)
    until = datetime.combine(edition.period_end, time.min, tzinfo=UTC)
    return Paper.objects.visible().filter(
        Q(published__gte=since, published__lt=until)
        | Q(daily_entry__list_date__gte=edition.period_start, daily_entry__list_date__lt=edition.period_end)
    )


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


def build_digest(
    subscription: Subscription,
    content: EditionContent,
    already_sent: set[int],
    personal: PersonalSignals | None = None,
) -> list[DigestItem]:
    """The digest's items, section by section (For you, follows, trending, updates)."""
    items: list[DigestItem] = []
    taken = set(already_sent)
    if personal is not None:
        # 👎 and "not interested" keep a paper out of every section.
        taken.update(item.key for item in personal.negatives)
        items += for_you_items(subscription.for_you_count, content, personal, taken)
        taken.update(item.paper.pk for item in items)
        items += follow_items(subscription, content, personal, taken)
        taken.update(item.paper.pk for item in items)
    items += trending_items(subscription, content, taken)
    if personal is not None:
        items += [
            DigestItem(update.paper, update.summary, Section.UPDATES, update.event_id)
            for update in personal.updates[:MAX_UPDATES]
        ]
    return items


def because_line(keys: tuple[int, ...], titles: dict[int, str], what: str = "in your library") -> str:
    names = [f"“{titles[key]}”" for key in keys if key in titles][:2]
    return f"Like {' and '.join(names)} {what}" if names else ""


def for_you_items(count: int, content: EditionContent, personal: PersonalSignals, taken: set[int]) -> list[DigestItem]:
    if count <= 0 or not personal.positives:
        return []
    index = content.for_you_index()
    # Ask for more than needed: papers sent in earlier editions are dropped after ranking.
    # The ranking's own explanation re-reads every positive's words; a digest
    # names the closest positives by meaning and authors instead, at a tenth of the cost.
    found = index.rank(personal.positives, personal.negatives, limit=count + 20, explain=False)
    keys = [r.key for r in found if r.key not in taken][:count]
    papers = content.papers(keys)
    because = closest_positives(index, keys, personal.positives)
    return [
        DigestItem(papers[key], because_line(because[key], personal.titles), Section.FOR_YOU)
        for key in keys
        if key in papers
    ]


def closest_positives(index: CandidateIndex, keys: list[int], positives: list[Item]) -> dict[int, tuple[int, ...]]:
    """For each candidate, the (up to two) positives most like it: shared authors first, then meaning."""
    if not keys:
        return {}
    rows = [index.row_of[key] for key in keys]
    # A positive without a vector (or from another embedder) is a zero row: like nothing.
    vectors = np.zeros((len(positives), index.dim), dtype=np.float32)
    for j, positive in enumerate(positives):
        if positive.vector is not None:
            vector = np.asarray(positive.vector, dtype=np.float32).reshape(-1)[: index.dim]
            vectors[j, : vector.shape[0]] = vector
    similarity = index.vectors[rows] @ vectors.T
    # Authors as the index's columns: a positive's author the index never saw shares nothing.
    positive_authors = [
        {index.author_ids.get(index.author_key(name)) for name in p.authors} - {None} for p in positives
    ]
    indptr, indices = index.authors.indptr, index.authors.indices
    result: dict[int, tuple[int, ...]] = {}
    for line, (key, row) in enumerate(zip(keys, rows, strict=True)):
        authors = set(indices[indptr[row] : indptr[row + 1]].tolist())
        shared = np.array([len(authors & theirs) for theirs in positive_authors], dtype=np.float32)
        score = shared + similarity[line]
        order = np.argsort(-score, kind="stable")[:2]
        result[key] = tuple(positives[j].key for j in order if score[j] > 0)
    return result


def follow_is_due(subscription: Subscription, edition: Edition, follow_row: Follow) -> bool:
    """Daily follows ride every digest; weekly ones the weekly edition or the subscriber's weekday."""
    if follow_row.email == Follow.Email.DAILY:
        return True
    return edition.frequency == Frequency.WEEKLY or edition.issue_date.weekday() == subscription.weekday


def _follow_first_day(edition: Edition, follow_row: Follow) -> date:
    """The first day whose papers are new to a follow (a weekly follow looks back a week)."""
    first_day = edition.issue_date - timedelta(days=FOLLOW_WINDOW_DAYS.get(follow_row.email, 1))
    return min(first_day, edition.period_start)


def follow_items(
    subscription: Subscription, content: EditionContent, personal: PersonalSignals, taken: set[int]
) -> list[DigestItem]:
    count = subscription.follows_count
    edition = content.edition
    if count <= 0:
        return []
    per_follow: list[list[DigestItem]] = []
    for follow_row in personal.follows:
        if not follow_is_due(subscription, edition, follow_row):
            continue
        why = f"You follow {describe(follow_row)}"
        if follow_row.kind == Follow.Kind.TAG:
            # A tag's own papers are not news: follow it as "more like this tag" (arxiv-sanity's per-tag email).
            positives = personal.tag_papers.get(int(follow_row.target), [])
            ranked = content.for_you_index().rank(positives, personal.negatives, limit=count + 20) if positives else []
            papers = content.papers([r.key for r in ranked])
            picks = [papers[r.key] for r in ranked if r.key in papers]
            why = f"Like the papers of your tag “{follow_row.label}”"
        elif follow_row.kind in (Follow.Kind.AUTHOR, Follow.Kind.CATEGORY, Follow.Kind.ORGANIZATION):
            first_day = _follow_first_day(edition, follow_row)
            picks = [p for p in content.followed_papers(follow_row, count + 20) if is_new_since(p, first_day)]
        elif follow_row.kind == Follow.Kind.SAVED_SEARCH:
            picks = saved_search_papers(follow_row, _follow_first_day(edition, follow_row), limit=count + 20)
        else:
            continue
        per_follow.append([DigestItem(p, why, Section.FOLLOWS) for p in picks if p.pk not in taken])
    # Round robin, so one prolific author does not crowd out the other follows.
    items: list[DigestItem] = []
    seen: set[int] = set()
    while len(items) < count and any(per_follow):
        for queue in per_follow:
            while queue and queue[0].paper.pk in seen:
                queue.pop(0)
            if queue and len(items) < count:
                item = queue.pop(0)
                items.append(item)
                seen.add(item.paper.pk)
    return items


def saved_search_papers(follow_row: Follow, first_day: date, *, limit: int) -> list[Paper]:
    """The saved search rerun as the search page runs it, narrowed to papers new since ``first_day``."""
    saved = (
        SavedSearch.objects.filter(pk=int(follow_row.target), owner_id=follow_row.user_id).first()
        if follow_row.target.isdigit()
        else None
    )
    if saved is None:
        return []
    return new_papers_of_saved_search(saved, first_day, limit=limit)


def trending_items(subscription: Subscription, content: EditionContent, already_sent: set[int]) -> list[DigestItem]:
    count = subscription.paper_count
    if count <= 0:
        return []
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
