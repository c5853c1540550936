"""claims.fetching: fetching a page by URL safely and extracting its article.

Every request goes to a local server started here; nothing reaches the outside.
Host names other than 127.0.0.1 and localhost are answered by a stand-in
resolver, and tests that must not connect at all fail if they try.
"""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import urllib3.util.connection

from claims import fetching
from claims.fetching import (
    FetchedPage,
    FetchLimits,
    FetchRefused,
    extract_article,
    fetch_page,
    is_forbidden_address,
)

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
LOCAL = FetchLimits(allow_private=True)
SLOW_SECONDS = 2.0
QUICK = FetchLimits(timeout=0.5, allow_private=True)
SMALL = FetchLimits(max_bytes=100_000, allow_private=True)


def page_bytes(name: str) -> bytes:
    return (PAGES / name).read_bytes()


class FixtureHandler(BaseHTTPRequestHandler):
    """Serves the fixture pages and the awkward cases a real site can produce."""

    server: FixtureServer

    def do_GET(self):
        headers = {key.lower(): value for key, value in self.headers.items()}
        self.server.seen.append({"path": self.path, **headers})
        path = urlsplit(self.path).path
        if path.startswith("/redirect/"):
            self.redirect_chain(int(path.removeprefix("/redirect/")))
        elif path in ROUTES:
            ROUTES[path](self)
        else:
            self.send_error(404)

    def reply(self, body: bytes, content_type: str | None = "text/html; charset=utf-8") -> None:
        self.send_response(200)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def redirect_chain(self, remaining: int) -> None:
        # n+1 redirects in all: relative Locations, then an absolute one at the end.
        if remaining > 0:
            self.redirect(f"/redirect/{remaining - 1}")
        else:
            self.redirect(f"http://{self.headers['Host']}/article")

    def slow_headers(self) -> None:
        time.sleep(SLOW_SECONDS)
        self.reply(page_bytes("article.html"))

    def stalls_mid_body(self) -> None:
        body = page_bytes("article.html")
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[:500])
        self.wfile.flush()
        time.sleep(SLOW_SECONDS)
        self.wfile.write(body[500:])

    def huge(self) -> None:
        # No Content-Length, so only counting while reading can stop it.
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<html><body>")
        for _ in range(50):
            self.wfile.write(b"<p>" + b"filler " * 9_000 + b"</p>")

    def huge_declared(self) -> None:
        # Announces a gigabyte but sends a few bytes: without the up-front check
        # the read would end in a broken connection, not in "too_large".
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(10**9))
        self.end_headers()
        self.wfile.write(b"<html><body><p>Start of a very long page</p>")

    def trickles(self) -> None:
        # A few bytes at a time, each well within the read timeout.
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        for _ in range(40):
            self.wfile.write(b"<p>drip</p>")
            self.wfile.flush()
            time.sleep(0.1)

    def log_message(self, format, *args):
        pass  # keep test output quiet


def windows_1252_with_meta() -> bytes:
    raw = page_bytes("article-windows-1252.html")
    return raw.replace(b"<head>", b'<head>\n  <meta charset="windows-1252">', 1)


ROUTES = {
    "/article": lambda h: h.reply(page_bytes("article.html")),
    "/article-without-content-type": lambda h: h.reply(page_bytes("article.html"), None),
    "/article-windows-1252": lambda h: h.reply(
        page_bytes("article-windows-1252.html"), "text/html; charset=windows-1252"
    ),
    "/article-labelled-latin-1": lambda h: h.reply(
        page_bytes("article-windows-1252.html"), "text/html; charset=ISO-8859-1"
    ),
    "/article-meta-charset": lambda h: h.reply(windows_1252_with_meta(), "text/html"),
    "/article-undated": lambda h: h.reply(page_bytes("article-undated.html")),
    "/boilerplate": lambda h: h.reply(page_bytes("boilerplate.html")),
    "/plain": lambda h: h.reply(b"Council meeting minutes, 14 March.", "text/plain; charset=utf-8"),
    "/image-without-content-type": lambda h: h.reply(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, None),
    "/slow": FixtureHandler.slow_headers,
    "/stalls-mid-body": FixtureHandler.stalls_mid_body,
    "/huge": FixtureHandler.huge,
    "/trickles": FixtureHandler.trickles,
    "/huge-declared": FixtureHandler.huge_declared,
    "/redirect-to-ftp": lambda h: h.redirect("ftp://127.0.0.1/article.html"),
    "/redirect-to-metadata": lambda h: h.redirect("http://169.254.169.254/latest/meta-data/"),
}


class FixtureServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), FixtureHandler)
        self.seen: list[dict[str, str]] = []

    def handle_error(self, request, client_address):
        pass  # the client hangs up on purpose in the timeout and size tests


def serve(server: ThreadingHTTPServer):
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def server():
    yield from serve(FixtureServer())


@pytest.fixture
def url(server):
    return lambda path: f"http://127.0.0.1:{server.server_port}{path}"


@pytest.fixture
def resolver(monkeypatch):
    """Answer chosen names with chosen addresses, and count the look-ups."""
    real = socket.getaddrinfo
    names: dict[str, list[str]] = {}
    lookups: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in names:
            return real(host, port, *args, **kwargs)
        lookups.append(host)
        return [entry for address in names[host] for entry in real(address, port, *args, **kwargs)]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return names, lookups


@pytest.fixture
def no_connections(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"a connection was attempted to {args[0]}")

    monkeypatch.setattr(urllib3.util.connection, "create_connection", refuse)


def refusal(url: str, limits: FetchLimits = LOCAL) -> FetchRefused:
    with pytest.raises(FetchRefused) as caught:
        extract_article(fetch_page(url, limits))
    return caught.value


def test_it_fetches_and_extracts_a_news_article(url):
    page = fetch_page(url("/article"), LOCAL)
    article = extract_article(page)

    assert page.url == url("/article")
    assert article.title == "Council delays harbour dredging vote as cost estimate doubles"
    assert article.byline == "Marta Lindqvist"
    assert article.published_on == date(2025, 3, 14)  # published, not modified (15 March)
    assert article.site_name == "The Harbour Ledger"
    assert (
        "\n\nThe harbour authority said the increase reflected new survey data showing that "
        "contaminated silt covered a wider area of the inner basin than previously thought"
    ) in article.body
    assert "“We are not going to sign a contract of this size" in article.body
    for boilerplate in ("Related stories", "cookies", "morning briefing", "All rights reserved"):
        assert boilerplate not in article.body


def test_it_sends_the_real_host_name_and_its_user_agent(server, resolver):
    names, lookups = resolver
    names["newsroom.test"] = ["127.0.0.1"]

    page = fetch_page(f"http://newsroom.test:{server.server_port}/article", LOCAL)

    assert page.url == f"http://newsroom.test:{server.server_port}/article"
    # One look-up: the connection went to the checked address, not to the name again.
    assert lookups == ["newsroom.test"]
    assert server.seen[-1]["host"] == f"newsroom.test:{server.server_port}"
    assert server.seen[-1]["user-agent"] == "ClaimDesk/1.0 (+fact-check workbench)"


def test_it_sends_an_international_host_name_in_ascii(server, resolver):
    names, _ = resolver
    names["xn--bcher-kva.test"] = ["127.0.0.1"]

    fetch_page(f"http://bücher.test:{server.server_port}/article", LOCAL)

    assert server.seen[-1]["host"] == f"xn--bcher-kva.test:{server.server_port}"


def test_it_refuses_loopback_unless_private_addresses_are_allowed(server, url):
    requests_before = len(server.seen)

    with pytest.raises(FetchRefused) as by_address:
        fetch_page(url("/article"))
    with pytest.raises(FetchRefused) as by_name:
        fetch_page(f"http://localhost:{server.server_port}/article")

    assert by_address.value.reason == "forbidden_address"
    assert str(by_address.value) == (
        "“127.0.0.1” is a private or local address; only public web pages can be fetched."
    )
    assert by_name.value.reason == "forbidden_address"
    assert "“localhost”" in str(by_name.value)
    assert len(server.seen) == requests_before


