"""The raw records sources sent about papers (``SourceRecord``), as readers of them need them.

Hugging Face's daily-papers items arrive from two kinds of source: the
``hf-daily`` importer (answers saved as files) and followed upstreams
(``follow:<base url>``: huggingface.co or another paperwire). Both are items
of the same shape; the most recently fetched one describes the paper best.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from paperwire.papers.models import Paper, SourceRecord

HF_ITEM_SOURCES = Q(source="hf-daily") | Q(source__startswith="follow:")


def hf_items(papers: Iterable[Paper]) -> dict[int, dict[str, Any]]:
    """Each paper's latest Hugging Face-shaped item by primary key, in one query; papers without one are absent."""
    keys = [paper.pk for paper in papers]
    if not keys:
        return {}
    latest: dict[int, dict[str, Any]] = {}
    rows = SourceRecord.objects.filter(HF_ITEM_SOURCES, paper_id__in=keys).order_by("fetched_at", "pk")
    for paper_id, data in rows.values_list("paper_id", "data"):
        if isinstance(data, dict):
            latest[paper_id] = data
    return latest
