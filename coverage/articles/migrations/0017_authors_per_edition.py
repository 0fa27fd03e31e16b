"""A column per edition for the byline, role and biography (django-modeltranslation,
see articles/translation.py), like the vocabularies' (0013); the English column
starts as a copy of the existing value, so no byline reads differently until the
author or an editor adds another edition's spelling.
"""

from django.db import migrations, models


def copy_english(apps, schema_editor):
    apps.get_model("articles", "Author").objects.update(
        **{f"{field}_en": models.F(field) for field in ("name", "job_title", "bio")}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_desk_field_labels"),
    ]

    operations = [
        migrations.AddField(
            model_name="author",
            name="bio_ar",
            field=models.TextField(
                blank=True,
                help_text="Two or three sentences readers see on your page.",
                null=True,
                verbose_name="biography",
            ),
        ),
        migrations.AddField(
            model_name="author",
            name="bio_ckb",
            field=models.TextField(
                blank=True,
                help_text="Two or three sentences readers see on your page.",
                null=True,
                verbose_name="biography",
            ),
        ),
        migrations.AddField(
            model_name="author",
            name="bio_en",
            field=models.TextField(
                blank=True,
                help_text="Two or three sentences readers see on your page.",
                null=True,
                verbose_name="biography",
            ),
        ),
        migrations.AddField(
            model_name="author",
            name="job_title_ar",
            field=models.CharField(
                blank=True, max_length=150, null=True, verbose_name="job title"
            ),
        ),
        migrations.AddField(
            model_name="author",
            name="job_title_ckb",
            field=models.CharField(
                blank=True, max_length=150, null=True, verbose_name="job title"
            ),
        ),
        migrations.AddField(
            model_name="author",
            name="job_title_en",
            field=models.CharField(
                blank=True, max_length=150, null=True, verbose_name="job title"
            ),
        ),
        migrations.AddField(
            model_name="author",
            name="name_ar",
            field=models.CharField(max_length=150, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="author",
            name="name_ckb",
            field=models.CharField(max_length=150, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="author",
            name="name_en",
            field=models.CharField(max_length=150, null=True, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="author",
            name="bio",
            field=models.TextField(
                blank=True,
                help_text="Two or three sentences readers see on your page.",
                verbose_name="biography",
            ),
        ),
        migrations.RunPython(copy_english, migrations.RunPython.noop),
    ]
