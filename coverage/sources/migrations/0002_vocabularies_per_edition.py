"""A column per edition for the translated fields (django-modeltranslation, see
sources/translation.py); the English column starts as a copy of the existing value,
so nothing reads differently until an editor adds a translation.
"""

from django.db import migrations, models


TRANSLATED = {"Source": ["name", "aliases", "role", "country", "description"]}


def copy_english(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("sources", model_name)
        model.objects.update(**{f"{field}_en": models.F(field) for field in fields})


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="source",
            name="aliases_ar",
            field=models.TextField(
                blank=True,
                help_text="Other spellings and scripts, one per line (e.g. Adnan al-Kenani, عدنان الكناني).",
                null=True,
                verbose_name="aliases and transliterations",
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="aliases_ckb",
            field=models.TextField(
                blank=True,
                help_text="Other spellings and scripts, one per line (e.g. Adnan al-Kenani, عدنان الكناني).",
                null=True,
                verbose_name="aliases and transliterations",
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="aliases_en",
            field=models.TextField(
                blank=True,
                help_text="Other spellings and scripts, one per line (e.g. Adnan al-Kenani, عدنان الكناني).",
                null=True,
                verbose_name="aliases and transliterations",
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="country_ar",
            field=models.CharField(
                blank=True, max_length=100, null=True, verbose_name="country"
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="country_ckb",
            field=models.CharField(
                blank=True, max_length=100, null=True, verbose_name="country"
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="country_en",
            field=models.CharField(
                blank=True, max_length=100, null=True, verbose_name="country"
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="description_ar",
            field=models.TextField(
                blank=True, null=True, verbose_name="short description"
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="description_ckb",
            field=models.TextField(
                blank=True, null=True, verbose_name="short description"
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="description_en",
            field=models.TextField(
                blank=True, null=True, verbose_name="short description"
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="name_ar",
            field=models.CharField(max_length=200, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="source",
            name="name_ckb",
            field=models.CharField(max_length=200, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="source",
            name="name_en",
            field=models.CharField(max_length=200, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="source",
            name="role_ar",
            field=models.CharField(
                blank=True,
                help_text="As the story describes them, e.g. retired brigadier general.",
                max_length=200,
                null=True,
                verbose_name="role or title",
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="role_ckb",
            field=models.CharField(
                blank=True,
                help_text="As the story describes them, e.g. retired brigadier general.",
                max_length=200,
                null=True,
                verbose_name="role or title",
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="role_en",
            field=models.CharField(
                blank=True,
                help_text="As the story describes them, e.g. retired brigadier general.",
                max_length=200,
                null=True,
                verbose_name="role or title",
            ),
        ),
        migrations.AddIndex(
            model_name="source",
            index=models.Index(
                fields=["kind", "name_en"], name="source_kind_name_idx-en"
            ),
        ),
        migrations.AddIndex(
            model_name="source",
            index=models.Index(
                fields=["kind", "name_ar"], name="source_kind_name_idx-ar"
            ),
        ),
        migrations.AddIndex(
            model_name="source",
            index=models.Index(
                fields=["kind", "name_ckb"], name="source_kind_name_idx-ckb"
            ),
        ),
        migrations.RunPython(copy_english, migrations.RunPython.noop),
    ]
