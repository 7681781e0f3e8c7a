"""Taking part through the API: upvote, unvote, comments, submit to today's list."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status

from paperwire.api.arxiv_queue import accepted, busy_error
from paperwire.api.auth import api_auth, require_user
from paperwire.api.errors import ApiError, ErrorOut, bad_request, not_found
from paperwire.api.limits import rate_limit_read, rate_limit_write
from paperwire.api.lookups import visible_paper
from paperwire.api.params import arxiv_id_path
from paperwire.api.v1.schemas import ArxivIdIn, CommentIn, CommentOut, PaperOut, SubmissionOut, VoteOut, paper_out
from paperwire.community.comments import CommentError, add_comment, visible_comments
from paperwire.community.models import Comment, Submission, SubmissionStatus
from paperwire.community.submit import SubmitBusy, SubmitError, submit_paper
from paperwire.community.votes import set_upvote
from paperwire.papers.models import DailyEntry

router = Router(tags=["paperwire v1: community"])

WRITE_ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut}


def _vote(request: HttpRequest, arxiv_id: str, *, on: bool) -> dict[str, Any]:
    user = require_user(request)
    rate_limit_write(request, "upvote")
    paper = visible_paper(arxiv_id)
    voted, count = set_upvote(user, paper.pk, on=on)
    return {"paper": paper.arxiv_id, "voted": voted, "upvotes": count}


@router.post("/papers/{path:arxiv_id}/upvote", auth=api_auth, response={200: VoteOut, **WRITE_ERRORS}, summary="Upvote")
def upvote(request: HttpRequest, arxiv_id: str = arxiv_id_path()) -> dict[str, Any]:
    return _vote(request, arxiv_id, on=True)


@router.delete(
    "/papers/{path:arxiv_id}/upvote",
    auth=api_auth,
    response={200: VoteOut, **WRITE_ERRORS},
    summary="Take back an upvote",
)
def unvote(request: HttpRequest, arxiv_id: str = arxiv_id_path()) -> dict[str, Any]:
    return _vote(request, arxiv_id, on=False)


def _comment_out(comment: Comment, replies: list[Comment] | None = None) -> dict[str, Any]:
    return {
        "id": comment.pk,
        "author": comment.author.get_username(),
        "body": "" if comment.deleted else comment.body,
        "body_html": "" if comment.deleted else comment.body_html,
        "created_at": comment.created_at,
        "edited_at": comment.edited_at,
        "parent_id": comment.parent_id,
        "replies": [_comment_out(reply) for reply in replies or []],
    }


@router.get(
    "/papers/{path:arxiv_id}/comments",
    response={200: list[CommentOut], 404: ErrorOut, 400: ErrorOut, 429: ErrorOut},
    summary="Comments, oldest first, with their replies",
)
def comments(request: HttpRequest, arxiv_id: str = arxiv_id_path()) -> list[dict[str, Any]]:
    rate_limit_read(request)
    paper = visible_paper(arxiv_id)
    return [_comment_out(comment, getattr(comment, "visible_replies", [])) for comment in visible_comments(paper)]


@router.post(
    "/papers/{path:arxiv_id}/comments",
    auth=api_auth,
    response={201: CommentOut, **WRITE_ERRORS},
    summary="Comment (Markdown), or reply with parent_id",
)
def comment(request: HttpRequest, payload: CommentIn, arxiv_id: str = arxiv_id_path()) -> Status[dict[str, Any]]:
    user = require_user(request)
    rate_limit_write(request, "comment")
    paper = visible_paper(arxiv_id)
    parent = None
    if payload.parent_id is not None:
        parent = Comment.objects.filter(pk=payload.parent_id, paper=paper).first() if payload.parent_id > 0 else None
        if parent is None:
            raise bad_request(f"parent_id: no comment {payload.parent_id} on this paper.")
    if "\x00" in payload.body:
        raise bad_request("body contains a NUL character; send plain text.")
    try:
        created = add_comment(paper, user, payload.body, parent=parent)
    except CommentError as exc:
        raise bad_request(str(exc), error="invalid_comment") from None
    return Status(201, _comment_out(created))


def _submission_out(submission: Submission) -> dict[str, Any]:
    detail = {
        SubmissionStatus.QUEUED: f"Fetching {submission.arxiv_id} from arXiv; GET this URL again in a few seconds.",
        SubmissionStatus.DONE: f"{submission.arxiv_id} is on the list of {submission.list_date}.",
    }.get(SubmissionStatus(submission.status), submission.message)
    return {
        "id": submission.pk,
        "arxiv_id": submission.arxiv_id,
        "status": submission.status,
        "detail": detail,
        "list_date": submission.list_date,
        "requested_at": submission.requested_at,
        "finished_at": submission.finished_at,
        "paper": f"/api/v1/papers/{submission.paper.arxiv_id}" if submission.paper is not None else None,
    }


@router.post(
    "/submissions",
    auth=api_auth,
    response={201: PaperOut, 202: SubmissionOut, 409: ErrorOut, 503: ErrorOut, **WRITE_ERRORS},
    summary="Submit an arXiv paper to today's list",
)
def submit(request: HttpRequest, payload: ArxivIdIn) -> Status[dict[str, Any]] | HttpResponse:
    user = require_user(request)
    rate_limit_write(request, "submit")
    if "\x00" in payload.arxiv_id:
        raise bad_request("arxiv_id contains a NUL character.")
    try:
        result = submit_paper(user, payload.arxiv_id)
    except SubmitBusy as exc:
        raise busy_error(exc) from None
    except SubmitError as exc:
        # Already on a list is a conflict with the current state; anything else is a refusal of this input.
        listed = exc.paper is not None and DailyEntry.objects.filter(paper=exc.paper).exists()
        raise ApiError(409 if listed else 400, "submission_refused", str(exc)) from None
    if isinstance(result, Submission):  # the worker asks arXiv; the answer says where to look
        return accepted(_submission_out(result), location=f"/api/v1/submissions/{result.pk}")
    paper = visible_paper(result.arxiv_id)
    return Status(201, paper_out(paper, settings.SITE_URL))


@router.get(
    "/submissions/{int:submission_id}",
    auth=api_auth,
    response={200: SubmissionOut, 401: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    summary="One of my submissions: still fetching from arXiv, listed, or why not",
)
def submission(request: HttpRequest, submission_id: int) -> dict[str, Any]:
    user = require_user(request)
    rate_limit_read(request)
    found = Submission.objects.select_related("paper").filter(pk=submission_id, submitter_id=user.pk).first()
    if found is None:
        raise not_found(f"You have no submission {submission_id}.")
    return _submission_out(found)
