"""Turning a digest into an email: multipart text + HTML with inlined CSS.

Each paper's block is rendered once per edition and reused for every
subscriber; the per-subscriber parts (why lines, signed links) are small, so
sending stays fast with 100,000 subscribers.
"""

from __future__ import annotations

from dataclasses import dataclass
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
from django.utils.html import escape
from django.utils.text import Truncator

from paperwire.digests import links
from paperwire.digests.content import SECTION_TITLES, DigestItem, EditionContent, Section
from paperwire.digests.mime import DigestMessage, random_token
from paperwire.digests.models import Edition, Frequency, Subscription
from paperwire.lib.latex_text import latex_plain
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
        # "73.63\%" reads "73.63%"; formulas stay as written (mail has no KaTeX).
        "excerpt": Truncator(" ".join(latex_plain(paper.abstract).split())).chars(EXCERPT_CHARS),
    }


def paper_fragment(content: EditionContent, paper: Paper, kind: str) -> str:
    key = (kind, paper.pk)
    if key not in content.fragments:
        content.fragments[key] = render_to_string(f"digests/email/_paper.{kind}", paper_context(paper)).strip()
    return content.fragments[key]


def issue_label(edition: Edition) -> str:
    day = edition.issue_date
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"


def subject_for(edition: Edition, items: list[DigestItem]) -> str:
    weekly = edition.frequency == Frequency.WEEKLY
    if items and items[0].section != Section.TRENDING:
        kind = "Your papers this week" if weekly else "Your papers today"
    else:
        kind = "This week's trending papers" if weekly else "Today's trending papers"
    top = Truncator(" ".join(items[0].paper.title.split())).chars(70) if items else ""
    return f"{kind}: {top}" if top else kind


def headings(items: list[DigestItem]) -> list[str]:
    """The section title to show above each item ('' when none): only digests with more than trending have them."""
    if all(item.section == Section.TRENDING for item in items):
        return ["" for _ in items]
    shown: list[str] = []
    previous = None
    for item in items:
        shown.append(SECTION_TITLES[item.section] if item.section != previous else "")
        previous = item.section
    return shown


def standard_headers(unsubscribe: str, *, message_id: str) -> dict[str, str]:
    return {
        "Date": formatdate(usegmt=True),
        "Message-ID": message_id,
        "List-Id": list_id(),
        # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" to the URL.
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }


# Placeholders that survive CSS inlining (plain words, no markup).
ITEMS_SLOT = "pwslotitemspw"
PREFERENCES_SLOT = "pwslotpreferencespw"
UNSUBSCRIBE_SLOT = "pwslotunsubscribepw"
WHY_SLOT = "pwslotwhypw"
UP_SLOT = "pwslotuppw"
DOWN_SLOT = "pwslotdownpw"
SECTION_SLOT = "pwslotsectionpw"


@dataclass(frozen=True)
class HtmlShell:
    """An edition's HTML with CSS already inlined, and holes for each subscriber."""

    page: str
    item_open: str
    why: str
    feedback: str
    section: str

    def fill(self, items: list[str], preferences_url: str, unsubscribe_url: str) -> str:
        return (
            self.page.replace(ITEMS_SLOT, "\n".join(items))
            .replace(PREFERENCES_SLOT, escape(preferences_url))
            .replace(UNSUBSCRIBE_SLOT, escape(unsubscribe_url))
        )

    def item(self, paper_html: str, why: str, votes: tuple[str, str] | None = None, heading: str = "") -> str:
        why_html = self.why.replace(WHY_SLOT, escape(why)) if why else ""
        votes_html = (
            self.feedback.replace(UP_SLOT, escape(votes[0])).replace(DOWN_SLOT, escape(votes[1])) if votes else ""
        )
        heading_html = self.section.replace(SECTION_SLOT, escape(heading)) if heading else ""
        # Line breaks between the parts (whitespace in HTML) keep every line under
        # SMTP's 998 octets, so the fast MIME writer can take the message.
        return f"{heading_html}\n{self.item_open}{paper_html}\n{why_html}\n{votes_html}</div>"


