"""Fetch each paper's thumbnail once and keep paperwire's own resized copies (see ``papers/thumbnails.py``).

Only from the image hosts the operator allows (``PAPERWIRE_REMOTE_IMAGE_HOSTS``,
over https; plain http only from this machine, for tests), no redirects, at
most ``PAPERWIRE_THUMBNAIL_MAX_BYTES`` read, and only what Pillow reads as a
PNG, JPEG, WebP or GIF of sane dimensions is kept. Whatever the outcome, the
paper is marked checked, so each thumbnail is fetched once: a broken or huge
image is refused for good and the pages draw a placeholder.
"""

from __future__ import annotations

import io
import logging
import os
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.db.models import F
from django.utils import timezone
from PIL import Image, UnidentifiedImageError

from paperwire.ingest.arxiv_client import USER_AGENT
from paperwire.lib.loopback import is_loopback_host
from paperwire.papers.models import Paper
from paperwire.papers.thumbnails import SIZES, thumbnail_path

logger = logging.getLogger(__name__)

BATCH = 200
TIMEOUT_S = 15
_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}
# A social preview is about 1200×650; far larger is a decompression bomb, not a thumbnail.
MAX_PIXELS = 5000 * 5000


class RefusedImage(ValueError):
    """The upstream's thumbnail is not one paperwire keeps; the message says why."""


def fetch_due_thumbnails(limit: int = BATCH) -> tuple[int, int]:
    """Fetch the thumbnails of papers never checked (newest listed first); (stored, refused)."""
    due = list(
        Paper.objects.filter(thumbnail_checked_at__isnull=True)
        .exclude(thumbnail="")
        .order_by(F("daily_entry__list_date").desc(nulls_last=True), "-pk")
        .values_list("pk", "thumbnail")[:limit]
    )
    stored = refused = 0
    with requests.Session() as session:
        session.headers["User-Agent"] = USER_AGENT
        for paper_id, url in due:
            try:
                _store(paper_id, _download(session, url))
            except RefusedImage as exc:
                logger.info("thumbnail of paper %s refused: %s", paper_id, exc)
                refused += 1
                Paper.objects.filter(pk=paper_id).update(thumbnail_checked_at=timezone.now(), thumbnail_stored=False)
                continue
            stored += 1
            Paper.objects.filter(pk=paper_id).update(thumbnail_checked_at=timezone.now(), thumbnail_stored=True)
    return stored, refused


def _allowed(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    allowed_hosts = {host.lower() for host in settings.REMOTE_IMAGE_HOSTS}
    if parts.netloc.lower() not in allowed_hosts or not parts.hostname:
        return False
    return parts.scheme == "https" or (parts.scheme == "http" and is_loopback_host(parts.hostname))


def _download(session: requests.Session, url: str) -> bytes:
    """The image's bytes, read no further than the size limit."""
    if not _allowed(url):
        raise RefusedImage(f"{url[:200]} is not on an allowed image host")
    limit = int(settings.THUMBNAIL_MAX_BYTES)
    try:
        with session.get(url, stream=True, timeout=TIMEOUT_S, allow_redirects=False) as response:
            if response.status_code != 200:
                raise RefusedImage(f"HTTP {response.status_code}")
            if not response.headers.get("Content-Type", "").lower().startswith("image/"):
                raise RefusedImage(f"not an image ({response.headers.get('Content-Type', 'no type')})")
            if int(response.headers.get("Content-Length") or 0) > limit:
                raise RefusedImage(f"larger than {limit:,} bytes")
            body = bytearray()
            for chunk in response.iter_content(64 * 1024):
                body.extend(chunk)
                if len(body) > limit:
                    raise RefusedImage(f"larger than {limit:,} bytes")
    except requests.RequestException as exc:
        raise RefusedImage(f"could not be fetched: {exc.__class__.__name__}") from None
    return bytes(body)


def _store(paper_id: int, data: bytes) -> None:
    """Check ``data`` with Pillow and write one JPEG per size the pages use (atomically)."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in _FORMATS:
                raise RefusedImage(f"format {probe.format} is not a thumbnail format")
            if probe.width * probe.height > MAX_PIXELS:
                raise RefusedImage(f"{probe.width}×{probe.height} pixels")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            picture = image.convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        if isinstance(exc, RefusedImage):
            raise
        raise RefusedImage(f"not a readable image ({exc.__class__.__name__})") from None
    for size, box in SIZES.items():
        copy = picture.copy()
        copy.thumbnail(box, Image.Resampling.LANCZOS)
        path = thumbnail_path(paper_id, size)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        copy.save(partial, "JPEG", quality=82, optimize=True)
        os.replace(partial, path)
