"""Each existing article's text becomes its first revision (imported, by whoever
imported the article, when they did)."""

from django.db import migrations
from django.db.models import Exists, OuterRef

BATCH = 500


def make_first_revisions(apps, schema_editor) -> None:
    Article = apps.get_model("claims", "Article")
    ArticleRevision = apps.get_model("claims", "ArticleRevision")
    articles = Article.objects.exclude(
        Exists(ArticleRevision.objects.filter(article=OuterRef("pk")))
    ).order_by("pk")
    batch = []
    for article in articles.iterator(chunk_size=BATCH):
        batch.append(
            ArticleRevision(
                article_id=article.pk,
                number=1,
                body=article.body,
                body_hash=article.body_hash,
                source="import",
                created_by_id=article.created_by_id,
                created_at=article.created_at,
            )
        )
        if len(batch) == BATCH:
            ArticleRevision.objects.bulk_create(batch)
            batch = []
    ArticleRevision.objects.bulk_create(batch)


def remove_first_revisions(apps, schema_editor) -> None:
    """Undo: the first revisions of articles never revised since (a revised article's
    history is not thrown away by a migration)."""
    ArticleRevision = apps.get_model("claims", "ArticleRevision")
    later = ArticleRevision.objects.filter(article=OuterRef("article"), number__gt=1)
    ArticleRevision.objects.filter(number=1).exclude(Exists(later)).delete()


class Migration(migrations.Migration):
    dependencies = [("claims", "0023_article_revisions_and_claim_anchors")]

    operations = [migrations.RunPython(make_first_revisions, remove_first_revisions)]
