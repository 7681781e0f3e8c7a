"""``POST /api/papers/index``: adding one arXiv paper to the catalogue.

A paper already here answers 200 at once. A new one is fetched by the worker
(arXiv allows one request every few seconds; no request waits for that turn):
202 with ``Location: /api/papers/<id>``, which answers 404 until the paper is
in. 503 with Retry-After when too many papers are waiting or arXiv is down.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from ninja import Schema
from pydantic import Field

from paperwire.api.arxiv_queue import accepted, busy_error
from paperwire.api.errors import ApiError, bad_request
from paperwire.community.submit import SubmitBusy, SubmitError, submit_paper
from paperwire.papers.models import Paper


class IndexQueuedOut(Schema):
    arxivId: str
    status: str = Field(description="Always 'queued': the worker is fetching the paper from arXiv.")
    detail: str


def index_paper(user: Any, arxiv_id: str) -> Paper | HttpResponse:
    """The paper ``arxiv_id`` if the catalogue has it, else a 202 answer for its queued fetch."""
    try:
        result = submit_paper(user, arxiv_id, to_list=False)
    except SubmitBusy as exc:
        raise busy_error(exc) from None
    except SubmitError as exc:
        raise bad_request(str(exc), error="invalid_arxiv_id") from None
    if isinstance(result, Paper):
        if result.hidden:
            raise ApiError(403, "forbidden", f"{arxiv_id} was hidden by a moderator and cannot be added again.")
        return Paper.objects.with_entry().get(pk=result.pk)
    location = f"/api/papers/{result.arxiv_id}"
    return accepted(
        {
            "arxivId": result.arxiv_id,
            "status": "queued",
            "detail": f"Fetching {result.arxiv_id} from arXiv; GET {location} returns it once it is in "
            "(404 until then).",
        },
        location=location,
    )
