"""The channels settings page: a person's chat destinations, with a test button.

The URL of a destination is a secret: it is never rendered back (the page
shows Apprise's masked form), and the views that receive it hide it from
Django's error reports.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_POST

from paperwire.channels.content import build_content
from paperwire.channels.forms import DestinationForm
from paperwire.channels.models import Carries, Destination
from paperwire.channels.posting import PostFailed, post
from paperwire.lib.ratelimit import check_rate_limit
from paperwire.papers.lists import latest_list_date

MAX_DESTINATIONS = 20


def _user(request: HttpRequest) -> User:
    # Every view here is behind login_required.
    assert isinstance(request.user, User)
    return request.user


def _page(request: HttpRequest, form: DestinationForm, status: int = 200) -> HttpResponse:
    destinations = Destination.objects.filter(owner=_user(request)).order_by("pk")
    context = {"form": form, "destinations": destinations, "limit": MAX_DESTINATIONS}
    return render(request, "channels/settings.html", context, status=status)


@login_required
@require_GET
def settings_page(request: HttpRequest) -> HttpResponse:
    return _page(request, DestinationForm(user=_user(request)))


@sensitive_post_parameters("url")
@sensitive_variables("form")
@login_required
@require_POST
def add_destination(request: HttpRequest) -> HttpResponse:
    check_rate_limit(request, "channels.add", limit=30, period=3600)
    form = DestinationForm(request.POST, user=_user(request))
    if Destination.objects.filter(owner=_user(request)).count() >= MAX_DESTINATIONS:
        form.add_error(None, f"You have {MAX_DESTINATIONS} destinations already; remove one first.")
    if not form.is_valid():
        return _page(request, form, status=400)
    destination = Destination.objects.create(owner=_user(request), **form.destination_fields())
    messages.success(request, f"Added {destination}. Send a test message to check it.")
    return redirect("channels:settings")


def _own(request: HttpRequest, pk: int) -> Destination:
    return get_object_or_404(Destination, pk=pk, owner=_user(request))


@sensitive_variables("destination")
@login_required
@require_POST
def send_test(request: HttpRequest, pk: int) -> HttpResponse:
    destination = _own(request, pk)
    check_rate_limit(request, "channels.test", limit=20, period=3600)
    today = timezone.now().date()
    day = latest_list_date(today) or today
    content = build_content(Carries.LIST, day, day + timedelta(days=1), 3)
    content = replace(content, title=f"Test from paperwire: {content.title}")
    try:
        post(destination.url, content, trusted=False)
    except PostFailed as exc:
        messages.error(request, f"The test message to {destination} failed: {exc}")
    else:
        messages.success(request, f"Test message sent to {destination}.")
    return redirect("channels:settings")


@login_required
@require_POST
def switch(request: HttpRequest, pk: int) -> HttpResponse:
    destination = _own(request, pk)
    turn_on = request.POST.get("enabled") == "1"
    Destination.objects.filter(pk=destination.pk).update(
        enabled=turn_on, consecutive_failures=0 if turn_on else destination.consecutive_failures, disabled_at=None
    )
    messages.success(request, f"{destination} is {'on' if turn_on else 'off'}.")
    return redirect("channels:settings")


@login_required
@require_POST
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    destination = _own(request, pk)
    destination.delete()
    messages.success(request, f"Removed {destination}.")
    return redirect("channels:settings")
