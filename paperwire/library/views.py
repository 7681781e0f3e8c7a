"""The library's forms: save, note, tags, not interested, export, follow (its pages are in front).

Every change is a POST with CSRF. Forms work without JavaScript (they
redirect back to ``next``); ``static/library/library.js`` sends the same
forms with ``fetch`` and ``Accept: application/json`` to spare the reload.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from paperwire.lib.pages import page_url
from paperwire.lib.ratelimit import check_rate_limit
from paperwire.lib.request_hints import safe_next, signed_in_user, wants_json
from paperwire.lib.user_text import UserTextError
from paperwire.library import follows as follow_ops
from paperwire.library import tags as tag_ops
from paperwire.library import zotero_sync
from paperwire.library.bibtex import bibtex_for, citation_key, library_bibtex
from paperwire.library.models import Follow, Tag, ZoteroLink
from paperwire.library.saving import library_entries, save_paper, set_not_interested, set_note, unsave_paper
from paperwire.papers.models import Paper

# (hits, seconds) per person.
CHANGE_RATE = (120, 60)


def _signed_in_or_login(request: HttpRequest, fallback: str) -> HttpResponse | None:
    if request.user.is_authenticated:
        check_rate_limit(request, "library", limit=CHANGE_RATE[0], period=CHANGE_RATE[1])
        return None
    if wants_json(request):
        login_url = f"{reverse('account_login')}?next={safe_next(request, fallback)}"
        return JsonResponse({"error": "login_required", "login_url": login_url}, status=401)
    return redirect_to_login(safe_next(request, fallback))


def _paper(paper_id: int) -> Paper:
    return get_object_or_404(Paper.objects.visible(), pk=paper_id)


@require_POST
def save(request: HttpRequest, paper_id: int) -> HttpResponse:
    """Save (``save=1``, the default) or remove (``save=0``) a paper."""
    paper = _paper(paper_id)
    refused = _signed_in_or_login(request, paper.get_absolute_url())
    if refused is not None:
        return refused
    on = request.POST.get("save", "1") != "0"
    if on:
        save_paper(signed_in_user(request), paper)
    else:
        unsave_paper(signed_in_user(request), paper)
    if wants_json(request):
        return JsonResponse({"paper": paper.pk, "saved": on})
    return HttpResponseRedirect(safe_next(request, paper.get_absolute_url()))


@require_POST
def note(request: HttpRequest, paper_id: int) -> HttpResponse:
    paper = _paper(paper_id)
    refused = _signed_in_or_login(request, paper.get_absolute_url())
    if refused is not None:
        return refused
    try:
        saved = set_note(signed_in_user(request), paper, request.POST.get("note", ""))
    except UserTextError as exc:
        if wants_json(request):
            return JsonResponse({"error": "invalid_note", "message": str(exc)}, status=400)
        messages.error(request, str(exc))
        return HttpResponseRedirect(safe_next(request, paper.get_absolute_url()))
    if wants_json(request):
        return JsonResponse({"paper": paper.pk, "saved": True, "note": saved.note})
    messages.success(request, "Note saved.")
    return HttpResponseRedirect(safe_next(request, paper.get_absolute_url()))


@require_POST
def paper_tags(request: HttpRequest, paper_id: int) -> HttpResponse:
    """Set a paper's tags from one comma-separated box (saving the paper)."""
    paper = _paper(paper_id)
    refused = _signed_in_or_login(request, paper.get_absolute_url())
    if refused is not None:
        return refused
    try:
        tags = tag_ops.set_tags(signed_in_user(request), paper, tag_ops.split_tag_names(request.POST.get("tags", "")))
    except tag_ops.TagError as exc:
        if wants_json(request):
            return JsonResponse({"error": "invalid_tag", "message": str(exc)}, status=400)
        messages.error(request, str(exc))
        return HttpResponseRedirect(safe_next(request, paper.get_absolute_url()))
    if wants_json(request):
        return JsonResponse({"paper": paper.pk, "saved": True, "tags": [{"id": t.pk, "name": t.name} for t in tags]})
    return HttpResponseRedirect(safe_next(request, paper.get_absolute_url()))


