"""paperwire's own copies of paper thumbnails: where they are kept, how pages name and serve them.

Hugging Face gives each paper a social preview image on its CDN. Hot-linking
it shows a broken image wherever the CDN cannot be reached (or blocks us),
and tells a third party what every reader reads. So the worker fetches each
thumbnail once (``paperwire.ingest.thumbnails``), resizes it to the sizes the
pages use and keeps it under ``PAPERWIRE_THUMBNAIL_DIR``; pages load it from
paperwire's own origin, cached for a year (the URL changes when the copy
does). ``PAPERWIRE_REMOTE_IMAGES=true`` keeps hot-linking for instances that
prefer it.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.urls import reverse

from paperwire.papers.models import Paper

# Twice the CSS size, for high-density screens: card 160×84, paper page 640×336.
SIZES: dict[str, tuple[int, int]] = {"card": (320, 168), "hero": (1280, 672)}


def thumbnail_path(paper_id: int, size: str) -> Path:
    """Where the ``size`` copy of a paper's thumbnail is kept (a folder per thousand papers)."""
    if size not in SIZES:
        raise ValueError(f"unknown thumbnail size {size!r}")
    return Path(settings.THUMBNAIL_DIR) / str(paper_id // 1000) / f"{paper_id}-{size}.jpg"


def local_thumbnail_url(paper: Paper, size: str) -> str:
    """The address of paperwire's copy, versioned by when it was fetched; "" when there is none."""
    if not paper.thumbnail_stored or paper.thumbnail_checked_at is None:
        return ""
    version = int(paper.thumbnail_checked_at.timestamp())
    return f"{reverse('papers:thumbnail', args=[paper.pk, size])}?v={version}"
