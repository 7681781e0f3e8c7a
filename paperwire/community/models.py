"""Community signals on papers: upvotes, comments and reports about comments."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from paperwire.papers.models import Paper


class Upvote(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="upvotes")
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="upvotes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "paper"], name="one_upvote_per_user_and_paper")]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} ▲ {self.paper_id}"


class CommentQuerySet(models.QuerySet["Comment"]):
    def visible(self) -> CommentQuerySet:
        """Comments pages may show: not hidden, not deleted, author not banned."""
        return self.filter(hidden=False, deleted=False, author__is_active=True)


class Comment(models.Model):
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="local_comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments")
    # One level of replies: a reply's parent is always a top-level comment.
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField(max_length=10_000)
    # Rendered once on save (Markdown + nh3), so pages only print it.
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Deleting keeps the row when replies hang under it ("[deleted]").
    deleted = models.BooleanField(default=False)
    hidden = models.BooleanField(default=False, help_text="hidden by a moderator")

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["paper", "created_at"])]

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.paper_id} by {self.author_id}"


class Report(models.Model):
    """Someone flagged a comment for the moderators."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made")
    reason = models.TextField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False, db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports_resolved"
    )

    class Meta:
        ordering = ["resolved", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_person")]

    def __str__(self) -> str:
        return f"report {self.pk} on comment {self.comment_id}"


class SubmissionStatus(models.TextChoices):
    QUEUED = "queued", "Fetching from arXiv"
    DONE = "done", "Added"
    REFUSED = "refused", "Refused"
    UNAVAILABLE = "unavailable", "arXiv could not be reached"


class Submission(models.Model):
    """A person's request to add an arXiv paper that paperwire does not have yet.

    arXiv allows one request every few seconds, so a request never asks it
    itself: it records this row and the worker fetches the paper in turn
    (``community.tasks.process_submission_task``). The row is where the person
    looks for the outcome.
    """

    arxiv_id = models.CharField(max_length=64)
    submitter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="arxiv_submissions")
    # The daily list the paper goes on; None: only add it to the catalogue
    # (the Hugging Face-compatible index route).
    list_date = models.DateField(null=True, blank=True)
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=SubmissionStatus.choices, default=SubmissionStatus.QUEUED)
    message = models.TextField(blank=True)
    paper = models.ForeignKey(Paper, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        indexes = [
            models.Index(fields=["status", "requested_at"]),
            models.Index(fields=["submitter", "status"]),
            # The latest outcome says whether arXiv is down right now.
            models.Index(fields=["finished_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.arxiv_id} by {self.submitter_id}: {self.status}"


class ClaimStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a moderator"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class AuthorClaim(models.Model):
    """A person says "this is me" about one author name on one paper; a moderator decides.

    Approved, the name's author page links to the person's profile, their
    comments on the paper read "Author", and the Hugging Face-compatible API
    says the paper's author takes part (``isAuthorParticipating``).
    """

    claimant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="author_claims")
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="author_claims")
    # The name as the paper writes it, and its folded key (``papers.authors.author_key``).
    author_name = models.CharField(max_length=300)
    author_key = models.CharField(max_length=300, db_index=True)
    status = models.CharField(max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.PENDING)
    # Shown to the claimant when refused.
    reason = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            # One open claim per person and name; a refused or withdrawn one may be made again.
            models.UniqueConstraint(
                fields=["claimant", "author_key"],
                condition=models.Q(status="pending"),
                name="community_one_pending_claim_per_name",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.claimant_id} claims {self.author_name!r} on {self.paper_id} ({self.status})"
