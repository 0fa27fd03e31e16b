"""The desk's permissions for the three roles.

Reporters file a complete story alone: they keep their own author profile up to
date, add the sources they interviewed (editors review them), propose figures in
their stories and upload pictures for the body. Editors also create sections.
Administrators hold every permission, the new models' included. What each may do
with one particular row is still decided in articles/permissions.py.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Reporter": {
        "articles": {"author": ["change"], "bodyimage": ["add", "view"]},
        "sources": {"source": ["add", "change"]},
        "events": {"figure": ["add", "change", "delete"]},
    },
    "Editor": {
        "articles": {
            "section": ["add", "change", "delete"],
            "bodyimage": ["add", "change", "delete", "view"],
        },
    },
}


def _permissions(apps, app_label, model, actions):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label=app_label,
        content_type__model=model,
        codename__in=[f"{action}_{model}" for action in actions],
    )


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for role, apps_models in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for app_label, models in apps_models.items():
            for model, actions in models.items():
                group.permissions.add(*_permissions(apps, app_label, model, actions))
    administrator, _ = Group.objects.get_or_create(name="Administrator")
    administrator.permissions.add(*apps.get_model("auth", "Permission").objects.all())


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role, apps_models in GRANTS.items():
        group = Group.objects.filter(name=role).first()
        if group is None:
            continue
        for app_label, models in apps_models.items():
            for model, actions in models.items():
                group.permissions.remove(
                    *_permissions(apps, app_label, model, actions)
                )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_desk_authors_body_images_autosave"),
        ("sources", "0003_source_added_by_and_review"),
        ("events", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
