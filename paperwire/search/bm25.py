"""BM25 on PostgreSQL, from stored term statistics, scored the way SQLite's FTS5 scores.

PostgreSQL's ``ts_rank`` has no idf and no length saturation (SciFact keyword
nDCG@10 0.57 against FTS5 bm25's 0.69), and pgserver's PostgreSQL ships no
BM25 extension. So paperwire computes FTS5's bm25 in SQL:

    score = Σ_term idf(term) · tf · (k1 + 1) / (tf + k1 · (1 − b + b · length / avg length))
    idf   = max(ln((N − n + 0.5) / (n + 0.5)), 1e-6)        (FTS5's floor)
    tf    = Σ over the term's positions of the field weight (title, authors, abstract)

with the field weights of :attr:`Ranking.bm25_weights` (the document labels
title A, authors B, abstract C) and a paper's length from its generated
``search_length`` column (migrations/0004).

Statistics. ``LexemeStatistic`` holds, per lexeme, how many papers contain
it and ``CorpusStatistic`` the number of papers and tokens, both up to paper
id ``watermark``. Papers above the watermark are counted at query time (an
id-range scan of the unrefreshed tail), so a paper imported a second ago
already counts and the numbers are exact for inserts at every moment. The
refresh (:func:`refresh_term_statistics`) folds the tail into the tables
incrementally (``ts_stat`` over the new ids only), after every import and
every 10 minutes, which keeps the tail, and so each query's extra cost, small.
Edits and deletions of older papers are not seen incrementally; a full
recount once a day corrects that drift (idf moves little with one paper).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from paperwire.papers.models import Paper
from paperwire.search.models import CorpusStatistic, LexemeStatistic

logger = logging.getLogger(__name__)

# FTS5's constants, so PostgreSQL and SQLite rank alike.
K1 = 1.2
B = 0.75
IDF_FLOOR = 1e-6
# A full recount corrects the drift from edited and deleted papers.
FULL_REFRESH_EVERY = timedelta(days=1)

# Lexemes of each typed word, normalised as to_tsquery('english', …) does
# (stop words give none).
LEXEMES_SQL = """
SELECT word, coalesce((SELECT array_agg(lexeme) FROM unnest(to_tsvector('english', word))), '{}')
FROM unnest(%s::text[]) AS word
"""
# Papers and tokens above the watermark.
TAIL_SQL = 'SELECT count(*), coalesce(sum(search_length), 0) FROM "papers_paper" WHERE id > %s'
# Per lexeme: stored document count plus the unrefreshed tail's.
DOCUMENTS_SQL = """
SELECT lexeme,
       coalesce((SELECT documents FROM search_lexemestatistic AS s WHERE s.lexeme = l.lexeme), 0)
       + (SELECT count(*) FROM "papers_paper" AS p
          WHERE p.id > %s AND p.search_document @@ quote_literal(l.lexeme)::tsquery)
FROM unnest(%s::text[]) AS l(lexeme)
"""


@dataclass(frozen=True)
class Corpus:
    documents: int
    tokens: int
    watermark: int

    @property
    def average_length(self) -> float:
        return self.tokens / self.documents if self.documents else 1.0

    def idf(self, documents: int) -> float:
        n = self.documents
        return max(math.log((n - documents + 0.5) / (documents + 0.5)), IDF_FLOOR) if n else IDF_FLOOR


def corpus() -> Corpus:
    """Papers and tokens in the catalogue now: the stored numbers plus the unrefreshed tail."""
    stored = CorpusStatistic.objects.order_by("id").first()
    documents, tokens, watermark = (stored.documents, stored.tokens, stored.watermark) if stored else (0, 0, 0)
    with connection.cursor() as cursor:
        cursor.execute(TAIL_SQL, [watermark])
        tail_documents, tail_tokens = cursor.fetchone()
    return Corpus(documents + int(tail_documents), tokens + int(tail_tokens), watermark)


def lexemes_of(words: list[str]) -> dict[str, list[str]]:
    """Each word's lexemes under the english configuration (a stop word has none)."""
    if not words:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(LEXEMES_SQL, [list(words)])
        return {word: list(lexemes) for word, lexemes in cursor.fetchall()}


