"""Create the "Source vault" group with its one permission, vault.open_vault.

No role (Viewers, Editors, Reviewers) gets it: an administrator adds the
few people who may know who anonymous sources are to this group.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Source vault"


def create_vault_group(apps, schema_editor) -> None:
    # Permissions are normally created after all migrations have run; the
    # group needs its one now.
    vault = apps.get_app_config("vault")
    vault.models_module = True
    create_permissions(vault, apps=apps, verbosity=0)
    vault.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="vault", codename="open_vault")
    )


def remove_vault_group(apps, schema_editor) -> None:
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("vault", "0001_vault_records_and_access_log"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_vault_group, remove_vault_group)]
