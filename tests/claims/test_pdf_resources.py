"""What the PDF renderer may load: the app's static files and data: URLs, nothing else."""

import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pypdf import PdfReader

from claims import reports
from claims.pdf_resources import RefusedResource, StaticFilesOnly

ROOT = Path(__file__).resolve().parents[2]
PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4"
    "2mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


@pytest.fixture
def requests_seen() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that answers everything and notes each path asked for."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red; }")

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", seen
    server.shutdown()
    server.server_close()


def test_a_report_cannot_make_the_renderer_fetch_a_url(monkeypatch, rf, requests_seen):
    url, seen = requests_seen
    html = f"""<html><head><link rel="stylesheet" href="/static/css/report.css">
      <link rel="stylesheet" href="{url}/evil.css"></head>
      <body><p class="newsroom">Desk</p><img src="{url}/x.png"><img src="{url}/y.svg">
      <img src="file:///etc/hostname"><img src="{PIXEL}"><p>Verdicts</p></body></html>"""
    monkeypatch.setattr(reports, "render_to_string", lambda *args, **kwargs: html)
    pdf = reports.render_pdf("any.html", {}, rf.get("/"))
    assert seen == []
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    # The footer comes from the static stylesheet: it was read and applied.
    assert "Page 1 of 1" in text
    assert "Verdicts" in text


@pytest.fixture
def fetcher() -> StaticFilesOnly:
    return StaticFilesOnly("http://testserver/")


def test_it_reads_a_static_file_from_the_static_folder(fetcher):
    response = fetcher.fetch("http://testserver/static/css/report.css")
    try:
        assert response.read() == (ROOT / "static" / "css" / "report.css").read_bytes()
    finally:
        response.close()


def test_it_reads_a_hashed_name_collectstatic_wrote(fetcher, settings, tmp_path):
    # Production's manifest storage turns {% static %} into hashed names,
    # which exist only in STATIC_ROOT.
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "report.0123abcd.css").write_bytes(b"h1 { color: navy; }")
    response = fetcher.fetch("http://testserver/static/css/report.0123abcd.css")
    try:
        assert response.read() == b"h1 { color: navy; }"
    finally:
        response.close()
    with pytest.raises(RefusedResource):
        fetcher.fetch("http://testserver/static/%2e%2e/outside.css")


def test_it_reads_a_data_url(fetcher):
    response = fetcher.fetch(PIXEL)
    try:
        assert response.read().startswith(b"\x89PNG")
    finally:
        response.close()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:1/x.png",
        "https://example.org/static/css/report.css",  # another origin, same path
        "http://testserver/media/evidence/log.txt",
        "http://testserver/static/css/missing.css",
        "http://testserver/static/%2e%2e/factcheck/settings.py",
        "file:///etc/hostname",
        f"file://{ROOT}/static/css/report.css",
        "ftp://testserver/static/css/report.css",
    ],
)
def test_it_refuses_everything_else(fetcher, url):
    with pytest.raises(RefusedResource):
        fetcher.fetch(url)
