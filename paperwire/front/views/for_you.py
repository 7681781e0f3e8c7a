"""/for-you: recent papers ranked for the signed-in person; a cold-start form for everyone else."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from paperwire.library.candidates import Recommended, recommend
from paperwire.library.imports import ImportRefused, read_import
from paperwire.library.tags import tags_with_counts
from paperwire.library.taste import negatives_of, positives_of
from paperwire.papers.models import Paper

DAY_CHOICES = (7, 30, 90, 365)
DEFAULT_DAYS = 30
PAGE_SIZE = 50
MAX_PASTED = 500_000  # characters of a pasted or uploaded BibTeX file


def _days(request: HttpRequest) -> int:
    try:
        days = int(request.GET.get("days", DEFAULT_DAYS))
    except ValueError:
        return DEFAULT_DAYS
    return days if days in DAY_CHOICES else DEFAULT_DAYS


def _recent(days: int) -> QuerySet[Paper]:
    # Every paper of the window, listed on a day or not.
    return Paper.objects.visible().filter(published__gte=timezone.now() - dt.timedelta(days=days))


@require_http_methods(["GET", "POST"])
def for_you(request: HttpRequest) -> HttpResponse:
    days = _days(request)
    context: dict[str, object] = {"nav": "for_you", "days": days, "day_choices": DAY_CHOICES}
    if request.method == "POST":
        # Cold start: ranking papers from pasted ids or a BibTeX file changes
        # nothing stored, so it is a POST only because files are uploaded.
        text = request.POST.get("papers", "")[:MAX_PASTED]
        upload = request.FILES.get("file")
        if upload is not None:
            text += "\n" + upload.read(MAX_PASTED).decode("utf-8", errors="replace")
        try:
            _, items = read_import(text)
        except ImportRefused as refused:
            context.update(pasted=text[:MAX_PASTED], cold_start=True, error=str(refused))
            return render(request, "front/for_you.html", context, status=413 if refused.too_large else 400)
        ids = list(dict.fromkeys(item.arxiv_id for item in items if item.arxiv_id))
        found = {paper.arxiv_id: paper for paper in Paper.objects.visible().filter(arxiv_id__in=ids)}
        positives = [found[arxiv_id] for arxiv_id in ids if arxiv_id in found]
        context.update(
            pasted=text,
            cold_start=True,
            missing=[arxiv_id for arxiv_id in ids if arxiv_id not in found],
            positives=positives,
            recommendations=recommend(positives, [], _recent(days), limit=PAGE_SIZE) if positives else [],
        )
        return render(request, "front/for_you.html", context)
    if not isinstance(request.user, User):
        context["cold_start"] = True
        return render(request, "front/for_you.html", context)
    tags = tags_with_counts(request.user)
    wanted = request.GET.get("tag", "")
    tag = next((t for t in tags if str(t.pk) == wanted), None)
    positives = positives_of(request.user, tag.pk if tag else None)
    recommendations: list[Recommended] = []
    if positives:
        recommendations = recommend(positives, negatives_of(request.user), _recent(days), limit=PAGE_SIZE)
    context.update(tags=tags, tag=tag, positives=positives, recommendations=recommendations, cold_start=not positives)
    return render(request, "front/for_you.html", context)
