"""The query parser: the language works, and nothing typed can break it or the indexes."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperwire.search.keyword import fts_any_expression, fts_ranking_expression, fts_required_expression
from paperwire.search.query import MAX_KEYWORD_TERMS, parse_query, words_of

HOSTILE = [
    "",
    "   ",
    '"',
    '"unbalanced quote',
    "a AND b OR NOT c",
    "NEAR(a b, 3)",
    "trans* ^start col:umn",
    "title:foo {title abstract}: bar",
    "'; DROP TABLE papers_paper; --",
    "1 OR 1=1",
    "!!! ??? ... ---",
    "🙂 🚀 émoji ünïcödé 中文 検索",
    "\x00\x01\x02",
    "author: cat: after: before:",
    "after:2025-13-45 before:yesterday cat:<script>",
    "-",
    "- -",
    '-""',
    "a" * 5000,
    "word " * 2500,
]

# Strings built from the characters that mean something to FTS5, tsquery or the parser.
query_text = st.text(
    alphabet=st.sampled_from(list("abcXYZ019 \"-:*^(){}[],.+!&|<>'\\/_é🙂\t\n")) | st.characters(),
    max_size=200,
)


@pytest.fixture(scope="module")
def fts() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    connection.execute(
        "CREATE VIRTUAL TABLE t USING fts5(title, authors, abstract, tokenize='porter unicode61 remove_diacritics 2')"
    )
    connection.execute("INSERT INTO t VALUES ('graph networks', 'ada lovelace', 'message passing')")
    return connection


def _run_all_fts(connection: sqlite3.Connection, text: str) -> None:
    parsed = parse_query(text)
    for expression in (
        fts_ranking_expression(parsed),
        fts_required_expression(parsed),
        fts_any_expression(parsed.excluded) if parsed.excluded else None,
    ):
        if expression:
            connection.execute("SELECT rowid FROM t WHERE t MATCH ?", [expression]).fetchall()


def test_it_reads_every_part_of_the_query_language() -> None:
    parsed = parse_query(
        'diffusion "image editing" -video -"text to speech" author:"Yann LeCun" AUTHOR:hinton '
        "cat:cs.LG after:2025-01-01 before:2025-06"
    )
    assert parsed.terms == ("diffusion",)
    assert parsed.phrases == (("image", "editing"),)
    assert parsed.excluded == (("video",), ("text", "to", "speech"))
    assert parsed.authors == (("Yann", "LeCun"), ("hinton",))
    assert parsed.categories == ("cs.LG",)
    assert parsed.after == date(2025, 1, 1)
    assert parsed.before == date(2025, 6, 1)


def test_it_explains_filters_it_could_not_read() -> None:
    parsed = parse_query("graphs after:2025-13-45 cat:<script>")
    assert parsed.terms == ("graphs",)
    assert parsed.after is None
    assert parsed.categories == ()
    assert any("after" in note for note in parsed.notes)
    assert any("categor" in note for note in parsed.notes)


def test_it_ignores_the_last_day_of_the_calendar_as_a_bound_and_says_so() -> None:
    # "Before the day after 9999-12-31" cannot be written as a moment; the edges that can are kept.
    parsed = parse_query("model before:9999-12-31 after:0001-01-01")

    assert parsed.before is None
    assert parsed.after == date(1, 1, 1)
    assert parsed.notes == ("ignored before:9999-12-31: dates go up to 9999-12-30",)
    assert parse_query("model before:9999-12-30").before == date(9999, 12, 30)


def test_it_keeps_hyphenated_words_and_dashes_inside_words_as_words() -> None:
    parsed = parse_query("state-of-the-art self-supervised")
    assert parsed.excluded == ()
    assert "supervised" in parsed.terms


def test_it_caps_the_words_a_pasted_abstract_sends_to_the_keyword_index() -> None:
    parsed = parse_query(" ".join(f"word{i}" for i in range(5000)))
    assert len(parsed.keyword_terms()) == MAX_KEYWORD_TERMS


@pytest.mark.parametrize("text", HOSTILE)
def test_it_turns_hostile_strings_into_valid_fts5_queries(fts: sqlite3.Connection, text: str) -> None:
    _run_all_fts(fts, text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=query_text)
def test_it_never_fails_on_any_text_and_emits_only_word_tokens(fts: sqlite3.Connection, text: str) -> None:
    parsed = parse_query(text)
    for word in parsed.terms + tuple(w for group in parsed.phrases + parsed.excluded + parsed.authors for w in group):
        assert word and words_of(word) == [word], word
    _run_all_fts(fts, text)


@settings(max_examples=300, deadline=None)
@given(text=query_text)
def test_it_writes_back_a_query_that_parses_to_the_same_thing(text: str) -> None:
    parsed = parse_query(text)
    again = parse_query(parsed.canonical())
    assert replace(again, text="", notes=()) == replace(parsed, text="", notes=())
