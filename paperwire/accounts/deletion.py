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
- reports they resolved as a moderator stay resolved, without a resolver.

Each step is short and commits on its own (SQLite has one writer); the
account is deactivated first, so nothing new arrives half-way, and a step
interrupted by a crash is finished by asking again.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from paperwire.accounts.your_data import subscriptions_of
from paperwire.community.comments import refresh_comment_count
from paperwire.community.models import Comment, Report
from paperwire.community.votes import withdraw_all_upvotes

# Not a valid user name for sign-up (brackets and a space), so nobody can take it.
DELETED_ACCOUNT = "[deleted account]"


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


def _retire_comments(user: User) -> None:
    """Keep, as "[deleted account]", only top-level comments others replied to; delete the rest."""
    others_replied = Exists(Comment.objects.filter(parent=OuterRef("pk")).exclude(author=user))
    mine = Comment.objects.filter(author=user)
    paper_ids = set(mine.values_list("paper_id", flat=True))
    with transaction.atomic():
        kept = list(mine.filter(others_replied, parent__isnull=True).values_list("pk", flat=True))
        Comment.objects.filter(pk__in=kept).update(
            author=deleted_account_placeholder(), body="", body_html="", deleted=True, edited_at=None
        )
        # Reports about text that no longer exists have nothing left to decide.
        Report.objects.filter(comment_id__in=kept, resolved=False).update(resolved=True, resolved_at=timezone.now())
        Comment.objects.filter(author=user).delete()
        for paper_id in paper_ids:
            refresh_comment_count(paper_id)


def delete_account(user: User) -> None:
    """Delete ``user`` and every row of theirs (see the module's docstring for each kind)."""
    User.objects.filter(pk=user.pk).update(is_active=False)  # no sign-in, no token, from now on
    withdraw_all_upvotes(user)
    _retire_comments(user)
    subscriptions_of(user).delete()
    user.delete()
