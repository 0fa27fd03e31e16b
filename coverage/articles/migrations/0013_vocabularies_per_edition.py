"""A column per edition for the translated fields (django-modeltranslation, see
articles/translation.py); the English column starts as a copy of the existing value,
so nothing reads differently until an editor adds a translation.
"""

from django.db import migrations, models


TRANSLATED = {
    "Section": ["name", "description"],
    "Topic": ["name", "aliases", "description"],
}


def copy_english(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("articles", model_name)
        model.objects.update(**{f"{field}_en": models.F(field) for field in fields})


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_search_folds_sorani_and_persian_letters"),
    ]

    operations = [
        migrations.AddField(
            model_name="section",
            name="description_ar",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="section",
            name="description_ckb",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="section",
            name="description_en",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="section",
            name="name_ar",
            field=models.CharField(max_length=100, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="section",
            name="name_ckb",
            field=models.CharField(max_length=100, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="section",
            name="name_en",
            field=models.CharField(max_length=100, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="topic",
            name="aliases_ar",
            field=models.TextField(
                blank=True,
                help_text="Other names for the same topic, one per line (e.g. IS, Daesh).",
                null=True,
                verbose_name="aliases",
            ),
        ),
        migrations.AddField(
            model_name="topic",
            name="aliases_ckb",
            field=models.TextField(
                blank=True,
                help_text="Other names for the same topic, one per line (e.g. IS, Daesh).",
                null=True,
                verbose_name="aliases",
            ),
        ),
        migrations.AddField(
            model_name="topic",
            name="aliases_en",
            field=models.TextField(
                blank=True,
                help_text="Other names for the same topic, one per line (e.g. IS, Daesh).",
                null=True,
                verbose_name="aliases",
            ),
        ),
        migrations.AddField(
            model_name="topic",
            name="description_ar",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="topic",
            name="description_ckb",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="topic",
            name="description_en",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="topic",
            name="name_ar",
            field=models.CharField(
                max_length=120, null=True, unique=True, verbose_name="name"
            ),
        ),
        migrations.AddField(
            model_name="topic",
            name="name_ckb",
            field=models.CharField(
                max_length=120, null=True, unique=True, verbose_name="name"
            ),
        ),
        migrations.AddField(
            model_name="topic",
            name="name_en",
            field=models.CharField(
                max_length=120, null=True, unique=True, verbose_name="name"
            ),
        ),
        migrations.RunPython(copy_english, migrations.RunPython.noop),
    ]
