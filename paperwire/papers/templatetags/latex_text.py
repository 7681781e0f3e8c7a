"""Filters for titles and abstracts written in LaTeX: ``{% load latex_text %}``.

``{{ paper.abstract|latex_html }}`` on pages that load ``math.js`` (math
marked for KaTeX, text such as ``73.63\\%`` shown as "73.63%");
``{{ paper.abstract|abstract_html }}``: the same, one paragraph per ``<p>``
as the source wrote them;
``{{ paper.abstract|latex_plain }}`` where no math is typeset (page titles,
excerpts, emails): the same text, formulas kept as written.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from paperwire.lib import latex_text
from paperwire.lib.paragraphs import paragraphs

register = template.Library()


@register.filter
def latex_html(text: str | None) -> SafeString:
    return mark_safe(latex_text.latex_html(str(text or "")))  # noqa: S308 - every piece is escaped


@register.filter
def abstract_html(text: str | None) -> SafeString:
    """An abstract as it was written, one ``<p>`` per paragraph, each as ``latex_html`` shows it."""
    parts = (f"<p>{latex_text.latex_html(part)}</p>" for part in paragraphs(str(text or "")))
    return mark_safe("".join(parts))  # noqa: S308 - every paragraph is escaped by latex_html


@register.filter
def latex_plain(text: str | None) -> str:
    # Plain text: the template's autoescape still applies to the result.
    return latex_text.latex_plain(str(text or ""))
