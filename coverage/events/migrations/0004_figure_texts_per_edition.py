"""A column per edition for what a figure counts and its unit (django-modeltranslation,
see events/translation.py); the English column starts as a copy of the existing
value, so nothing reads differently until an editor adds a translation.
"""

from django.db import migrations, models


def copy_english(apps, schema_editor):
    Figure = apps.get_model("events", "Figure")
    Figure.objects.update(counts_en=models.F("counts"), unit_en=models.F("unit"))


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0003_vocabularies_per_edition'),
    ]

    operations = [
        migrations.AddField(
            model_name='figure',
            name='counts_ar',
            field=models.CharField(help_text='e.g. foreign ISIS fighters held at al-Ghwayran prison.', max_length=300, null=True, verbose_name='what it counts'),
        ),
        migrations.AddField(
            model_name='figure',
            name='counts_ckb',
            field=models.CharField(help_text='e.g. foreign ISIS fighters held at al-Ghwayran prison.', max_length=300, null=True, verbose_name='what it counts'),
        ),
        migrations.AddField(
            model_name='figure',
            name='counts_en',
            field=models.CharField(help_text='e.g. foreign ISIS fighters held at al-Ghwayran prison.', max_length=300, null=True, verbose_name='what it counts'),
        ),
        migrations.AddField(
            model_name='figure',
            name='unit_ar',
            field=models.CharField(blank=True, help_text='e.g. km, people, detainees.', max_length=50, null=True, verbose_name='unit'),
        ),
        migrations.AddField(
            model_name='figure',
            name='unit_ckb',
            field=models.CharField(blank=True, help_text='e.g. km, people, detainees.', max_length=50, null=True, verbose_name='unit'),
        ),
        migrations.AddField(
            model_name='figure',
            name='unit_en',
            field=models.CharField(blank=True, help_text='e.g. km, people, detainees.', max_length=50, null=True, verbose_name='unit'),
        ),
        migrations.RunPython(copy_english, migrations.RunPython.noop),
    ]
