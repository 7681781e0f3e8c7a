"""Moderation in the Django admin: hide papers and comments, review reports, decide authorship claims."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from paperwire.community.claims import decide_claims
from paperwire.community.comments import set_comment_hidden
from paperwire.community.models import AuthorClaim, Comment, Report, Upvote
from paperwire.community.moderation import ban, set_paper_hidden
from paperwire.papers.models import Paper


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["id", "author", "paper", "short_body", "created_at", "hidden", "deleted"]
    list_filter = ["hidden", "deleted", "created_at"]
    search_fields = ["body", "author__username", "paper__arxiv_id"]
    raw_id_fields = ["paper", "author", "parent"]
    readonly_fields = ["body_html", "created_at", "edited_at"]
    actions = ["hide_comments", "show_comments", "ban_authors"]

    @admin.display(description="comment")
    def short_body(self, comment: Comment) -> str:
        return comment.body[:80]

    @admin.action(description="Hide selected comments")
    def hide_comments(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        count = set_comment_hidden(queryset, True)
        self.message_user(request, f"Hid {count} comment(s).", messages.SUCCESS)

    @admin.action(description="Show selected comments again")
    def show_comments(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        count = set_comment_hidden(queryset, False)
        self.message_user(request, f"{count} comment(s) visible again.", messages.SUCCESS)

    @admin.action(description="Ban the authors of selected comments")
    def ban_authors(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        _ban(self, request, {c.author for c in queryset.select_related("author")})


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["id", "comment_excerpt", "comment_author", "reporter", "reason", "created_at", "resolved"]
    list_filter = ["resolved", "created_at"]
    list_select_related = ["comment", "comment__author", "reporter"]
    raw_id_fields = ["comment", "reporter", "resolved_by"]
    actions = ["hide_reported_comments", "dismiss_reports", "ban_reported_authors"]

    @admin.display(description="comment")
    def comment_excerpt(self, report: Report) -> str:
        return report.comment.body[:80]

    @admin.display(description="author")
    def comment_author(self, report: Report) -> str:
        return report.comment.author.get_username()

    @admin.action(description="Hide the reported comments (and close the reports)")
    def hide_reported_comments(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        comment_ids = set(queryset.values_list("comment_id", flat=True))
        set_comment_hidden(Comment.objects.filter(pk__in=comment_ids), True)
        closed = _resolve(request, Report.objects.filter(comment_id__in=comment_ids))
        self.message_user(request, f"Hid {len(comment_ids)} comment(s), closed {closed} report(s).", messages.SUCCESS)

    @admin.action(description="Dismiss selected reports (keep the comments)")
    def dismiss_reports(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        closed = _resolve(request, queryset)
        self.message_user(request, f"Closed {closed} report(s).", messages.SUCCESS)

    @admin.action(description="Ban the authors of the reported comments")
    def ban_reported_authors(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        _ban(self, request, {r.comment.author for r in queryset.select_related("comment__author")})
        _resolve(request, queryset)


@admin.register(Upvote)
class UpvoteAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "paper", "created_at"]
    raw_id_fields = ["user", "paper"]
    search_fields = ["user__username", "paper__arxiv_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # counts move only through set_upvote

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.action(description="Hide selected papers from lists, feeds and the API")
def hide_papers(model_admin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Paper]) -> None:
    model_admin.message_user(request, f"Hid {set_paper_hidden(queryset, True)} paper(s).", messages.SUCCESS)


@admin.action(description="Show selected papers again")
def show_papers(model_admin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Paper]) -> None:
    model_admin.message_user(request, f"{set_paper_hidden(queryset, False)} paper(s) visible again.", messages.SUCCESS)


@admin.register(AuthorClaim)
class AuthorClaimAdmin(admin.ModelAdmin):
    """The queue of "this is me" claims: who claims which name, with what they can be checked against."""

    list_display = ["id", "author_name", "claimant", "verified_email", "paper", "paper_authors", "status", "created_at"]
    list_filter = ["status", "created_at"]
    list_select_related = ["claimant", "paper"]
    search_fields = ["author_name", "claimant__username", "claimant__email", "paper__arxiv_id"]
    readonly_fields = [
        "claimant",
        "paper",
        "author_name",
        "author_key",
        "status",
        "created_at",
        "decided_at",
        "decided_by",
    ]
    fields = [*readonly_fields, "reason"]
    actions = ["approve_claims", "refuse_claims"]

    @admin.display(description="verified email")
    def verified_email(self, claim: AuthorClaim) -> str:
        addresses = EmailAddress.objects.filter(user=claim.claimant, verified=True).values_list("email", flat=True)
        return ", ".join(addresses) or "none verified"

    @admin.display(description="the paper's authors")
    def paper_authors(self, claim: AuthorClaim) -> str:
        return ", ".join(str(name) for name in (claim.paper.authors or [])[:12])

    @admin.action(description="Approve selected claims")
    def approve_claims(self, request: HttpRequest, queryset: QuerySet[AuthorClaim]) -> None:
        count = decide_claims(queryset, request.user, approve=True)
        self.message_user(request, f"Approved {count} claim(s).", messages.SUCCESS)

    @admin.action(description="Refuse selected claims (with the reason written on each, or a standard one)")
    def refuse_claims(self, request: HttpRequest, queryset: QuerySet[AuthorClaim]) -> None:
        count = decide_claims(queryset, request.user, approve=False)
        self.message_user(request, f"Refused {count} claim(s).", messages.SUCCESS)


class PaperModerationAdmin(admin.ModelAdmin):
    list_display = ["arxiv_id", "title", "primary_category", "published", "upvote_count", "comment_count", "hidden"]
    list_filter = ["hidden", "primary_category"]
    search_fields = ["arxiv_id", "title"]
    actions = [hide_papers, show_papers]


# The papers app may register its own Paper admin; moderation then adds its
# actions to it rather than fighting over the registration.
if admin.site.is_registered(Paper):
    _existing = admin.site.get_model_admin(Paper)
    _existing.actions = [*(_existing.actions or []), hide_papers, show_papers]
else:
    admin.site.register(Paper, PaperModerationAdmin)


def _resolve(request: HttpRequest, reports: QuerySet[Report]) -> int:
    closed = reports.filter(resolved=False).update(resolved=True, resolved_at=timezone.now(), resolved_by=request.user)
    return int(closed)


def _ban(model_admin: admin.ModelAdmin, request: HttpRequest, people: set[Any]) -> None:
    banned, spared = ban(people)
    for person in spared:
        model_admin.message_user(request, f"{person} is staff; not banned.", messages.WARNING)
    model_admin.message_user(request, f"Banned {len(banned)} person(s) and took down their content.", messages.SUCCESS)