def document_counts(lexemes: list[str], watermark: int) -> dict[str, int]:
    """How many papers contain each lexeme now."""
    if not lexemes:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(DOCUMENTS_SQL, [watermark, sorted(set(lexemes))])
        return {lexeme: int(count) for lexeme, count in cursor.fetchall()}


def ranking_sql(candidates_sql: str, weights: tuple[float, float, float], average_length: float) -> str:
    """The best papers by BM25 among ``candidates_sql`` (rows with id, search_document, search_length).

    Parameters after the candidates': the query's lexemes (text[]), the same
    lexemes and their idfs (float8[]), and the limit. Each paper's vector is
    first cut down to the query's lexemes (two ``ts_delete`` calls, in C),
    so only those few are unnested; ``weights`` are validated finite floats
    (Ranking), so they can be part of the SQL text.
    """
    title, authors, abstract = (float(weight) for weight in weights)
    average = float(average_length) or 1.0
    return f"""
    SELECT p.id,
           sum(q.idf * t.tf * {K1 + 1} / (t.tf + {K1} * (1 - {B} + {B} * p.search_length / {average}))) AS score
    FROM ({candidates_sql}) AS p
    CROSS JOIN LATERAL (
        SELECT u.lexeme,
               {title} * cardinality(array_positions(u.weights, 'A'))
               + {authors} * cardinality(array_positions(u.weights, 'B'))
               + {abstract} * cardinality(array_positions(u.weights, 'C')) AS tf
        FROM unnest(ts_delete(p.search_document, tsvector_to_array(ts_delete(p.search_document, %s::text[])))) AS u
    ) AS t
    JOIN unnest(%s::text[], %s::float8[]) AS q(lexeme, idf) ON q.lexeme = t.lexeme
    GROUP BY p.id, p.search_length
    ORDER BY score DESC, p.id DESC
    LIMIT %s
    """  # noqa: S608 - constant SQL and validated floats; values are parameters


def refresh_term_statistics(*, full: bool | None = None) -> int:
    """Fold papers above the watermark into the statistics (or recount all); returns papers counted.

    ``full=None`` recounts everything when the last full recount is older
    than :data:`FULL_REFRESH_EVERY`. PostgreSQL only; a no-op on SQLite.
    """
    if connection.vendor != "postgresql":
        return 0
    with transaction.atomic():
        # One refresher at a time; readers keep the old numbers until commit.
        stats = CorpusStatistic.objects.select_for_update().order_by("id").first()
        if stats is None:
            stats = CorpusStatistic.objects.create()
            stats = CorpusStatistic.objects.select_for_update().get(id=stats.id)
        if full is None:
            full = stats.refreshed_at is None or timezone.now() - stats.refreshed_at > FULL_REFRESH_EVERY
        newest = int(Paper.objects.aggregate(newest=Max("id"))["newest"] or 0)
        counted = 0
        start = 0 if full else int(stats.watermark)
        if full:
            LexemeStatistic.objects.all().delete()
            stats.documents = stats.tokens = 0
        if newest > start:
            # ts_stat takes the query as text; both bounds are integers.
            documents_query = f'SELECT search_document FROM "papers_paper" WHERE id > {start} AND id <= {newest}'  # noqa: S608
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO search_lexemestatistic AS s (lexeme, documents) SELECT word, ndoc FROM ts_stat(%s) "
                    "ON CONFLICT (lexeme) DO UPDATE SET documents = s.documents + EXCLUDED.documents",
                    [documents_query],
                )
                cursor.execute(
                    'SELECT count(*), coalesce(sum(search_length), 0) FROM "papers_paper" WHERE id > %s AND id <= %s',
                    [start, newest],
                )
                documents, tokens = cursor.fetchone()
            stats.documents += int(documents)
            stats.tokens += int(tokens)
            counted = int(documents)
        stats.watermark = max(newest, start)
        if full:
            stats.refreshed_at = timezone.now()
        stats.save()
    logger.info("search: term statistics %s up to paper %d", "recounted" if full else "refreshed", newest)
    return counted
