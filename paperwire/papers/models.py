"""The catalogue: papers and their places on the daily lists.

``Paper`` is the system of record that every other app reads. Its primary
key is a plain integer (search indexes key on it); the arXiv id without
version is unique and is what URLs and the API use.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from paperwire.papers.querysets import PaperQuerySet


class Paper(models.Model):
    arxiv_id = models.CharField(max_length=64, unique=True)
    version = models.PositiveSmallIntegerField(default=1)
    title = models.TextField()
    abstract = models.TextField(blank=True)
    # Names in the order the paper lists them.
    authors = models.JSONField(default=list, blank=True)
    categories = models.JSONField(default=list, blank=True)
    primary_category = models.CharField(max_length=32, blank=True, db_index=True)
    published = models.DateTimeField(null=True, blank=True, db_index=True, help_text="first version")
    updated = models.DateTimeField(null=True, blank=True, help_text="latest version")
    comments = models.TextField(blank=True)
    journal_ref = models.TextField(blank=True)
    doi = models.CharField(max_length=255, blank=True)
    license = models.CharField(max_length=255, blank=True)
    withdrawn = models.BooleanField(default=False)
    github_repo = models.URLField(max_length=500, blank=True)
    github_stars = models.PositiveIntegerField(null=True, blank=True)
    project_page = models.URLField(max_length=500, blank=True)
    keywords = models.JSONField(default=list, blank=True)
    ai_summary = models.TextField(blank=True)
    # The upstream's preview image (HF's social thumbnail); a column because cards show it.
    thumbnail = models.URLField(max_length=500, blank=True)
    # paperwire's own copy of it (papers/thumbnails.py): when the worker last
    # fetched ``thumbnail`` (None: not yet), and whether a copy is stored.
    thumbnail_checked_at = models.DateTimeField(null=True, blank=True, db_index=True)
    thumbnail_stored = models.BooleanField(default=False)

    # arXiv metadata state, kept by the enrichment job: when the arXiv API was
    # last asked about this paper (None: never), and the date of the latest
    # version it reported.
    arxiv_checked_at = models.DateTimeField(null=True, blank=True, db_index=True)
    arxiv_version_date = models.DateTimeField(null=True, blank=True)

    # What cites this paper on a Hugging Face Hub (PAPERWIRE_HF_HUB), kept by
    # ingest's citation job: when the Hub was last asked (None: never), and
    # how many models, datasets and Spaces it named. Columns, so cards show
    # the counts without a query of their own.
    hub_checked_at = models.DateTimeField(null=True, blank=True, db_index=True)
    hub_models = models.PositiveIntegerField(default=0)
    hub_datasets = models.PositiveIntegerField(default=0)
    hub_spaces = models.PositiveIntegerField(default=0)

    # Community signals. ``upvote_count``/``comment_count`` are the totals
    # shown everywhere (imported + local), kept up to date with F()
    # expressions by the community app so sorting stays a plain index scan.
    upvotes_imported = models.PositiveIntegerField(default=0)
    comments_imported = models.PositiveIntegerField(default=0)
    upvote_count = models.IntegerField(default=0, db_index=True)
    comment_count = models.IntegerField(default=0)
    # What trending counts of the local comments: the people who commented,
    # each once, leaving out the submitter and the paper's authors (kept by
    # the community app), so a paper cannot comment itself up the ranking.
    trending_commenters = models.PositiveIntegerField(default=0)

    hidden = models.BooleanField(default=False, help_text="hidden by a moderator")
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects = PaperQuerySet.as_manager()

    class Meta:
        ordering = ["-published", "arxiv_id"]

    def __str__(self) -> str:
        return f"{self.arxiv_id}: {self.title[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("front:paper", args=[self.arxiv_id])

    @property
    def abs_url(self) -> str:
        return f"https://arxiv.org/abs/{self.arxiv_id}"

    @property
    def pdf_url(self) -> str:
        return f"https://arxiv.org/pdf/{self.arxiv_id}"

    @property
    def upvotes_local(self) -> int:
        return self.upvote_count - self.upvotes_imported

    @property
    def comments_local(self) -> int:
        """Comments written here (the rest were counted upstream)."""
        return max(0, self.comment_count - self.comments_imported)

    @property
    def short_authors(self) -> str:
        names: list[str] = list(self.authors or [])
        if len(names) <= 3:
            return ", ".join(names)
        return f"{', '.join(names[:3])} et al. ({len(names)} authors)"


class DailyEntry(models.Model):
    """A paper's place on one daily list (one list per paper)."""

    paper = models.OneToOneField(Paper, on_delete=models.CASCADE, related_name="daily_entry")
    list_date = models.DateField(db_index=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Who put it on the list: a local account, or a name imported from HF.
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    submitter_name = models.CharField(max_length=150, blank=True, help_text="imported submitter's user name")
    submitter_fullname = models.CharField(max_length=300, blank=True)
    submitter_avatar = models.CharField(max_length=500, blank=True)
    # "local", "hf", or a followed upstream ("follow:<base url>").
    source = models.CharField(max_length=255, default="local")

    class Meta:
        ordering = ["-list_date", "paper_id"]
        indexes = [models.Index(fields=["list_date", "paper"])]

    def __str__(self) -> str:
        return f"{self.paper.arxiv_id} on {self.list_date}"

    @property
    def submitter_display(self) -> str:
        if self.submitter_id is not None and self.submitter is not None:
            return self.submitter.get_username()
        return self.submitter_name


class SourceRecord(models.Model):
    """The latest raw record a source sent about a paper, exactly as it came.

    Whatever paperwire does not map to a column stays here, so nothing an
    upstream sends is lost and the HF-compatible answers can pass it through.
    ``source`` names the feed: ``hf-daily``, ``arxiv-api``, ``oai``,
    ``snapshot``, ``follow:<base url>`` …
    """

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="source_records")
    source = models.CharField(max_length=255)
    data = models.JSONField()
    fetched_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["paper", "source"], name="papers_sourcerecord_paper_source")]

    def __str__(self) -> str:
        return f"{self.source} record of paper {self.paper_id}"


