"""The follows page: everything a person follows, with its email setting and private feed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from paperwire.lib.request_hints import signed_in_user
from paperwire.library import follows as follow_ops
from paperwire.library import tags as tag_ops
from paperwire.library.models import Follow


@require_GET
@login_required
def follows_page(request: HttpRequest) -> HttpResponse:
    rows = list(Follow.objects.filter(user=signed_in_user(request)))
    context = {
        "nav": "library",
        "follows": [(row, follow_ops.describe(row)) for row in rows],
        "tags": tag_ops.tags_with_counts(signed_in_user(request)),
        "email_choices": Follow.Email.choices,
    }
    return render(request, "front/library/follows.html", context)
