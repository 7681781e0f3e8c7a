"""What a paper card shows: its opening, author links, the authors a search matched."""

from __future__ import annotations

from functools import cache
from urllib.parse import quote

from django import template
from django.urls import reverse

from paperwire.lib.excerpts import first_sentences
from paperwire.papers.authors import author_key

register = template.Library()

# Names shown before "all N authors" opens the rest.
SHOWN_AUTHORS = 3


@cache
def _author_prefix() -> str:
    return reverse("front:author", args=["x"])[:-1]


@register.filter
def author_url(name: str) -> str:
    """The author page of ``name`` (a prefix reversed once: long author lists link every name)."""
    return _author_prefix() + quote(name, safe="")


@register.filter
def card_opening(paper: object) -> str:
    """The AI summary when there is one, else the abstract's first two sentences."""
    summary = str(getattr(paper, "ai_summary", "") or "").strip()
    return summary or first_sentences(str(getattr(paper, "abstract", "") or ""))


@register.simple_tag
def card_authors(authors: list[str] | None, query: str = "") -> dict[str, object]:
    """The first authors, any later author whose name a search matched, and how many remain.

    A later author matches when their family name is a word of the query
    (folded like author pages fold names), so searching "lovelace" shows Ada
    Lovelace on the card even as the ninth author.
    """
    names = [name for name in authors or [] if isinstance(name, str)]
    words = set(author_key(query).split()) if query else set()
    matched = [name for name in names[SHOWN_AUTHORS:] if words and (author_key(name).split() or [""])[-1] in words][:2]
    return {"first": names[:SHOWN_AUTHORS], "matched": matched, "all": names, "more": len(names) > SHOWN_AUTHORS}