class PaperEvent(models.Model):
    """A change arXiv reported about a paper that readers may want to hear about."""

    class Kind(models.TextChoices):
        NEW_VERSION = "new_version", "new version"
        DOI = "doi", "DOI"
        JOURNAL_REF = "journal_ref", "journal reference"

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["paper", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} of paper {self.paper_id}: {self.old_value!r} → {self.new_value!r}"


class PaperAuthor(models.Model):
    """One author of one paper, with the name's normalised keys (see ``papers/authors.py``).

    Derived from ``Paper.authors`` and rebuilt from it at will; author pages
    and feeds query it so finding a person's papers is an index lookup.
    """

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="author_rows")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=300)
    key = models.CharField(max_length=300)
    short_key = models.CharField(max_length=300, db_index=True)
    # The paper's modified_at when indexed: the sync resumes from the newest.
    paper_modified_at = models.DateTimeField(null=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["paper", "position"], name="papers_paperauthor_position")]
        indexes = [models.Index(fields=["key", "paper"])]

    def __str__(self) -> str:
        return f"{self.name} on paper {self.paper_id}"


class Organization(models.Model):
    """An organization Hugging Face lists papers under (``organization`` of a daily item).

    Derived from the papers' raw Hugging Face items (``papers/organizations.py``)
    and rebuilt from them at will; the items themselves stay untouched in
    ``SourceRecord``, so the HF-compatible API serves the object as received.
    """

    # HF's handle ("nvidia", "ByteDance-Seed"): the page's address.
    name = models.CharField(max_length=100, unique=True)
    fullname = models.CharField(max_length=300, blank=True)
    avatar = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PaperOrganization(models.Model):
    """The organization a paper is listed under, as its latest Hugging Face item says."""

    paper = models.OneToOneField(Paper, on_delete=models.CASCADE, related_name="organization_link")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="paper_links")
    # The item's fetched_at when indexed: the sync resumes from the newest.
    record_fetched_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"paper {self.paper_id} under {self.organization_id}"


class PaperCitation(models.Model):
    """A model, dataset or Space on the Hugging Face Hub that cites a paper (its ``arxiv:<id>`` tag)."""

    class Kind(models.TextChoices):
        MODEL = "model", "model"
        DATASET = "dataset", "dataset"
        SPACE = "space", "Space"

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="citations")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    # The Hub's repository id, "owner/name".
    repo_id = models.CharField(max_length=200)
    likes = models.PositiveIntegerField(default=0)
    downloads = models.PositiveIntegerField(null=True, blank=True)
    last_modified = models.DateTimeField(null=True, blank=True)
    fetched_at = models.DateTimeField()

    class Meta:
        ordering = ["-likes", "repo_id"]
        constraints = [models.UniqueConstraint(fields=["paper", "kind", "repo_id"], name="one_citation_per_repo")]

    def __str__(self) -> str:
        return f"{self.kind} {self.repo_id} cites paper {self.paper_id}"

    @property
    def hub_path(self) -> str:
        """Where the repository lives on its Hub: ``owner/name``, ``datasets/owner/name`` or ``spaces/owner/name``."""
        prefix = {self.Kind.DATASET: "datasets/", self.Kind.SPACE: "spaces/"}.get(self.Kind(self.kind), "")
        return f"{prefix}{self.repo_id}"
