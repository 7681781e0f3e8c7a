"""Turning a digest into an email: multipart text + HTML with inlined CSS.

Each paper's block is rendered once per edition and reused for every
subscriber; the per-subscriber parts (why lines, signed links) are small, so
sending stays fast with 100,000 subscribers.
"""

from __future__ import annotations

import uuid
from datetime import date
from email.utils import formatdate, make_msgid
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from paperwire.digests import links
from paperwire.digests.content import DigestItem, EditionContent
from paperwire.digests.mime import DigestMessage
from paperwire.digests.models import Edition, Frequency, Subscription
from paperwire.papers.models import Paper

EXCERPT_CHARS = 280


@lru_cache(maxsize=1)
def _inliner() -> css_inline.CSSInliner:
    # Media queries (dark mode, phones) cannot be inlined: keep the <style>.
    return css_inline.CSSInliner(keep_style_tags=True, load_remote_stylesheets=False)


def inline_css(html: str) -> str:
    return str(_inliner().inline(html))


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def list_id() -> str:
    return settings.DIGEST_LIST_ID or f"{settings.SITE_NAME} digest <digest.{site_domain()}>"


def paper_context(paper: Paper) -> dict[str, Any]:
    return {
        "paper": paper,
        "paper_url": links.absolute(paper.get_absolute_url()),
        "excerpt": Truncator(" ".join(paper.abstract.split())).chars(EXCERPT_CHARS),
    }


def paper_fragment(content: EditionContent, paper: Paper, kind: str) -> str:
    key = (kind, paper.pk)
    if key not in content.fragments:
        content.fragments[key] = render_to_string(f"digests/email/_paper.{kind}", paper_context(paper))
    return content.fragments[key]


def issue_label(edition: Edition) -> str:
    day = edition.issue_date
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"


def subject_for(edition: Edition, items: list[DigestItem]) -> str:
    kind = "This week's" if edition.frequency == Frequency.WEEKLY else "Today's"
    top = Truncator(" ".join(items[0].paper.title.split())).chars(70) if items else ""
    return f"{kind} trending papers: {top}" if top else f"{kind} trending papers"


def standard_headers(subscription: Subscription, *, message_id: str) -> dict[str, str]:
    unsubscribe = links.unsubscribe_url(subscription)
    return {
        "Date": formatdate(usegmt=True),
        "Message-ID": message_id,
        "List-Id": list_id(),
        # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" to the URL.
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }


def render_digest_email(
    subscription: Subscription,
    content: EditionContent,
    items: list[DigestItem],
    *,
    connection: BaseEmailBackend | None = None,
    message_key: str = "",
) -> DigestMessage:
    edition = content.edition
    # Short enough never to be folded: some tools mishandle folded Message-IDs.
    message_id = f"<{message_key or 'digest'}.{uuid.uuid4().hex[:16]}@{site_domain()}>"
    context = {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "edition": edition,
        "weekly": edition.frequency == Frequency.WEEKLY,
        "issue_label": issue_label(edition),
        "items": [
            {
                "html": mark_safe(paper_fragment(content, item.paper, "html")),  # noqa: S308 (rendered by a template)
                "text": paper_fragment(content, item.paper, "txt"),
                "why": item.why,
                "number": number,
            }
            for number, item in enumerate(items, start=1)
        ],
        "preferences_url": links.preferences_url(subscription),
        "unsubscribe_url": links.unsubscribe_url(subscription),
    }
    text = render_to_string("digests/email/digest.txt", context)
    html = inline_css(render_to_string("digests/email/digest.html", context))
    message = DigestMessage(
        subject=subject_for(edition, items),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.email],
        reply_to=[settings.REPLY_TO_EMAIL] if settings.REPLY_TO_EMAIL else None,
        headers=standard_headers(subscription, message_id=message_id),
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


def render_simple_email(
    subscription: Subscription, template: str, subject: str, extra: dict[str, Any]
) -> EmailMultiAlternatives:
    """Confirmation and notice emails: same headers and look, no digest."""
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, "today": date.today(), **extra}
    text = render_to_string(f"digests/email/{template}.txt", context)
    html = inline_css(render_to_string(f"digests/email/{template}.html", context))
    headers = {"Date": formatdate(usegmt=True), "Message-ID": make_msgid(domain=site_domain())}
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.email],
        reply_to=[settings.REPLY_TO_EMAIL] if settings.REPLY_TO_EMAIL else None,
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    return message
