"""Two-factor sign-in (issue 16, layer 15), role by role: optional for stakeholders, required
for facilitators, moderators and staff before any privileged page; codes limited; recovery
codes that work once."""

import re
from base64 import b32encode
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.support.factories import PASSWORD, UserFactory
from tests.support.two_factor import code_for, give_authenticator, password_only
from wsis_portal.models import AuditEvent

pytestmark = pytest.mark.django_db

PRIVILEGED = ["facilitator", "moderator", "admin_user"]
# A page of each privileged role's own.
ROLE_PAGE = {
    "facilitator": "/action-lines/mine/",
    "moderator": "/stocktaking/moderation/",
    "admin_user": "/admin/",
}


def signed_in(client):
    return "_auth_user_id" in client.session


def give_password(client, user, next_url=""):
    data = {"username": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


def set_up(client, user):
    """Set two-factor sign-in up through its page; the recovery codes it shows."""
    page = client.get(reverse("two-factor-setup"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    done = client.post(reverse("two-factor-setup"), {"code": code_for(device)})
    assert done.status_code == 200
    return re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())


def test_a_stakeholder_signs_in_with_a_password_alone_until_they_choose(client, stakeholder):
    response = give_password(client, stakeholder)
    assert response.status_code == 302 and response.url == reverse("actionlines:home")
    assert signed_in(client)
    page = client.get(reverse("account")).content.decode()
    assert "Set up two-factor sign-in" in page


def test_the_set_up_page_shows_a_qr_code_and_the_secret_as_text(client, stakeholder):
    give_password(client, stakeholder)
    page = client.get(reverse("two-factor-setup")).content.decode()
    device = TOTPDevice.objects.get(user=stakeholder, confirmed=False)
    secret = b32encode(device.bin_key).decode()
    assert re.search(
        r'<svg role="img" [^>]*><title>QR code for your authenticator app</title>', page
    )
    assert "<script" not in page.split("<main", 1)[1]
    shown = re.search(r'<code class="setup-key" id="setup-key">([A-Z2-7 ]+)</code>', page)
    assert shown.group(1).replace(" ", "") == secret
    # A reload shows the same secret: the app scanned a moment ago still matches.
    again = client.get(reverse("two-factor-setup")).content.decode()
    assert shown.group(0) in again


def test_a_stakeholder_turns_it_on_then_needs_a_code_to_sign_in(client, stakeholder):
    give_password(client, stakeholder)
    wrong = client.post(reverse("two-factor-setup"), {"code": "000000"})
    assert wrong.status_code == 400
    assert "This code is not right" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=stakeholder, confirmed=True).exists()

    codes = set_up(client, stakeholder)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert AuditEvent.objects.filter(
        action="accounts.two_factor.enabled", object_id=str(stakeholder.pk)
    ).exists()
    account = client.get(reverse("account")).content.decode()
    assert "You have 10 unused recovery codes." in account

    other = Client()
    response = give_password(other, stakeholder, next_url="/stocktaking/mine/")
    assert response.status_code == 302 and response.url == reverse("two-factor-sign-in")
    assert not signed_in(other)  # the password alone opens nothing
    assert other.get(reverse("account")).status_code == 302
    done = other.post(
        reverse("two-factor-sign-in"), {"code": code_for(give_authenticator(stakeholder))}
    )
    assert done.status_code == 302 and done.url == "/stocktaking/mine/"
    assert signed_in(other)


def test_a_totp_code_works_once(client, stakeholder):
    device = give_authenticator(stakeholder)
    code = code_for(device)
    give_password(client, stakeholder)
    assert client.post(reverse("two-factor-sign-in"), {"code": code}).status_code == 302
    again = Client()
    give_password(again, stakeholder)
    assert again.post(reverse("two-factor-sign-in"), {"code": code}).status_code == 400
    assert not signed_in(again)


def test_a_recovery_code_works_once(client, stakeholder):
    give_password(client, stakeholder)
    codes = set_up(client, stakeholder)
    for attempt, expected in ((1, 302), (2, 400)):
        other = Client()
        give_password(other, stakeholder)
        # As people copy it: upper case, with a space in the middle.
        typed = f"{codes[0][:4]} {codes[0][4:]}".upper()
        response = other.post(reverse("two-factor-sign-in"), {"code": typed})
        assert response.status_code == expected, attempt
    assert StaticToken.objects.filter(device__user=stakeholder).count() == 9


def test_new_recovery_codes_replace_the_old_ones(client, stakeholder):
    give_password(client, stakeholder)
    old = set_up(client, stakeholder)
    page = client.post(reverse("two-factor-recovery-codes")).content.decode()
    new = re.findall(r"<li><code>([a-z0-9]+)</code></li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    other = Client()
    give_password(other, stakeholder)
    assert other.post(reverse("two-factor-sign-in"), {"code": old[0]}).status_code == 400


def test_a_stakeholder_can_turn_it_off_with_their_password(client, stakeholder):
    give_password(client, stakeholder)
    set_up(client, stakeholder)
    wrong = client.post(reverse("two-factor-disable"), {"disable-password": "guess"})
    assert wrong.status_code == 400
    assert TOTPDevice.objects.filter(user=stakeholder).exists()
    response = client.post(reverse("two-factor-disable"), {"disable-password": PASSWORD})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=stakeholder).exists()
    assert AuditEvent.objects.filter(action="accounts.two_factor.disabled").exists()
    other = Client()
    give_password(other, stakeholder)
    assert signed_in(other)


@pytest.mark.parametrize("role", PRIVILEGED)
def test_a_privileged_role_is_sent_to_set_it_up_and_cannot_turn_it_off(request, client, role):
    user = request.getfixturevalue(role)
    response = give_password(client, user, next_url=ROLE_PAGE[role])
    assert response.status_code == 302
    assert (
        response.url == f"{reverse('two-factor-setup')}?next={ROLE_PAGE[role].replace('/', '%2F')}"
    )
    # Their role's page sends them back to the set-up as long as it is not done.
    refused = client.get(ROLE_PAGE[role], follow=True)
    assert refused.redirect_chain[-1][0].startswith(reverse("two-factor-setup"))
    assert "requires two-factor sign-in" in refused.content.decode()
    set_up(client, user)
    assert client.get(ROLE_PAGE[role]).status_code == 200
    assert (
        client.post(reverse("two-factor-disable"), {"disable-password": PASSWORD}).status_code
        == 403
    )
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@pytest.mark.parametrize("role", PRIVILEGED)
def test_a_privileged_role_gives_a_code_before_any_page(request, client, role):
    user = request.getfixturevalue(role)
    device = give_authenticator(user)
    response = give_password(client, user, next_url=ROLE_PAGE[role])
    assert response.url == reverse("two-factor-sign-in") and not signed_in(client)
    assert client.get(ROLE_PAGE[role]).status_code == 302
    done = client.post(reverse("two-factor-sign-in"), {"code": code_for(device)})
    assert done.status_code == 302 and done.url == ROLE_PAGE[role]
    assert client.get(ROLE_PAGE[role]).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/action-lines/mine/",
        "/action-lines/c3/edit/",
        "/meetings/new/",
        "/mandates/mine/",
        "/stocktaking/moderation/",
        "/admin/",
        "/admin/auth/user/",
    ],
)
def test_a_session_that_skipped_the_second_factor_opens_no_privileged_page(
    path, facilitator, moderator, admin_user
):
    """A session signed in before two-factor sign-in existed (or by any path around it)."""
    facilitator.groups.add(Group.objects.get(name="moderators"))
    facilitator.is_staff = facilitator.is_superuser = True
    facilitator.save()
    give_authenticator(facilitator)
    client = Client()
    client.post(reverse("login"), {"username": "facilitator", "password": PASSWORD})
    assert not signed_in(client)
    # The session has the password only (as sessions from before this change do).
    password_only(client, facilitator)
    response = client.get(path, follow=True)
    assert (
        response.redirect_chain[-1][0]
        == f"{reverse('two-factor-sign-in')}?next={quote(path, safe='')}"
    )
    assert "Two-factor sign-in" in response.content.decode()


