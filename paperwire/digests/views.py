"""Subscribe box, confirmation, preferences and unsubscribe pages.

Links in emails lead to a page with a button: following a link (or a mail
scanner prefetching it) never changes anything; only the POST does. The one
exception by design is the RFC 8058 one-click POST, which needs no cookie.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from paperwire.digests import links
from paperwire.digests.feedback import feedback_target, record_feedback
from paperwire.digests.forms import PreferencesForm, SubscribeForm
from paperwire.digests.models import Subscription, SubscriptionStatus
from paperwire.digests.plan import section_plan
from paperwire.digests.preview import preview_next_digest
from paperwire.digests.subscriptions import (
    confirm,
    request_subscription,
    subscribe_user,
    subscription_for_user,
    unsubscribe,
    update_preferences,
)
from paperwire.lib.ratelimit import check_rate_limit
from paperwire.papers.categories import arxiv_archives, arxiv_categories
from paperwire.papers.coverage import category_coverage

# A browser that subscribed (or dismissed the banner) stops seeing the subscribe banner.
BANNER_COOKIE = "paperwire_banner"


def _hide_banner(response: HttpResponse) -> HttpResponse:
    response.set_cookie(BANNER_COOKIE, "hidden", max_age=365 * 24 * 3600, samesite="Lax", httponly=False)
    return response


def _bad_link(request: HttpRequest, error: links.BadLink) -> HttpResponse:
    return render(request, "digests/bad_link.html", {"error": str(error)}, status=400)


@require_POST
def subscribe(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and not request.POST.get("email"):
        subscription = subscribe_user(request.user)
        messages.success(request, f"Subscribed: the digest goes to {subscription.email}.")
        return _hide_banner(redirect("digests:my_preferences"))
    check_rate_limit(request, "digests.subscribe", limit=10, period=3600)
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return render(request, "digests/subscribe.html", {"form": form}, status=400)
    request_subscription(form.cleaned_data["email"])
    # The same page whatever the address's state: it reveals nothing.
    return _hide_banner(render(request, "digests/check_inbox.html", {"email": form.cleaned_data["email"]}))


@require_http_methods(["GET", "POST"])
def confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscription = links.read_token(token, links.CONFIRM_SALT, max_age=links.confirm_max_age())
    except links.BadLink as error:
        return _bad_link(request, error)
    if request.method == "POST":
        confirm(subscription)
        messages.success(request, "Subscription confirmed. Choose what you want to receive:")
        return redirect(links.preferences_url(subscription).removeprefix(links.absolute("")))
    return render(request, "digests/confirm.html", {"subscription": subscription})


def _preferences_page(request: HttpRequest, subscription: Subscription, **extra: Any) -> HttpResponse:
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            update_preferences(subscription, form.preferences())
            messages.success(request, "Preferences saved.")
            return redirect(request.path)
    else:
        form = PreferencesForm.for_subscription(subscription)
    context = {
        "form": form,
        "subscription": subscription,
        "active": subscription.status == SubscriptionStatus.ACTIVE,
        # What the stored numbers mean today: each section's bound, or why it is empty.
        "plan": section_plan(subscription),
        "category_choices": [*arxiv_archives().items(), *arxiv_categories().items()],
        # Papers without arXiv categories never match a category choice: say how many there are.
        "category_note": category_coverage().sentence,
        # Asked for with a link (GET, read-only): building a digest is too much work for every visit.
        "preview": preview_next_digest(subscription) if request.GET.get("preview") == "1" else None,
    }
    return _hide_banner(render(request, "digests/preferences.html", {**context, **extra}))


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscription = links.read_token(token, links.PREFERENCES_SALT, max_age=links.link_max_age())
    except links.BadLink as error:
        return _bad_link(request, error)
    return _preferences_page(request, subscription, unsubscribe_url=links.unsubscribe_url(subscription))


@login_required
@require_http_methods(["GET", "POST"])
def my_preferences(request: HttpRequest) -> HttpResponse:
    subscription = subscription_for_user(request.user)
    if subscription is None or subscription.status != SubscriptionStatus.ACTIVE:
        return render(request, "digests/subscribe.html", {"form": SubscribeForm(), "signed_in": True})
    return _preferences_page(request, subscription, unsubscribe_url=links.unsubscribe_url(subscription))


# csrf_exempt: RFC 8058 mail clients POST here with no cookie and no token;
# the signed URL itself is the credential.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscription = links.read_token(token, links.UNSUBSCRIBE_SALT, max_age=links.link_max_age())
    except links.BadLink as error:
        return _bad_link(request, error)
    if request.method == "POST":
        unsubscribe(subscription)
        return render(request, "digests/unsubscribed.html", {"subscription": subscription})
    return render(request, "digests/unsubscribe.html", {"subscription": subscription})


@require_http_methods(["GET", "POST"])
def feedback_view(request: HttpRequest, token: str, vote: str) -> HttpResponse:
    """👍/👎 from an email: no log-in (the signed link is the credential); the GET asks, the POST records."""
    if vote not in links.VOTES:
        return _bad_link(request, links.BadLink("This link is invalid."))
    try:
        target = feedback_target(token)
    except links.BadLink as error:
        return _bad_link(request, error)
    context = {"paper": target.paper, "vote": vote}
    if request.method == "POST":
        check_rate_limit(request, "digests.feedback", limit=120, period=3600)
        record_feedback(target, vote)
        return render(request, "digests/feedback_done.html", context)
    return render(request, "digests/feedback.html", context)
