"""Sign-in guessing is limited per account, whatever spelling of the name Django accepts, on
the portal's and the admin's sign-in; every limit, the API's throttles included, counts the
client at the configured proxy depth and never trusts a forged X-Forwarded-For."""

import pytest
from django.urls import reverse

from tests.support.factories import PASSWORD

pytestmark = pytest.mark.django_db

# Spellings Django's sign-in treats as the same account (it strips and NFKC-normalises).
VARIANTS = [" stakeholder", "stakeholder\t", "ｓｔａｋｅｈｏｌｄｅｒ"]


def signed_in(client):
    return "_auth_user_id" in client.session


def test_spellings_of_one_name_share_one_budget(client, settings, stakeholder):
    settings.STOCKTAKING_RATE_LIMITS = {"login": (3, 300)}
    for name in VARIANTS:
        response = client.post(reverse("login"), {"username": name, "password": "guess"})
        assert response.status_code == 200
    response = client.post(reverse("login"), {"username": "   stakeholder", "password": PASSWORD})
    assert response.status_code == 429
    assert not signed_in(client)


def test_the_admin_has_no_password_form_of_its_own(client, settings, admin_user):
    """Staff sign in through the portal's sign-in and its limits (the admin's login page
    leads there), so guesses posted to /admin/login/ check no password at all."""
    settings.STOCKTAKING_RATE_LIMITS = {"login": (3, 300)}
    for _ in range(3):
        response = client.post("/admin/login/", {"username": "admin", "password": "guess"})
        assert response.status_code == 302
        assert response.url == f"{reverse('login')}?next=%2Fadmin%2F"
    response = client.post("/admin/login/", {"username": "admin", "password": PASSWORD})
    assert response.status_code == 302 and not signed_in(client)
    for _ in range(3):
        client.post(f"{reverse('login')}?next=/admin/", {"username": "admin", "password": "x"})
    response = client.post(reverse("login"), {"username": "admin", "password": PASSWORD})
    assert response.status_code == 429


def sign_in_from(client, addresses, header):
    """Three wrong guesses on the stakeholder's account, one from each address, then the right
    password from a fourth: the answer to that last attempt."""
    for address in addresses[:-1]:
        client.post(
            reverse("login"), {"username": "stakeholder", "password": "guess"}, **{header: address}
        )
    return client.post(
        reverse("login"),
        {"username": "stakeholder", "password": PASSWORD},
        **{header: addresses[-1]},
    )


def test_guesses_from_many_clients_are_slowed_per_account_not_locked(client, settings, stakeholder):
    settings.STOCKTAKING_RATE_LIMITS = {"login-account": (3, 900)}
    addresses = ["198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.99"]
    response = sign_in_from(client, addresses, "REMOTE_ADDR")
    assert response.status_code == 429
    assert response["Retry-After"] == "900"  # a delay of one window, not a lock
    assert not signed_in(client)


def test_a_forged_forwarded_for_does_not_buy_fresh_sign_in_tries(client, settings, stakeholder):
    settings.STOCKTAKING_RATE_LIMITS = {"login": (3, 300)}
    addresses = ["203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.77"]
    response = sign_in_from(client, addresses, "HTTP_X_FORWARDED_FOR")
    assert response.status_code == 429
    assert not signed_in(client)


def throttle(settings, **overrides):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "100/minute"},
        **overrides,
    }


def test_the_api_throttle_ignores_a_forged_forwarded_for(client, settings):
    throttle(settings)  # the default deployment: no trusted proxy
    answers = [
        client.get("/api/v1/sdgs/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(4)
    ]
    assert answers == [200, 200, 200, 429]


def test_behind_one_trusted_proxy_clients_are_counted_apart(client, settings, stakeholder):
    throttle(settings, NUM_PROXIES=1)
    settings.STOCKTAKING_RATE_LIMITS = {"login": (2, 300)}
    nginx = {"REMOTE_ADDR": "172.18.0.5"}

    def api(address):
        return client.get("/api/v1/sdgs/", HTTP_X_FORWARDED_FOR=address, **nginx).status_code

    # The client's own (forged) entries come first; the proxy appends the address it saw.
    assert [api(f"10.9.9.{n}, 192.0.2.1") for n in range(4)] == [200, 200, 200, 429]
    assert api("192.0.2.2") == 200

    def sign_in(address, password="guess"):  # noqa: S107
        return client.post(
            reverse("login"),
            {"username": "stakeholder", "password": password},
            HTTP_X_FORWARDED_FOR=address,
            **nginx,
        )

    sign_in("192.0.2.1")
    sign_in("192.0.2.1")
    assert sign_in("192.0.2.1").status_code == 429
    response = sign_in("192.0.2.2", password=PASSWORD)  # another client behind the same nginx
    assert response.status_code == 302 and signed_in(client)