@lru_cache(maxsize=1)
def email_css() -> str:
    return render_to_string("digests/email/_style.css")


def inline_fragment(html: str) -> str:
    return str(css_inline.inline_fragment(html, email_css()))


def html_shell(content: EditionContent, context: dict[str, Any]) -> HtmlShell:
    """Render and inline the edition's page once; every message fills the holes.

    css-inline on a whole digest costs about 0.5 ms; done per edition instead
    of per message it is free, and the result is byte-for-byte the same as
    inlining each message.
    """
    shell = content.shell
    if isinstance(shell, HtmlShell):
        return shell
    page = inline_css(
        render_to_string(
            "digests/email/digest.html",
            {
                **context,
                "items_html": ITEMS_SLOT,
                "preferences_url": PREFERENCES_SLOT,
                "unsubscribe_url": UNSUBSCRIBE_SLOT,
            },
        )
    )
    item = inline_fragment(
        render_to_string(
            "digests/email/_item.html",
            {"paper_html": "", "why": WHY_SLOT, "feedback": True, "up_url": UP_SLOT, "down_url": DOWN_SLOT},
        )
    )
    open_end = item.index(">") + 1
    why_start = item.index("<div", open_end)
    votes_start = item.rindex("<div", 0, item.index(UP_SLOT))
    section = inline_fragment(render_to_string("digests/email/_section.html", {"title": SECTION_SLOT})).strip()
    shell = HtmlShell(
        page=page,
        item_open=item[:open_end],
        why=item[why_start:votes_start],
        feedback=item[votes_start : item.rindex("</div>")],
        section=section,
    )
    content.shell = shell
    return shell


def inlined_paper(content: EditionContent, paper: Paper) -> str:
    key = ("inlined", paper.pk)
    if key not in content.fragments:
        content.fragments[key] = inline_fragment(paper_fragment(content, paper, "html"))
    return content.fragments[key]


def render_digest_email(
    subscription: Subscription,
    content: EditionContent,
    items: list[DigestItem],
    *,
    connection: BaseEmailBackend | None = None,
    message_key: str = "",
) -> DigestMessage:
    edition = content.edition
    unsubscribe = links.unsubscribe_url(subscription)
    preferences = links.preferences_url(subscription)
    # Short enough never to be folded: some tools mishandle folded Message-IDs.
    message_id = f"<{message_key or 'digest'}.{random_token()}@{site_domain()}>"
    context = {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "edition": edition,
        "weekly": edition.frequency == Frequency.WEEKLY,
        "issue_label": issue_label(edition),
    }
    # 👍/👎 need an account to record into: only subscribers with one get them.
    votes = [links.feedback_urls(subscription, item.paper.pk) if subscription.user_id else None for item in items]
    titles = headings(items)
    text = render_to_string(
        "digests/email/digest.txt",
        {
            **context,
            "items": [
                {
                    "text": paper_fragment(content, item.paper, "txt"),
                    "why": item.why,
                    "number": number,
                    "heading": heading,
                    "up_url": vote[0] if vote else "",
                    "down_url": vote[1] if vote else "",
                }
                for number, (item, vote, heading) in enumerate(zip(items, votes, titles, strict=True), start=1)
            ],
            "preferences_url": preferences,
            "unsubscribe_url": unsubscribe,
        },
    )
    shell = html_shell(content, context)
    html = shell.fill(
        [
            shell.item(inlined_paper(content, item.paper), item.why, vote, heading)
            for item, vote, heading in zip(items, votes, titles, strict=True)
        ],
        preferences,
        unsubscribe,
    )
    message = DigestMessage(
        subject=subject_for(edition, items),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.email],
        reply_to=[settings.REPLY_TO_EMAIL] if settings.REPLY_TO_EMAIL else None,
        headers=standard_headers(unsubscribe, message_id=message_id),
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
