"""Keyword search: SQLite FTS5 (bm25) in the embedded mode, PostgreSQL full text otherwise.

Both backends receive only the word tokens the parser produced
(``paperwire.search.query.words_of``), each quoted, so no typed character can
turn into an FTS5 or tsquery operator. Plain words are OR-ed (bm25 and
ts_rank score papers that match more of them higher), phrases and author
names must match, excluded words must not. Every weight and limit that
decides the ranking comes from the :class:`~paperwire.search.ranking.Ranking`
passed in.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from paperwire.lib.timed_cache import TimedCache
from paperwire.papers.models import Paper
from paperwire.search import bm25
from paperwire.search.query import ParsedQuery
from paperwire.search.ranking import DEFAULT_RANKING, Ranking

FTS_TABLE = "search_paper_fts"

# PostgreSQL: the weighted document setweight(title, A) || setweight(authors, B)
# || setweight(abstract, C), kept in a generated, stored column with a GIN
# index (migrations/0002_pg_stored_document.py), so ranking reads it instead
# of re-parsing every matching abstract.
PG_DOCUMENT_QUALIFIED = '"papers_paper"."search_document"'
PG_MATCHES = f"({PG_DOCUMENT_QUALIFIED} @@ to_tsquery('english', %s))"
FTS_MATCHING_IDS = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608 - constant


def _quoted(words: tuple[str, ...] | list[str]) -> str:
    # Parser tokens are letters and digits only; quoting keeps words like
    # AND, NOT or NEAR from being read as operators.
    return '"' + " ".join(words) + '"'


# -- SQLite FTS5 --------------------------------------------------------------


# FTS5 scores every paper that matches any word of an OR query (it has no
# top-k pruning), so a common word at a million papers ("network", "model")
# means bm25 over a fifth of the catalogue. Words are kept rarest first while
# their document counts add up to Ranking.postings_budget (always at least
# one); the dropped words are the common ones, whose bm25 weight (idf) is
# small anyway. Counting stops at the budget, so estimating costs at most one
# budget of postings per word.
#
# Even the rarest typed word can match a fifth of a million-paper catalogue
# ("model"), and FTS5 would compute bm25 for every one of those rows (the old
# p99 of 330 ms at 1M). An unfiltered query therefore ranks only the newest
# Ranking.scan_limit matching papers: finding the cut-off walks that many
# rowids in the index without scoring them. Newest-first fits a
# trending-papers site, and a query this unspecific has no one right answer
# anyway. Never reached on SciFact (5,183 abstracts), so it cannot move the
# quality numbers.


def affordable_terms(terms: list[str], postings_budget: int) -> list[str]:
    """The rarest of ``terms`` whose document counts fit ``postings_budget``, in typed order."""
    if len(terms) <= 1:
        return terms
    counts = {term: papers_with_term(term, postings_budget + 1) for term in terms}
    return within_budget(terms, counts, postings_budget)


# Counting a word's papers reads its posting list up to the budget: 2-5 ms a
# query at a million papers, mostly for the same common words ("cells",
# "model", "the") query after query. The counts only choose which words are
# worth ranking, so a count some minutes old does as well as a fresh one.
TERM_COUNT_SECONDS = 600.0
TERM_COUNT_ENTRIES = 20_000
_term_counts: TimedCache[tuple[str, str, int], int] = TimedCache(TERM_COUNT_ENTRIES, TERM_COUNT_SECONDS)


def papers_with_term(term: str, cap: int) -> int:
    """How many papers contain ``term`` (a parser token; FTS5), counting up to ``cap``; remembered for a few minutes."""
    key = (str(connection.settings_dict["NAME"]), term, cap)
    remembered = _term_counts.get(key)
    if remembered is not None:
        return remembered
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s LIMIT %s)",  # noqa: S608
            [_quoted([term]), cap],
        )
        count = int(cursor.fetchone()[0])
    _term_counts.put(key, count)
    return count


def papers_with_every_word(words: list[str], cap: int) -> int:
    """How many papers contain all of ``words`` (parser tokens, stemmed as the index is), counting up to ``cap``."""
    if not words:
        return 0
    if not settings.USING_POSTGRES:
        if len(words) == 1:
            return papers_with_term(words[0], cap)
        sql = f"SELECT count(*) FROM (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s LIMIT %s)"  # noqa: S608
        params: list[Any] = [" AND ".join(_quoted([word]) for word in words), cap]
    else:
        # A word matches its english stem or, for names the stemmer mangles, itself.
        each = "(to_tsquery('english', %s) || to_tsquery('simple', %s))"
        matches = " && ".join([each] * len(words))
        sql = f"SELECT count(*) FROM (SELECT 1 FROM papers_paper WHERE search_document @@ ({matches}) LIMIT %s) AS n"  # noqa: S608
        params = [quoted for word in words for quoted in (_ts_word(word), _ts_word(word))] + [cap]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.fetchone()[0])


def forget_term_counts() -> None:
    """Drop the remembered word counts (tests that rebuild the catalogue call this)."""
    _term_counts.clear()


def within_budget(terms: list[str], counts: dict[str, int], postings_budget: int) -> list[str]:
    """The rarest of ``terms`` while their ``counts`` add up to at most the budget (at least one), in typed order."""
    kept: set[str] = set()
    spent = 0
    for term in sorted(terms, key=lambda t: counts[t]):
        if kept and spent + counts[term] > postings_budget:
            break
        kept.add(term)
        spent += counts[term]
    return [term for term in terms if term in kept]


def fts_ranking_expression(query: ParsedQuery, *, postings_budget: int | None = None) -> str | None:
    """The FTS5 MATCH expression that ranks: any word, every phrase and author.

    With ``postings_budget``, only the rarest words that fit it are kept.
    """
    parts: list[str] = []
    terms = query.keyword_terms()
    if postings_budget is not None:
        terms = affordable_terms(terms, postings_budget)
    if terms:
        parts.append("(" + " OR ".join(_quoted([term]) for term in terms) + ")")
    parts += [_quoted(phrase) for phrase in query.phrases]
    parts += [_fts_author(name) for name in query.authors]
    if not parts:
        return None
    expression = " AND ".join(parts)
    if query.excluded:
        expression = f"({expression}) NOT ({fts_any_expression(query.excluded)})"
    return expression


def _fts_author(name: tuple[str, ...]) -> str:
    return "(" + " AND ".join("authors : " + _quoted([word]) for word in name) + ")"


def fts_any_expression(items: tuple[tuple[str, ...], ...]) -> str:
    return " OR ".join(_quoted(words) for words in items)


def fts_required_expression(query: ParsedQuery) -> str | None:
    """What every result must match (phrases, authors), without the ranking words."""
    parts = [_quoted(phrase) for phrase in query.phrases] + [_fts_author(name) for name in query.authors]
    return " AND ".join(parts) if parts else None


# -- PostgreSQL ---------------------------------------------------------------


def _ts_word(word: str) -> str:
    return "'" + word + "'"


def _ts_phrase(words: tuple[str, ...]) -> str:
    return "(" + " <-> ".join(_ts_word(word) for word in words) + ")"


def tsquery_ranking_text(query: ParsedQuery, *, terms: list[str] | None = None) -> str | None:
    """Any of ``terms`` (default: every keyword term) and every phrase, as tsquery text."""
    parts: list[str] = []
    if terms is None:
        terms = query.keyword_terms()
    if terms:
        parts.append("(" + " | ".join(_ts_word(term) for term in terms) + ")")
    parts += [_ts_phrase(phrase) for phrase in query.phrases]
    if not parts:
        return None
    return " & ".join(parts)


def tsquery_any_text(items: tuple[tuple[str, ...], ...]) -> str:
    return " | ".join(_ts_phrase(words) for words in items)


# -- filters shared by keyword and semantic results -----------------------------


def filtered_papers(query: ParsedQuery) -> QuerySet[Paper]:
    """Visible papers that pass every filter and constraint of ``query`` (no ranking)."""
    papers: QuerySet[Paper] = Paper.objects.visible()
    if query.categories:
        any_category = Q()
        for category in query.categories:
            # JSON text match: '"cs.LG"' exactly, or '"cs.' for a whole archive.
            if "." in category:
                any_category |= Q(categories__icontains=f'"{category}"')
            else:
                any_category |= Q(categories__icontains=f'"{category}.') | Q(categories__icontains=f'"{category}"')
        papers = papers.filter(any_category)
    # Whole UTC days, compared as datetimes so the published index is used.
    if query.after:
        papers = papers.filter(published__gte=datetime.combine(query.after, time.min, tzinfo=UTC))
    if query.before:
        papers = papers.filter(published__lt=datetime.combine(query.before + timedelta(days=1), time.min, tzinfo=UTC))
    if settings.USING_POSTGRES:
        for name in query.authors:
            for word in name:
                papers = papers.filter(authors__icontains=word)
        if query.phrases:
            text = " & ".join(_ts_phrase(phrase) for phrase in query.phrases)
            # Constant SQL; the tsquery text is a parameter.
            papers = papers.extra(where=[PG_MATCHES], params=[text])  # noqa: S610
        if query.excluded:
            papers = papers.extra(where=[f"NOT {PG_MATCHES}"], params=[tsquery_any_text(query.excluded)])  # noqa: S610
    else:
        required = fts_required_expression(query)
        if required:
            papers = papers.filter(id__in=RawSQL(FTS_MATCHING_IDS, [required]))  # noqa: S611 - constant SQL
        if query.excluded:
            excluded = fts_any_expression(query.excluded)
            papers = papers.exclude(id__in=RawSQL(FTS_MATCHING_IDS, [excluded]))  # noqa: S611 - constant SQL
    return papers


# Field-restricted matching: the FTS5 column, and on PostgreSQL the stored
# document's label for the field and the configuration its words were indexed with.
_FIELD_LABELS = {"title": ("A", "english"), "authors": ("B", "simple")}


def with_words_in(papers: QuerySet[Paper], field: str, words: list[str] | tuple[str, ...]) -> QuerySet[Paper]:
    """``papers`` whose ``field`` ("title" or "authors") contains every one of ``words`` (parser tokens)."""
    if settings.USING_POSTGRES:
        label, config = _FIELD_LABELS[field]
        text = " & ".join(f"'{word}':{label}" for word in words)
        where = f"{PG_DOCUMENT_QUALIFIED} @@ to_tsquery('{config}', %s)"
        return papers.extra(where=[where], params=[text])  # noqa: S610 - constant SQL; the text is a parameter
    expression = " AND ".join(f'{field} : "{word}"' for word in words)
    return papers.filter(id__in=RawSQL(FTS_MATCHING_IDS, [expression]))  # noqa: S611 - constant SQL


def _where_of(papers: QuerySet[Paper]) -> tuple[str, list[Any]] | None:
    """The WHERE clause of a one-table Paper queryset, to AND into raw SQL (None: matches nothing)."""
    compiler = papers.query.get_compiler(connection=connection)
    try:
        sql, params = compiler.compile(papers.query.where)
    except FullResultSet:
        return "1=1", []
    except EmptyResultSet:
        return None
    return (sql or "1=1"), list(params)


def keyword_search(query: ParsedQuery, limit: int, ranking: Ranking = DEFAULT_RANKING) -> list[tuple[int, float]]:
    """(paper id, score) of the ``limit`` best keyword matches that pass the filters, best first.

    Scored with bm25 and ``ranking``'s field weights: FTS5's own on SQLite,
    paperwire.search.bm25's on PostgreSQL.
    """
    if limit <= 0:
        return []
    where = _where_of(filtered_papers(query))
    if where is None:
        return []
    where_sql, where_params = where
    with connection.cursor() as cursor:
        if settings.USING_POSTGRES:
            return _pg_bm25_search(cursor, query, where_sql, where_params, limit, ranking)
        expression = fts_ranking_expression(query, postings_budget=ranking.postings_budget)
        if expression is None:
            return []
        if not (query.categories or query.after or query.before):
            return _fts_top_visible(cursor, expression, limit, ranking)
        weights = ranking.bm25_sql_arguments()
        cursor.execute(
            f"""
            SELECT "papers_paper"."id", -bm25({FTS_TABLE}, {weights}) AS score
            FROM {FTS_TABLE} JOIN "papers_paper" ON "papers_paper"."id" = {FTS_TABLE}.rowid
            WHERE {FTS_TABLE} MATCH %s AND ({where_sql})
            ORDER BY bm25({FTS_TABLE}, {weights}) LIMIT %s
            """,  # noqa: S608 - constant SQL, compiled ORM clauses and validated floats; values are parameters
            [expression, *where_params, limit],
        )
        return [(int(paper_id), float(score)) for paper_id, score in cursor.fetchall()]


def _pg_bm25_search(
    cursor: Any, query: ParsedQuery, where_sql: str, where_params: list[Any], limit: int, ranking: Ranking
) -> list[tuple[int, float]]:
    """PostgreSQL: the best BM25 matches (paperwire.search.bm25), cost bounded like FTS5's.

    The same bounds as SQLite: words are kept rarest first while their
    document counts (read from the stored statistics, not counted) fit
    Ranking.postings_budget, and only the newest Ranking.scan_limit papers
    the GIN index finds are scored.
    """
    terms = query.keyword_terms()
    phrase_words = [word for phrase in query.phrases for word in phrase]
    lexemes = bm25.lexemes_of([*terms, *phrase_words])
    stats = bm25.corpus()
    counts = bm25.document_counts([lexeme for found in lexemes.values() for lexeme in found], stats.watermark)
    # A stop word has no lexeme and matches nothing; it cannot rank.
    terms = [term for term in terms if lexemes.get(term)]
    costs = {term: max(counts[lexeme] for lexeme in lexemes[term]) for term in terms}
    terms = within_budget(terms, costs, ranking.postings_budget)
    text = tsquery_ranking_text(query, terms=terms)
    scored = sorted({lexeme for word in [*terms, *phrase_words] for lexeme in lexemes.get(word, [])})
    if text is None or not scored:
        return []
    candidates = f"""
        SELECT "papers_paper"."id", "papers_paper"."search_document", "papers_paper"."search_length"
        FROM "papers_paper"
        WHERE {PG_DOCUMENT_QUALIFIED} @@ to_tsquery('english', %s) AND ({where_sql})
        ORDER BY "papers_paper"."id" DESC
        LIMIT %s
    """  # noqa: S608 - constant SQL and compiled ORM clauses; values are parameters
    idfs = [stats.idf(counts[lexeme]) for lexeme in scored]
    cursor.execute(
        bm25.ranking_sql(candidates, ranking.bm25_weights, stats.average_length),
        [text, *where_params, ranking.scan_limit, scored, scored, idfs, limit],
    )
    return [(int(paper_id), float(score)) for paper_id, score in cursor.fetchall()]


def _fts_top_visible(cursor: Any, expression: str, limit: int, ranking: Ranking) -> list[tuple[int, float]]:
    """Best FTS5 matches without joining the catalogue row of every match.

    Joining reads one papers_paper page per matching paper (thousands for a
    common word at 100k+ papers, hundreds of milliseconds); hidden papers
    are rare, so rank in the index alone and drop them from the top few.
    """
    weights = ranking.bm25_sql_arguments()
    margin = limit // 4 + 10
    cursor.execute(
        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY rowid DESC LIMIT 1 OFFSET %s",  # noqa: S608
        [expression, ranking.scan_limit],
    )
    cutoff = cursor.fetchone()
    cursor.execute(
        f"SELECT rowid, -bm25({FTS_TABLE}, {weights}) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "  # noqa: S608
        f"AND rowid > %s ORDER BY bm25({FTS_TABLE}, {weights}) LIMIT %s",
        [expression, int(cutoff[0]) if cutoff else 0, limit + margin],
    )
    ranked = [(int(paper_id), float(score)) for paper_id, score in cursor.fetchall()]
    # The ids travel as one JSON parameter: the ORM's id__in binds and
    # converts each of the ~260 on every search, about a millisecond.
    cursor.execute(
        f"SELECT id FROM {Paper._meta.db_table} WHERE NOT hidden AND id IN (SELECT value FROM json_each(%s))",  # noqa: S608
        [json.dumps([paper_id for paper_id, _ in ranked])],
    )
    shown = {int(row[0]) for row in cursor.fetchall()}
    return [(paper_id, score) for paper_id, score in ranked if paper_id in shown][:limit]
