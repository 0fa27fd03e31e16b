"""The page cache's counter moves from CoverageVersion's one row to CacheTag's ""
row (readers/cache.py), beside one row per part of the coverage a page shows. The
count is carried over both ways, so a version never goes backwards."""

from django.db import migrations, models


def move_the_counter(apps, schema_editor):
    number = (
        apps.get_model("articles", "CoverageVersion")
        .objects.values_list("number", flat=True)
        .first()
    )
    apps.get_model("articles", "CacheTag").objects.update_or_create(
        name="", defaults={"version": number or 0}
    )


def move_the_counter_back(apps, schema_editor):
    version = (
        apps.get_model("articles", "CacheTag")
        .objects.filter(name="")
        .values_list("version", flat=True)
        .first()
    )
    apps.get_model("articles", "CoverageVersion").objects.update_or_create(
        pk=1, defaults={"number": version or 0}
    )


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0020_index_public_corrections'),
    ]

    operations = [
        migrations.CreateModel(
            name='CacheTag',
            fields=[
                ('name', models.CharField(max_length=120, primary_key=True, serialize=False, verbose_name='name')),
                ('version', models.PositiveBigIntegerField(db_index=True, default=0, verbose_name='coverage version')),
            ],
            options={
                'verbose_name': 'cache tag',
                'verbose_name_plural': 'cache tags',
            },
        ),
        migrations.RunPython(move_the_counter, move_the_counter_back),
        migrations.DeleteModel(name='CoverageVersion'),
    ]
