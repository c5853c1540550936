"""Which version of a claim a write was made against: ``version`` in the body
or ``If-Match`` with the ETag the claim was read with."""

from __future__ import annotations

import re
from typing import Any

from rest_framework.request import Request
from rest_framework.response import Response

from api.problems import PreconditionRequired
from claims.models import Claim

# ASCII digits, few enough for any version: str.isdigit() also takes "²" and
# "١", and int() refuses past 4300 digits (both were 500s).
VERSION_NUMBER = re.compile(r"[0-9]{1,18}")


def claim_etag(claim: Claim) -> str:
    # Strong: the version changes with every change to the claim.
    return f'"{claim.pk}-{claim.version}"'


def with_etag(response: Response, claim: Claim) -> Response:
    response["ETag"] = claim_etag(claim)
    return response


def requested_version(request: Request, claim: Claim) -> int:
    """The version the writer names; 428 when none. If-Match may list several
    ETags (RFC 9110): the current version if one names it. An If-Match for
    another claim or a malformed one reads as version -1, which the services
    refuse as stale (409, saying what changed)."""
    version = _body_version(request.data)
    if version is not None:
        return version
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        # "*" matches whatever version is current: it names none.
        raise PreconditionRequired()
    named = [version_in(tag.strip(), claim) for tag in header.split(",")]
    return claim.version if claim.version in named else max(named)


def version_in(tag: str, claim: Claim) -> int:
    """The version an entity tag names; -1 when it is not a strong tag of this
    claim (If-Match compares strongly: a weak ``W/`` tag never matches)."""
    claim_id, _, number = tag.strip('"').partition("-")
    if tag.startswith("W/") or claim_id != str(claim.pk) or not VERSION_NUMBER.fullmatch(number):
        return -1
    return int(number)


def _body_version(data: Any) -> int | None:
    if not hasattr(data, "get"):
        return None
    value = data.get("version")
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1
