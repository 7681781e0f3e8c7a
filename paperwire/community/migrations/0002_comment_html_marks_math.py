"""Re-render every comment's HTML: math is now marked server-side.

Comments saved before this release carry ``$…$`` as plain text, which the
page's math script no longer looks for (it typesets only the
``<span class="math …">`` elements the renderer writes).
"""

from django.db import migrations

BATCH = 500


def rerender(apps, schema_editor):
    # The current renderer on purpose: the point is to match what new comments get.
    from paperwire.lib.markdown_render import render_markdown

    Comment = apps.get_model("community", "Comment")
    batch = []
    for comment in Comment.objects.exclude(body="").only("pk", "body").iterator(chunk_size=BATCH):
        comment.body_html = render_markdown(comment.body)
        batch.append(comment)
        if len(batch) >= BATCH:
            Comment.objects.bulk_update(batch, ["body_html"])
            batch = []
    Comment.objects.bulk_update(batch, ["body_html"])


class Migration(migrations.Migration):
    dependencies = [("community", "0001_initial")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
