"""/about: what paperwire is and how trending works, with this instance's own numbers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from paperwire.papers.trending import WINDOWS


def about_page(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {
        "gravity": settings.TRENDING_GRAVITY,
        "comment_weight": settings.TRENDING_COMMENT_WEIGHT,
        "window_days": WINDOWS,
        # Points a day-old paper needs, relative to an hour-old one, for the same score.
        "day_factor": round(((24 + 2) / (1 + 2)) ** settings.TRENDING_GRAVITY),
    }
    return render(request, "front/about.html", context)
