"""Live coverage for the roles: editors run it; reporters post to their live stories.

What a reporter may do with one story (only those they are bylined on) is decided
in articles/permissions.py; these are the coarse model permissions under it.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Reporter": {
        "livecoverage": ["view"],
        "liveupdate": ["add", "change", "view"],
    },
    "Editor": {
        "livecoverage": ["add", "change", "view"],
        "liveupdate": ["add", "change", "delete", "view"],
    },
    "Administrator": {
        "livecoverage": ["add", "change", "delete", "view"],
        "liveupdate": ["add", "change", "delete", "view"],
    },
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, models in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        for model, actions in models.items():
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="articles",
                    content_type__model=model,
                    codename__in=[f"{action}_{model}" for action in actions],
                )
            )


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_live_coverage")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
