"""Models of the search app: one embedding per paper.

Vectors live here, not on ``Paper``: the catalogue stays small and another
embedder can be swapped in by re-filling this one table. The row id only
ever grows (SQLite AUTOINCREMENT / a PostgreSQL sequence); the on-disk ANN
index of the embedded mode records the highest id it contains, so the
database stays the source of truth and the index can always be repaired
from it (see paperwire/search/ann.py).
"""

from __future__ import annotations

from django.db import models

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
