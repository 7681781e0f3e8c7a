"""Saving papers to a person's library, their private notes, and "not interested"."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, transaction
from django.db.models import Q

from paperwire.lib.user_text import checked_text
from paperwire.library.models import NotInterested, SavedPaper
from paperwire.papers.models import Paper
from paperwire.papers.querysets import on_visible_papers

NOTE_MAX = 20_000


def save_paper(user: User, paper: Paper) -> SavedPaper:
    """The person's saved row for ``paper``, created if needed (saving twice is one save)."""
    try:
        with transaction.atomic():
            saved, _ = SavedPaper.objects.get_or_create(user=user, paper=paper)
    except IntegrityError:
        # Two tabs saving at once: the other insert won; read its row.
        saved = SavedPaper.objects.get(user=user, paper=paper)
    return saved


def unsave_paper(user: User, paper: Paper) -> bool:
    """Remove ``paper`` (with its note and tags) from the library; False when it was not there."""
    deleted, _ = SavedPaper.objects.filter(user=user, paper=paper).delete()
    return deleted > 0


def clean_note(note: str) -> str:
    """A note as stored: Unix line ends, no surrounding blank space, at most NOTE_MAX characters."""
    return note.replace("\r\n", "\n").strip()[:NOTE_MAX]


def set_note(user: User, paper: Paper, note: str) -> SavedPaper:
    """Store the private note (saving the paper if it was not saved); UserTextError for control characters."""
    text = checked_text(clean_note(note), label="A note", max_length=NOTE_MAX)
    saved = save_paper(user, paper)
    saved.note = text
    saved.save(update_fields=["note"])
    return saved


def saved_paper_ids(user: User | AnonymousUser, paper_ids: list[int] | None = None) -> set[int]:
    """Which papers (of ``paper_ids``, or all) the person has saved; empty when signed out."""
    if not user.is_authenticated:
        return set()
    rows = SavedPaper.objects.filter(user=user)
    if paper_ids is not None:
        rows = rows.filter(paper_id__in=paper_ids)
    return set(rows.values_list("paper_id", flat=True))


def library_entries(user: User, *, tag_id: int | None = None, text: str = "") -> list[SavedPaper]:
    """The person's saved papers, newest save first, narrowed to a tag and to words.

    Every word of ``text`` must appear in the title, an author, the arXiv id
    or the person's note (case-insensitive).
    """
    rows = on_visible_papers(SavedPaper.objects.filter(user=user))
    if tag_id is not None:
        rows = rows.filter(memberships__tag_id=tag_id)
    for word in text.split()[:10]:
        rows = rows.filter(
            Q(paper__title__icontains=word)
            | Q(paper__author_rows__name__icontains=word)
            | Q(paper__arxiv_id__icontains=word)
            | Q(note__icontains=word)
        )
    return list(
        rows.distinct()
        .select_related("paper", "paper__daily_entry", "paper__daily_entry__submitter")
        .prefetch_related("tags")
        .order_by("-saved_at", "-id")
    )


def set_not_interested(user: User, paper: Paper, *, on: bool = True) -> bool:
    """Mark (or unmark) ``paper`` as not interesting to the person; returns the new state."""
    if not on:
        NotInterested.objects.filter(user=user, paper=paper).delete()
        return False
    try:
        with transaction.atomic():
            NotInterested.objects.get_or_create(user=user, paper=paper)
    except IntegrityError:
        pass
    return True


def saved_entry(user: User | AnonymousUser, paper: Paper) -> SavedPaper | None:
    """The person's saved row for ``paper`` with its tags (None when not saved or signed out)."""
    if not isinstance(user, User):
        return None
    return SavedPaper.objects.filter(user=user, paper=paper).prefetch_related("tags").first()
