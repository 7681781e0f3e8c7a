"""The "Updates" box: new versions, DOIs and journal references of the signed-in person's saved papers."""

from __future__ import annotations

from django import template
from django.http import HttpRequest

from paperwire.library.updates import LibraryUpdate, library_updates

register = template.Library()


@register.simple_tag(takes_context=True)
def library_updates_of_viewer(context: template.Context) -> list[LibraryUpdate]:
    """The last 30 days' updates to the viewer's library (nothing when signed out): one query."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return []
    return library_updates(request.user)
