"""Getting an article in from the browser: pasted text and uploaded files."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Article, Outlet
from tests.conftest import ARTICLE_FILE


def test_a_pasted_article_is_normalised_and_stored(client, editor):
    client.force_login(editor)
    data = {
        "title": "Talks resume",
        "outlet": "Dawn",
        "url": "https://example.org/talks",
        "byline": "A. Reporter",
        "published_on": "2025-05-24",
        "body": "  Talks resumed on Monday.\r\n\r\nBoth sides said so.  ",
    }
    response = client.post(reverse("claims:article_paste"), data)
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    assert article.body == "Talks resumed on Monday.\n\nBoth sides said so."
    assert (article.title, article.outlet, article.created_by) == (
        "Talks resume",
        Outlet.objects.get(name="Dawn"),
        editor,
    )


def test_pasting_the_same_text_again_opens_the_first_article(client, editor):
    client.force_login(editor)
    data = {"body": "Talks resumed on Monday."}
    client.post(reverse("claims:article_paste"), data)
    response = client.post(reverse("claims:article_paste"), data, follow=True)
    assert Article.objects.count() == 1
    assert "already imported" in response.content.decode()


def test_an_empty_paste_or_a_bad_url_changes_nothing(client, editor):
    client.force_login(editor)
    response = client.post(reverse("claims:article_paste"), {"body": "   "})
    assert response.status_code == 400
    response = client.post(
        reverse("claims:article_paste"), {"body": "Text.", "url": "javascript:alert(1)"}
    )
    assert response.status_code == 400
    assert not Article.objects.exists()


def test_an_uploaded_file_in_the_import_format(client, editor, demo_claims):
    client.force_login(editor)
    upload = SimpleUploadedFile(ARTICLE_FILE.name, ARTICLE_FILE.read_bytes())
    client.post(reverse("claims:article_upload"), {"file": upload, "title": "", "outlet": ""})
    article = Article.objects.get()
    assert str(article.published_on) == "2025-05-24"
    start, end = demo_claims[0]["content_span"]
    assert article.body[start:end] == demo_claims[0]["content"]


def test_a_bad_upload_is_refused_by_name_and_reason(client, editor):
    client.force_login(editor)
    upload = SimpleUploadedFile("scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00")
    response = client.post(reverse("claims:article_upload"), {"file": upload})
    assert response.status_code == 400
    assert "“scan.txt” was refused: the file is binary, not text." in response.content.decode()
    assert not Article.objects.exists()


def test_the_new_article_page_shows_all_three_ways(client, editor):
    client.force_login(editor)
    html = client.get(reverse("claims:article_new")).content.decode()
    for heading in ("Paste", "Upload a text file", "From a URL"):
        assert heading in html
