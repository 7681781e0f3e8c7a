"""Models of the search app: one embedding and one title key per paper, and the searches people save.

Vectors live here, not on ``Paper``: the catalogue stays small and another
embedder can be swapped in by re-filling this one table. The row id only
ever grows (SQLite AUTOINCREMENT / a PostgreSQL sequence); the on-disk ANN
index of the embedded mode records the highest id it contains, so the
database stays the source of truth and the index can always be repaired
from it (see paperwire/search/ann.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.http import QueryDict

from paperwire.papers.models import Paper
from paperwire.search.fields import EmbeddingField

VECTOR_DIMENSIONS = 384


class PaperVector(models.Model):
    paper = models.OneToOneField(Paper, on_delete=models.CASCADE, related_name="search_vector")
    vector = EmbeddingField(dimensions=VECTOR_DIMENSIONS)
    embedder = models.CharField(max_length=100, help_text="name of the embedder that made the vector")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"vector of paper {self.paper_id} ({self.embedder})"


class SavedSearch(models.Model):
    """A search a signed-in person keeps: the search page's parameters, to run again or be mailed.

    ``query_string`` is the page's own URL query (``q=…&cat=…&sort=…``, urlencoded,
    without ``page``), so ``/search?<query_string>`` reruns it exactly.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    query_string = models.CharField(max_length=2000)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [models.UniqueConstraint(fields=["owner", "query_string"], name="search_savedsearch_owner_query")]

    def __str__(self) -> str:
        return f"{self.owner_id}: {self.label}"

    @property
    def url(self) -> str:
        return f"/search?{self.query_string}"

    @property
    def label(self) -> str:
        """The search as a person reads it: the words and filters, as the search box writes them."""
        params = QueryDict(self.query_string)
        parts = [params.get("q", "").strip()]
        parts += [f"cat:{params['cat']}"] if params.get("cat") else []
        parts += [f'author:"{params["author"]}"'] if params.get("author") else []
        parts += [f"after:{params['after']}"] if params.get("after") else []
        parts += [f"before:{params['before']}"] if params.get("before") else []
        parts += [f"({params['sort']})"] if params.get("sort") and params.get("sort") != "relevance" else []
        return " ".join(part for part in parts if part) or "everything"


class LexemeStatistic(models.Model):
    """PostgreSQL BM25: how many papers contain a lexeme, as of the last refresh (paperwire/search/bm25.py)."""

    lexeme = models.TextField(primary_key=True)
    documents = models.IntegerField()

    def __str__(self) -> str:
        return f"{self.lexeme}: {self.documents}"


class CorpusStatistic(models.Model):
    """PostgreSQL BM25: the catalogue's size and token count, up to paper ``watermark`` (one row)."""

    documents = models.BigIntegerField(default=0)
    tokens = models.BigIntegerField(default=0)
    # Papers with an id above this are counted at query time, not here.
    watermark = models.BigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"{self.documents} papers up to {self.watermark}"


class TitleKey(models.Model):
    """A digest of each paper's title stems: an exact-title look-up is one probe of ``key``.

    Derived from ``Paper.title`` and rebuilt from it at will
    (paperwire/search/title_keys.py); ``paper_modified_at`` is the paper's
    ``modified_at`` when it was keyed, so a sync re-keys only what changed.
    """

    paper = models.OneToOneField(Paper, primary_key=True, on_delete=models.CASCADE, related_name="title_key")
    key = models.CharField(max_length=32, db_index=True)
    # Indexed: every sync starts from the newest one, at any catalogue size.
    paper_modified_at = models.DateTimeField(null=True, db_index=True)

    def __str__(self) -> str:
        return f"title key of paper {self.paper_id}: {self.key}"
