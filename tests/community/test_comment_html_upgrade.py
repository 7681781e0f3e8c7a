"""Comments saved before math was marked server-side get their math marked on upgrade."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from paperwire.community.models import Comment
from tests.papers.factories import make_paper

BEFORE = [("community", "0001_initial")]
AFTER = [("community", "0002_comment_html_marks_math")]


@pytest.fixture
def back_to_the_latest_schema() -> Any:
    """Migrating back unapplies later migrations of every app; the tests after this one need them all."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest_schema")
def test_it_marks_the_math_of_comments_saved_before_the_upgrade(django_user_model: Any) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_comment = executor.loader.project_state(BEFORE).apps.get_model("community", "Comment")
    author = django_user_model.objects.create_user("early", "early@example.org", "a-long-password-1")
    paper = make_paper()
    old_comment.objects.create(
        paper_id=paper.pk, author_id=author.pk, body="Is $x^2$ worth $5?", body_html="<p>Is $x^2$ worth $5?</p>"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    assert Comment.objects.get().body_html == '<p>Is <span class="math inline">x^2</span> worth $5?</p>\n'
