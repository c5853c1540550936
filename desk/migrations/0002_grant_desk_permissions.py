"""Give the roles their desk permissions.

Editors and reviewers comment (and edit their own comments: the service
checks authorship); reviewers may also delete anyone's comment. Viewers read
the discussion. Notifications and email choices are personal: the inbox
shows only one's own, and needs no permission beyond reading claims.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

VIEW = ["view_comment"]
COMMENT = ["add_comment", "change_comment"]
MODERATE = ["delete_comment"]

ROLES = {
    "Viewers": VIEW,
    "Editors": VIEW + COMMENT,
    "Reviewers": VIEW + COMMENT + MODERATE,
}


def grant_desk_permissions(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    # Permissions are normally created after all migrations have run; the
    # groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="desk", codename__in=codenames)
        )


def revoke_desk_permissions(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="desk"))


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0001_desk_teamwork"),
        ("claims", "0004_create_roles"),
    ]

    operations = [migrations.RunPython(grant_desk_permissions, revoke_desk_permissions)]