def test_it_refuses_a_name_if_any_of_its_addresses_is_private(resolver, no_connections):
    names, _ = resolver
    names["mixed.test"] = ["93.184.216.34", "10.0.0.5"]

    with pytest.raises(FetchRefused) as caught:
        fetch_page("http://mixed.test/news")

    assert caught.value.reason == "forbidden_address"
    assert "“mixed.test”" in str(caught.value)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "::1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "::ffff:127.0.0.1",
        "fe80::1",
        "fc00::1",
        "224.0.0.1",  # multicast, which ipaddress counts as global
        "2002:7f00:1::",  # 6to4 wrapping 127.0.0.1, also counted as global
        "fe80::1%eth0",
        "not an address",
    ],
)
def test_it_forbids_addresses_outside_the_public_internet(address):
    assert is_forbidden_address(address) is True


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:4700::1", "::ffff:93.184.216.34"])
def test_it_allows_public_addresses(address):
    assert is_forbidden_address(address) is False


def test_it_follows_redirects_and_reports_the_final_url(server, url):
    page = fetch_page(url("/redirect/3"), LOCAL)

    assert page.url == url("/article")
    assert extract_article(page).byline == "Marta Lindqvist"
    assert [request["path"] for request in server.seen[-5:]] == [
        "/redirect/3",
        "/redirect/2",
        "/redirect/1",
        "/redirect/0",
        "/article",
    ]


def test_it_stops_after_too_many_redirects(url):
    two_hops = FetchLimits(max_redirects=2, allow_private=True)

    assert fetch_page(url("/redirect/1"), two_hops).url == url("/article")  # 2 redirects
    with pytest.raises(FetchRefused) as caught:
        fetch_page(url("/redirect/2"), two_hops)  # 3 redirects

    assert caught.value.reason == "too_many_redirects"
    assert "more than 2 times" in str(caught.value)


def test_it_refuses_a_redirect_to_another_scheme(url):
    error = refusal(url("/redirect-to-ftp"))

    assert error.reason == "bad_url"
    assert "“ftp://127.0.0.1/article.html”" in str(error)


def test_it_checks_the_address_again_after_a_redirect(url, monkeypatch):
    # Treat the fixture server as public, so only the redirect's target is private.
    monkeypatch.setattr(
        fetching, "is_forbidden_address", lambda a: a != "127.0.0.1" and is_forbidden_address(a)
    )

    error = refusal(url("/redirect-to-metadata"), FetchLimits())

    assert error.reason == "forbidden_address"
    assert "“169.254.169.254”" in str(error)


@pytest.mark.parametrize("path", ["/slow", "/stalls-mid-body"])
def test_it_gives_up_on_a_slow_server(url, path):
    started = time.monotonic()
    error = refusal(url(path), QUICK)

    assert error.reason == "timeout"
    assert str(error) == "“127.0.0.1” did not answer within 0.5 seconds."
    assert time.monotonic() - started < SLOW_SECONDS


def test_it_reports_an_http_error_status(url):
    error = refusal(url("/no-such-story"))

    assert error.reason == "http_error"
    assert str(error) == "The server answered “404 Not Found” instead of the page."


def test_it_reports_a_server_that_refuses_connections():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]

    error = refusal(f"http://127.0.0.1:{closed_port}/article")

    assert error.reason == "connection_failed"
    assert "“127.0.0.1”" in str(error)


@pytest.mark.parametrize("path", ["/huge", "/huge-declared"])
def test_it_refuses_a_page_over_the_size_limit(url, path):
    error = refusal(url(path), SMALL)

    assert error.reason == "too_large"
    assert str(error) == "The page is larger than 0.1 MB, so it was not read."


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/plain", "The link leads to “text/plain” content, not a web page."),
        (
            "/image-without-content-type",
            "The server did not say what the content is, and it is not a web page.",
        ),
    ],
)
def test_it_refuses_content_that_is_not_html(url, path, message):
    error = refusal(url(path))

    assert error.reason == "not_html"
    assert str(error) == message


