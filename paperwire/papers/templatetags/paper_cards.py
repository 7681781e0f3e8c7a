"""What a paper card shows: its opening, author links, the authors a search matched."""

from __future__ import annotations

from functools import cache
from html import escape
from urllib.parse import quote

from django import template
from django.utils.safestring import SafeString, mark_safe

from paperwire.lib.excerpts import card_opening as card_opening_of
from paperwire.lib.pages import page_url
from paperwire.papers.authors import author_key
from paperwire.papers.models import Organization

register = template.Library()

# Names shown before "all N authors" opens the rest.
SHOWN_AUTHORS = 3


@cache
def _author_prefix() -> str:
    return page_url("author", "x")[:-1]


@register.filter
def author_url(name: str) -> str:
    """The author page of ``name`` (a prefix reversed once: long author lists link every name)."""
    return _author_prefix() + quote(name, safe="")


@register.filter
def card_opening(paper: object) -> str:
    """The AI summary when there is one, else the abstract's first two sentences."""
    return card_opening_of(str(getattr(paper, "ai_summary", "") or ""), str(getattr(paper, "abstract", "") or ""))


def matched_authors(names: list[str], query: str) -> list[str]:
    """Authors after the first few whose family name is a word of ``query`` (folded like author pages)."""
    words = set(author_key(query).split()) if query else set()
    if not words:
        return []
    return [name for name in names[SHOWN_AUTHORS:] if (author_key(name).split() or [""])[-1] in words][:2]


def _link(name: str, prefix: str) -> str:
    return f'<a href="{prefix}{quote(name, safe="")}">{escape(name)}</a>'


@register.simple_tag
def card_authors(authors: list[str] | None, query: str = "") -> SafeString:
    """The first authors, any later author a search matched, and every author behind a disclosure.

    Built in Python rather than a template loop: a list of 50 papers can
    hold a thousand author links, and the template engine costs ten times
    more per link. Searching "lovelace" shows Ada Lovelace on the card even
    as the ninth author.
    """
    names = [name for name in authors or [] if isinstance(name, str)]
    if not names:
        return mark_safe("")
    prefix = _author_prefix()
    parts = [", ".join(_link(name, prefix) for name in names[:SHOWN_AUTHORS])]
    parts += [f', … <a class="matched-author" href="{prefix}{quote(name, safe="")}"><mark>{escape(name)}</mark></a>'
              for name in matched_authors(names, query)]  # fmt: skip
    html = f'<span class="paper-authors">{"".join(parts)}</span>'
    if len(names) > SHOWN_AUTHORS:
        items = "".join(f"<li>{_link(name, prefix)}</li>" for name in names)
        html += f'\n<details class="all-authors"><summary>all {len(names)} authors</summary><ul>{items}</ul></details>'
    return mark_safe(html)  # noqa: S308 - every name escaped above, every URL quoted


@register.filter
def listed_under(paper: object) -> Organization | None:
    """The organization a card names, when the card's query loaded it (``with_entry()``): never a query per card."""
    loaded = getattr(getattr(paper, "_state", None), "fields_cache", {})
    link = loaded.get("organization_link")
    return link.organization if link is not None else None


@register.filter
def hub_counts(paper: object) -> str:
    """The card chip, "3 models · 1 dataset · 2 Spaces", from the paper's own columns (kinds with none left out)."""
    parts = []
    for field, one, many in (("hub_models", "model", "models"), ("hub_datasets", "dataset", "datasets"),
                             ("hub_spaces", "Space", "Spaces")):  # fmt: skip
        count = getattr(paper, field, 0) or 0
        if count:
            parts.append(f"{count:,} {one if count == 1 else many}")
    return " · ".join(parts)