@require_POST
def not_interested(request: HttpRequest, paper_id: int) -> HttpResponse:
    paper = _paper(paper_id)
    refused = _signed_in_or_login(request, paper.get_absolute_url())
    if refused is not None:
        return refused
    on = set_not_interested(signed_in_user(request), paper, on=request.POST.get("on", "1") != "0")
    if wants_json(request):
        return JsonResponse({"paper": paper.pk, "not_interested": on})
    return HttpResponseRedirect(safe_next(request, paper.get_absolute_url()))


# --- tags ---------------------------------------------------------------------


def _own_tag(request: HttpRequest, pk: int) -> Tag:
    return get_object_or_404(Tag, pk=pk, user=request.user)


@require_POST
@login_required
def tag_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """rename, merge (into ``into``) or delete one of your tags."""
    check_rate_limit(request, "library", limit=CHANGE_RATE[0], period=CHANGE_RATE[1])
    tag = _own_tag(request, pk)
    fallback = page_url("library")
    try:
        if action == "rename":
            tag_ops.rename_tag(tag, request.POST.get("name", ""))
            messages.success(request, f"Renamed to “{tag.name}”.")
        elif action == "merge":
            into = _own_tag(request, int(request.POST.get("into", "0") or 0))
            tag_ops.merge_tags(tag, into)
            messages.success(request, f"Merged into “{into.name}”.")
            fallback = f"{fallback}?tag={into.pk}"
        elif action == "delete":
            name = tag.name
            tag_ops.delete_tag(tag)
            messages.success(request, f"Deleted the tag “{name}”; its papers stay in your library.")
        else:
            raise Http404("No such tag action.")
    except tag_ops.TagError as exc:
        messages.error(request, str(exc))
    except ValueError:
        messages.error(request, "Choose a tag to merge into.")
    return HttpResponseRedirect(safe_next(request, fallback))


@require_POST
@login_required
def tag_create(request: HttpRequest) -> HttpResponse:
    check_rate_limit(request, "library", limit=CHANGE_RATE[0], period=CHANGE_RATE[1])
    try:
        tag = tag_ops.create_tag(signed_in_user(request), request.POST.get("name", ""))
    except tag_ops.TagError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(safe_next(request, page_url("library")))
    return HttpResponseRedirect(safe_next(request, f"{page_url('library')}?tag={tag.pk}"))


# --- export -----------------------------------------------------------------


@require_GET
def cite(request: HttpRequest, paper_id: int) -> HttpResponse:
    """One paper's BibTeX entry as a download (the paper page shows the same text)."""
    paper = _paper(paper_id)
    return _bibtex_response(bibtex_for([paper]), f"{citation_key(paper)}.bib")


@require_GET
@login_required
def export(request: HttpRequest) -> HttpResponse:
    """The whole library, or one tag (``?tag=<id>``), as a BibTeX file with tags and notes."""
    tag_id = request.GET.get("tag", "")
    tag = _own_tag(request, int(tag_id)) if tag_id.isdigit() else None
    entries = library_entries(signed_in_user(request), tag_id=tag.pk if tag else None)
    name = f"paperwire-{tag.name if tag else 'library'}.bib"
    return _bibtex_response(library_bibtex(entries), name)


def _bibtex_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="application/x-bibtex; charset=utf-8")
    safe = "".join(char if char.isalnum() or char in "-_." else "-" for char in filename)
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    return response


# --- follows ------------------------------------------------------------------


