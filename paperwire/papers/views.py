"""The catalogue's one file answer: paperwire's copy of a paper thumbnail, cached for a year."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from paperwire.papers.thumbnails import SIZES, thumbnail_path

# The URL carries the copy's version (?v=), so a copy never changes under its address.
CACHE_CONTROL = "public, max-age=31536000, immutable"


@require_GET
def thumbnail(request: HttpRequest, paper_id: int, size: str) -> FileResponse:
    if size not in SIZES:
        raise Http404("No such thumbnail size.")
    try:
        stored = thumbnail_path(paper_id, size).open("rb")
    except OSError:
        raise Http404("No thumbnail for this paper.") from None
    response = FileResponse(stored, content_type="image/jpeg")
    response["Cache-Control"] = CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    return response
