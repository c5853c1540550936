"""A bounded, seeded fuzz of every page, as every role, with what an attacker sends.

Each request goes to one of the app's URLs or the review desk's admin pages,
with parameter names the views really read and values drawn from a hostile
pool (``tests/fuzz/values.py``). A server error is a failure, and so is a
page that echoes a script unescaped; afterwards the record's invariants must
still hold. ``FUZZ_SEED`` replays a run; ``FUZZ_REQUESTS`` scales it.

Requests carrying a NUL byte that still fail are listed apart and do not fail
the test: a middleware refusing them with 400 is on its way.
"""

from __future__ import annotations

import os
import random
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from claims.models import Attribution, Claim
from claims.record import check_record
from tests.fuzz.conftest import World
from tests.fuzz.surface import Target, learn_from_page, targets
from tests.fuzz.values import SCRIPT, contains_nul, hostile, upload

SEED = int(os.environ.get("FUZZ_SEED", "20250524"))
REQUESTS = int(os.environ.get("FUZZ_REQUESTS", "3000"))
ROLE_WEIGHTS = {"anonymous": 1, "outsider": 1, "viewer": 2, "editor": 3, "reviewer": 3}
VERSION_NAMES = {"version", "expected_version"}
REPORT = settings.BASE_DIR / "build" / "fuzz-report.txt"
SHOWN = 300  # characters of a request's data shown per finding


@dataclass(frozen=True)
class Sent:
    view_name: str
    role: str
    method: str
    url: str
    data: dict[str, Any]
    htmx: bool

    @property
    def has_nul(self) -> bool:
        return contains_nul(self.url) or any(
            contains_nul(name) or contains_nul(value) for name, value in self.data.items()
        )

    def describe(self) -> str:
        data = {name: _shown(value) for name, value in self.data.items()}
        htmx = " (htmx)" if self.htmx else ""
        return f"{self.method.upper()} {self.url} as {self.role}{htmx} {data}"[: SHOWN * 3]


def _shown(value: Any) -> Any:
    if isinstance(value, SimpleUploadedFile):
        return f"<file {value.name[:40]!r}, {value.size} bytes>"
    if isinstance(value, list):
        return [_shown(item) for item in value]
    text = str(value)
    return text if len(text) <= 60 else f"{text[:40]!r}…({len(text)} chars)"


@dataclass
class Tally:
    statuses: Counter = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    nul_errors: list[str] = field(default_factory=list)
    echoes: list[str] = field(default_factory=list)
    seconds: Counter = field(default_factory=Counter)  # per view, to keep the run quick


def test_no_request_makes_a_server_error_echoes_a_script_or_breaks_the_record(
    world, quiet_request_log
):
    found = discover(world)
    clients = logged_in_clients(world)
    rng = random.Random(SEED)
    tally = Tally()
    started, cpu_started = time.monotonic(), time.process_time()
    for _ in range(REQUESTS):
        sent = draw(rng, found, world)
        began = time.monotonic()
        answer(clients[sent.role], sent, tally)
        tally.seconds[sent.view_name] += time.monotonic() - began
    violations = [str(violation) for violation in check_record()]
    report(tally, violations, time.monotonic() - started, time.process_time() - cpu_started)
    assert not tally.server_errors, "Server errors:\n" + "\n".join(tally.server_errors)
    assert not tally.echoes, "Unescaped script in:\n" + "\n".join(tally.echoes)
    assert not violations, "The record broke:\n" + "\n".join(violations)


# -- learning the surface


def discover(world: World) -> dict[str, Target]:
    """The targets, with the forms and links their pages show to the roles that work."""
    found = targets()
    for role in ("editor", "reviewer"):
        client = Client()
        client.force_login(world.users[role])
        for url in _discovery_urls(found, world):
            _learn(found, url, client.get(url))
        confirm = _action_confirmation(client, world)
        _learn(found, "/admin/claims/claim/", confirm)
    return found


