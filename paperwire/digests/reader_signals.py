"""What a signed-in subscriber's digest knows about them, loaded for a whole batch at once.

Their positives (saves, upvotes and comments, newest first, as on the
For-you page but for a whole batch in one query each) and negatives ("not
interested", 👎) for the For-you section, their follows whose email is on,
and the updates to their library not emailed yet. A handful of queries per
batch of subscribers, never per message.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from paperwire.community.models import Comment, Upvote
from paperwire.digests.models import SentUpdate
from paperwire.library.models import Follow, NotInterested, SavedPaper, TagMembership
from paperwire.library.recommend import MAX_NEGATIVES, MAX_POSITIVES_FOR_NEAREST, Item
from paperwire.library.updates import UPDATES_WINDOW, LibraryUpdate, updates_for_users
from paperwire.papers.models import Paper
from paperwire.search.indexing import document_text
from paperwire.search.vectors import paper_vectors

# Positives beyond this many (the oldest) add little and cost TF-IDF time per message.
MAX_POSITIVES = 2 * MAX_POSITIVES_FOR_NEAREST


@dataclass
class PersonalSignals:
    positives: list[Item] = field(default_factory=list)
    negatives: list[Item] = field(default_factory=list)
    titles: dict[int, str] = field(default_factory=dict)
    follows: list[Follow] = field(default_factory=list)
    # Papers of each followed tag (tag id → positives), for "more like this tag".
    tag_papers: dict[int, list[Item]] = field(default_factory=dict)
    updates: list[LibraryUpdate] = field(default_factory=list)


def _items(paper_ids: Iterable[int]) -> tuple[dict[int, Item], dict[int, str]]:
    """The papers as the ranking sees them, and their titles (for "why you see this")."""
    ids = list(dict.fromkeys(paper_ids))
    vectors = paper_vectors(ids)
    papers = list(Paper.objects.filter(pk__in=ids).only("pk", "title", "abstract", "authors"))
    items = {
        paper.pk: Item(
            paper.pk, document_text(paper.title, paper.abstract), tuple(paper.authors or ()), vectors.get(paper.pk)
        )
        for paper in papers
    }
    return items, {paper.pk: " ".join(paper.title.split()) for paper in papers}


def load_personal(user_ids: Iterable[int], now: datetime) -> dict[int, PersonalSignals]:
    """Signals of each of ``user_ids`` (people without any are absent from the answer)."""
    users = sorted(set(user_ids))
    if not users:
        return {}
    positive_ids: dict[int, list[tuple[datetime, int]]] = defaultdict(list)
    for user_id, paper_id, at in SavedPaper.objects.filter(user_id__in=users).values_list(
        "user_id", "paper_id", "saved_at"
    ):
        positive_ids[user_id].append((at, paper_id))
    for user_id, paper_id, at in Upvote.objects.filter(user_id__in=users).values_list(
        "user_id", "paper_id", "created_at"
    ):
        positive_ids[user_id].append((at, paper_id))
    for user_id, paper_id, at in Comment.objects.filter(author_id__in=users).values_list(
        "author_id", "paper_id", "created_at"
    ):
        positive_ids[user_id].append((at, paper_id))
    negative_ids: dict[int, list[int]] = defaultdict(list)
    for user_id, paper_id in (
        NotInterested.objects.filter(user_id__in=users).order_by("-created_at").values_list("user_id", "paper_id")
    ):
        negative_ids[user_id].append(paper_id)
    follows: dict[int, list[Follow]] = defaultdict(list)
    for row in Follow.objects.filter(user_id__in=users).exclude(email=Follow.Email.OFF):
        follows[row.user_id].append(row)
    tag_ids = [int(f.target) for rows in follows.values() for f in rows if f.kind == Follow.Kind.TAG]
    tag_members: dict[int, list[int]] = defaultdict(list)
    for tag_id, paper_id in TagMembership.objects.filter(tag_id__in=tag_ids).values_list("tag_id", "saved__paper_id"):
        tag_members[tag_id].append(paper_id)

    newest: dict[int, list[int]] = {}
    for user_id, rows in positive_ids.items():
        dismissed = set(negative_ids.get(user_id, []))
        ordered = [paper_id for _, paper_id in sorted(rows, reverse=True) if paper_id not in dismissed]
        newest[user_id] = list(dict.fromkeys(ordered))[:MAX_POSITIVES]
    wanted = [pid for ids in newest.values() for pid in ids]
    wanted += [pid for ids in negative_ids.values() for pid in ids[:MAX_NEGATIVES]]
    wanted += [pid for ids in tag_members.values() for pid in ids]
    items, titles = _items(wanted)

    sent_events = set(SentUpdate.objects.filter(user_id__in=users).values_list("user_id", "event_id"))
    updates = updates_for_users(users, since=now - UPDATES_WINDOW)

    result: dict[int, PersonalSignals] = {}
    for user_id in users:
        signals = PersonalSignals(
            positives=[items[pid] for pid in newest.get(user_id, []) if pid in items],
            negatives=[items[pid] for pid in negative_ids.get(user_id, [])[:MAX_NEGATIVES] if pid in items],
            follows=follows.get(user_id, []),
            updates=[u for u in updates.get(user_id, []) if (user_id, u.event_id) not in sent_events],
        )
        for row in signals.follows:
            if row.kind == Follow.Kind.TAG:
                signals.tag_papers[int(row.target)] = [
                    items[pid] for pid in tag_members.get(int(row.target), []) if pid in items
                ]
        signals.titles = {item.key: titles[item.key] for item in signals.positives}
        result[user_id] = signals
    return result
