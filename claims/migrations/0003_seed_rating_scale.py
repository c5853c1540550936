"""Seed the verdict scale: 1 (False) to 5 (True), plus two verdicts off the scale."""

from django.db import migrations

RATINGS = [
    ("False", "false", 1, "The claim is inaccurate."),
    (
        "Mostly false",
        "mostly-false",
        2,
        "The claim has an element of truth but ignores facts that would change the impression.",
    ),
    (
        "Half true",
        "half-true",
        3,
        "The claim is partially accurate but leaves out important details.",
    ),
    (
        "Mostly true",
        "mostly-true",
        4,
        "The claim is accurate but needs clarification or additional information.",
    ),
    ("True", "true", 5, "The claim is accurate and nothing significant is missing."),
    (
        "Unverifiable",
        "unverifiable",
        None,
        "The available evidence can neither confirm nor refute the claim.",
    ),
    (
        "Misleading",
        "misleading",
        None,
        "The claim's facts may be accurate but the impression it gives is not.",
    ),
]


def seed(apps, schema_editor) -> None:
    Rating = apps.get_model("claims", "Rating")
    for name, slug, value, description in RATINGS:
        Rating.objects.update_or_create(
            slug=slug, defaults={"name": name, "value": value, "description": description}
        )


def unseed(apps, schema_editor) -> None:
    Rating = apps.get_model("claims", "Rating")
    Rating.objects.filter(slug__in=[slug for _, slug, _, _ in RATINGS], claims=None).delete()


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_timeline_append_only_trigger")]

    operations = [migrations.RunPython(seed, unseed)]
