"""A person's own corner of paperwire: saved papers, tags, notes, follows.

These rows are also the person's signals for the For-you ranking:
positives are saves, tags and follows (with upvotes and comments from the
community app); ``NotInterested`` is the negative.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from paperwire.papers.models import Paper


def new_feed_token() -> str:
    """A URL-safe secret: whoever knows it can read the follow's feed, nothing else."""
    return secrets.token_urlsafe(24)


class SavedPaper(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_papers")
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="saves")
    # Private: only its owner ever sees it (pages, API and exports of the owner).
    note = models.TextField(max_length=20_000, blank=True)
    saved_at = models.DateTimeField(auto_now_add=True)
    tags: models.ManyToManyField[Tag, TagMembership] = models.ManyToManyField(
        "Tag", through="TagMembership", related_name="saved_papers", blank=True
    )

    class Meta:
        ordering = ["-saved_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "paper"], name="library_one_save_per_user_and_paper")]
        indexes = [models.Index(fields=["user", "-saved_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} saved {self.paper_id}"


class Tag(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="library_tags")
    name = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            # "ML" and "ml" are one tag: people type tags in whatever case.
            models.UniqueConstraint("user", Lower("name"), name="library_tag_name_unique_per_user_ci"),
        ]

    def __str__(self) -> str:
        return self.name


class TagMembership(models.Model):
    """A saved paper carries a tag (tagging a paper saves it)."""

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="memberships")
    saved = models.ForeignKey(SavedPaper, on_delete=models.CASCADE, related_name="memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tag", "saved"], name="library_tag_once_per_saved_paper")]
        indexes = [models.Index(fields=["saved", "tag"])]

    def __str__(self) -> str:
        return f"tag {self.tag_id} on {self.saved_id}"


class NotInterested(models.Model):
    """ "Not interested" on a card: a negative signal for the For-you ranking."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="not_interested")
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "paper"], name="library_not_interested_once")]

    def __str__(self) -> str:
        return f"{self.user_id} not interested in {self.paper_id}"


class Follow(models.Model):
    class Kind(models.TextChoices):
        AUTHOR = "author", "Author"
        TAG = "tag", "Tag"
        CATEGORY = "category", "Category"
        ORGANIZATION = "organization", "Organization"
        SAVED_SEARCH = "saved_search", "Saved search"

    class Email(models.TextChoices):
        OFF = "off", "No email"
        DAILY = "daily", "Daily email"
        WEEKLY = "weekly", "Weekly email"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # author: the normalised name key (papers.authors.author_key); tag: the
    # Tag's id; category: the arXiv code as arXiv spells it; saved_search:
    # the SavedSearch's id. A string so one column serves every kind.
    target = models.CharField(max_length=300)
    # What people see for the target (the author's name as written, the category code).
    label = models.CharField(max_length=300, blank=True)
    email = models.CharField(max_length=8, choices=Email.choices, default=Email.OFF)
    # The private feed URL's secret; revoking replaces it, so the old URL stops working.
    feed_token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "label", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "kind", "target"], name="library_follow_once")]
        indexes = [models.Index(fields=["email", "kind"])]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.kind} {self.target}"


class PendingImport(models.Model):
    """An imported arXiv id paperwire does not have yet: the worker fetches it, then saves it.

    The import page lists these rows so the person sees what is being fetched
    and what came of it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Fetching from arXiv"
        DONE = "done", "Saved"
        FAILED = "failed", "Not found on arXiv"
        UNAVAILABLE = "unavailable", "arXiv could not be reached"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_imports")
    arxiv_id = models.CharField(max_length=64)
    # Tags and note carried from the imported entry, applied once the paper arrives.
    tag_names = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The worker batch fetching it (one arXiv request for up to 100 ids, for
    # every person waiting for them); a batch whose worker died is taken again
    # after ``imports.CLAIM_SECONDS``.
    claim = models.CharField(max_length=32, blank=True, default="")
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "arxiv_id"], name="library_pending_import_once")]
        indexes = [models.Index(fields=["status", "requested_at"]), models.Index(fields=["claim"])]

    def __str__(self) -> str:
        return f"{self.arxiv_id} for {self.user_id}: {self.status}"


class ZoteroLink(models.Model):
    """A Zotero library (a person's or a group's) that paperwire pulls into the owner's library.

    ``api_key`` is a secret: pages, the admin, logs and the data export show
    only ``masked_key``. ``library_version`` is Zotero's library version at the
    last complete sync, the ``since`` of the next one.
    """

    class Kind(models.TextChoices):
        USER = "user", "My library"
        GROUP = "group", "Group library"

    class Outcome(models.TextChoices):
        NEVER = "never", "Not synced yet"
        SYNCED = "synced", "Synced"
        UNCHANGED = "unchanged", "No changes in Zotero"
        FAILED = "failed", "Failed"
        WAITING = "waiting", "Zotero asked us to wait"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="zotero_links")
    library_type = models.CharField(max_length=8, choices=Kind.choices, default=Kind.USER)
    library_id = models.CharField(max_length=20)
    api_key = models.CharField(max_length=64)
    masked_key = models.CharField(max_length=16, blank=True)
    library_version = models.BigIntegerField(default=0)
    enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sync_at = models.DateTimeField(null=True, blank=True)
    last_outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.NEVER)
    last_error = models.CharField(max_length=500, blank=True)
    last_changes = models.PositiveIntegerField(default=0)
    # Zotero's Backoff / Retry-After: no request to Zotero for this link before then.
    next_allowed_at = models.DateTimeField(null=True, blank=True)
    # Set while one worker syncs the link, so "Sync now" and the schedule never run it twice at once.
    syncing_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "library_type", "library_id"], name="library_zotero_link_once")
        ]

    def __str__(self) -> str:
        return f"Zotero {self.library_type} {self.library_id} of {self.owner_id}"

    @property
    def prefix(self) -> str:
        """The library's path on the Zotero API: ``users/<id>`` or ``groups/<id>``."""
        return f"{self.library_type}s/{self.library_id}"


class ZoteroItem(models.Model):
    """Which Zotero item named which arXiv paper, and whether the sync made that save.

    Only saves the sync made (``saved_by_zotero``) are undone when the item
    leaves Zotero: a paper the person saved on paperwire first stays saved.
    An arXiv paper paperwire lacks ``waits`` (with its tags) until the
    person's arXiv fetches in the queue are few enough to hand it over.
    """

    link = models.ForeignKey(ZoteroLink, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(max_length=16)
    arxiv_id = models.CharField(max_length=64)
    saved_by_zotero = models.BooleanField(default=False)
    waiting = models.BooleanField(default=False)
    tag_names = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["link", "key"], name="library_zotero_item_once")]
        indexes = [models.Index(fields=["link", "arxiv_id"]), models.Index(fields=["link", "waiting"])]

    def __str__(self) -> str:
        return f"Zotero item {self.key}: arXiv {self.arxiv_id}"
