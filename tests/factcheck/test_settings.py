"""Deployment settings: safe defaults, loud failures, a clean --deploy check."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, timeout: int = 60, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k3y-" + "x7Qp9vR2mZ8tL4wN6yB1cD5fG0hJ3sA" * 2,
    "DJANGO_ALLOWED_HOSTS": "desk.example.org",
    # A Fernet key of production's own (vault.checks warns without one).
    "VAULT_KEYS": "q3Jc8m1Yz9bq2Vw4tXk7nR5pL0sD6fG8hJ2aB4cE6gI=",
}


def test_check_deploy_is_clean_with_production_values():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
        DJANGO_HSTS_INCLUDE_SUBDOMAINS="1",
        DJANGO_HSTS_PRELOAD="1",
        AXES_FAILURE_LIMIT="5",
        AXES_COOLOFF_MINUTES="30",
        DJANGO_TRUSTED_PROXY_COUNT="1",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_asks_only_for_the_hsts_opt_ins():
    result = manage("check", "--deploy", **PRODUCTION)
    warnings = sorted(
        line.split(")")[0].lstrip("?: (")
        for line in result.stderr.splitlines()
        if line.startswith("?: (")
    )
    assert warnings == ["security.W005", "security.W021"], result.stderr


def production_settings(**env: str) -> dict:
    names = [
        "MIDDLEWARE",
        "AUTHENTICATION_BACKENDS",
        "INSTALLED_APPS",
        "AXES_FAILURE_LIMIT",
        "AXES_LOCKOUT_PARAMETERS",
        "TRUSTED_PROXY_COUNT",
        "CONTENT_SECURITY_POLICY",
    ]
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    result = manage("shell", "-c", code, **PRODUCTION, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_has_log_in_throttling_and_the_content_security_policy():
    config = production_settings()
    assert "axes" in config["INSTALLED_APPS"]
    assert config["AUTHENTICATION_BACKENDS"][0] == "axes.backends.AxesStandaloneBackend"
    assert config["MIDDLEWARE"][-1] == "axes.middleware.AxesMiddleware"
    assert config["AXES_FAILURE_LIMIT"] == 5
    assert config["AXES_LOCKOUT_PARAMETERS"] == ["username", "ip_address"]
    assert config["TRUSTED_PROXY_COUNT"] == 0
    assert "csp.middleware.CSPMiddleware" in config["MIDDLEWARE"]
    directives = config["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert directives["script-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    for rule in ("refuse_nul_characters", "private_no_store"):
        assert f"factcheck.middleware.{rule}" in config["MIDDLEWARE"]


def test_throttling_and_proxies_are_set_from_the_environment():
    config = production_settings(AXES_FAILURE_LIMIT="10", DJANGO_TRUSTED_PROXY_COUNT="2")
    assert (config["AXES_FAILURE_LIMIT"], config["TRUSTED_PROXY_COUNT"]) == (10, 2)


def test_a_bad_failure_limit_fails_loudly():
    result = manage("check", DJANGO_DEBUG="1", AXES_FAILURE_LIMIT="five")
    assert result.returncode != 0
    assert "AXES_FAILURE_LIMIT='five' is not an integer" in result.stderr


def test_production_without_a_secret_key_refuses_to_start():
    result = manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "Set the environment variable DJANGO_SECRET_KEY" in result.stderr


def test_the_web_process_refuses_to_start_without_a_secret_key():
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    result = subprocess.run(
        [sys.executable, "-c", "import factcheck.wsgi"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Set the environment variable DJANGO_SECRET_KEY" in result.stderr


def test_manage_py_works_out_of_the_box_for_development():
    result = manage("check")
    assert result.returncode == 0, result.stderr


def test_a_bad_boolean_fails_loudly():
    result = manage("check", DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG='maybe' is not a boolean" in result.stderr
