"""Production serves static files itself and keeps private files in a shared storage."""

import json

from tests.factcheck.test_settings import PRODUCTION, manage


def settings_of(code: str, **env: str) -> dict:
    """Run ``code`` (which prints one JSON line) in a process with these settings."""
    result = manage("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


STORAGE_REPORT = (
    "import json; from django.conf import settings; "
    "from django.core.files.storage import storages; "
    "print(json.dumps({'middleware': settings.MIDDLEWARE[:2], "
    "'backends': {a: c['BACKEND'] for a, c in settings.STORAGES.items()}, "
    "'default': type(storages['default']).__name__, "
    "'bucket': getattr(storages['default'], 'bucket_name', None), "
    "'endpoint': getattr(storages['default'], 'endpoint_url', None)}))"
)


def test_production_serves_hashed_static_files_through_whitenoise():
    config = settings_of(STORAGE_REPORT, **PRODUCTION)
    assert config["middleware"] == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]
    assert config["backends"] == {
        "default": "django.core.files.storage.FileSystemStorage",
        "exports": "django.core.files.storage.FileSystemStorage",
        "staticfiles": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    }


def test_development_needs_no_collectstatic():
    config = settings_of(STORAGE_REPORT, DJANGO_DEBUG="1")
    assert config["backends"]["staticfiles"] == (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )


def test_private_files_can_live_in_an_s3_compatible_bucket():
    config = settings_of(
        STORAGE_REPORT,
        **PRODUCTION,
        DJANGO_STORAGE="s3",
        DJANGO_S3_BUCKET="desk-files",
        DJANGO_S3_ENDPOINT_URL="https://objects.example.org",
    )
    assert config["backends"]["default"] == "storages.backends.s3.S3Storage"
    assert config["backends"]["exports"] == "storages.backends.s3.S3Storage"
    assert (config["default"], config["bucket"]) == ("S3Storage", "desk-files")
    assert config["endpoint"] == "https://objects.example.org"


def test_an_s3_storage_without_a_bucket_fails_loudly():
    result = manage("check", DJANGO_DEBUG="1", DJANGO_STORAGE="s3")
    assert result.returncode != 0
    assert "Set the environment variable DJANGO_S3_BUCKET" in result.stderr


def test_an_unknown_storage_fails_loudly():
    result = manage("check", DJANGO_DEBUG="1", DJANGO_STORAGE="ftp")
    assert result.returncode != 0
    assert "DJANGO_STORAGE='ftp' is not one of: filesystem, s3." in result.stderr


def test_collectstatic_then_the_manifest_serves_hashed_compressed_files(tmp_path):
    env = {
        **PRODUCTION,
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_STATIC_ROOT": str(tmp_path),
    }
    # Compressing every file twice (gzip, Brotli) takes a while on a busy machine.
    collected = manage("collectstatic", "--no-input", timeout=300, **env)
    assert collected.returncode == 0, collected.stderr
    # What the desk serves is there; what it never serves is not compressed for nothing.
    sidecar = tmp_path / "drf_spectacular_sidecar"
    assert (sidecar / "swagger-ui-dist" / "swagger-ui-bundle.js").is_file()
    assert not list(tmp_path.rglob("*.js.map"))
    assert not (sidecar / "redoc").exists() and not (tmp_path / "rest_framework").exists()
    code = (
        "import json; from django.templatetags.static import static; "
        "from django.test import Client; url = static('css/app.css'); "
        "r = Client().get(url, secure=True, HTTP_ACCEPT_ENCODING='gzip'); "
        "print(json.dumps({'url': url, 'status': r.status_code, "
        "'cache': r.get('Cache-Control'), 'encoding': r.get('Content-Encoding')}))"
    )
    served = settings_of(code, **env)
    assert served["url"].startswith("/static/css/app.") and served["url"] != "/static/css/app.css"
    assert (tmp_path / served["url"].removeprefix("/static/")).is_file()
    assert (served["status"], served["encoding"]) == (200, "gzip")
    assert "immutable" in served["cache"]
