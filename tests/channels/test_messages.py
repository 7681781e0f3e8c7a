"""A chat message never exceeds the service's limit: fewer papers, then no summaries, and an honest "and M more"."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from paperwire.channels.messages import PaperLine, fit_message

MORE = "https://papers.example.org/papers/date/2026-11-24"


def lines(count: int, title: str = "A title", summary: str = "One line of summary.") -> list[PaperLine]:
    return [
        PaperLine(f"{title} {n}", f"https://papers.example.org/papers/2611.{n:05d}", "Ada et al.", n, summary)
        for n in range(count)
    ]


def shown(body: str, markdown: bool) -> int:
    return len(re.findall(r"https://papers\.example\.org/papers/2611\.", body))


@given(
    limit=st.integers(min_value=40, max_value=5000),
    count=st.integers(min_value=1, max_value=25),
    total_extra=st.integers(min_value=0, max_value=500),
    markdown=st.booleans(),
    title=st.text(min_size=1, max_size=300),
)
def test_it_fits_any_message_within_the_limit_title_included(limit, count, total_extra, markdown, title):
    message = fit_message(
        "Daily papers", lines(count, title=title), count + total_extra, MORE, markdown=markdown, limit=limit
    )
    assert len(message.title) + len(message.body) + 2 <= limit


def test_it_drops_papers_into_the_more_line_before_cutting_anything():
    roomy = fit_message("Daily papers", lines(10), 40, MORE, markdown=True, limit=100_000)
    assert shown(roomy.body, True) == 10
    assert roomy.body.endswith(f"[and 30 more →]({MORE})")
    discord = fit_message("Daily papers", lines(10), 40, MORE, markdown=True, limit=700)
    kept = shown(discord.body, True)
    assert 1 <= kept < 10
    assert discord.body.endswith(f"[and {40 - kept} more →]({MORE})")
    assert "One line of summary" in discord.body


def test_it_escapes_markdown_in_titles_and_leaves_plain_text_alone():
    [line] = lines(1, title="Why [brackets] and *stars* _matter_")
    markdown = fit_message("t", [line], 1, MORE, markdown=True, limit=4000).body
    plain = fit_message("t", [line], 1, MORE, markdown=False, limit=4000).body
    assert r"\[brackets\] and \*stars\* \_matter\_" in markdown
    assert "Why [brackets] and *stars* _matter_ 0" in plain and line.url in plain
