"""Import into the library: paste or upload BibTeX, CSL JSON or arXiv ids, and read the line-by-line report."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from paperwire.lib.ratelimit import check_rate_limit
from paperwire.lib.request_hints import signed_in_user
from paperwire.library.imports import IMPORT_MAX_BYTES, IMPORT_RATE, MAX_FETCHES, apply_import
from paperwire.library.models import PendingImport


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
            if upload.size is not None and upload.size > IMPORT_MAX_BYTES:
                error = f"The file is over {IMPORT_MAX_BYTES // 1_000_000} MB."
            else:
                text = upload.read().decode("utf-8", errors="replace")
        if not error and not text.strip():
            error = "Paste BibTeX, CSL JSON or a list of arXiv ids, or choose a file."
        if error:
            status = 400
        else:
            report = apply_import(
                signed_in_user(request),
                text,
                tag=request.POST.get("tag", "")[:100],
                keep_keywords=request.POST.get("keywords") == "on",
            )
    pending = list(PendingImport.objects.filter(user=signed_in_user(request))[:100])
    context = {"nav": "library", "report": report, "error": error, "pending": pending, "max_fetches": MAX_FETCHES}
    return render(request, "front/library/import.html", context, status=status)