def _discovery_urls(found: dict[str, Target], world: World) -> list[str]:
    """Each page once, and each claim's pages, so that every claim's forms are seen."""
    first = {kind: values[:1] for kind, values in world.ids.items()}
    urls = [target.url(_Fixed(), first)[0] for target in found.values() if target.weight == 1]
    for claim_id in world.ids["claim"]:
        urls.append(reverse("claims:claim_detail", args=[claim_id]))
        urls.append(reverse("admin:claims_claim_change", args=[claim_id]))
    return sorted(set(urls))


class _Fixed(random.Random):
    """Always the first choice and never a surprise: discovery asks for real objects."""

    def random(self) -> float:
        return 0.0

    def choice(self, seq: Any) -> Any:
        return seq[0]


def _action_confirmation(client: Client, world: World) -> HttpResponse:
    data = {"action": "publish_selected", "_selected_action": world.ids["claim"]}
    return client.post("/admin/claims/claim/", data)


def _learn(found: dict[str, Target], url: str, response: HttpResponse) -> None:
    if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
        learn_from_page(found, url, response.content.decode())


def logged_in_clients(world: World) -> dict[str, Client]:
    clients = {}
    for role, user in world.users.items():
        clients[role] = Client(raise_request_exception=False)
        if user is not None:
            clients[role].force_login(user)
    return clients


# -- drawing a request


def draw(rng: random.Random, found: dict[str, Target], world: World) -> Sent:
    names = sorted(found)
    target = found[rng.choices(names, weights=[found[n].weight for n in names])[0]]
    role = rng.choices(list(ROLE_WEIGHTS), weights=list(ROLE_WEIGHTS.values()))[0]
    method = _method(rng, target)
    url, kwargs = target.url(rng, world.ids)
    data = _data(rng, target, method, _versions(target, kwargs), world)
    return Sent(target.view_name, role, method, url, data, htmx=rng.random() < 0.25)


def _method(rng: random.Random, target: Target) -> str:
    """Mostly what the pages send there; the other method now and then."""
    usual = sorted(target.methods) or ["get", "post"]
    return rng.choice(usual) if rng.random() < 0.8 else rng.choice(["get", "post"])


def _data(
    rng: random.Random, target: Target, method: str, versions: list[str], world: World
) -> dict[str, Any]:
    """A form the page showed (or nothing), with one to four of its names made hostile."""
    data = dict(rng.choice(target.forms)) if target.forms and rng.random() < 0.75 else {}
    names = sorted(target.names)
    for name in rng.sample(names, k=min(len(names), rng.randint(1, 4))):
        data[name] = _value(rng, target, name, versions, world)
    if rng.random() < 0.05:
        data[hostile(rng)[:200]] = hostile(rng)  # a name no view reads
    if method == "get":
        data = {name: _as_text(value) for name, value in data.items()}
    return data


def _value(rng: random.Random, target: Target, name: str, versions: list[str], world: World) -> Any:
    if name in target.files and rng.random() < 0.8:
        return upload(rng)
    if name in VERSION_NAMES and versions and rng.random() < 0.5:
        return rng.choice(versions)
    plausible = sorted(target.plausible.get(name, ()))
    roll = rng.random()
    if plausible and roll < 0.4:
        value = rng.choice(plausible)
    elif roll < 0.5:
        value = str(rng.choice(world.ids[rng.choice(sorted(world.ids))]))  # another object's id
    else:
        value = hostile(rng)
    return [value, hostile(rng)] if rng.random() < 0.08 else value


def _versions(target: Target, kwargs: dict[str, Any]) -> list[str]:
    """The claim's current version, and stale and future ones."""
    claim_id = kwargs.get("claim_id")
    if target.view_name == "admin:claims_claim_change":
        claim_id = kwargs["object_id"]
    if "attribution_id" in kwargs:
        attribution = Attribution.objects.filter(pk=kwargs["attribution_id"]).first()
        claim_id = attribution.claim_id if attribution else None
    claim = Claim.objects.filter(pk=claim_id).first() if claim_id is not None else None
    if claim is None:
        return []
    current = claim.version
    return [str(v) for v in (current, current, current - 1, current + 1, current + 1000, 0)]


