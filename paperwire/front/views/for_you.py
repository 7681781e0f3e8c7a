"""/for-you: recent papers ranked for the signed-in person; a cold-start form for everyone else.

Rankings read the candidate set the worker prepared (``personal/candidates``);
a window counts back from the newest paper the instance has, and the page
says which dates it shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from paperwire.community.votes import voted_paper_ids
from paperwire.lib.ratelimit import check_rate_limit
from paperwire.library.candidates import Recommended, Window, paper_items, prepared_index, rank_prepared, window
from paperwire.library.imports import ImportRefused, read_import
from paperwire.library.tags import tags_with_counts
from paperwire.library.taste import Reason, Taste, negatives_of, taste_of
from paperwire.papers.authors import author_key
from paperwire.papers.models import Paper

DAY_CHOICES = (7, 30, 90, 365)
DEFAULT_DAYS = 30
PAGE_SIZE = 50
MAX_PASTED = 500_000  # characters of a pasted or uploaded BibTeX file


@dataclass(frozen=True)
class Why:
    """One reason a paper is shown: a positive it is like (and why that counts), or a followed author."""

    reason: Reason
    paper: Paper | None = None


@dataclass(frozen=True)
class Shown:
    paper: Paper
    why: list[Why]


def _days(request: HttpRequest) -> int:
    try:
        days = int(request.GET.get("days", DEFAULT_DAYS))
    except ValueError:
        return DEFAULT_DAYS
    return days if days in DAY_CHOICES else DEFAULT_DAYS


def _explained(found: list[Recommended], taste: Taste) -> list[Shown]:
    """Each paper with the real reasons: a followed author of its own first, then the positives it is like."""
    shown = []
    for item in found:
        why = [
            Why(Reason("follow", taste.followed_authors[key]))
            for key in dict.fromkeys(author_key(name) for name in item.paper.authors or ())
            if key in taste.followed_authors
        ][:1]
        why += [Why(taste.reasons.get(p.pk, Reason("listed")), p) for p in item.because]
        shown.append(Shown(item.paper, why))
    return shown


def _cold_start(request: HttpRequest, days: int, context: dict[str, object]) -> HttpResponse:
    """Rank from pasted ids or a BibTeX file; nothing is stored, so anyone may, a few times a minute."""
    check_rate_limit(request, "for-you", limit=settings.RECOMMEND_RATE_LIMIT, period=60)
    text = request.POST.get("papers", "")[:MAX_PASTED]
    upload = request.FILES.get("file")
    if upload is not None:
        text += "\n" + upload.read(MAX_PASTED).decode("utf-8", errors="replace")
    try:
        _, items = read_import(text)
    except ImportRefused as refused:
        context.update(pasted=text[:MAX_PASTED], error=str(refused))
        return render(request, "front/for_you.html", context, status=413 if refused.too_large else 400)
    ids = list(dict.fromkeys(item.arxiv_id for item in items if item.arxiv_id))
    found = {paper.arxiv_id: paper for paper in Paper.objects.visible().filter(arxiv_id__in=ids)}
    positives = [found[arxiv_id] for arxiv_id in ids if arxiv_id in found]
    taste = Taste(positives, {p.pk: Reason("listed") for p in positives})
    context.update(pasted=text, missing=[arxiv_id for arxiv_id in ids if arxiv_id not in found])
    return _ranked_page(request, days, taste, [], context)


def _ranked_page(
    request: HttpRequest, days: int, taste: Taste, negatives: list[Paper], context: dict[str, object]
) -> HttpResponse:
    index = prepared_index()
    shown: Window = window(index, days)
    found: list[Recommended] = []
    if taste.papers:
        found = rank_prepared(
            paper_items(taste.papers, taste.sources()),
            paper_items(negatives),
            index,
            rows=shown.rows,
            exclude=taste.saved_ids,
            limit=PAGE_SIZE,
            sources={p.pk: p for p in taste.papers},
        )
    context.update(
        positives=taste.papers,
        recommendations=_explained(found, taste),
        window=shown,
        voted_ids=voted_paper_ids(request.user, [item.paper.pk for item in found]),
    )
    return render(request, "front/for_you.html", context)


@require_http_methods(["GET", "POST"])
def for_you(request: HttpRequest) -> HttpResponse:
    days = _days(request)
    context: dict[str, object] = {"nav": "for_you", "days": days, "day_choices": DAY_CHOICES}
    if request.method == "POST":
        # A POST only because files are uploaded: ranking changes nothing stored.
        context["cold_start"] = True
        return _cold_start(request, days, context)
    if not isinstance(request.user, User):
        context["cold_start"] = True
        return render(request, "front/for_you.html", context)
    tags = tags_with_counts(request.user)
    wanted = request.GET.get("tag", "")
    tag = next((t for t in tags if str(t.pk) == wanted), None)
    taste = taste_of(request.user, tag.pk if tag else None, tag.name if tag else "")
    context.update(tags=tags, tag=tag, cold_start=not taste.papers)
    return _ranked_page(request, days, taste, negatives_of(request.user), context)
