"""Title keys: a digest of each paper's title stems, so an exact-title look-up is one index probe.

Schema only: ``sync_title_keys()`` (the worker, ``paperwire index run``)
fills the table, and until it has, look-ups fall back to the full-text index
(paperwire/search/lookup.py).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("papers", "0003_author_index"),
        ("search", "0004_pg_bm25_statistics"),
    ]

    operations = [
        migrations.CreateModel(
            name="TitleKey",
            fields=[
                (
                    "paper",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="title_key",
                        serialize=False,
                        to="papers.paper",
                    ),
                ),
                ("key", models.CharField(db_index=True, max_length=32)),
                ("paper_modified_at", models.DateTimeField(db_index=True, null=True)),
            ],
        ),
    ]