def test_it_accepts_html_sent_without_a_content_type(url):
    article = extract_article(fetch_page(url("/article-without-content-type"), LOCAL))

    assert article.title == "Council delays harbour dredging vote as cost estimate doubles"


def test_it_leaves_the_date_empty_rather_than_guess_it(url):
    # The page has no publication date, only a copyright year and a deadline in
    # the text; a guess would take one of those for the publication date.
    article = extract_article(fetch_page(url("/article-undated"), LOCAL))

    assert article.published_on is None
    assert article.byline == "Daniel Okafor"
    assert article.body.startswith("Library opening hours to be cut at three branches\n\nThree")


def test_it_refuses_a_page_without_article_text(url):
    error = refusal(url("/boilerplate"))

    assert error.reason == "nothing_extractable"
    assert str(error).startswith("No article text was found on this page")


def test_it_refuses_an_empty_page():
    with pytest.raises(FetchRefused) as caught:
        extract_article(FetchedPage(url="http://news.test/", html=""))

    assert caught.value.reason == "nothing_extractable"


@pytest.mark.parametrize(
    "path", ["/article-windows-1252", "/article-labelled-latin-1", "/article-meta-charset"]
)
def test_it_decodes_a_windows_1252_page_by_its_declared_charset(url, path, monkeypatch):
    # A declared charset decides; detection is a statistical guess, for pages that declare none.
    monkeypatch.setattr(fetching, "decode_file", lambda *args, **kwargs: pytest.fail("guessed"))

    article = extract_article(fetch_page(url(path), LOCAL))

    assert article.byline == "René Aubert"
    assert article.published_on == date(2024, 11, 2)
    assert "Single tickets on the valley’s regional bus network will cost 8% more" in article.body
    assert "called the rise “hard to justify”" in article.body


@pytest.mark.parametrize(
    "bad_url",
    [
        "",
        "example.org/news/harbour",
        "ftp://example.org/news.html",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "http:///news",
        "https://editor:secret@example.org/news",
        "http://example.org:99999/news",
    ],
)
def test_it_refuses_addresses_that_are_not_web_links(bad_url, no_connections):
    with pytest.raises(FetchRefused) as caught:
        fetch_page(bad_url)

    assert caught.value.reason == "bad_url"
    assert f"“{bad_url}”" in str(caught.value)


# TLS: a certificate for "localhost" only, made for the test run.


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "localhost.pem", folder / "localhost.key"
    request = "req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost"
    subject_names = "subjectAltName=DNS:localhost"
    subprocess.run(
        ["openssl", *request.split(), "-addext", subject_names, "-keyout", key, "-out", cert],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture(scope="module")
def tls_server(certificate):
    server = FixtureServer()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    yield from serve(server)


def test_it_verifies_the_certificate_against_the_host_name(tls_server, certificate, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))  # trust the test certificate

    page = fetch_page(f"https://localhost:{tls_server.server_port}/article", LOCAL)

    # Connected to 127.0.0.1, yet verified as "localhost": the certificate has no IP in it.
    assert extract_article(page).byline == "Marta Lindqvist"
    assert tls_server.seen[-1]["host"] == f"localhost:{tls_server.server_port}"


def test_it_refuses_a_certificate_for_another_name(tls_server, certificate, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))

    error = refusal(f"https://127.0.0.1:{tls_server.server_port}/article")

    assert error.reason == "connection_failed"
    assert "certificate could not be verified" in str(error)


def test_it_refuses_an_untrusted_certificate(tls_server):
    error = refusal(f"https://localhost:{tls_server.server_port}/article")

    assert error.reason == "connection_failed"
    assert "certificate could not be verified" in str(error)


def test_it_gives_up_on_a_server_that_trickles_past_the_total_limit(url):
    limits = FetchLimits(timeout=1.0, total_timeout=0.8, allow_private=True)
    started = time.monotonic()
    refused = refusal(url("/trickles"), limits)
    assert refused.reason == "timeout"
    assert "longer than 0.8 seconds" in str(refused)
    assert time.monotonic() - started < 2.5  # not the 4 s the server would take
