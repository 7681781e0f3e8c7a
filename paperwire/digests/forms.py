from __future__ import annotations

import re

from django import forms

from paperwire.digests.models import Frequency, Subscription, Weekday
from paperwire.digests.subscriptions import MAX_PAPERS, Preferences
from paperwire.papers.categories import UnknownCategories, canonical_categories


class SubscribeForm(forms.Form):
    email = forms.EmailField(max_length=254)


class PreferencesForm(forms.Form):
    frequency = forms.ChoiceField(choices=Frequency.choices, widget=forms.RadioSelect, label="How often")
    weekday = forms.TypedChoiceField(choices=Weekday.choices, coerce=int, label="Day of the weekly digest")
    skip_weekends = forms.BooleanField(required=False, label="No daily digest on Saturday and Sunday")
    paper_count = forms.IntegerField(
        min_value=0, max_value=MAX_PAPERS, label="Trending papers", help_text="The period's trending papers; 0: none."
    )
    for_you_count = forms.IntegerField(
        min_value=0,
        max_value=MAX_PAPERS,
        required=False,
        label="For-you papers",
        help_text="The period's papers ranked for your library (saves, upvotes, 👍/👎); 0: none. Needs an account.",
    )
    follows_count = forms.IntegerField(
        min_value=0,
        max_value=MAX_PAPERS,
        required=False,
        label="Papers from what you follow",
        help_text="New papers of the authors and categories you follow with email on; 0: none. Needs an account.",
    )
    categories = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"aria-describedby": "categories-help"}),
        label="Categories",
        help_text="arXiv categories separated by spaces or commas, e.g. “cs.LG cs.CL” or a whole archive like “cs”."
        " Empty: all categories.",
    )
    # Typed with suggestions from arXiv's taxonomy (a <datalist>), then added to the categories on save.
    add_category = forms.CharField(
        required=False,
        max_length=40,
        label="Add a category",
        widget=forms.TextInput(attrs={"list": "arxiv-categories", "autocomplete": "off", "placeholder": "cs.LG"}),
    )
    interests = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Interests",
        help_text="One per line, e.g. “RL for LLM reasoning”. Papers closest in meaning come first.",
    )

    @classmethod
    def for_subscription(cls, subscription: Subscription) -> PreferencesForm:
        return cls(
            initial={
                "frequency": subscription.frequency,
                "weekday": subscription.weekday,
                "skip_weekends": subscription.skip_weekends,
                "paper_count": subscription.paper_count,
                "for_you_count": subscription.for_you_count,
                "follows_count": subscription.follows_count,
                "categories": " ".join(subscription.categories),
                "interests": subscription.interests,
            }
        )

    def clean_categories(self) -> list[str]:
        raw = self.cleaned_data.get("categories") or ""
        try:
            return canonical_categories(re.split(r"[\s,]+", raw))
        except UnknownCategories as error:
            raise forms.ValidationError(str(error)) from None

    def clean_add_category(self) -> list[str]:
        raw = (self.cleaned_data.get("add_category") or "").strip()
        try:
            return canonical_categories([raw])
        except UnknownCategories as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        counts = [cleaned.get(name) or 0 for name in ("paper_count", "for_you_count", "follows_count")]
        if "paper_count" in cleaned and not any(counts):
            self.add_error("paper_count", "Choose at least one paper in one section (or unsubscribe below).")
        if "categories" in cleaned and cleaned.get("add_category"):
            cleaned["categories"] = [*cleaned["categories"], *cleaned["add_category"]]
            cleaned["categories"] = list(dict.fromkeys(cleaned["categories"]))
        return cleaned

    def preferences(self) -> Preferences:
        data = self.cleaned_data
        return Preferences(
            frequency=data["frequency"],
            weekday=data["weekday"],
            skip_weekends=data["skip_weekends"],
            paper_count=data["paper_count"],
            categories=data["categories"],
            interests=data["interests"],
            for_you_count=data.get("for_you_count"),
            follows_count=data.get("follows_count"),
        )
