"""Stakeholder accounts: registration confirmed by e-mail, sign-in, password reset, and the
rate limits on registration, sign-in and submission."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse

from stocktaking import notifications
from stocktaking.account_services import CONFIRM_SALT, confirmation_token
from stocktaking.models import Notification
from tests.support.factories import PASSWORD, UserFactory
from wsis_portal.models import UserPreference

# Transactions commit as in production: account mail leaves through the outbox on commit.
pytestmark = pytest.mark.django_db(transaction=True)
User = get_user_model()

REGISTRATION = {
    "username": "amina",
    "email": "Amina@Example.org",
    "password1": "a-long-and-unusual-passphrase",
    "password2": "a-long-and-unusual-passphrase",
}


def confirmation_link():
    return re.search(r"https?://\S+/accounts/register/confirm/\S+/", mail.outbox[-1].body).group(0)


def confirmation_path():
    return "/" + confirmation_link().split("://", 1)[1].split("/", 1)[1]


@pytest.fixture
def smtp_down(monkeypatch):
    def refuse(self, messages):
        raise ConnectionRefusedError("SMTP server unreachable")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    return monkeypatch


def test_register_confirm_and_sign_in(client):
    response = client.post(reverse("register"), REGISTRATION)
    assert response.status_code == 302 and response.url == reverse("register-done")
    user = User.objects.get(username="amina")
    assert not user.is_active and user.email == "amina@example.org"
    assert mail.outbox[-1].to == ["amina@example.org"]
    # Not active yet: sign-in refused.
    assert not client.login(username="amina", password=REGISTRATION["password1"])
    path = confirmation_link().split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_active
    response = client.post(
        reverse("login"), {"username": "amina", "password": REGISTRATION["password1"]}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        signing.dumps({"user": 1, "email": "x@example.org"}, salt="another-salt"),
    ],
    ids=["garbage", "signed-for-another-purpose"],  # the same in every test process
)
def test_forged_confirmation_refused(client, token):
    response = client.get(reverse("register-confirm", args=[token]))
    assert response.status_code == 400
    assert b"not valid" in response.content


def test_confirmation_for_a_changed_address_refused(client):
    user = UserFactory(username="changed", is_active=False)
    token = confirmation_token(user)
    user.email = "new@example.org"
    user.save()
    assert client.get(reverse("register-confirm", args=[token])).status_code == 400
    user.refresh_from_db()
    assert not user.is_active


def test_registration_errors_beside_fields_and_input_kept(client):
    response = client.post(
        reverse("register"),
        {**REGISTRATION, "username": "newname", "email": "not-an-address", "password2": "x"},
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "email" in form.errors and "password2" in form.errors
    assert b'value="newname"' in response.content
    assert not mail.outbox


def test_registration_does_not_reveal_a_registered_address(client):
    """Issue 16, hole 13: registering with an address that has an account answers exactly as
    a new registration does; the address's owner is told by e-mail, and no account is made."""
    owner = UserFactory(username="owner", email="Taken@Example.org")
    fresh = client.post(reverse("register"), REGISTRATION)
    mail.outbox.clear()
    taken = client.post(
        reverse("register"), {**REGISTRATION, "username": "intruder", "email": "taken@example.org"}
    )
    assert (taken.status_code, taken.url) == (fresh.status_code, fresh.url)
    assert taken.url == reverse("register-done")
    assert not User.objects.filter(username="intruder").exists()
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1
    assert [message.to for message in mail.outbox] == [[owner.email]]
    body = mail.outbox[0].body
    assert "someone tried to register" in body and "intruder" not in body
    assert reverse("password_reset") in body and "no new account was created" in body


def test_registration_notices_to_one_address_are_limited(client, settings):
    """Registering the same taken address from many clients cannot flood its owner."""
    settings.STOCKTAKING_RATE_LIMITS = {"register-notice": (2, 3600)}
    UserFactory(username="owner", email="taken@example.org")
    for n in range(4):
        data = {**REGISTRATION, "username": f"try{n}", "email": "taken@example.org"}
        response = client.post(reverse("register"), data, REMOTE_ADDR=f"10.0.0.{n}")
        assert response.status_code == 302 and response.url == reverse("register-done")
    assert len(mail.outbox) == 2


def test_registration_rate_limited(client, settings):
    settings.STOCKTAKING_RATE_LIMITS = {"register": (2, 3600)}
    for n in range(2):
        data = {**REGISTRATION, "username": f"u{n}", "email": f"u{n}@example.org"}
        assert client.post(reverse("register"), data).status_code == 302
    response = client.post(
        reverse("register"), {**REGISTRATION, "username": "u9", "email": "u9@example.org"}
    )
    assert response.status_code == 429 and response["Retry-After"] == "3600"
    assert not User.objects.filter(username="u9").exists()


