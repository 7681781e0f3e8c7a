"""Absolute links for chat messages, from ``PAPERWIRE_SITE_URL``: a message is read far from the site."""

from __future__ import annotations

from django.conf import settings


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"
