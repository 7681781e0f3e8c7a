"""Delete a person's account: every row of theirs goes, or loses what tied it to them.

What happens to each foreign key to the person (``your_data.EXPORTED`` lists
them all; a test creates a row for each and checks it after deletion):

- their own rows (library, tags, notes, follows, saved searches, imports,
  submissions, reports, tokens, email addresses, emailed updates, admin
  log) are deleted with the account row, by the database's cascade;
- upvotes are withdrawn first, so the papers' counts drop by them;
- digest subscriptions of the account *or of its addresses* are deleted
  (the key alone would only be cleared), with their delivery ledger;
- comments are deleted, except a top-level comment that other people
  replied to: it stays as "[deleted account]", its text removed and its
  author the shared placeholder account, so the replies keep their thread;
- papers they put on a daily list stay on it, without a submitter;
- reports they resolved and authorship claims they decided as a moderator
  stay decided, without the moderator (their own claims go with the account).

Upvotes and comments go a slice of papers per transaction, so no step holds
SQLite's one write lock for long; the account is deactivated first, so
nothing new arrives half-way, and deleting is finished by asking again if a
crash interrupts it.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from paperwire.accounts.your_data import subscriptions_of
from paperwire.community.comments import refresh_comment_count
from paperwire.community.models import Comment, Report, Upvote
from paperwire.papers.models import Paper

# Not a valid user name for sign-up (brackets and a space), so nobody can take it.
DELETED_ACCOUNT = "[deleted account]"
# Papers per write transaction: a person with thousands of upvotes or comments
# must not hold SQLite's one write lock while every other reader waits.
SLICE = 200


def _slices(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), SLICE):
        yield ids[start : start + SLICE]


def deleted_account_placeholder() -> User:
    """The one account that keeps deleted people's replied-to comments; it cannot sign in."""
    placeholder, created = User.objects.get_or_create(username=DELETED_ACCOUNT, defaults={"email": ""})
    if created:
        # Active, or the threads under its comments would drop out of pages;
        # with no usable password and no address, nobody can sign in as it.
        placeholder.set_unusable_password()
        placeholder.save(update_fields=["password"])
    return placeholder


def is_deleted_account(user: User) -> bool:
    return user.get_username() == DELETED_ACCOUNT


def _withdraw_upvotes(user: User) -> None:
    """Remove the upvotes and lower each paper's count, a slice of papers per transaction.

    One upvote per person and paper, and the account is already inactive (no
    new vote arrives), so each paper of a slice loses exactly one.
    """
    paper_ids = sorted(Upvote.objects.filter(user=user).values_list("paper_id", flat=True))
    for ids in _slices(paper_ids):
        with transaction.atomic():
            Upvote.objects.filter(user=user, paper_id__in=ids).delete()
            Paper.objects.filter(pk__in=ids).update(upvote_count=F("upvote_count") - 1)


def _retire_comments(user: User) -> None:
    """Keep, as "[deleted account]", only top-level comments others replied to; delete the rest."""
    others_replied = Exists(Comment.objects.filter(parent=OuterRef("pk")).exclude(author=user))
    mine = Comment.objects.filter(author=user)
    kept = list(mine.filter(others_replied, parent__isnull=True).values_list("pk", flat=True))
    placeholder = deleted_account_placeholder()
    for ids in _slices(kept):
        with transaction.atomic():
            Comment.objects.filter(pk__in=ids).update(
                author=placeholder, body="", body_html="", deleted=True, edited_at=None
            )
            # Reports about text that no longer exists have nothing left to decide.
            Report.objects.filter(comment_id__in=ids, resolved=False).update(resolved=True, resolved_at=timezone.now())
    paper_ids = sorted(set(mine.values_list("paper_id", flat=True)))
    for ids in _slices(paper_ids):
        with transaction.atomic():
            Comment.objects.filter(author=user, paper_id__in=ids).delete()
            for paper_id in ids:
                refresh_comment_count(paper_id)


def delete_account(user: User) -> None:
    """Delete ``user`` and every row of theirs (see the module's docstring for each kind)."""
    User.objects.filter(pk=user.pk).update(is_active=False)  # no sign-in, no token, from now on
    _withdraw_upvotes(user)
    _retire_comments(user)
    subscriptions_of(user).delete()
    user.delete()
