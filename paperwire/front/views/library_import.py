"""Import into the library: BibTeX, CSL JSON or arXiv ids with a line-by-line report; connect a Zotero library."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from paperwire.lib.ratelimit import check_rate_limit
from paperwire.lib.request_hints import signed_in_user
from paperwire.library import tags as tag_ops
from paperwire.library.imports import IMPORT_RATE, ImportRefused, apply_import
from paperwire.library.models import PendingImport, ZoteroLink


@require_http_methods(["GET", "POST"])
@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    report = None
    error = ""
    status = 200
    if request.method == "POST":
        check_rate_limit(request, "library_import", limit=IMPORT_RATE[0], period=IMPORT_RATE[1])
        upload = request.FILES.get("file")
        text = request.POST.get("text", "")
        if upload is not None:
            # Read already, in memory: the body limit (lib/body_limit.py) kept it under this plus a little.
            if upload.size is not None and upload.size > settings.MAX_UPLOAD_MB * 1_000_000:
                error = f"The file is over {settings.MAX_UPLOAD_MB} MB."
            else:
                text = upload.read().decode("utf-8", errors="replace")
        tag = request.POST.get("tag", "")[:100]
        if not error and not text.strip():
            error = "Paste BibTeX, CSL JSON or a list of arXiv ids, or choose a file."
        if not error and tag.strip():
            error = _tag_problem(tag)
        if error:
            status = 400
        else:
            try:
                report = apply_import(
                    signed_in_user(request), text, tag=tag, keep_keywords=request.POST.get("keywords") == "on"
                )
            except ImportRefused as refused:
                error, status = str(refused), 413 if refused.too_large else 400
    pending = list(PendingImport.objects.filter(user=signed_in_user(request))[:100])
    zotero_links = list(ZoteroLink.objects.filter(owner=signed_in_user(request)))
    context = {
        "nav": "library",
        "report": report,
        "error": error,
        "pending": pending,
        "max_fetches": settings.ARXIV_FETCHES_PER_PERSON,
        "zotero_links": zotero_links,
    }
    return render(request, "front/library/import.html", context, status=status)


def _tag_problem(tag: str) -> str:
    """Why the tag for everything imported cannot be used, or ""."""
    try:
        tag_ops.clean_tag_name(tag)
    except tag_ops.TagError as exc:
        return str(exc)
    return ""
