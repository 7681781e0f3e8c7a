"""PostgreSQL BM25: term statistics and each paper's length in tokens.

``search_length`` is the number of token positions in the paper's weighted
document (title, authors, abstract), kept by PostgreSQL as a generated,
stored column next to ``search_document`` so BM25's length normalisation
reads one integer instead of unnesting the vector. A generated column cannot
read another one, so it recomputes the document expression. The two tables
hold per-lexeme document counts and the catalogue's size (see
paperwire/search/bm25.py). SQLite gets the (unused) tables only.
"""

from django.db import migrations, models

PG_DOCUMENT = (
    "(setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(authors::text, '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(abstract, '')), 'C'))"
)
FORWARD = [
    # Immutable: it reads only its argument, so a generated column may use it.
    """
    CREATE OR REPLACE FUNCTION paperwire_token_count(document tsvector) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT coalesce(sum(coalesce(array_length(positions, 1), 1)), 0)::integer FROM unnest(document) $$
    """,
    "ALTER TABLE papers_paper ADD COLUMN IF NOT EXISTS search_length integer "
    f"GENERATED ALWAYS AS (paperwire_token_count({PG_DOCUMENT})) STORED",
]
BACKWARD = [
    "ALTER TABLE papers_paper DROP COLUMN IF EXISTS search_length",
    "DROP FUNCTION IF EXISTS paperwire_token_count(tsvector)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_saved_search")]

    operations = [
        migrations.CreateModel(
            name="CorpusStatistic",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("documents", models.BigIntegerField(default=0)),
                ("tokens", models.BigIntegerField(default=0)),
                ("watermark", models.BigIntegerField(default=0)),
                ("refreshed_at", models.DateTimeField(null=True)),
            ],
        ),
        migrations.CreateModel(
            name="LexemeStatistic",
            fields=[
                ("lexeme", models.TextField(primary_key=True, serialize=False)),
                ("documents", models.IntegerField()),
            ],
        ),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
