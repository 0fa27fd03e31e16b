"""The newsroom's three roles, as groups with their model permissions.

Every fresh database gets them. What each role may do with one particular story
(own drafts only, nothing published, ...) is decided in articles/permissions.py;
these permissions are the coarse layer the admin and the API build on. Staff
accounts also need "staff status" to sign in to the admin.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW = ["view"]
ALL = ["add", "change", "delete", "view"]

ROLES = {
    "Reporter": {
        "articles": {
            "article": ALL,
            "byline": ALL,
            "section": VIEW,
            "topic": VIEW,
            "author": VIEW,
            "correction": VIEW,
            "statuschange": VIEW,
        },
        "sources": {"source": VIEW, "quote": ALL},
        "events": {"place": VIEW, "event": VIEW, "figure": VIEW},
    },
    "Editor": {
        "articles": {
            "article": [*ALL, "publish", "edit_any"],
            "byline": ALL,
            "section": VIEW,
            "topic": ALL,
            "author": ALL,
            "correction": ["add", "view"],
            "statuschange": VIEW,
            "slughistory": VIEW,
            "articlechange": VIEW,
        },
        "sources": {"source": ALL, "quote": ALL},
        "events": {"place": ALL, "event": ALL, "figure": ALL},
    },
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make them now so
    # the groups can hold them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, apps_models in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        for app_label, models in apps_models.items():
            for model, actions in models.items():
                codenames = [f"{action}_{model}" for action in actions]
                group.permissions.add(
                    *Permission.objects.filter(
                        content_type__app_label=app_label,
                        content_type__model=model,
                        codename__in=codenames,
                    )
                )
    # Administrators may do everything, accounts included.
    administrator, _ = Group.objects.get_or_create(name="Administrator")
    administrator.permissions.add(*Permission.objects.all())


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Reporter", "Editor", "Administrator"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_search_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sources", "0001_initial"),
        ("events", "0001_initial"),
        ("partners", "0001_initial"),  # API keys: administrators manage them
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="article",
            options={
                "ordering": ["-publish_at", "-pk"],
                "permissions": [
                    ("publish_article", "Can publish, schedule and unpublish stories"),
                    ("edit_any_article", "Can edit any story, including published ones"),
                ],
                "verbose_name": "article",
                "verbose_name_plural": "articles",
            },
        ),
        migrations.RunPython(create_roles, remove_roles),
    ]