@require_POST
def follow_create(request: HttpRequest) -> HttpResponse:
    fallback = page_url("follows")
    refused = _signed_in_or_login(request, fallback)
    if refused is not None:
        return refused
    try:
        row = follow_ops.follow(
            signed_in_user(request),
            request.POST.get("kind", ""),
            request.POST.get("target", ""),
            email=request.POST.get("email", Follow.Email.OFF),
        )
    except follow_ops.FollowError as exc:
        if wants_json(request):
            return JsonResponse({"error": "invalid_follow", "message": str(exc)}, status=400)
        messages.error(request, str(exc))
        return HttpResponseRedirect(safe_next(request, fallback))
    if wants_json(request):
        unfollow_url = reverse("library:follow_action", args=[row.pk, "unfollow"])
        return JsonResponse({"follow": row.pk, "following": True, "unfollow_url": unfollow_url})
    messages.success(request, f"Following {follow_ops.describe(row)}. Manage it under Follows.")
    return HttpResponseRedirect(safe_next(request, fallback))


@require_POST
def follow_author(request: HttpRequest) -> HttpResponse:
    """Follow the author named in ``author`` (the author page's form)."""
    fallback = page_url("follows")
    refused = _signed_in_or_login(request, fallback)
    if refused is not None:
        return refused
    try:
        row = follow_ops.follow(signed_in_user(request), Follow.Kind.AUTHOR, request.POST.get("author", ""))
    except follow_ops.FollowError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(safe_next(request, fallback))
    messages.success(request, f"Following {follow_ops.describe(row)}. Manage it under Follows.")
    return HttpResponseRedirect(safe_next(request, fallback))


@require_POST
@login_required
def follow_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """email (off/daily/weekly), revoke (a new feed URL) or unfollow."""
    check_rate_limit(request, "library", limit=CHANGE_RATE[0], period=CHANGE_RATE[1])
    row = get_object_or_404(Follow, pk=pk, user=request.user)
    try:
        if action == "email":
            follow_ops.set_email(row, request.POST.get("email", ""))
            messages.success(request, f"Email for {follow_ops.describe(row)}: {row.get_email_display().lower()}.")
        elif action == "revoke":
            follow_ops.revoke_feed(row)
            messages.success(request, "The old feed address no longer works; use the new one.")
        elif action == "unfollow":
            follow_ops.unfollow(row)
            if wants_json(request):
                return JsonResponse({"follow": pk, "following": False})
            messages.success(request, f"No longer following {follow_ops.describe(row)}.")
        else:
            raise Http404("No such follow action.")
    except follow_ops.FollowError as exc:
        messages.error(request, str(exc))
    return HttpResponseRedirect(safe_next(request, page_url("follows")))


# --- Zotero ------------------------------------------------------------------


@require_POST
@login_required
def zotero_connect(request: HttpRequest) -> HttpResponse:
    """Connect a Zotero library (or give an existing one a new key); the first sync is queued at once."""
    check_rate_limit(request, "library", limit=CHANGE_RATE[0], period=CHANGE_RATE[1])
    try:
        zotero_sync.connect(
            signed_in_user(request),
            request.POST.get("library_type", ZoteroLink.Kind.USER),
            request.POST.get("library_id", "")[:40],
            request.POST.get("api_key", "")[:100],
        )
    except zotero_sync.ZoteroLinkError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Zotero library connected: the first sync is on its way.")
    return HttpResponseRedirect(safe_next(request, page_url("library_import")))


@require_POST
@login_required
def zotero_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """``sync`` (now, unless Zotero asked us to wait) or ``disconnect`` one of the person's libraries."""
    check_rate_limit(request, "library", limit=CHANGE_RATE[0], period=CHANGE_RATE[1])
    link = get_object_or_404(ZoteroLink, pk=pk, owner=signed_in_user(request))
    if action == "sync":
        if link.next_allowed_at and link.next_allowed_at > timezone.now():
            # Zotero's Backoff / Retry-After: asking now would only be refused again.
            messages.info(request, "Zotero asked paperwire to wait: the first scheduled sync after that time runs.")
        else:
            zotero_sync.queue_sync(link)
            messages.success(request, "Sync queued: refresh in a moment to see what it brought.")
    elif action == "disconnect":
        zotero_sync.disconnect(link)
        messages.success(request, "Zotero library disconnected; the papers it saved stay in your library.")
    else:
        raise Http404("unknown action")
    return HttpResponseRedirect(safe_next(request, page_url("library_import")))
