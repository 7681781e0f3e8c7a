"""Submit, upvote, comment, report, claim authorship: every change is a POST with CSRF."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from paperwire.community import claims as claim_ops
from paperwire.community import comments as comment_ops
from paperwire.community.models import AuthorClaim, Comment, Submission, SubmissionStatus
from paperwire.community.submit import SubmitBusy, SubmitError, submissions_today, submit_paper
from paperwire.community.votes import set_upvote
from paperwire.lib.ratelimit import check_rate_limit
from paperwire.lib.request_hints import safe_next, wants_json
from paperwire.papers.models import Paper
from paperwire.papers.querysets import on_visible_papers

# (hits, seconds) per person, or per address when signed out.
SUBMIT_RATE = (10, 3600)
UPVOTE_RATE = (60, 60)
COMMENT_RATE = (10, 600)
# Previews cost a Markdown render each; generous enough for someone revising a long comment.
COMMENT_PREVIEW_RATE = (60, 600)
REPORT_RATE = (10, 3600)
CLAIM_RATE = (10, 3600)


@require_http_methods(["GET", "POST"])
@login_required
def submit(request: HttpRequest) -> HttpResponse:
    # A link may name the paper to submit (search's "not here yet" offer): prefilled, never submitted by GET.
    text = request.GET.get("arxiv", "")[:500]
    error = ""
    existing: Paper | None = None
    retry_after: int | None = None
    if request.method == "POST":
        check_rate_limit(request, "submit", limit=SUBMIT_RATE[0], period=SUBMIT_RATE[1])
        text = request.POST.get("arxiv", "")[:500]
        try:
            result = submit_paper(request.user, text)
        except SubmitBusy as exc:
            error, retry_after = str(exc), exc.retry_after
        except SubmitError as exc:
            error = str(exc)
            existing = exc.paper if exc.paper is not None and exc.paper.hidden is False else None
        else:
            if isinstance(result, Submission):
                # arXiv is asked by the worker; the person watches this page meanwhile.
                return redirect("community:submission", pk=result.pk)
            messages.success(request, f"Thanks! “{result.title}” is on today's list.")
            return redirect(result.get_absolute_url())
    context = {
        "nav": "submit",
        "text": text,
        "error": error,
        "existing": existing,
        "max_age_days": settings.SUBMIT_MAX_AGE_DAYS,
        "daily_limit": settings.SUBMIT_DAILY_LIMIT,
        "used_today": submissions_today(request.user, timezone.now().date()),
    }
    status = 503 if retry_after is not None else 400 if error else 200
    response = render(request, "community/submit.html", context, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


@login_required
def submission(request: HttpRequest, pk: int) -> HttpResponse:
    """Where a submission waiting for arXiv is watched; only its submitter sees it."""
    found = get_object_or_404(Submission.objects.select_related("paper"), pk=pk, submitter=request.user)
    if found.status == SubmissionStatus.DONE and found.paper is not None and not found.paper.hidden:
        if found.list_date is None:
            where = "in the catalogue"
        elif found.list_date == timezone.now().date():
            where = "on today's list"
        else:
            where = f"on the list of {found.list_date:%Y-%m-%d}"
        messages.success(request, f"Thanks! “{found.paper.title}” is {where}.")
        return redirect(found.paper.get_absolute_url())
    context = {"nav": "submit", "submission": found, "waiting": found.status == SubmissionStatus.QUEUED}
    return render(request, "community/submission.html", context)


@require_POST
def vote(request: HttpRequest, paper_id: int) -> HttpResponse:
    paper = get_object_or_404(Paper.objects.visible(), pk=paper_id)
    fallback = paper.get_absolute_url()
    if not request.user.is_authenticated:
        login_url = f"{reverse('account_login')}?next={safe_next(request, fallback)}"
        if wants_json(request):
            return JsonResponse({"error": "login_required", "login_url": login_url}, status=401)
        return redirect_to_login(safe_next(request, fallback))
    check_rate_limit(request, "upvote", limit=UPVOTE_RATE[0], period=UPVOTE_RATE[1])
    voted, count = set_upvote(request.user, paper.pk, on=request.POST.get("vote", "up") != "down")
    if wants_json(request):
        paper.upvote_count = count
        # Everything the page shows about this paper's upvotes, so the script can
        # update the "N upvotes: M imported, K here" line as well as the box.
        return JsonResponse(
            {
                "paper": paper.pk,
                "voted": voted,
                "count": count,
                "imported": paper.upvotes_imported,
                "here": paper.upvotes_local,
                "sources": render_to_string("community/upvote_sources.html", {"paper": paper}).strip(),
            }
        )
    return HttpResponseRedirect(safe_next(request, fallback))


@require_POST
@login_required
def comment_create(request: HttpRequest, paper_id: int) -> HttpResponse:
    paper = get_object_or_404(Paper.objects.visible(), pk=paper_id)
    check_rate_limit(request, "comment", limit=COMMENT_RATE[0], period=COMMENT_RATE[1])
    body = request.POST.get("body", "")
    parent: Comment | None = None
    parent_id = request.POST.get("parent", "")
    if parent_id:
        parent = get_object_or_404(Comment.objects.visible().filter(paper=paper), pk=_int_or_404(parent_id))
    try:
        comment = comment_ops.add_comment(paper, request.user, body, parent=parent)
    except comment_ops.CommentError as exc:
        return _comment_form(request, paper, body=body, error=str(exc), parent=parent, status=400)
    return redirect(f"{paper.get_absolute_url()}#comment-{comment.pk}")


@require_POST
@login_required
def comment_preview(request: HttpRequest, paper_id: int) -> HttpResponse:
    """The comment as posting would show it, rendered by the same function; nothing is saved.

    The script asks for JSON and shows it under the form; without JavaScript
    the preview button submits here and gets the form back with the preview.
    """
    paper = get_object_or_404(Paper.objects.visible(), pk=paper_id)
    check_rate_limit(request, "comment_preview", limit=COMMENT_PREVIEW_RATE[0], period=COMMENT_PREVIEW_RATE[1])
    body = request.POST.get("body", "")
    parent: Comment | None = None
    editing: Comment | None = None
    if request.POST.get("editing"):
        editing = _own_comment(request, _int_or_404(request.POST["editing"]))
        if editing.paper_id != paper.pk:
            raise Http404("No such comment")
    elif request.POST.get("parent"):
        parent = get_object_or_404(
            Comment.objects.visible().filter(paper=paper), pk=_int_or_404(request.POST["parent"])
        )
    try:
        preview_html = comment_ops.preview_comment(body)
    except comment_ops.CommentError as exc:
        if wants_json(request):
            return JsonResponse({"error": str(exc)}, status=400)
        return _comment_form(request, paper, body=body, error=str(exc), parent=parent, editing=editing, status=400)
    if wants_json(request):
        return JsonResponse({"html": preview_html})
    return _comment_form(request, paper, body=body, parent=parent, editing=editing, preview_html=preview_html)


@require_http_methods(["GET", "POST"])
@login_required
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _own_comment(request, pk)
    if request.method == "POST":
        check_rate_limit(request, "comment", limit=COMMENT_RATE[0], period=COMMENT_RATE[1])
        body = request.POST.get("body", "")
        try:
            comment_ops.edit_comment(comment, body)
        except comment_ops.CommentError as exc:
            return _comment_form(request, comment.paper, body=body, error=str(exc), editing=comment, status=400)
        return redirect(f"{comment.paper.get_absolute_url()}#comment-{comment.pk}")
    return _comment_form(request, comment.paper, body=comment.body, editing=comment)


@require_POST
@login_required
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _own_comment(request, pk)
    if request.POST.get("confirmed") != "1":
        # The script asks before posting confirmed=1; without it, this page asks.
        return render(request, "community/comment_delete.html", {"comment": comment, "paper": comment.paper})
    comment_ops.delete_comment(comment)
    messages.success(request, "Your comment was deleted.")
    return redirect(f"{comment.paper.get_absolute_url()}#comments")


@require_http_methods(["GET", "POST"])
@login_required
def comment_report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(on_visible_papers(Comment.objects.visible()).select_related("paper", "author"), pk=pk)
    if request.method == "POST":
        check_rate_limit(request, "report", limit=REPORT_RATE[0], period=REPORT_RATE[1])
        if comment_ops.report_comment(comment, request.user, request.POST.get("reason", "")):
            messages.success(request, "Thank you. A moderator will look at this comment.")
        else:
            messages.info(request, "You have already reported this comment; a moderator will look at it.")
        return redirect(f"{comment.paper.get_absolute_url()}#comment-{comment.pk}")
    return render(request, "community/report.html", {"comment": comment, "paper": comment.paper})


def _own_comment(request: HttpRequest, pk: int) -> Comment:
    comment = get_object_or_404(on_visible_papers(Comment.objects.visible()).select_related("paper"), pk=pk)
    if not comment_ops.can_change(request.user, comment):
        # Not yours: answer as if it did not exist, revealing nothing.
        raise Http404("No such comment")
    return comment


def _comment_form(
    request: HttpRequest,
    paper: Paper,
    *,
    body: str,
    error: str = "",
    parent: Comment | None = None,
    editing: Comment | None = None,
    preview_html: str = "",
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "paper": paper,
        "body": body,
        "error": error,
        "parent": parent,
        "editing": editing,
        "comment_max_length": comment_ops.MAX_COMMENT_LENGTH,
        "preview_html": preview_html,
    }
    return render(request, "community/comment_form.html", context, status=status)


def _int_or_404(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise Http404("No such comment") from None


# --- claimed authorship -------------------------------------------------------------


@require_POST
@login_required
def claim_create(request: HttpRequest, paper_id: int) -> HttpResponse:
    """ "This is me": claim one of the paper's authors (a moderator decides)."""
    paper = get_object_or_404(Paper.objects.visible(), pk=paper_id)
    check_rate_limit(request, "claim", limit=CLAIM_RATE[0], period=CLAIM_RATE[1])
    try:
        claim = claim_ops.make_claim(request.user, paper, request.POST.get("author", "")[:300])
    except claim_ops.ClaimError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Thanks: a moderator will check that you are {claim.author_name}.")
    return HttpResponseRedirect(safe_next(request, f"{paper.get_absolute_url()}#authors"))


@require_POST
@login_required
def claim_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(AuthorClaim.objects.select_related("paper"), pk=pk, claimant=request.user)
    try:
        claim_ops.withdraw_claim(claim)
    except claim_ops.ClaimError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"You no longer claim to be {claim.author_name} on this paper.")
    return HttpResponseRedirect(safe_next(request, f"{claim.paper.get_absolute_url()}#authors"))
