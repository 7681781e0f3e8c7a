"""The form that adds a destination; the URL is vetted (service known, host public) before it is saved."""

from __future__ import annotations

from typing import Any
from zoneinfo import available_timezones

from django import forms
from django.conf import settings
from django.contrib.auth.models import User

from paperwire.channels.addresses import MAX_URL_LENGTH, Address, DestinationError, read_address
from paperwire.channels.content import MAX_PAPERS
from paperwire.channels.models import Carries, Schedule
from paperwire.library.follows import describe
from paperwire.library.models import Follow

WEEKDAYS = list(enumerate(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]))


class FollowChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_kind_display()}: {describe(obj)}"


class DestinationForm(forms.Form):
    url = forms.CharField(
        label="Apprise URL",
        max_length=MAX_URL_LENGTH,
        help_text="e.g. https://hooks.slack.com/services/…, discord://…, mmosts://…, ntfys://…, jsons://…",
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    name = forms.CharField(label="Name (for you)", max_length=100, required=False)
    carries = forms.ChoiceField(label="What it carries", choices=Carries.choices, initial=Carries.LIST)
    follow = FollowChoiceField(
        label="Which follow (for “one of your follows”)", queryset=Follow.objects.none(), required=False
    )
    paper_count = forms.IntegerField(label="Papers per message", min_value=1, max_value=MAX_PAPERS, initial=5)
    schedule = forms.ChoiceField(label="When", choices=Schedule.choices, initial=Schedule.EACH_LIST)
    send_hour = forms.IntegerField(label="Hour of day (daily and weekly)", min_value=0, max_value=23, initial=8)
    weekday = forms.TypedChoiceField(label="Day (weekly)", choices=WEEKDAYS, coerce=int, initial=0)
    time_zone = forms.CharField(label="Time zone", max_length=64, initial="UTC")

    address: Address | None = None

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        follow_field = self.fields["follow"]
        assert isinstance(follow_field, forms.ModelChoiceField)
        follow_field.queryset = Follow.objects.filter(user=user)

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        if data and data.get("carries") == Carries.FOLLOW and not data.get("follow"):
            self.add_error("follow", "Choose which of your follows it carries (follow an author, tag or search first).")
        return data

    def clean_time_zone(self) -> str:
        value = str(self.cleaned_data["time_zone"]).strip()
        if value != "UTC" and value not in available_timezones():
            raise forms.ValidationError("Give a time zone such as Europe/Paris or America/New_York.")
        return value

    def clean_url(self) -> str:
        value = str(self.cleaned_data["url"]).strip()
        try:
            self.address = read_address(value, trusted=settings.CHANNEL_ALLOW_PRIVATE)
        except DestinationError as exc:
            raise forms.ValidationError(str(exc)) from None
        return value

    def destination_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        assert self.address is not None
        return {**data, "masked_url": self.address.masked, "service": self.address.service}
