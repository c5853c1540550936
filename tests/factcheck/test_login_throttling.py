"""Log-in throttling (django-axes): per account and per address, on both log-in pages."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from factcheck.login_throttling import client_ip

APP_LOGIN = reverse("login")
ADMIN_LOGIN = reverse("admin:login")
LOCKED = "Too many failed log-ins for this account or address"


def log_in(client, url: str, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, url: str, username: str, times: int = 6, address: str = "10.0.0.1") -> None:
    for _ in range(times):
        log_in(client, url, username, "wrong", address)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def assert_locked_out(response) -> None:
    assert response.status_code == 429
    assert LOCKED in response.content.decode()


@pytest.mark.parametrize("url", [APP_LOGIN, ADMIN_LOGIN])
def test_it_refuses_the_right_password_after_six_wrong_ones(client, editor, url):
    fail(client, url, "erin")
    response = log_in(client, url, "erin", "pw-erin")
    assert_locked_out(response)
    assert not logged_in(client)


@pytest.mark.parametrize("url", [APP_LOGIN, ADMIN_LOGIN])
def test_a_few_wrong_passwords_do_not_lock_anyone_out(client, editor, url):
    fail(client, url, "erin", times=4)
    response = log_in(client, url, "erin", "pw-erin")
    assert response.status_code == 302
    assert logged_in(client)


def test_the_lockout_page_says_how_long_and_who_can_help(client, editor):
    fail(client, APP_LOGIN, "erin")
    response = log_in(client, APP_LOGIN, "erin", "pw-erin")
    html = response.content.decode()
    assert "try again in 15 minutes or ask an administrator" in html
    assert '<a href="/accounts/login/">' in html  # a normal page of the site


def test_a_locked_account_stays_locked_from_another_address(client, editor):
    fail(client, APP_LOGIN, "erin", address="10.0.0.1")
    assert_locked_out(log_in(client, APP_LOGIN, "erin", "pw-erin", address="10.0.0.2"))


def test_a_locked_address_is_refused_for_every_account(client, editor, reviewer):
    fail(client, APP_LOGIN, "erin", address="10.0.0.1")
    assert_locked_out(log_in(client, APP_LOGIN, "rafa", "pw-rafa", address="10.0.0.1"))


def test_another_account_from_another_address_is_not_affected(client, editor, reviewer):
    fail(client, APP_LOGIN, "erin", address="10.0.0.1")
    response = log_in(client, APP_LOGIN, "rafa", "pw-rafa", address="10.0.0.2")
    assert response.status_code == 302
    assert logged_in(client)


def test_axes_reset_unlocks_everyone(client, editor):
    fail(client, ADMIN_LOGIN, "erin")
    call_command("axes_reset", verbosity=0)
    response = log_in(client, ADMIN_LOGIN, "erin", "pw-erin")
    assert response.status_code == 302
    assert logged_in(client)


def test_the_failure_limit_is_a_setting(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 2
    fail(client, APP_LOGIN, "erin", times=2)
    assert_locked_out(log_in(client, APP_LOGIN, "erin", "pw-erin"))


# -- which address counts


def test_without_proxies_the_connections_address_counts(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(request) == "10.0.0.1"


@pytest.mark.parametrize(("proxies", "expected"), [(1, "203.0.113.9"), (2, "198.51.100.7")])
def test_behind_proxies_the_address_the_outermost_proxy_saw_counts(rf, settings, proxies, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    forwarded = "198.51.100.7, 203.0.113.9"
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_a_request_that_bypassed_the_proxies_counts_by_its_own_address(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(request) == "10.0.0.1"


def test_forging_x_forwarded_for_behind_a_proxy_does_not_escape_a_lockout(
    client, editor, reviewer, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(6):
        client.post(
            APP_LOGIN,
            {"username": f"guess{n}", "password": "wrong"},
            REMOTE_ADDR="10.0.0.254",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.9",
        )
    response = client.post(
        APP_LOGIN,
        {"username": "rafa", "password": "pw-rafa"},
        REMOTE_ADDR="10.0.0.254",
        HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.9",
    )
    assert_locked_out(response)
