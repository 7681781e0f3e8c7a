"""``{% page_url "profile" username %}``: a link to a reader's page from a domain app's template."""

from __future__ import annotations

from django import template

from paperwire.lib import pages

register = template.Library()


@register.simple_tag
def page_url(kind: str, *args: object) -> str:
    return pages.page_url(kind, *args)
