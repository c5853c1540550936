"""What WeasyPrint may load while printing a report: the app's static files and data: URLs.

A report shows text people typed and articles fetched from elsewhere; should
any of it ever reach the HTML as markup, the PDF renderer must still not
become a way to make the server fetch a URL or read a file.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from weasyprint.urls import URLFetcher, URLFetcherResponse


class RefusedResource(ValueError):
    """A URL the report may not load; WeasyPrint logs it and leaves the resource out."""


class StaticFilesOnly(URLFetcher):
    """Serves ``{STATIC_URL}...`` on the report's own origin from the static folders."""

    def __init__(self, base_url: str) -> None:
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)
        self.origin = _origin(base_url)

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = self.static_file(url)
        if path is None:
            raise RefusedResource(f"Reports may load only the app's static files, not {url}")
        return super().fetch(path.as_uri(), headers)

    def static_file(self, url: str) -> Path | None:
        parts = urlsplit(url)
        prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        if _origin(url) != self.origin or not parts.path.startswith(prefix):
            return None
        name = unquote(parts.path.removeprefix(prefix))
        try:
            found = finders.find(name) or _collected(name)
        except SuspiciousFileOperation:  # ../ out of the static folders
            return None
        return Path(found).resolve() if isinstance(found, str) else None


def _collected(name: str) -> str | None:
    """A file `collectstatic` wrote to STATIC_ROOT: in production {% static %}
    gives the manifest's hashed names, which exist only there."""
    return staticfiles_storage.path(name) if staticfiles_storage.exists(name) else None


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()
