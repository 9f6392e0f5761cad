"""An account's other sessions end when its owner turns two-factor sign-in on, changes the
password or resets it (issue 16, layer 17): each tested with two real browsers (clients)
signed in to the same account, and a third on another account, which is left alone."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AccountSession
from tests.support.factories import PASSWORD
from tests.support.two_factor import code_for
from wsis_portal.models import AuditEvent

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a new and long passphrase 7"


def signed_in_browser(user, password=PASSWORD):
    """A client signed in through the sign-in page, with the password only."""
    browser = Client()
    response = browser.post(reverse("login"), {"username": user.username, "password": password})
    assert response.status_code == 302 and "_auth_user_id" in browser.session
    return browser


def is_signed_in(browser) -> bool:
    return browser.get(reverse("account")).status_code == 200


def session_key(browser) -> str:
    return browser.cookies["sessionid"].value


def test_turning_two_factor_on_signs_the_accounts_other_browsers_out(
    stakeholder, other_stakeholder
):
    laptop = signed_in_browser(stakeholder)
    phone = signed_in_browser(stakeholder)  # with the password alone, as a thief might be
    neighbour = signed_in_browser(other_stakeholder)
    before = session_key(laptop)

    laptop.get(reverse("two-factor-setup"))
    device = TOTPDevice.objects.get(user=stakeholder, confirmed=False)
    done = laptop.post(reverse("two-factor-setup"), {"code": code_for(device)})

    assert done.status_code == 200
    page = done.content.decode()
    assert "Two-factor sign-in is on." in page
    assert "Every other device and browser signed in to your account is signed out" in page
    assert is_signed_in(laptop) and session_key(laptop) != before  # kept, under a new key
    assert not is_signed_in(phone)
    assert phone.get(reverse("account")).url.startswith(reverse("login"))
    assert is_signed_in(neighbour)
    assert AccountSession.objects.filter(user=stakeholder).count() == 1
    event = AuditEvent.objects.get(action="accounts.sessions.others_ended")
    assert event.after == {"sessions": 1, "reason": "two_factor"}
    assert "Signed out on other devices" in laptop.get(reverse("account")).content.decode()


def test_turning_it_on_alone_says_nothing_of_other_browsers(stakeholder):
    laptop = signed_in_browser(stakeholder)
    laptop.get(reverse("two-factor-setup"))
    device = TOTPDevice.objects.get(user=stakeholder, confirmed=False)
    page = laptop.post(reverse("two-factor-setup"), {"code": code_for(device)}).content.decode()
    assert "Two-factor sign-in is on." in page and "Every other device" not in page
    assert not AuditEvent.objects.filter(action="accounts.sessions.others_ended").exists()


def test_changing_the_password_signs_the_other_browsers_out_at_once(stakeholder, other_stakeholder):
    laptop = signed_in_browser(stakeholder)
    phone = signed_in_browser(stakeholder)
    neighbour = signed_in_browser(other_stakeholder)
    before = session_key(laptop)

    changed = laptop.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        follow=True,
    )

    page = changed.content.decode()
    assert "You stay signed in here; on every other device and browser, sign in again" in page
    assert is_signed_in(laptop) and session_key(laptop) != before
    # Gone from the database now, not only refused at its next request.
    assert AccountSession.objects.filter(user=stakeholder).count() == 1
    assert not is_signed_in(phone)
    assert is_signed_in(neighbour)
    assert AuditEvent.objects.get(action="accounts.sessions.others_ended").after == {
        "sessions": 1,
        "reason": "password_changed",
    }
    assert is_signed_in(signed_in_browser(stakeholder, NEW_PASSWORD))


def test_a_password_reset_signs_every_browser_out(stakeholder, other_stakeholder):
    laptop = signed_in_browser(stakeholder)
    neighbour = signed_in_browser(other_stakeholder)
    stakeholder.refresh_from_db()  # its last sign-in is part of the link
    uid = urlsafe_base64_encode(force_bytes(stakeholder.pk))
    token = default_token_generator.make_token(stakeholder)

    mailbox = Client()
    form = mailbox.get(reverse("password_reset_confirm", args=[uid, token]), follow=True)
    done = mailbox.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    assert re.search(
        r"Every device and browser that was signed in to your account is", done.content.decode()
    )
    assert not is_signed_in(laptop)
    assert is_signed_in(neighbour)
    assert not AccountSession.objects.filter(user=stakeholder).exists()


def test_sessions_from_djangos_own_table_are_carried_over(stakeholder):
    """Deploying the move signs nobody out: the migration copies Django's session rows."""
    import importlib

    from django.apps import apps
    from django.db import connection

    old = DjangoSessionStore()
    old["_auth_user_id"] = str(stakeholder.pk)
    old["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    old["_auth_user_hash"] = stakeholder.get_session_auth_hash()
    old.create()
    anonymous = DjangoSessionStore()
    anonymous["django_language"] = "fr"
    anonymous.create()

    migration = importlib.import_module("accounts.migrations.0004_account_sessions")
    with connection.schema_editor() as editor:
        migration.copy_sessions(apps, editor)

    assert AccountSession.objects.get(session_key=old.session_key).user == stakeholder
    assert AccountSession.objects.get(session_key=anonymous.session_key).user is None
    browser = Client()
    browser.cookies["sessionid"] = old.session_key
    assert is_signed_in(browser)
