"""Posting a signed webhook body to a URL someone registered, safely.

A webhook makes the server send requests wherever a reviewer points it, so
it gets the URL imports' defences (``claims.fetching``): http(s) only, no
credentials in the URL, every address of the host checked against
``is_forbidden_address``, and the connection made to the address that was
checked, never to the name again (DNS rebinding). No redirect is followed:
a 3xx is an answer like any other non-2xx, and retried.

Plain Python (no Django), like ``claims.fetching``: the service passes the
settings in.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import socket
import threading
import time
from dataclasses import dataclass

from urllib3 import BaseHTTPResponse
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import HTTPError, LocationParseError
from urllib3.util import Timeout, parse_url

from claims.fetching import DEFAULT_PORTS, Target, is_forbidden_address, pinned_pool

USER_AGENT = "ClaimDesk-Webhooks/1.0"
SIGNATURE_HEADER = "X-ClaimDesk-Signature"
EVENT_HEADER = "X-ClaimDesk-Event"
DELIVERY_HEADER = "X-ClaimDesk-Delivery"
# Seconds past the timeout before a connection still answering is cut off.
DEADLINE_GRACE = 1.0


class AddressRefused(Exception):
    """The URL cannot be posted to; ``str()`` says why, for the person who gave it."""


@dataclass(frozen=True)
class Answer:
    """What one POST came to: the status code, or the error that stopped it."""

    status_code: int | None
    error: str
    duration_ms: int

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def signature(secret: str, body: bytes, timestamp: int) -> str:
    """``t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the secret>``.

    The timestamp is signed with the body, so a receiver that refuses old
    timestamps (say, five minutes) cannot be replayed a captured delivery.
    """
    signed = f"{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def parse_target(url: str) -> Target:
    try:
        parts = parse_url(url.strip())
    except (LocationParseError, ValueError, UnicodeError):
        raise AddressRefused("This is not a valid web address.") from None
    if parts.scheme not in DEFAULT_PORTS or not parts.host:
        raise AddressRefused("Only http:// and https:// addresses can receive webhooks.")
    if parts.auth:
        raise AddressRefused("The address contains a user name or password; remove it.")
    return Target(
        url=url.strip(),
        scheme=parts.scheme,
        host=parts.host.strip("[]"),
        port=parts.port or DEFAULT_PORTS[parts.scheme],
        request_uri=parts.request_uri,
    )


def checked_addresses(target: Target, *, allow_private: bool) -> list[str]:
    """The host's addresses; refused if it has none or any of them is not public."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise AddressRefused(f"The server “{target.host}” could not be found.") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not allow_private and any(is_forbidden_address(a) for a in addresses):
        raise AddressRefused(
            f"“{target.host}” is a private or local address; webhooks go to public addresses only."
        )
    return addresses


def post(
    url: str, body: bytes, headers: dict[str, str], *, timeout: float, allow_private: bool
) -> Answer:
    """POST ``body`` once; every failure is an ``Answer`` with its error, never an exception."""
    started = time.monotonic()
    try:
        target = parse_target(url)
        address = checked_addresses(target, allow_private=allow_private)[0]
        response = _post_to(target, address, body, headers, timeout)
        response.close()  # the answer's body is not needed
        return Answer(response.status, "", _ms_since(started))
    except AddressRefused as refused:
        return Answer(None, str(refused), _ms_since(started))
    except HTTPError as error:
        return Answer(None, f"{type(error).__name__}: {error}"[:300], _ms_since(started))


def _cut_off(sock: socket.socket) -> None:
    # socket.socket's own shutdown, also for an SSL socket: the read in
    # progress sees the end of the stream and fails, in its own thread.
    with contextlib.suppress(OSError):  # already closed
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _with_deadline(connection_class: type[HTTPConnection], seconds: float) -> type[HTTPConnection]:
    """``connection_class`` whose socket is shut ``seconds`` (and a grace) after it connects.

    urllib3's timeouts bound each read, not the answer: a receiver that sends
    its status line a byte at a time held the worker for as long as it liked.
    The grace lets urllib3's own timeout answer first for a silent receiver,
    so the log says "Timeout" for it.
    """

    class Deadlined(connection_class):  # type: ignore[valid-type,misc]
        def connect(self) -> None:
            super().connect()
            self._deadline = threading.Timer(seconds + DEADLINE_GRACE, _cut_off, (self.sock,))
            self._deadline.daemon = True
            self._deadline.start()

        def close(self) -> None:
            deadline = getattr(self, "_deadline", None)
            if deadline is not None:
                deadline.cancel()
            super().close()

    return Deadlined


def _post_to(
    target: Target, address: str, body: bytes, headers: dict[str, str], timeout: float
) -> BaseHTTPResponse:
    # To the checked address; Host, SNI and the certificate check use the name.
    pool = pinned_pool(target.scheme, target.host, target.port, address, Timeout(total=timeout))
    # A receiver that drips its answer a byte at a time resets urllib3's read
    # timeout with every byte: a deadline on the whole exchange cuts it off.
    connection = HTTPSConnection if target.scheme == "https" else HTTPConnection
    pool.ConnectionCls = _with_deadline(connection, timeout)
    with pool:
        return pool.urlopen(
            "POST",
            target.request_uri,
            body=body,
            headers={
                **headers,
                "Host": target.host_header,
                "User-Agent": USER_AGENT,
                "Content-Type": "application/json",
            },
            retries=False,
            redirect=False,
            preload_content=False,
            assert_same_host=False,
        )


def _ms_since(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
