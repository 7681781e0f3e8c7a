"""The chat message: a heading and up to N papers, in Markdown or plain text, within the service's size.

Each paper: its title linked to the paper page, the first author (et al.),
upvotes and one line of summary. Papers that do not fit (over N, or over
the service's limit) are counted in a last "and M more →" line linking to
the whole list. Nothing here talks to a service; ``fit_message`` is pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperwire.papers.models import Paper

SUMMARY_CHARS = 160
TITLE_CHARS = 200
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]()#<>|~!])")
EMPTY = "No papers on the list yet."
_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


@dataclass(frozen=True)
class PaperLine:
    title: str
    url: str
    first_author: str
    upvotes: int
    summary: str

    @classmethod
    def of(cls, paper: Paper, url: str) -> PaperLine:
        authors = list(paper.authors or [])
        first = authors[0] if authors else ""
        if len(authors) > 1:
            first += " et al."
        return cls(one_line(paper.title, TITLE_CHARS), url, first, paper.upvote_count, summary_line(paper))


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    markdown: bool


def one_line(text: str, limit: int) -> str:
    # Capped before the regex runs, so the work is bounded whatever the input.
    text = _SPACES.sub(" ", text[: limit * 4]).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def summary_line(paper: Paper) -> str:
    source = one_line(paper.ai_summary or paper.abstract, SUMMARY_CHARS * 3)
    first_sentence = _SENTENCE_END.split(source, maxsplit=1)[0]
    return one_line(first_sentence, SUMMARY_CHARS)


def escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def render_paper(line: PaperLine, *, markdown: bool, with_summary: bool = True) -> str:
    upvotes = f"▲ {line.upvotes}"
    if markdown:
        head = f"**[{escape_markdown(line.title)}]({line.url})**"
        meta = " · ".join(part for part in (escape_markdown(line.first_author), upvotes) if part)
        lines = [head, meta]
        if with_summary and line.summary:
            lines.append(f"_{escape_markdown(line.summary)}_")
    else:
        meta = " · ".join(part for part in (line.first_author, upvotes) if part)
        lines = [line.title, meta]
        if with_summary and line.summary:
            lines.append(line.summary)
        lines.append(line.url)
    return "\n".join(lines)


def render_more(count: int, url: str, *, markdown: bool) -> str:
    return f"[and {count} more →]({url})" if markdown else f"and {count} more → {url}"


def render_body(lines: list[PaperLine], total: int, more_url: str, *, markdown: bool, with_summary: bool) -> str:
    blocks = [render_paper(line, markdown=markdown, with_summary=with_summary) for line in lines]
    if total > len(lines):
        blocks.append(render_more(total - len(lines), more_url, markdown=markdown))
    return "\n\n".join(blocks)


def fit_message(
    title: str, lines: list[PaperLine], total: int, more_url: str, *, markdown: bool, limit: int
) -> Message:
    """The longest message of at most ``limit`` characters (title included): fewer papers first, then no summaries.

    The title counts against the limit because some services (Mattermost,
    Discord) put it in the body. A single paper that still does not fit is
    cut, which only a tiny limit can cause.
    """
    title = one_line(title, max(1, min(TITLE_CHARS, limit // 4)))
    if not lines:
        return Message(title, one_line(EMPTY, limit), False)
    room = max(1, limit - len(title) - 2)
    for with_summary in (True, False):
        for count in range(len(lines), 0, -1):
            body = render_body(lines[:count], total, more_url, markdown=markdown, with_summary=with_summary)
            if len(body) <= room:
                return Message(title, body, markdown)
    body = render_body(lines[:1], total, more_url, markdown=False, with_summary=False)
    return Message(title, one_line(body, room) if room < len(body) else body, False)
