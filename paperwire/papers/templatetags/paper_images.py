"""Upstream images a page may show: ``{% load paper_images %}``, ``{{ paper.thumbnail|remote_image }}``.

An image is shown only when the instance allows remote images
(``PAPERWIRE_REMOTE_IMAGES``) and its host is one the Content-Security-Policy
lets the browser load (``PAPERWIRE_REMOTE_IMAGE_HOSTS``): anything else would
be a broken image, or a request to a host the operator never chose.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django import template
from django.conf import settings

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
