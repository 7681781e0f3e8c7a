"""Where a paper's discussion lives upstream: Hugging Face's paper page for papers imported from it."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from paperwire.papers.models import Paper, SourceRecord

HF_PAPERS_URL = "https://huggingface.co/papers/"
# The importer's raw records and daily entries from Hugging Face (ingest/hf_daily.py).
HF_RECORD_SOURCE = "hf-daily"
HF_ENTRY_SOURCE = "hf"


@dataclass(frozen=True)
class UpstreamDiscussion:
    url: str
    discussion_id: str  # HF's id of the paper's discussion thread ("" when the record had none)
    comment_count: int  # comments counted there when last imported


def upstream_discussion(paper: Paper) -> UpstreamDiscussion | None:
    """The Hugging Face discussion of ``paper`` when it came from there, else None (one query)."""
    data = SourceRecord.objects.filter(paper=paper, source=HF_RECORD_SOURCE).values_list("data", flat=True).first()
    entry = getattr(paper, "daily_entry", None)
    if data is None and (entry is None or entry.source != HF_ENTRY_SOURCE):
        return None
    item = data if isinstance(data, dict) else {}
    inner = item.get("paper") if isinstance(item.get("paper"), dict) else item
    discussion_id = inner.get("discussionId") if isinstance(inner, dict) else None
    return UpstreamDiscussion(
        # The paper page's community tab shows its discussion thread.
        url=f"{HF_PAPERS_URL}{quote(paper.arxiv_id)}#community",
        discussion_id=discussion_id if isinstance(discussion_id, str) else "",
        comment_count=paper.comments_imported,
    )
