"""manage.py import_articles and the plain-text format behind it."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from claims.models import Article, Outlet, normalize_body
from claims.services.imports import parse_article_file
from tests.conftest import ARTICLE_FILE, SHARED_DATA


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_articles", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_imports_the_sample_article_with_its_date(db, demo_claims):
    out, _ = run(str(ARTICLE_FILE), "--outlet", "Sample outlet")
    article = Article.objects.get()
    assert f"imported as article #{article.pk}" in out
    assert article.published_on == date(2025, 5, 24)
    assert article.outlet == Outlet.objects.get(name="Sample outlet")
    assert article.body.startswith("Efforts to resume negotiations")
    assert article.title.startswith("Efforts to resume negotiations")
    # The hand-made breakdown's offsets point into the stored body.
    for claim in demo_claims:
        start, end = claim["content_span"]
        assert article.body[start:end] == claim["content"]


@pytest.mark.skipif(not SHARED_DATA.exists(), reason="../shared is not beside this clone")
def test_the_project_copy_matches_the_shared_article():
    shared = (SHARED_DATA / ARTICLE_FILE.name).read_bytes()
    assert parse_article_file(shared) == parse_article_file(ARTICLE_FILE.read_bytes())


def test_importing_the_same_text_twice_does_not_duplicate_it(db, tmp_path):
    copy = tmp_path / "copy.txt"
    # Same words, other line endings and surrounding whitespace.
    copy.write_bytes(b"\n\r\n" + ARTICLE_FILE.read_bytes().replace(b"\n", b"\r\n") + b"  \n")
    run(str(ARTICLE_FILE))
    out, _ = run(str(copy))
    assert Article.objects.count() == 1
    assert "already imported as article" in out


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "the file is empty"),
        (b"  \n\t\n", "the file is empty"),
        (b"\xef\xbb\xbf\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "the file is binary"),
        (b"Caf\xe9 owners said prices rose.", "not UTF-8 (invalid byte at position 3)"),
        (b"date 2025-13-40 Body text", "bad date “2025-13-40” in the header (no such day)"),
        (b"date 24/05/2025 Body text", "bad date “24/05/2025” in the header (expected YYYY-MM-DD)"),
        (b"date 2025-05-24   \n", "has a date header but no article text"),
    ],
)
def test_it_refuses_a_bad_file_naming_it_and_the_reason(db, tmp_path, content, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    with pytest.raises(CommandError, match="1 of 2 file"):
        out, err = StringIO(), StringIO()
        try:
            call_command("import_articles", str(bad), str(ARTICLE_FILE), stdout=out, stderr=err)
        finally:
            assert f"{bad}: refused: " in err.getvalue()
            assert reason in err.getvalue()
    # The good file in the same run still imports; the bad one left nothing.
    assert Article.objects.count() == 1


def test_it_names_a_missing_file(db, tmp_path):
    missing = tmp_path / "missing.txt"
    with pytest.raises(CommandError):
        err = StringIO()
        try:
            call_command("import_articles", str(missing), stderr=err, stdout=StringIO())
        finally:
            assert f"{missing}: refused: the file cannot be read" in err.getvalue()
    assert not Article.objects.exists()


def test_a_body_that_starts_with_the_word_date_is_not_a_header():
    parsed = parse_article_file(b"Date palms in Sindh yielded less this year.")
    assert parsed.published_on is None
    assert parsed.body == "Date palms in Sindh yielded less this year."


def test_a_utf8_bom_is_not_part_of_the_body():
    parsed = parse_article_file("\ufeffdate 2025-05-24 Text".encode())
    assert (parsed.published_on, parsed.body) == (date(2025, 5, 24), "Text")


def test_normalisation_is_line_endings_whitespace_and_nfc():
    assert normalize_body("  cafe\u0301\r\nline\rend \n") == "caf\u00e9\nline\nend"


def test_article_urls_are_unique_and_http(editor, viewer):
    from claims import services

    services.article_create(body="First text.", url="https://example.org/a", by=editor)
    with pytest.raises(services.ClaimDeskError, match="already imported from"):
        services.article_create(body="Other text.", url="https://example.org/a", by=editor)
    with pytest.raises(services.ClaimDeskError, match="not an http"):
        services.article_create(body="Other text.", url="javascript:alert(1)", by=editor)
    assert Article.objects.count() == 1


def test_a_viewer_cannot_add_articles(viewer):
    from django.core.exceptions import PermissionDenied

    from claims import services

    with pytest.raises(PermissionDenied):
        services.article_create(body="Text.", by=viewer)
    assert not Article.objects.exists()