def test_sign_in_rate_limited(client, settings, stakeholder):
    settings.STOCKTAKING_RATE_LIMITS = {"login": (3, 300)}
    for _ in range(3):
        response = client.post(reverse("login"), {"username": "stakeholder", "password": "bad"})
        assert response.status_code == 200
    response = client.post(reverse("login"), {"username": "stakeholder", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_submission_rate_limited(client, settings, stakeholder):
    settings.STOCKTAKING_RATE_LIMITS = {"submission": (2, 3600)}
    client.force_login(stakeholder)
    for n in range(2):
        response = client.post(reverse("stocktaking:entry-create"), {"title": f"T{n}"})
        assert response.status_code == 302
    response = client.post(reverse("stocktaking:entry-create"), {"title": "T3"})
    assert response.status_code == 429


def test_password_reset(client, stakeholder):
    response = client.get(reverse("password_reset"))
    assert response.status_code == 200 and b"Reset your password" in response.content
    client.post(reverse("password_reset"), {"email": stakeholder.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/reset/\S+/", mail.outbox[0].body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    response = client.get(path, follow=True)
    assert b"Choose a new password" in response.content
    response = client.post(
        response.redirect_chain[-1][0],
        {
            "new_password1": "another-long-passphrase-42",
            "new_password2": "another-long-passphrase-42",
        },
    )
    assert response.status_code == 302
    assert client.login(username="stakeholder", password="another-long-passphrase-42")


def test_password_reset_rate_limited_per_client_and_address(client, settings, stakeholder):
    """Issue 16, hole 13: reset requests are limited per e-mail address (from any client)
    and per client (over any addresses), registered or not."""
    settings.STOCKTAKING_RATE_LIMITS = {"password-reset-address": (2, 3600)}
    for n in range(2):
        response = client.post(
            reverse("password_reset"), {"email": stakeholder.email}, REMOTE_ADDR=f"10.0.1.{n}"
        )
        assert response.status_code == 302
    response = client.post(
        reverse("password_reset"), {"email": stakeholder.email}, REMOTE_ADDR="10.0.1.9"
    )
    assert response.status_code == 429 and response["Retry-After"] == "3600"
    assert len(mail.outbox) == 2
    settings.STOCKTAKING_RATE_LIMITS = {"password-reset": (3, 3600)}
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        response = client.post(reverse("password_reset"), {"email": email})
        assert response.status_code == 302
    response = client.post(reverse("password_reset"), {"email": "d@example.org"})
    assert response.status_code == 429


def test_the_password_reset_mail_waits_in_the_outbox_while_smtp_is_down(
    client, settings, smtp_down, stakeholder
):
    """The reset mail goes through the outbox like every account mail: asked while the SMTP
    server is down, it is sent when it is back, with its link on SITE_URL (not the host the
    request named), and the link works."""
    settings.SITE_URL = "https://portal.example.org"
    settings.ALLOWED_HOSTS = ["elsewhere.example.net", "testserver"]
    response = client.post(
        reverse("password_reset"), {"email": stakeholder.email}, HTTP_HOST="elsewhere.example.net"
    )
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    row = Notification.objects.get(recipient=stakeholder)
    assert row.kind == "account" and row.status == "pending" and "unreachable" in row.last_error
    assert row.subject == "Reset your WSIS Portal password"
    assert not mail.outbox

    smtp_down.undo()
    assert notifications.deliver_pending(now=row.next_attempt_at) == 1
    (message,) = mail.outbox
    assert message.to == [stakeholder.email]
    assert message.subject == "Reset your WSIS Portal password"
    link = re.search(r"https://portal\.example\.org(/accounts/reset/\S+/)", message.body)
    assert "elsewhere.example.net" not in message.body
    form = client.get(link.group(1), follow=True)
    assert b"Choose a new password" in form.content
    done = client.post(
        form.redirect_chain[-1][0],
        {
            "new_password1": "reset-while-smtp-was-down",
            "new_password2": "reset-while-smtp-was-down",
        },
    )
    assert done.status_code == 302
    assert client.login(username=stakeholder.username, password="reset-while-smtp-was-down")


def test_the_password_reset_mail_is_in_the_accounts_language(client, stakeholder):
    """Asked on the English page by an account whose language is Spanish: Spanish, with the
    Spanish page's link."""
    UserPreference.objects.create(user=stakeholder, language="es")
    client.post(reverse("password_reset"), {"email": stakeholder.email})
    (message,) = mail.outbox
    assert message.subject == "Restablezca su contraseña en el portal de la CMSI"
    assert "Elija una contraseña nueva aquí:" in message.body
    assert "/es/accounts/reset/" in message.body


def test_confirm_salt_is_specific():
    assert CONFIRM_SALT.startswith("stocktaking.")


def test_confirmation_link_works_once(client):
    """Issue 16, hole 6: a used link, and a link of an account an admin deactivated since,
    activate nothing, and the page says the link was used."""
    client.post(reverse("register"), REGISTRATION)
    path = confirmation_path()
    assert client.get(path).status_code == 302
    user = User.objects.get(username="amina")
    assert user.is_active
    response = client.get(path)
    assert response.status_code == 400
    assert b"already been used" in response.content
    user.is_active = False  # an admin deactivates the account
    user.save()
    response = client.get(path)
    assert response.status_code == 400 and b"already been used" in response.content
    user.refresh_from_db()
    assert not user.is_active


def test_a_second_link_is_spent_by_the_first(client):
    client.post(reverse("register"), REGISTRATION)
    first = confirmation_path()
    client.post(reverse("register-resend"), {"email": "amina@example.org"})
    second = confirmation_path()  # the same as the first when sent within one second
    assert client.get(second).status_code == 302
    assert client.get(first).status_code == 400


def test_registration_succeeds_when_smtp_is_down(client, smtp_down):
    """Issue 16, hole 6: the confirmation mail waits in the outbox and is sent on retry."""
    response = client.post(reverse("register"), REGISTRATION)
    assert response.status_code == 302 and response.url == reverse("register-done")
    user = User.objects.get(username="amina")
    row = Notification.objects.get(recipient=user)
    assert row.status == "pending" and "unreachable" in row.last_error
    smtp_down.undo()  # the SMTP server is back; the sweep sends the mail when it is due
    assert notifications.deliver_pending(now=row.next_attempt_at) == 1
    assert mail.outbox[-1].to == ["amina@example.org"]
    assert client.get(confirmation_path()).status_code == 302
    user.refresh_from_db()
    assert user.is_active


def test_resend_confirmation(client):
    client.post(reverse("register"), REGISTRATION)
    assert len(mail.outbox) == 1
    page = client.get(reverse("register-resend"))
    assert page.status_code == 200 and b"Send the confirmation link again" in page.content
    response = client.post(reverse("register-resend"), {"email": "AMINA@example.org"})
    assert response.status_code == 302 and response.url == reverse("register-resent")
    assert len(mail.outbox) == 2 and mail.outbox[-1].to == ["amina@example.org"]
    assert client.get(confirmation_path()).status_code == 302
    # The same answer, and no mail, for an unknown address and for an account already active.
    for email in ("nobody@example.org", "amina@example.org"):
        response = client.post(reverse("register-resend"), {"email": email})
        assert response.status_code == 302 and response.url == reverse("register-resent")
    assert len(mail.outbox) == 2


def test_resend_confirmation_rate_limited_per_address_and_client(client, settings):
    settings.STOCKTAKING_RATE_LIMITS = {"confirm-resend-address": (2, 3600)}
    for _ in range(2):
        assert (
            client.post(reverse("register-resend"), {"email": "a@example.org"}).status_code == 302
        )
    response = client.post(reverse("register-resend"), {"email": "a@example.org"})
    assert response.status_code == 429
    settings.STOCKTAKING_RATE_LIMITS = {"confirm-resend": (3, 3600)}
    response = client.post(reverse("register-resend"), {"email": "b@example.org"})
    assert response.status_code == 429  # the client's fourth request this hour
    assert client.post(reverse("register-resend"), {"email": "x"}).status_code == 400


def test_sign_in_before_confirming_says_so(client):
    """Issue 18, defect 6: the right password on an unconfirmed account is told to confirm
    and offered the resend page; a wrong password gets the usual answer."""
    client.post(reverse("register"), REGISTRATION)
    password = REGISTRATION["password1"]
    response = client.post(reverse("login"), {"username": "amina", "password": password})
    assert response.status_code == 200
    assert b"not confirmed yet" in response.content
    assert reverse("register-resend").encode() in response.content
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("login"), {"username": "amina", "password": "wrong"})
    assert b"not confirmed" not in response.content
    assert reverse("register-resend").encode() not in response.content
    assert b"correct username and password" in response.content
