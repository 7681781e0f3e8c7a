"""Admin for destinations: the URL is a secret, so the admin shows only its masked form.

An instance destination (no owner) is added here with its URL; once saved
the URL is never displayed again, only replaced.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin

from paperwire.channels.addresses import DestinationError, read_address
from paperwire.channels.models import ChannelDelivery, Destination


class DestinationAdminForm(forms.ModelForm):
    new_url = forms.CharField(
        label="Apprise URL",
        required=False,
        widget=forms.PasswordInput,
        help_text="leave empty to keep the current URL (never shown)",
    )

    class Meta:
        model = Destination
        # Not the URL: it is set through new_url and never rendered.
        fields = ["owner", "name", "carries", "paper_count", "schedule", "send_hour", "weekday", "time_zone", "enabled"]

    def clean_new_url(self) -> str:
        value = str(self.cleaned_data.get("new_url") or "").strip()
        if not value and not self.instance.pk:
            raise forms.ValidationError("Give the destination's Apprise URL.")
        if value:
            owner = self.cleaned_data.get("owner")
            try:
                # Destinations of the instance are trusted; a person's are checked as on their page.
                address = read_address(value, trusted=owner is None)
            except DestinationError as exc:
                raise forms.ValidationError(str(exc)) from None
            self.instance.url = value
            self.instance.masked_url = address.masked
            self.instance.service = address.service
        return value


@admin.register(Destination)
class DestinationAdmin(admin.ModelAdmin):
    form = DestinationAdminForm
    list_display = [
        "__str__",
        "service",
        "owner",
        "carries",
        "schedule",
        "enabled",
        "consecutive_failures",
        "last_sent_at",
    ]
    list_filter = ["enabled", "schedule", "carries"]
    search_fields = ["name", "masked_url", "owner__username"]
    readonly_fields = [
        "masked_url",
        "service",
        "consecutive_failures",
        "last_error",
        "last_error_at",
        "last_sent_at",
        "disabled_at",
    ]
    raw_id_fields = ["owner"]


@admin.register(ChannelDelivery)
class ChannelDeliveryAdmin(admin.ModelAdmin):
    list_display = ["edition_key", "destination", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in ChannelDelivery._meta.fields]
    list_select_related = ["destination"]
