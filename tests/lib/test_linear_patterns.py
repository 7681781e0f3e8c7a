"""Every pattern that reads what a person sends costs time in proportion to the text, never its square.

Issue 20 found ``lib/arxiv_ids.py`` taking 15 s on 40,000 characters (a run
of "?" then a newline in a pasted URL), long enough to freeze a web process
for everyone. Each entry point below is where text from a form, a file or the
API meets a regular expression; hypothesis feeds each one its worst shapes (a
prefix that starts a match, then a long run of one special character, with
and without a line break after it) at the largest size its route accepts,
and the time at that size must stay within six times the time at a quarter
of it (linear work takes four times, quadratic sixteen). No absolute clock
budget: CI is loaded.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperwire.api.params import clean_text
from paperwire.front.views.for_you import MAX_PASTED
from paperwire.lib.arxiv_ids import parse_arxiv_id
from paperwire.lib.excerpts import first_sentences
from paperwire.lib.user_text import checked_name, checked_text
from paperwire.library.imports import read_import
from paperwire.search.lookup import identifier_of
from paperwire.search.query import parse_query

SPECIAL = [*"?#/.:@{}[]()\\$-_ \t,;\"'^~%&=a0A", "\u202e", "\n"]
PREFIXES = [
    "",
    "arxiv.org/abs/",
    "https://arxiv.org/abs/2401.01234",
    "arXiv:",
    "arxiv:hep-th",
    "doi:",
    "10.1234/",
    "10.48550/arXiv.",
    "@misc{",
    "$",
    "(",
    "\\'",
    "author:",
]
ENDINGS = ["", "\n", "\nx", "!", "?\n"]


def _ignoring_refusals(read: Callable[[str], object]) -> Callable[[str], None]:
    def call(text: str) -> None:
        try:
            read(text)
        except Exception as refused:  # a refusal with a message is a fine answer; only its cost is tested
            if isinstance(refused, (AssertionError, RecursionError)):
                raise

    return call


def _bibtex(payload: str) -> str:
    half = payload[: len(payload) // 2]
    return "@misc{key, url = {" + half + "}, note = {" + half + "}}\n"


def _csl(payload: str) -> str:
    half = payload[: len(payload) // 2]
    return json.dumps([{"id": "k", "URL": half, "note": half}])


# (what it is, the entry point, the largest text its route accepts)
ENTRY_POINTS: list[tuple[str, Callable[[str], None], int]] = [
    ("arXiv id or address", _ignoring_refusals(parse_arxiv_id), MAX_PASTED),
    ("pasted list of ids", _ignoring_refusals(read_import), MAX_PASTED),
    ("BibTeX url and note fields", _ignoring_refusals(lambda text: read_import(_bibtex(text))), MAX_PASTED),
    ("CSL JSON URL and note", _ignoring_refusals(lambda text: read_import(_csl(text))), MAX_PASTED),
    ("search box identifier", _ignoring_refusals(identifier_of), 20_000),
    ("search box filters", _ignoring_refusals(parse_query), 20_000),
    ("typed text", _ignoring_refusals(lambda text: checked_text(text, label="x", max_length=MAX_PASTED)), MAX_PASTED),
    ("typed name", _ignoring_refusals(lambda text: checked_name(text, label="x", max_length=MAX_PASTED)), MAX_PASTED),
    ("API text parameter", _ignoring_refusals(lambda text: clean_text("q", text)), MAX_PASTED),
    ("excerpt of a long text", _ignoring_refusals(first_sentences), 20_000),
]


def _seconds(call: Callable[[str], None], text: str) -> float:
    best = float("inf")
    for _ in range(3):  # the fastest of three: other processes only ever add time
        started = time.perf_counter()
        call(text)
        best = min(best, time.perf_counter() - started)
    return best


def _worst_shape(prefix: str, special: str, ending: str, size: int) -> str:
    return prefix + special * (size - len(prefix) - len(ending)) + ending


@pytest.mark.slow
@pytest.mark.parametrize(("name", "call", "largest"), ENTRY_POINTS, ids=[entry[0] for entry in ENTRY_POINTS])
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=st.sampled_from(PREFIXES), special=st.sampled_from(SPECIAL), ending=st.sampled_from(ENDINGS))
def test_the_worst_shapes_cost_time_in_proportion_to_their_length(
    name: str, call: Callable[[str], None], largest: int, prefix: str, special: str, ending: str
) -> None:
    quarter = _seconds(call, _worst_shape(prefix, special, ending, largest // 4))
    full = _seconds(call, _worst_shape(prefix, special, ending, largest))

    # The 0.1 s cover a busy machine's scheduling and a text outgrowing the CPU's cache (a linear
    # parser then costs more per character); quadratic work at these sizes takes seconds to hours.
    shown = f"{name}: {quarter * 1000:.1f} ms at {largest // 4:,}, {full * 1000:.1f} ms at {largest:,}"
    assert full <= 6 * quarter + 0.1, shown


def test_an_arxiv_address_with_a_run_of_question_marks_and_a_line_break_reads_in_linear_time() -> None:
    """The review's input, at sizes the old pattern needed 0.06 s and 0.84 s for (quadratic)."""
    quarter = _seconds(_ignoring_refusals(parse_arxiv_id), "arxiv.org/abs/" + "?" * 2000 + "\nx")
    full = _seconds(_ignoring_refusals(parse_arxiv_id), "arxiv.org/abs/" + "?" * 8000 + "\nx")

    # Four times the text: linear is four times at most, quadratic sixteen.
    assert full <= 6 * quarter + 0.005


@pytest.mark.parametrize(
    "text",
    [
        "https://arxiv.org/abs/2401.01234v2?context=cs#section",
        "arxiv.org/pdf/2401.01234v2.pdf",
        "https://export.arxiv.org/abs/hep-th/9901001/",
        "https://huggingface.co/papers/2401.01234#community",
        "http://www.arxiv.org/pdf/2401.01234.pdf/",
    ],
)
def test_addresses_still_name_their_paper(text: str) -> None:
    assert parse_arxiv_id(text).id in ("2401.01234", "hep-th/9901001")
