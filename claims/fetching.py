"""Fetching a news page by URL and extracting its article text, safely.

An editor pastes a link and the server fetches it, which makes the server a
proxy that anyone with an account can point anywhere: at the cloud metadata
service, at the database, at an admin page on the office network. So every hop
is checked before anything is sent: http(s) only, public addresses only (unless
the limits allow private ones), a bounded number of redirects, bounded time and
size, and HTML only. Everything that goes wrong is a ``FetchRefused`` whose
``reason`` code a caller can branch on and whose text an editor can read.

Plain Python on purpose (no Django, no models), so a view, a task or a shell can
use it alike.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from email.message import Message
from urllib.parse import urljoin, urlsplit, urlunsplit

import trafilatura
from trafilatura.settings import Document, set_date_params
from trafilatura.utils import decode_file
from urllib3 import BaseHTTPResponse, HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (
    HTTPError,
    LocationParseError,
    NewConnectionError,
    SSLError,
)
from urllib3.exceptions import TimeoutError as Urllib3Timeout
from urllib3.util import Timeout, parse_url

USER_AGENT = "ClaimDesk/1.0 (+fact-check workbench)"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
DEFAULT_PORTS = {"http": 80, "https": 443}
CHUNK_BYTES = 64 * 1024
# How much of a body is looked at for "<html" (no Content-Type) or <meta charset>.
SNIFF_BYTES = 2048
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_.:-]+)""", re.IGNORECASE)
# Browsers decode these labels as windows-1252 (WHATWG Encoding Standard), and the
# pages that send them rely on it: "iso-8859-1" pages routinely hold curly quotes
# at 0x91–0x94, which Python's latin-1 would turn into control characters.
WINDOWS_1252_LABELS = frozenset(
    {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii"}
)
# trafilatura returns the menu text of a page without an article (a JavaScript
# shell, a section front) rather than nothing, so a page counts as an article only
# with this much prose, counted in paragraphs long enough to be sentences.
MIN_ARTICLE_WORDS = 30
MIN_SENTENCE_WORDS = 8


class FetchRefused(Exception):
    """The page could not be fetched or used.

    ``.reason`` is a stable code for callers, ``str()`` a sentence for an editor.
    Reasons: bad_url, forbidden_address, timeout, connection_failed, http_error,
    too_many_redirects, too_large, not_html, nothing_extractable.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class FetchLimits:
    max_bytes: int = 5_000_000
    timeout: float = 15.0  # seconds, connect and read each
    # The whole fetch, redirects included: a server that trickles bytes just
    # faster than ``timeout`` must not hold a worker for hours.
    total_timeout: float = 60.0
    max_redirects: int = 5
    allow_private: bool = False  # tests and the demo allow loopback for their local fixture server


@dataclass(frozen=True)
class FetchedPage:
    url: str  # the final URL after redirects
    html: str


@dataclass(frozen=True)
class ExtractedArticle:
    title: str
    body: str  # plain text, paragraphs separated by a blank line
    byline: str  # author(s) or ""
    published_on: date | None
    site_name: str  # or ""


@dataclass(frozen=True)
class Target:
    """One URL taken apart for a request; host is bare (no IPv6 brackets) and ASCII.
    (Webhook deliveries, api.webhook_http, post to the same kind of target.)"""

    url: str
    scheme: str
    host: str
    port: int
    request_uri: str

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"


def fetch_page(url: str, limits: FetchLimits = FetchLimits()) -> FetchedPage:
    """GET an HTML page, following redirects by hand so that every hop is checked."""
    deadline = time.monotonic() + limits.total_timeout
    for _hop in range(limits.max_redirects + 1):
        _check_deadline(deadline, limits)
        outcome = _fetch_one(_parse_target(url), limits, deadline)
        if isinstance(outcome, FetchedPage):
            return outcome
        url = outcome
    raise FetchRefused(
        "too_many_redirects",
        f"The link redirected more than {limits.max_redirects} times, so it was not followed.",
    )


def extract_article(page: FetchedPage) -> ExtractedArticle:
    """The article's text and metadata, or FetchRefused("nothing_extractable")."""
    document = trafilatura.bare_extraction(
        page.html,
        url=page.url,
        with_metadata=True,
        include_comments=False,  # readers' comments are not what the outlet published
        # No extensive search: it guesses a date from a copyright line ("© 2025"
        # becomes 1 January 2025) or from any date in the text, such as a meeting
        # the article announces. No date is better than a wrong one in a fact-check.
        # Built per call because it caps dates at today.
        date_extraction_params=set_date_params(extensive=False),
    )
    body = _paragraphs(document.text if isinstance(document, Document) else "")
    if not isinstance(document, Document) or not _has_prose(body):
        raise FetchRefused(
            "nothing_extractable",
            "No article text was found on this page; it may be a section front, "
            "a paywall, or a page that needs JavaScript to show its text.",
        )
    return ExtractedArticle(
        title=document.title or "",
        body=body,
        byline=document.author or "",
        published_on=_parse_date(document.date),
        site_name=document.sitename or "",
    )


def is_forbidden_address(address: str) -> bool:
    """Whether an IP address may lead somewhere other than the public web.

    Anything not globally routable is forbidden: loopback, private, link-local
    (the cloud metadata service is 169.254.169.254), shared (100.64/10),
    multicast, reserved, unspecified. IPv6 forms that carry an IPv4 address
    (mapped, 6to4, Teredo) are judged by that address too, because the system
    may deliver them to it. A string that is not an address is forbidden.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return True
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return not _is_public(ip.ipv4_mapped)
    return not _is_public(ip) or any(not _is_public(inner) for inner in _embedded_ipv4(ip))


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    # is_global alone lets multicast and some reserved ranges through.
    return ip.is_global and not ip.is_multicast and not ip.is_reserved


def _embedded_ipv4(
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address,
) -> list[ipaddress.IPv4Address]:
    if isinstance(ip, ipaddress.IPv4Address):
        return []
    found = [ip.sixtofour] if ip.sixtofour is not None else []
    return found + list(ip.teredo or ())


def _parse_target(url: str) -> Target:
    try:
        parts = parse_url(_with_ascii_host(url.strip()))
    except (LocationParseError, ValueError, UnicodeError):
        raise FetchRefused("bad_url", f"“{url}” is not a valid web address.") from None
    if parts.scheme not in DEFAULT_PORTS or not parts.host:
        raise FetchRefused(
            "bad_url", f"“{url}” is not a web page address; only http:// and https:// links work."
        )
    if parts.auth:
        # Also closes the "https://trusted.example@elsewhere.example/" trick.
        raise FetchRefused("bad_url", f"“{url}” contains a user name or password; remove it.")
    return Target(
        url=url.strip(),
        scheme=parts.scheme,
        host=parts.host.strip("[]"),
        port=parts.port or DEFAULT_PORTS[parts.scheme],
        request_uri=parts.request_uri,
    )


def _with_ascii_host(url: str) -> str:
    """The URL with an internationalised host name in its IDNA (xn--) form.

    urllib3 parses such names only with the optional idna package, which is not installed.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    if host.isascii():
        return url
    # Lower-cased to match .hostname; credentials, the only other case-sensitive
    # part of a netloc, are refused anyway.
    netloc = parts.netloc.lower().replace(host, host.encode("idna").decode("ascii"))
    return urlunsplit(parts._replace(netloc=netloc))


def _check_deadline(deadline: float, limits: FetchLimits) -> None:
    if time.monotonic() > deadline:
        raise FetchRefused(
            "timeout", f"The page took longer than {limits.total_timeout:g} seconds to arrive."
        )


def _fetch_one(target: Target, limits: FetchLimits, deadline: float) -> FetchedPage | str:
    """One request: the page, or the absolute URL it redirects to."""
    addresses = _resolve(target, limits)
    with _network_errors_refused(target, limits):
        response = _open(target, addresses, limits)
        try:
            location = response.headers.get("Location")
            if response.status in REDIRECT_STATUSES and location:
                return urljoin(target.url, location.strip())
            _check_status(response)
            return FetchedPage(url=target.url, html=_read_html(response, limits, deadline))
        finally:
            response.close()  # also on a redirect: its body is never read


def _resolve(target: Target, limits: FetchLimits) -> list[str]:
    """The host's addresses, refusing the host if any of them is not public.

    Every address is checked, not only the first: a name with one public and one
    private record would otherwise reach the private one whenever the order changes.
    """
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise FetchRefused(
            "connection_failed", f"The server “{target.host}” could not be found."
        ) from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not limits.allow_private and any(is_forbidden_address(a) for a in addresses):
        raise FetchRefused(
            "forbidden_address",
            f"“{target.host}” is a private or local address; only public web pages can be fetched.",
        )
    return addresses


def _open(target: Target, addresses: list[str], limits: FetchLimits) -> BaseHTTPResponse:
    """GET the target from the first of its checked addresses that accepts a connection."""
    for address in addresses[:-1]:
        try:
            return _get(target, address, limits)
        except NewConnectionError:
            continue  # e.g. no IPv6 route here; the host may answer on its IPv4 address
    return _get(target, addresses[-1], limits)


def pinned_pool(
    scheme: str, host: str, port: int, address: str, timeout: Timeout
) -> HTTPConnectionPool:
    """A connection pool to ``address``, the one that was checked, for ``host``:
    https verifies the certificate and sends SNI for the name, not the address.
    (URL imports and webhook deliveries both connect this way.)"""
    if scheme == "https":
        return HTTPSConnectionPool(
            address,
            port,
            timeout=timeout,
            cert_reqs="CERT_REQUIRED",
            server_hostname=host,
            assert_hostname=host,
        )
    return HTTPConnectionPool(address, port, timeout=timeout)


def _get(target: Target, address: str, limits: FetchLimits) -> BaseHTTPResponse:
    # The connection goes to the address that _resolve checked, never to the name:
    # resolving the name again could give another answer (DNS rebinding). The Host
    # header and, for https, SNI and certificate checks still use the real name.
    timeout = Timeout(connect=limits.timeout, read=limits.timeout)
    pool = pinned_pool(target.scheme, target.host, target.port, address, timeout)
    headers = {
        "Host": target.host_header,
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    }
    return pool.urlopen(
        "GET",
        target.request_uri,
        headers=headers,
        retries=False,  # a failure is reported, not retried, and errors come out unwrapped
        redirect=False,
        preload_content=False,
        assert_same_host=False,
    )


@contextmanager
def _network_errors_refused(target: Target, limits: FetchLimits) -> Iterator[None]:
    """Turn urllib3's errors, from connecting or from reading the body, into FetchRefused."""
    try:
        yield
    # NewConnectionError is a subclass of ConnectTimeoutError in urllib3 2, so it goes first.
    except NewConnectionError as error:
        raise FetchRefused(
            "connection_failed",
            f"Could not connect to “{target.host}”; the server refused or is unreachable.",
        ) from error
    except Urllib3Timeout as error:
        raise FetchRefused(
            "timeout", f"“{target.host}” did not answer within {limits.timeout:g} seconds."
        ) from error
    except SSLError as error:
        raise FetchRefused(
            "connection_failed",
            f"The secure connection to “{target.host}” failed: certificate could not be verified.",
        ) from error
    except HTTPError as error:
        raise FetchRefused(
            "connection_failed", f"The connection to “{target.host}” broke off."
        ) from error


def _check_status(response: BaseHTTPResponse) -> None:
    # Any 3xx left here is a redirect without a Location, or a status we cannot use.
    if response.status >= 300:
        status = f"{response.status} {response.reason or ''}".strip()
        raise FetchRefused("http_error", f"The server answered “{status}” instead of the page.")


def _read_html(response: BaseHTTPResponse, limits: FetchLimits, deadline: float) -> str:
    media_type, charset = _parse_content_type(response.headers.get("Content-Type", ""))
    if media_type and media_type not in HTML_TYPES:
        raise FetchRefused("not_html", f"The link leads to “{media_type}” content, not a web page.")
    raw = _read_body(response, limits, deadline)
    if not media_type and not _looks_like_html(raw):
        raise FetchRefused(
            "not_html", "The server did not say what the content is, and it is not a web page."
        )
    return _decode(raw, charset, limits)


def _parse_content_type(value: str) -> tuple[str, str | None]:
    """The media type (lower case, "" when absent) and the charset parameter, if any."""
    if not value.strip():
        return "", None
    message = Message()
    message["Content-Type"] = value
    return message.get_content_type(), message.get_content_charset()


def _read_body(response: BaseHTTPResponse, limits: FetchLimits, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length", "").strip()
    # ASCII digits only: headers are read as Latin-1, and "²" (0xB2) passes
    # str.isdigit() but not int(); a server's odd header is not our crash.
    if declared.isascii() and declared.isdigit() and int(declared) > limits.max_bytes:
        raise _too_large(limits)
    body = bytearray()
    # Counted as read, not trusted from the header: it may be absent or wrong.
    # read1 returns what has arrived instead of waiting for a full chunk, so
    # the deadline is checked even while a server trickles.
    while chunk := response.read1(CHUNK_BYTES):
        body += chunk
        if len(body) > limits.max_bytes:
            raise _too_large(limits)
        _check_deadline(deadline, limits)
    return bytes(body)


def _too_large(limits: FetchLimits) -> FetchRefused:
    megabytes = limits.max_bytes / 1_000_000
    return FetchRefused(
        "too_large", f"The page is larger than {megabytes:g} MB, so it was not read."
    )


def _looks_like_html(raw: bytes) -> bool:
    start = raw[:SNIFF_BYTES].lower()
    return b"<html" in start or b"<!doctype html" in start


def _decode(raw: bytes, charset: str | None, limits: FetchLimits) -> str:
    """Text from the header's charset, else the page's <meta charset>, else a guess.

    A wrong or unknown declared charset never fails: undecodable bytes become U+FFFD.
    """
    charset = charset or _meta_charset(raw)
    if charset:
        encoding = "cp1252" if charset in WINDOWS_1252_LABELS else charset
        try:
            return raw.decode(encoding, errors="replace")
        except LookupError:
            pass  # a charset Python does not know; fall back to guessing
    return decode_file(raw, max_size=limits.max_bytes)


def _meta_charset(raw: bytes) -> str | None:
    match = META_CHARSET.search(raw[:SNIFF_BYTES])
    return match.group(1).decode("ascii").lower() if match else None


def _paragraphs(text: str) -> str:
    # trafilatura puts one paragraph (or heading, or list item) per line.
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def _has_prose(body: str) -> bool:
    lengths = [len(paragraph.split()) for paragraph in body.split("\n\n")]
    return sum(n for n in lengths if n >= MIN_SENTENCE_WORDS) >= MIN_ARTICLE_WORDS


def _parse_date(value: str | None) -> date | None:
    # trafilatura gives ISO "YYYY-MM-DD" (htmldate's default format) or None.
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