def test_the_admin_sign_in_is_the_portals(client, admin_user):
    response = client.get("/admin/login/?next=/admin/auth/user/")
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=%2Fadmin%2Fauth%2Fuser%2F"
    # A password posted there checks nothing and signs nobody in.
    posted = client.post("/admin/login/", {"username": "admin", "password": PASSWORD})
    assert posted.status_code == 302 and not signed_in(client)


def test_wrong_codes_are_limited_per_account(client, settings, stakeholder):
    settings.STOCKTAKING_RATE_LIMITS = {"two-factor": (3, 300)}
    device = give_authenticator(stakeholder)
    give_password(client, stakeholder)
    for guess in ("111111", "222222", "333333"):
        assert client.post(reverse("two-factor-sign-in"), {"code": guess}).status_code == 400
    response = client.post(reverse("two-factor-sign-in"), {"code": code_for(device)})
    assert response.status_code == 429 and response["Retry-After"] == "300"
    assert not signed_in(client)


def test_guesses_from_many_clients_share_the_accounts_budget(settings, stakeholder):
    settings.STOCKTAKING_RATE_LIMITS = {"two-factor-account": (3, 900)}
    device = give_authenticator(stakeholder)
    for number, address in enumerate(["198.51.100.1", "198.51.100.2", "198.51.100.3"]):
        client = Client(REMOTE_ADDR=address)
        give_password(client, stakeholder)
        client.post(reverse("two-factor-sign-in"), {"code": f"{number}00000"})
    last = Client(REMOTE_ADDR="198.51.100.4")
    give_password(last, stakeholder)
    response = last.post(reverse("two-factor-sign-in"), {"code": code_for(device)})
    assert response.status_code == 429 and not signed_in(last)


@pytest.mark.parametrize(
    "code", ["", "1" * 33, "<script>alert(1)</script>", "' OR 1=1 --", "１２３４５６"]
)
def test_odd_codes_are_refused_plainly(client, stakeholder, code):
    give_authenticator(stakeholder)
    give_password(client, stakeholder)
    response = client.post(reverse("two-factor-sign-in"), {"code": code})
    assert response.status_code == 400
    assert "<script>alert" not in response.content.decode()
    assert not signed_in(client)


def test_the_code_step_without_a_password_first_goes_to_sign_in(client):
    assert client.get(reverse("two-factor-sign-in")).url == reverse("login")
    assert client.post(reverse("two-factor-sign-in"), {"code": "123456"}).url == reverse("login")


def test_a_stakeholder_with_an_authenticator_has_no_privileged_page(client, stakeholder):
    """Two-factor sign-in changes who is signed in, not what they may do."""
    give_authenticator(stakeholder)
    give_password(client, stakeholder)
    client.post(reverse("two-factor-sign-in"), {"code": code_for(give_authenticator(stakeholder))})
    assert signed_in(client)
    assert client.get("/stocktaking/moderation/").status_code == 403


def test_nobody_else_enables_two_factor_for_an_account(client):
    user = UserFactory(username="someone")
    assert client.get(reverse("two-factor-setup")).status_code == 302
    assert client.post(reverse("two-factor-setup"), {"code": "123456"}).status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
