"""Filters for titles and abstracts written in LaTeX: ``{% load latex_text %}``.

``{{ paper.abstract|latex_html }}`` on pages that load ``math.js`` (math
marked for KaTeX, text such as ``73.63\\%`` shown as "73.63%");
``{{ paper.abstract|latex_plain }}`` where no math is typeset (page titles,
excerpts, emails): the same text, formulas kept as written.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from paperwire.lib import latex_text

register = template.Library()


@register.filter
def latex_html(text: str | None) -> SafeString:
    return mark_safe(latex_text.latex_html(str(text or "")))  # noqa: S308 - every piece is escaped


@register.filter
def latex_plain(text: str | None) -> str:
    # Plain text: the template's autoescape still applies to the result.
    return latex_text.latex_plain(str(text or ""))
