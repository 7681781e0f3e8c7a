"""Admin for connected Zotero libraries: the API key is a secret, so only its masked form is shown."""

from __future__ import annotations

from django.contrib import admin

from paperwire.library.models import ZoteroLink


@admin.register(ZoteroLink)
class ZoteroLinkAdmin(admin.ModelAdmin[ZoteroLink]):
    # Not ``api_key``: the admin never renders it, not even in a form field.
    fields = [
        "owner", "library_type", "library_id", "masked_key", "enabled", "library_version",
        "last_sync_at", "last_outcome", "last_error", "last_changes", "next_allowed_at", "syncing_since",
    ]  # fmt: skip
    readonly_fields = ["owner", "library_type", "library_id", "masked_key", "library_version", "last_sync_at",
                       "last_outcome", "last_error", "last_changes", "syncing_since"]  # fmt: skip
    list_display = ["owner", "library_type", "library_id", "masked_key", "enabled", "last_sync_at", "last_outcome"]
    list_filter = ["library_type", "last_outcome", "enabled"]
    search_fields = ["owner__username", "library_id"]

    def has_add_permission(self, request: object) -> bool:
        return False  # a library is connected by its owner, with their key
