"""Each new-story form keeps its own autosave.

Until now an editor had one autosave for all the stories she had not saved yet, so a
second tab overwrote the first. Every autosave of a new story gets a form key; the
one already kept gets a fresh key of its own, so it is still offered back.

Undoing this goes back to one new-story autosave per editor: the newest of hers is
kept and the older ones are deleted (the old schema cannot hold more than one).
"""

import secrets

from django.db import migrations, models


def give_each_new_story_autosave_a_key(apps, schema_editor):
    Autosave = apps.get_model("articles", "Autosave")
    for autosave in Autosave.objects.filter(article__isnull=True, key=""):
        autosave.key = secrets.token_urlsafe(16)
        autosave.save(update_fields=["key"])


def keep_the_newest_new_story_autosave_per_editor(apps, schema_editor):
    Autosave = apps.get_model("articles", "Autosave")
    seen = set()
    for autosave in Autosave.objects.filter(article__isnull=True).order_by(
        "user_id", "-saved_at", "-pk"
    ):
        if autosave.user_id in seen:
            autosave.delete()
        else:
            seen.add(autosave.user_id)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0017_authors_per_edition"),
    ]

    operations = [
        migrations.AddField(
            model_name="autosave",
            name="key",
            field=models.CharField(
                blank=True,
                help_text="Which new-story form kept these words: each has its own, so two new stories written in two tabs never share an autosave.",
                max_length=64,
                verbose_name="form key",
            ),
        ),
        migrations.RemoveConstraint(
            model_name="autosave",
            name="autosave_one_new_story_per_user",
        ),
        migrations.RunPython(
            give_each_new_story_autosave_a_key,
            keep_the_newest_new_story_autosave_per_editor,
        ),
        migrations.AddConstraint(
            model_name="autosave",
            constraint=models.UniqueConstraint(
                condition=models.Q(("article__isnull", True)),
                fields=("user", "key"),
                name="autosave_one_per_user_and_new_story_form",
            ),
        ),
        migrations.AddConstraint(
            model_name="autosave",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("article__isnull", False),
                    models.Q(("key", ""), _negated=True),
                    _connector="OR",
                ),
                name="autosave_new_story_has_form_key",
            ),
        ),
    ]
