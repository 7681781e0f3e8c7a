"""Keyword search: SQLite FTS5 (bm25) in the embedded mode, PostgreSQL full text otherwise.

Both backends receive only the word tokens the parser produced
(``paperwire.search.query.words_of``), each quoted, so no typed character can
turn into an FTS5 or tsquery operator. Plain words are OR-ed (bm25 and
ts_rank_cd rank papers that match more of them higher), phrases and author
names must match, excluded words must not.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from paperwire.papers.models import Paper
from paperwire.search.query import ParsedQuery

FTS_TABLE = "search_paper_fts"
# bm25 column weights (title, authors, abstract): a word in the title says
# more about a paper than the same word in its abstract. Tuned on SciFact's
# train queries (docs/search.md); authors sit between the two so a name
# typed into the box finds that person's papers first.
BM25_WEIGHTS = (2.0, 1.5, 1.0)

# Must stay identical to the expression index in migrations/0001_initial.py.
PG_DOCUMENT = (
    "(setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(authors::text, '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(abstract, '')), 'C'))"
)
PG_DOCUMENT_QUALIFIED = PG_DOCUMENT.replace("coalesce(", 'coalesce("papers_paper".')
PG_MATCHES = f"({PG_DOCUMENT_QUALIFIED} @@ to_tsquery('english', %s))"
FTS_MATCHING_IDS = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608 - constant
# ts_rank_cd weights for D, C, B, A labels (abstract C, authors B, title A).
PG_RANK_WEIGHTS = "'{0.1, 0.4, 0.6, 1.0}'"


def _quoted(words: tuple[str, ...] | list[str]) -> str:
    # Parser tokens are letters and digits only; quoting keeps words like
    # AND, NOT or NEAR from being read as operators.
    return '"' + " ".join(words) + '"'


# -- SQLite FTS5 --------------------------------------------------------------


# A keyword query reads the posting lists of its words; at a million papers
# a common word ("model", "network") lists a fifth of them, and scoring every
# such paper with bm25 costs hundreds of milliseconds. Words are kept rarest
# first while their document counts add up to this budget (always at least
# one): dropped words are the common ones, whose bm25 weight (idf) is small
# anyway. On SciFact's 5,183 abstracts the budget never bites.
POSTINGS_BUDGET = 10_000
_VOCAB_TABLE = "temp.search_paper_fts_vocab"


def _document_counts(connection_: BaseDatabaseWrapper, words: list[str]) -> dict[str, int]:
    """Approximate document counts of ``words`` from FTS5's vocabulary.

    The index holds porter stems, which are nearly always a prefix of the
    word ("folding" -> "fold"), so the longest indexed prefix stands in for
    the stem.
    """
    prefixes = {word: [word[:n] for n in range(min(3, len(word)), len(word) + 1)] for word in words}
    wanted = sorted({prefix for options in prefixes.values() for prefix in options})
    with connection_.cursor() as cursor:
        cursor.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {_VOCAB_TABLE} USING fts5vocab(main, {FTS_TABLE}, 'row')")
        found: dict[str, int] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            cursor.execute(
                f"SELECT term, doc FROM {_VOCAB_TABLE} WHERE term IN ({', '.join(['%s'] * len(chunk))})",  # noqa: S608
                chunk,
            )
            found.update({term: int(count) for term, count in cursor.fetchall()})
    counts: dict[str, int] = {}
    for word, options in prefixes.items():
        matches = [found[prefix] for prefix in options if prefix in found]
        counts[word] = matches[-1] if matches else 0
    return counts


def affordable_terms(words: list[str], connection_: BaseDatabaseWrapper | None = None) -> list[str]:
    """The rarest of ``words`` whose document counts fit :data:`POSTINGS_BUDGET`, in typed order."""
    if len(words) <= 1:
        return words
    counts = _document_counts(connection_ or connection, words)
    kept: set[str] = set()
    spent = 0
    for word in sorted(words, key=lambda w: counts[w]):
        if kept and spent + counts[word] > POSTINGS_BUDGET:
            break
        kept.add(word)
        spent += counts[word]
    return [word for word in words if word in kept]


def fts_ranking_expression(query: ParsedQuery, *, budget: bool = False) -> str | None:
    """The FTS5 MATCH expression that ranks: any word, every phrase and author."""
    parts: list[str] = []
    terms = query.keyword_terms()
    if budget:
        terms = affordable_terms(terms)
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


def tsquery_ranking_text(query: ParsedQuery) -> str | None:
    parts: list[str] = []
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


def keyword_search(query: ParsedQuery, limit: int) -> list[tuple[int, float]]:
    """(paper id, score) of the best keyword matches that pass the filters, best first."""
    if limit <= 0:
        return []
    where = _where_of(filtered_papers(query))
    if where is None:
        return []
    where_sql, where_params = where
    with connection.cursor() as cursor:
        if settings.USING_POSTGRES:
            text = tsquery_ranking_text(query)
            if text is None:
                return []
            cursor.execute(
                f"""
                SELECT "papers_paper"."id", ts_rank_cd({PG_RANK_WEIGHTS}, {PG_DOCUMENT_QUALIFIED}, tsq, 1) AS score
                FROM "papers_paper", to_tsquery('english', %s) AS tsq
                WHERE {PG_DOCUMENT_QUALIFIED} @@ tsq AND ({where_sql})
                ORDER BY score DESC, "papers_paper"."id" DESC
                LIMIT %s
                """,  # noqa: S608 - only constant SQL and compiled ORM clauses; values are parameters
                [text, *where_params, limit],
            )
        else:
            expression = fts_ranking_expression(query, budget=True)
            if expression is None:
                return []
            weights = ", ".join(str(weight) for weight in BM25_WEIGHTS)
            cursor.execute(
                f"""
                SELECT "papers_paper"."id", -bm25({FTS_TABLE}, {weights}) AS score
                FROM {FTS_TABLE} JOIN "papers_paper" ON "papers_paper"."id" = {FTS_TABLE}.rowid
                WHERE {FTS_TABLE} MATCH %s AND ({where_sql})
                ORDER BY bm25({FTS_TABLE}, {weights}) LIMIT %s
                """,  # noqa: S608 - only constant SQL and compiled ORM clauses; values are parameters
                [expression, *where_params, limit],
            )
        return [(int(paper_id), float(score)) for paper_id, score in cursor.fetchall()]
