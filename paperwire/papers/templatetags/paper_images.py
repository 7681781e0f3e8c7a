"""Thumbnails a page may show: ``{% load paper_images %}``, ``{{ paper|thumbnail_src:"card" }}``.

By default pages show paperwire's own copy (``papers/thumbnails.py``) and,
until there is one, nothing (the template draws a placeholder): never an
image the browser must fetch elsewhere. With ``PAPERWIRE_REMOTE_IMAGES`` on,
the upstream's image is hot-linked instead, when its host is one the
Content-Security-Policy lets the browser load (``PAPERWIRE_REMOTE_IMAGE_HOSTS``):
anything else would be a broken image, or a request to a host the operator
never chose.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django import template
from django.conf import settings

from paperwire.papers.models import Paper
from paperwire.papers.thumbnails import local_thumbnail_url

register = template.Library()


def allowed_image(url: str | None) -> str:
    """``url`` when the browser may load it here, else ""."""
    if not url or not settings.REMOTE_IMAGES:
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme != "https" or parts.netloc.lower() not in {host.lower() for host in settings.REMOTE_IMAGE_HOSTS}:
        return ""
    return url


@register.filter
def remote_image(url: str | None) -> str:
    return allowed_image(url)


@register.filter
def thumbnail_src(paper: Paper, size: str) -> str:
    """What an ``<img src>`` may load for ``paper`` at ``size``: the upstream's image or paperwire's copy, or ""."""
    if settings.REMOTE_IMAGES:
        return allowed_image(paper.thumbnail)
    return local_thumbnail_url(paper, size)
