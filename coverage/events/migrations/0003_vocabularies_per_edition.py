"""A column per edition for the translated fields (django-modeltranslation, see
events/translation.py); the English column starts as a copy of the existing value,
so nothing reads differently until an editor adds a translation.
"""

from django.db import migrations, models


TRANSLATED = {
    "Place": ["name", "aliases", "description"],
    "Event": ["title", "summary"],
}


def copy_english(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("events", model_name)
        model.objects.update(**{f"{field}_en": models.F(field) for field in fields})


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_field_labels_translatable"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="summary_ar",
            field=models.TextField(blank=True, null=True, verbose_name="summary"),
        ),
        migrations.AddField(
            model_name="event",
            name="summary_ckb",
            field=models.TextField(blank=True, null=True, verbose_name="summary"),
        ),
        migrations.AddField(
            model_name="event",
            name="summary_en",
            field=models.TextField(blank=True, null=True, verbose_name="summary"),
        ),
        migrations.AddField(
            model_name="event",
            name="title_ar",
            field=models.CharField(max_length=200, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="event",
            name="title_ckb",
            field=models.CharField(max_length=200, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="event",
            name="title_en",
            field=models.CharField(max_length=200, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="place",
            name="aliases_ar",
            field=models.TextField(
                blank=True,
                help_text="Other spellings and scripts, one per line (e.g. Al-Asad, عين الأسد).",
                null=True,
                verbose_name="aliases",
            ),
        ),
        migrations.AddField(
            model_name="place",
            name="aliases_ckb",
            field=models.TextField(
                blank=True,
                help_text="Other spellings and scripts, one per line (e.g. Al-Asad, عين الأسد).",
                null=True,
                verbose_name="aliases",
            ),
        ),
        migrations.AddField(
            model_name="place",
            name="aliases_en",
            field=models.TextField(
                blank=True,
                help_text="Other spellings and scripts, one per line (e.g. Al-Asad, عين الأسد).",
                null=True,
                verbose_name="aliases",
            ),
        ),
        migrations.AddField(
            model_name="place",
            name="description_ar",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="place",
            name="description_ckb",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="place",
            name="description_en",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="place",
            name="name_ar",
            field=models.CharField(max_length=200, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="place",
            name="name_ckb",
            field=models.CharField(max_length=200, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="place",
            name="name_en",
            field=models.CharField(max_length=200, null=True, verbose_name="name"),
        ),
        migrations.AddIndex(
            model_name="place",
            index=models.Index(
                fields=["kind", "name_en"], name="place_kind_name_idx-en"
            ),
        ),
        migrations.AddIndex(
            model_name="place",
            index=models.Index(
                fields=["kind", "name_ar"], name="place_kind_name_idx-ar"
            ),
        ),
        migrations.AddIndex(
            model_name="place",
            index=models.Index(
                fields=["kind", "name_ckb"], name="place_kind_name_idx-ckb"
            ),
        ),
        migrations.RunPython(copy_english, migrations.RunPython.noop),
    ]
