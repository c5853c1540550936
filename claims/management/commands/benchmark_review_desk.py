"""manage.py benchmark_review_desk — time the admin's claim changelist on many rows.

Creates a scratch PostgreSQL database next to the configured one, fills it
with synthetic claims in SQL (fast: generate_series), then requests the
changelist as a reviewer and prints the median time of each view. The
scratch database is dropped afterwards; the configured one is not touched.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from typing import Any

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment

VIEWS = {
    "unfiltered, newest first": {},
    "status = in review": {"status__exact": "in_review"},
    "anonymous sources only": {"sourcing": "anonymous_only"},
    "outlet = Outlet 7": {"article__outlet__id__exact": "7"},
    "search 'negotiations 4242'": {"q": "negotiations 4242"},
    "page 500": {"p": "500"},
}

FILL_SQL = """
INSERT INTO claims_outlet (name, domain)
    SELECT 'Outlet ' || i, 'outlet' || i || '.example' FROM generate_series(1, 20) i;
INSERT INTO claims_article (outlet_id, title, url, byline, published_on, language, body, body_hash,
                            created_at, updated_at)
    SELECT (SELECT min(id) FROM claims_outlet) + mod(i, 20), 'Article ' || i, NULL, '',
           DATE '2025-01-01' + mod(i, 365), 'en', repeat('Body text of article ' || i || '. ', 20),
           md5(i::text) || md5((i + 1)::text), now(), now()
    FROM generate_series(1, %(articles)s) i;
INSERT INTO claims_claim (article_id, start, "end", quote, statement, kind, status, sourcing,
                          created_at, updated_at, version)
    SELECT (SELECT min(id) FROM claims_article) + mod(i, %(articles)s), 0, 20,
           'Body text of article',
           'Claim ' || i || ' about negotiations ' || mod(i, 10000),
           (ARRAY['factual','prediction','opinion','other'])[1 + mod(i, 4)],
           (ARRAY['new','researching','in_review','published','not_checkable'])[1 + mod(i, 5)],
           (ARRAY['unattributed','anonymous','named','confirmed'])[1 + mod(i, 4)],
           now() - (i || ' seconds')::interval, now() - (i || ' seconds')::interval, 1
    FROM generate_series(1, %(claims)s) i;
ANALYZE;
"""


class Command(BaseCommand):
    help = "Time the review desk's claim changelist on a scratch PostgreSQL database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--claims", type=int, default=1_000_000)
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args: Any, claims: int, repeat: int, inner: bool, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("This benchmark needs PostgreSQL: set DATABASE_URL.")
        if inner:
            self.measure(claims=claims, repeat=repeat)
            return
        scratch = f"{settings.DATABASES['default']['NAME']}_review_bench"
        with psycopg.connect(self.admin_dsn(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
            admin.execute(f'CREATE DATABASE "{scratch}"')
        try:
            self.run_inner(scratch, claims=claims, repeat=repeat)
        finally:
            with psycopg.connect(self.admin_dsn(), autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')

    def admin_dsn(self) -> str:
        db = settings.DATABASES["default"]
        return psycopg.conninfo.make_conninfo(
            dbname="postgres",
            host=db.get("HOST") or "",
            port=str(db.get("PORT") or ""),
            user=db.get("USER") or "",
            password=db.get("PASSWORD") or "",
        )

    def run_inner(self, scratch: str, *, claims: int, repeat: int) -> None:
        db = settings.DATABASES["default"]
        password = db.get("PASSWORD") or ""
        url = f"postgres://{db['USER']}:{password}@{db['HOST']}:{db['PORT']}/{scratch}"
        env = {**os.environ, "DATABASE_URL": url}
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
        command = [*manage, "benchmark_review_desk", "--inner", f"--claims={claims}"]
        subprocess.run([*command, f"--repeat={repeat}"], env=env, check=True)

    def measure(self, *, claims: int, repeat: int) -> None:
        from django.contrib.auth.models import Group, User

        setup_test_environment()  # the test client's host name and response.context
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(FILL_SQL, {"claims": claims, "articles": max(claims // 10, 1)})
        self.stdout.write(f"filled {claims:,} claims in {time.perf_counter() - started:.1f} s")
        reviewer = User.objects.create_user("bench-reviewer", is_staff=True)
        reviewer.groups.add(Group.objects.get(name="Reviewers"))
        client = Client()
        client.force_login(reviewer)
        for label, query in VIEWS.items():
            self.stdout.write(self.time_view(client, label, query, repeat))

    def time_view(self, client: Client, label: str, query: dict[str, str], repeat: int) -> str:
        timings = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get("/admin/claims/claim/", query)
                timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{label}: HTTP {response.status_code}")
        rows = response.context["cl"].result_count
        return (
            f"{label:<28} median {statistics.median(timings):8.1f} ms  "
            f"({len(queries)} queries, {rows:,} results shown as the count)"
        )
