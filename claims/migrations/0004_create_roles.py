"""Create the three roles as groups with their permissions.

Viewers read everything. Editors also create and research: articles, claims,
attributions, evidence, sources, and moving claims through research to
review. Reviewers (senior editors) can do all an editor can, and alone may
publish, send back and reopen.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["outlet", "article", "source", "claim", "attribution", "evidence", "rating", "claimevent"]
VIEW = [f"view_{model}" for model in MODELS]
EDIT = [
    "add_outlet",
    "change_outlet",
    "add_article",
    "change_article",
    "add_source",
    "change_source",
    "add_claim",
    "change_claim",
    "add_attribution",
    "change_attribution",
    "delete_attribution",
    "add_evidence",
    "research_claim",
]
REVIEW = ["publish_claim", "review_claim"]

ROLES = {
    "Viewers": VIEW,
    "Editors": VIEW + EDIT,
    "Reviewers": VIEW + EDIT + REVIEW,
}


def create_roles(apps, schema_editor) -> None:
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
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)
        )


def remove_roles(apps, schema_editor) -> None:
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0003_seed_rating_scale"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
