"""User admin with a "ban" action, the API token list (hashes only), and the admin log-in under the log-in limit."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from paperwire.accounts.login_limit import AdminLoginForm
from paperwire.accounts.models import ApiToken
from paperwire.community.moderation import ban

User = get_user_model()

# The admin's log-in page counts failures like the site's (login_limit.py).
admin.site.login_form = AdminLoginForm


class ModerationUserAdmin(UserAdmin):
    actions = ["ban_people"]
    list_display = ["username", "email", "date_joined", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "is_superuser", "date_joined"]

    @admin.action(description="Ban selected people (deactivate, hide their comments and submissions)")
    def ban_people(self, request: HttpRequest, queryset: QuerySet) -> None:  # type: ignore[type-arg]
        banned, spared = ban(queryset)
        for person in spared:
            self.message_user(request, f"{person} is staff; not banned.", messages.WARNING)
        self.message_user(request, f"Banned {len(banned)} person(s).", messages.SUCCESS)


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, ModerationUserAdmin)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at"]
    search_fields = ["user__username", "name", "prefix"]
    readonly_fields = ["user", "name", "prefix", "token_hash", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
