"""The signed-in person's library under ``/api/v1/me/``: saved papers, notes, tags, BibTeX export."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status

from paperwire.api.auth import api_auth, require_user
from paperwire.api.errors import ErrorOut, bad_request, not_found
from paperwire.api.limits import rate_limit_read, rate_limit_write
from paperwire.api.lookups import visible_paper
from paperwire.api.params import arxiv_id_path, clean_text
from paperwire.api.v1.schemas import PaperOut, paper_out
from paperwire.lib.user_text import UserTextError, checked_text
from paperwire.library import tags as tag_ops
from paperwire.library.bibtex import library_bibtex
from paperwire.library.models import SavedPaper, Tag
from paperwire.library.saving import NOTE_MAX, library_entries, save_paper, unsave_paper

router = Router(tags=["paperwire v1: library"])

ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut}


class TagOut(Schema):
    id: int
    name: str
    paper_count: int = 0


class EntryOut(Schema):
    paper: PaperOut
    note: str = Field(description="Private: only you see it.")
    tags: list[TagOut]
    saved_at: dt.datetime


class EntryIn(Schema):
    note: str | None = Field(None, max_length=NOTE_MAX, description="Replaces the note when given.")
    tags: list[str] | None = Field(None, max_length=50, description="Replaces the tags when given (created if new).")


class TagIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)


class MergeIn(Schema):
    into: int = Field(..., description="The id of the tag that keeps the papers.")


class LibraryQuery(Schema):
    tag: int | None = Field(None, description="Only papers with this tag id.")
    q: str | None = Field(None, max_length=200, description="Words in the title, authors, id or note.")


def _user(request: HttpRequest) -> User:
    user = require_user(request)
    assert isinstance(user, User)
    return user


def _entry_out(entry: SavedPaper) -> dict[str, Any]:
    return {
        "paper": paper_out(entry.paper, settings.SITE_URL),
        "note": entry.note,
        "tags": [{"id": tag.pk, "name": tag.name} for tag in entry.tags.all()],
        "saved_at": entry.saved_at,
    }


def _own_tag(user: User, tag_id: int) -> Tag:
    tag = Tag.objects.filter(user=user, pk=tag_id).first()
    if tag is None:
        raise not_found(f"You have no tag {tag_id}.")
    return tag


@router.get("/me/library", auth=api_auth, response={200: list[EntryOut], **ERRORS}, summary="My saved papers")
def my_library(request: HttpRequest, params: Query[LibraryQuery]) -> list[dict[str, Any]]:
    user = _user(request)
    rate_limit_read(request)
    tag = _own_tag(user, params.tag) if params.tag is not None else None
    text = clean_text("q", params.q) or ""
    return [_entry_out(entry) for entry in library_entries(user, tag_id=tag.pk if tag else None, text=text)]


@router.get(
    "/me/library.bib",
    auth=api_auth,
    response={200: str, **ERRORS},
    summary="My library (or one tag) as BibTeX, with tags (keywords) and notes (annote)",
    # An int key, like ninja's own: a "200" string would be a second 200 entry, which Swagger UI's parser refuses.
    openapi_extra={
        "responses": {
            200: {"description": "BibTeX entries", "content": {"application/x-bibtex": {"schema": {"type": "string"}}}}
        }
    },
)
def my_library_bibtex(request: HttpRequest, tag: int | None = None) -> HttpResponse:
    user = _user(request)
    rate_limit_read(request)
    found = _own_tag(user, tag) if tag is not None else None
    entries = library_entries(user, tag_id=found.pk if found else None)
    return HttpResponse(library_bibtex(entries), content_type="application/x-bibtex; charset=utf-8")


@router.put(
    "/me/library/{path:arxiv_id}",
    auth=api_auth,
    response={200: EntryOut, **ERRORS},
    summary="Save a paper (and set its note or tags)",
)
def put_entry(request: HttpRequest, payload: EntryIn, arxiv_id: str = arxiv_id_path()) -> dict[str, Any]:
    user = _user(request)
    rate_limit_write(request, "library")
    paper = visible_paper(arxiv_id)
    note = payload.note
    if note is not None:
        try:
            checked_text(note, label="note", max_length=NOTE_MAX)
        except UserTextError as exc:
            raise bad_request(str(exc)) from None
    names = [name for name in payload.tags or [] if name.strip()]
    for name in names:
        if clean_text("tags", name) is None:
            raise bad_request("tags must be names.")
    try:
        for name in names:
            tag_ops.clean_tag_name(name)
    except tag_ops.TagError as exc:
        raise bad_request(f"tags: {exc}") from None
    saved = save_paper(user, paper)
    if note is not None:
        saved.note = note.replace("\r\n", "\n").strip()
        saved.save(update_fields=["note"])
    if payload.tags is not None:
        tag_ops.set_tags(user, paper, names)
    entry = SavedPaper.objects.select_related("paper").prefetch_related("tags").get(pk=saved.pk)
    return _entry_out(entry)


@router.delete(
    "/me/library/{path:arxiv_id}", auth=api_auth, response={204: None, **ERRORS}, summary="Remove a saved paper"
)
def delete_entry(request: HttpRequest, arxiv_id: str = arxiv_id_path()) -> Status:
    user = _user(request)
    rate_limit_write(request, "library")
    if not unsave_paper(user, visible_paper(arxiv_id)):
        raise not_found("That paper is not in your library.")
    return Status(204, None)


@router.get("/me/tags", auth=api_auth, response={200: list[TagOut], **ERRORS}, summary="My tags")
def my_tags(request: HttpRequest) -> list[dict[str, Any]]:
    user = _user(request)
    rate_limit_read(request)
    tags = tag_ops.tags_with_counts(user)
    return [{"id": tag.pk, "name": tag.name, "paper_count": getattr(tag, "paper_count", 0)} for tag in tags]


def _tag_name(payload: TagIn) -> str:
    name = clean_text("name", payload.name)
    if name is None:
        raise bad_request("name: a tag needs a name.")
    return name


@router.post("/me/tags", auth=api_auth, response={201: TagOut, **ERRORS}, summary="Create a tag")
def create_tag(request: HttpRequest, payload: TagIn) -> Status:
    user = _user(request)
    rate_limit_write(request, "library")
    try:
        tag = tag_ops.create_tag(user, _tag_name(payload))
    except tag_ops.TagError as exc:
        raise bad_request(str(exc)) from None
    return Status(201, {"id": tag.pk, "name": tag.name, "paper_count": 0})


@router.patch("/me/tags/{int:tag_id}", auth=api_auth, response={200: TagOut, **ERRORS}, summary="Rename a tag")
def rename_tag(request: HttpRequest, tag_id: int, payload: TagIn) -> dict[str, Any]:
    user = _user(request)
    rate_limit_write(request, "library")
    tag = _own_tag(user, tag_id)
    try:
        tag_ops.rename_tag(tag, _tag_name(payload))
    except tag_ops.TagError as exc:
        raise bad_request(str(exc)) from None
    return {"id": tag.pk, "name": tag.name, "paper_count": tag.memberships.count()}


@router.post(
    "/me/tags/{int:tag_id}/merge",
    auth=api_auth,
    response={200: TagOut, **ERRORS},
    summary="Merge a tag into another",
)
def merge_tag(request: HttpRequest, tag_id: int, payload: MergeIn) -> dict[str, Any]:
    user = _user(request)
    rate_limit_write(request, "library")
    source = _own_tag(user, tag_id)
    into = _own_tag(user, payload.into)
    try:
        tag_ops.merge_tags(source, into)
    except tag_ops.TagError as exc:
        raise bad_request(str(exc)) from None
    return {"id": into.pk, "name": into.name, "paper_count": into.memberships.count()}


@router.delete("/me/tags/{int:tag_id}", auth=api_auth, response={204: None, **ERRORS}, summary="Delete a tag")
def delete_tag(request: HttpRequest, tag_id: int) -> Status:
    user = _user(request)
    rate_limit_write(request, "library")
    tag_ops.delete_tag(_own_tag(user, tag_id))
    return Status(204, None)