def _as_text(value: Any) -> Any:
    if isinstance(value, SimpleUploadedFile):
        return value.name
    return value


# -- sending it


def answer(client: Client, sent: Sent, tally: Tally) -> None:
    # A failed request's writes are undone, as its own transaction would be; on
    # PostgreSQL a database error would otherwise abort every later request.
    savepoint = transaction.savepoint()
    headers = {"HX-Request": "true"} if sent.htmx else {}
    response = getattr(client, sent.method)(sent.url, sent.data, headers=headers)
    body, failure = _read(response)
    if response.status_code >= 500:
        failure = _cause(response)
    if failure:
        transaction.savepoint_rollback(savepoint)
        errors = tally.nul_errors if sent.has_nul else tally.server_errors
        errors.append(f"{sent.describe()}\n    -> {failure}")
    else:
        transaction.savepoint_commit(savepoint)
    tally.statuses[f"{response.status_code // 100}xx"] += 1
    if _echoes_script(response, body):
        tally.echoes.append(sent.describe())


def _read(response: HttpResponse) -> tuple[bytes, str | None]:
    """The body, and what failed while streaming it (exports, files) to its end.

    An error while streaming escapes Django's handler: it would cut the download
    short with a 200 already sent, so it counts as a server error.
    """
    if not response.streaming:
        return response.content, None
    try:
        return b"".join(response.streaming_content), None
    except Exception as error:  # whatever it is, the download broke off
        frame = _frame(traceback.extract_tb(error.__traceback__)[-1])
        return b"", f"while streaming: {type(error).__name__}: {str(error)[:SHOWN]} at {frame}"


def _cause(response: HttpResponse) -> str:
    exc_info = getattr(response, "exc_info", None)
    if not exc_info:
        return f"status {response.status_code}, no exception"
    kind, error, tb = exc_info
    frames = traceback.extract_tb(tb)
    ours = [f for f in frames if "/claims/" in f.filename or "/factcheck/" in f.filename]
    where = [_frame(f) for f in ours[-1:] + frames[-1:]]
    return f"{kind.__name__}: {str(error)[:SHOWN]} at {' / '.join(where)}"


def _frame(frame: traceback.FrameSummary) -> str:
    return f"{'/'.join(frame.filename.split('/')[-2:])}:{frame.lineno} {frame.name}"


def _echoes_script(response: HttpResponse, body: bytes) -> bool:
    return "text/html" in response.get("Content-Type", "") and SCRIPT.encode() in body


# -- the figures


def report(tally: Tally, violations: list[str], seconds: float, cpu: float) -> None:
    lines = [
        f"fuzz seed {SEED}, {REQUESTS} requests, database {connection.vendor}, "
        f"{seconds:.1f} s ({cpu:.1f} s of CPU)",
        "by status: " + ", ".join(f"{k} {v}" for k, v in sorted(tally.statuses.items())),
        f"server errors (500): {len(tally.server_errors)}",
        f"server errors on requests with a NUL byte (for the NUL middleware): "
        f"{len(tally.nul_errors)}",
        f"unescaped script echoes: {len(tally.echoes)}",
        f"record invariant violations: {len(violations)}",
        "slowest views: "
        + ", ".join(f"{name} {s:.1f} s" for name, s in tally.seconds.most_common(5)),
        *(f"  NUL: {error}" for error in tally.nul_errors),
        *(f"  500: {error}" for error in tally.server_errors),
        *(f"  violation: {violation}" for violation in violations),
    ]
    text = "\n".join(lines)
    print(text)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(text + "\n", encoding="utf-8")
