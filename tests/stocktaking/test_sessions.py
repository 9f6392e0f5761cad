"""Sessions (issue 16, layer 17): privileged sessions end after inactivity, "sign out
everywhere" on the account page, and a password change ends the account's other sessions."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.support.factories import PASSWORD, UserFactory
from wsis_portal.models import AuditEvent

pytestmark = pytest.mark.django_db
ACCOUNT = "/accounts/"
_real_now = timezone.now


@pytest.fixture
def clock(monkeypatch):
    """Moves the portal's clock (timezone.now, which sessions read) forward by minutes."""
    offset = datetime.timedelta()

    def advance(minutes):
        nonlocal offset
        offset += datetime.timedelta(minutes=minutes)
        monkeypatch.setattr(timezone, "now", lambda: _real_now() + offset)

    return advance


def signed_in(user):
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


def is_signed_in(client):
    return client.get(ACCOUNT).status_code == 200


@pytest.fixture
def staff_member(db):
    return UserFactory(username="staff-member", is_staff=True)


@pytest.mark.parametrize(
    ("role", "privileged"),
    [
        ("facilitator", True),
        ("moderator", True),
        ("staff_member", True),
        ("admin_user", True),
        ("stakeholder", False),
    ],
)
def test_privileged_sessions_end_after_inactivity_only(request, settings, clock, role, privileged):
    settings.PRIVILEGED_SESSION_IDLE_TIMEOUT = 30 * 60
    client = signed_in(request.getfixturevalue(role))
    # Active: a request every 25 minutes keeps the session, well past 30 minutes in all.
    for _ in range(3):
        clock(25)
        assert is_signed_in(client)
    # Then 31 minutes without a request.
    clock(31)
    assert is_signed_in(client) is not privileged
    if not privileged:  # Django's fixed two weeks still hold for everyone else
        clock(15 * 24 * 60)
        assert not is_signed_in(client)


def test_inactivity_limit_is_a_setting(settings, clock, moderator):
    settings.PRIVILEGED_SESSION_IDLE_TIMEOUT = 0
    client = signed_in(moderator)
    clock(8 * 60)
    assert is_signed_in(client)


def test_account_page_says_when_a_privileged_session_ends(settings, moderator, stakeholder):
    settings.PRIVILEGED_SESSION_IDLE_TIMEOUT = 20 * 60
    page = signed_in(moderator).get(ACCOUNT).content.decode()
    assert "20 min" in page and "Sign out everywhere" in page
    assert "20 min" not in signed_in(stakeholder).get(ACCOUNT).content.decode()
    assert Client().get(ACCOUNT).status_code == 302


def test_sign_out_everywhere_ends_every_session_once_the_password_is_given(stakeholder):
    here, elsewhere = signed_in(stakeholder), signed_in(stakeholder)
    url = reverse("sign-out-everywhere")
    response = here.post(url, {"password": "not-my-password"})
    assert response.status_code == 400
    assert "This is not your password." in response.content.decode()
    assert is_signed_in(here) and is_signed_in(elsewhere)
    response = here.post(url, {"password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("login")
    assert "signed out on every device" in here.get(response.url).content.decode()
    assert not is_signed_in(here) and not is_signed_in(elsewhere)
    assert AuditEvent.objects.filter(
        action="accounts.sessions.ended", object_id=str(stakeholder.pk)
    ).exists()
    # The password itself is unchanged.
    assert is_signed_in(signed_in(stakeholder))


def test_sign_out_everywhere_needs_a_session_and_limits_password_tries(settings, stakeholder):
    url = reverse("sign-out-everywhere")
    assert Client().post(url, {"password": PASSWORD}).status_code == 302
    settings.STOCKTAKING_RATE_LIMITS = {"reauth": (2, 900)}
    client = signed_in(stakeholder)
    for _ in range(2):
        assert client.post(url, {"password": "guess"}).status_code == 400
    assert client.post(url, {"password": PASSWORD}).status_code == 429
    assert is_signed_in(client)


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(stakeholder):
    """Django's own behaviour (the session hash follows the password; PasswordChangeView
    calls update_session_auth_hash), on the portal's pages."""
    here, elsewhere = signed_in(stakeholder), signed_in(stakeholder)
    page = here.get(reverse("password_change"))
    assert page.status_code == 200 and "Change your password" in page.content.decode()
    response = here.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-brand-new-passphrase-77",
            "new_password2": "a-brand-new-passphrase-77",
        },
    )
    assert response.status_code == 302 and response.url == reverse("password_change_done")
    assert "Password changed" in here.get(response.url).content.decode()
    assert is_signed_in(here)
    assert not is_signed_in(elsewhere)
