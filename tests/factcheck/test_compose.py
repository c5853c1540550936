"""compose.yaml and the Dockerfile name only things that exist here.

No Docker engine runs these tests, so they check what can go stale without
one: every command, module, URL, file and environment variable they mention.
"""

import importlib
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from celery.bin.celery import celery as celery_cli
from celery.bin.celery import find_app
from django.core.management import get_commands
from django.urls import resolve

from factcheck.health import healthz

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
# The services that run this project's image (the others are PostgreSQL and Redis).
APP = {name: service for name, service in SERVICES.items() if "build" in service}
SETTINGS_SOURCE = (ROOT / "factcheck" / "settings.py").read_text()
PINNED = {
    re.split(r"[=\[<>]", line)[0].strip().lower()
    for line in (ROOT / "requirements.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
}


def env_file(path: Path) -> dict[str, str]:
    lines = [line for line in path.read_text().splitlines() if line and not line.startswith("#")]
    return dict(line.split("=", 1) for line in lines)


APP_ENV_FILE = env_file(ROOT / ".env.example")


def services_running(*words: str) -> list[str]:
    return [name for name, service in APP.items() if service["command"][: len(words)] == [*words]]


def test_it_runs_two_web_processes_two_workers_one_beat_and_a_migration():
    assert sorted(services_running("gunicorn")) == ["web1", "web2"]
    assert sorted(services_running("celery", "-A", "factcheck", "worker")) == [
        "worker1",
        "worker2",
    ]
    assert services_running("celery", "-A", "factcheck", "beat") == ["beat"]
    assert services_running("python", "manage.py", "migrate") == ["migrate"]
    assert SERVICES["db"]["image"].startswith("postgres:15")
    assert SERVICES["redis"]["image"].startswith("redis:")


@pytest.mark.parametrize("name", sorted(APP))
def test_every_app_service_is_built_from_the_dockerfile(name):
    assert APP[name]["build"] == "."
    assert (ROOT / "Dockerfile").is_file()


@pytest.mark.parametrize("name", sorted(APP))
def test_every_command_names_something_that_exists(name):
    command = APP[name]["command"]
    if command[0] == "gunicorn":
        module, attribute = command[1].split(":")
        assert callable(getattr(importlib.import_module(module), attribute))
    elif command[0] == "celery":
        assert command[1:3] == ["-A", "factcheck"]
        assert find_app(command[2]).main == "factcheck"
        assert command[3] in celery_cli.commands
    else:
        assert command[:2] == ["python", "manage.py"]
        assert command[2] in get_commands()
    if command[0] in {"gunicorn", "celery"}:
        assert command[0] in PINNED


@pytest.mark.parametrize("name", ["web1", "web2"])
def test_the_web_healthcheck_asks_healthz_on_the_bound_port(name):
    probe = " ".join(SERVICES[name]["healthcheck"]["test"])
    url = urlsplit(re.search(r"http://[^'\"]+", probe).group())
    assert resolve(url.path).func is healthz
    assert f"--bind=0.0.0.0:{url.port}" in SERVICES[name]["command"]
    assert url.hostname in APP_ENV_FILE["DJANGO_ALLOWED_HOSTS"].split(",")


@pytest.mark.parametrize("name", sorted(APP))
def test_every_variable_it_sets_is_read_by_the_settings(name):
    assert APP[name]["env_file"] == ".env"  # made from .env.example
    for variable in [*APP[name]["environment"], *APP_ENV_FILE]:
        assert f'"{variable}"' in SETTINGS_SOURCE, variable


def test_the_env_file_example_asks_for_a_secret_key():
    assert "DJANGO_SECRET_KEY" in APP_ENV_FILE


@pytest.mark.parametrize("name", ["web1", "web2", "worker1", "worker2"])
def test_web_processes_and_workers_share_one_media_volume(name):
    media_root = APP[name]["environment"]["DJANGO_MEDIA_ROOT"]
    assert APP[name]["volumes"] == [f"media:{media_root}"]


def test_the_dockerfile_installs_the_pins_and_collects_hashed_static_files():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("# ") and "FROM python:3.11-slim" in dockerfile
    assert "pip install --no-cache-dir -r requirements.txt" in dockerfile
    assert re.search(r"DJANGO_STATIC_MANIFEST=1 .*\n?.*manage.py collectstatic", dockerfile)
    for copied in re.findall(r"^COPY (\S+) ", dockerfile, re.MULTILINE):
        assert (ROOT / copied).exists(), copied
