"""Posting one message to one destination through Apprise.

Apprise answers a send with True or False and explains a failure in its
log; the log of the send is captured and kept as the error its owner sees,
with the secret parts of the URL removed. Markdown goes to services that
render it, plain text to the others, and the message is fitted to the
service's size limit before it is sent.
"""

from __future__ import annotations

import logging
import re

from apprise import LogCapture, NotifyFormat, OverflowMode
from apprise.plugins.base import NotifyBase
from django.conf import settings
from django.views.decorators.debug import sensitive_variables

from paperwire.channels.addresses import DestinationError, read_address, url_scheme
from paperwire.channels.content import Content
from paperwire.channels.messages import Message, fit_message

# Generic webhooks pass any format through; their readers are programs, so
# they get plain text unless the URL asks for another (?format=markdown).
PASS_THROUGH_SCHEMES = frozenset({"json", "jsons", "xml", "xmls", "form", "forms"})
# Services that render Markdown though Apprise declares plain text for them.
RENDERS_MARKDOWN = frozenset({"mmost", "mmosts"})
_SECRET_PART = re.compile(r"[^/:@?&=#]{6,}")


class PostFailed(Exception):
    """The service did not accept the message; str() is safe to show and store."""


def wants_markdown(plugin: NotifyBase, scheme: str) -> bool:
    if scheme in RENDERS_MARKDOWN:
        plugin.notify_format = NotifyFormat.MARKDOWN
        return True
    if scheme in PASS_THROUGH_SCHEMES:
        return bool(plugin.resolve_format(None) == NotifyFormat.MARKDOWN)
    return bool(plugin.resolve_format(NotifyFormat.MARKDOWN) in (NotifyFormat.MARKDOWN, NotifyFormat.HTML))


def compose(plugin: NotifyBase, scheme: str, content: Content) -> Message:
    markdown = wants_markdown(plugin, scheme)
    return fit_message(
        content.title, content.lines, content.total, content.more_url, markdown=markdown, limit=int(plugin.body_maxlen)
    )


def redact(text: str, url: str) -> str:
    """``text`` without the URL or any of its longer parts (tokens, passwords, paths)."""
    text = text.replace(url, "…")
    # Host names (with a dot) stay: they say which server failed.
    for part in sorted(set(_SECRET_PART.findall(url.split("://", 1)[-1])), key=len, reverse=True):
        if "." not in part:
            text = text.replace(part, "…")
    return text


@sensitive_variables("url", "address", "plugin")
def post(url: str, content: Content, *, trusted: bool) -> Message:
    """Send ``content`` to ``url``; raises PostFailed with a shareable error."""
    try:
        address = read_address(url, trusted=trusted or settings.CHANNEL_ALLOW_PRIVATE)
    except DestinationError as exc:
        raise PostFailed(str(exc)) from None
    plugin = address.plugin
    plugin.socket_connect_timeout = float(settings.CHANNEL_TIMEOUT_SECONDS)
    plugin.socket_read_timeout = float(settings.CHANNEL_TIMEOUT_SECONDS)
    # Only a safety net: fit_message already keeps within body_maxlen.
    plugin.overflow_mode = OverflowMode.TRUNCATE
    message = compose(plugin, url_scheme(url), content)
    body_format = NotifyFormat.MARKDOWN if message.markdown else NotifyFormat.TEXT
    with LogCapture(level=logging.WARNING) as captured:
        try:
            ok = plugin.notify(body=message.body, title=message.title, body_format=body_format)
        except Exception as exc:  # a plugin bug must not wedge the batch
            ok = False
            logging.getLogger("apprise").warning("%s: %s", type(exc).__name__, exc)
        log = captured.getvalue()
    if not ok:
        raise PostFailed(redact(last_lines(log) or f"{address.service} did not accept the message", url))
    return message


def last_lines(log: str, count: int = 3) -> str:
    # The capture's lines are "time - LEVEL - message"; keep the messages.
    lines = [line.split(" - ", 2)[-1].strip() for line in log.strip().splitlines() if line.strip()]
    return " ".join(lines[-count:])[:1000]
