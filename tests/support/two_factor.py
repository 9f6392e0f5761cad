"""Two-factor sign-in in tests: an authenticator app for an account, and the code it would
show now, computed with django-otp's own TOTP function."""

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.permissions import requires_two_factor


def give_authenticator(user) -> TOTPDevice:
    """The account's confirmed authenticator app (made if it has none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app")


def code_for(device) -> str:
    """The code the app shows now; the next one if that was already used (a code works once)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.drift += device.last_t - totp.t() + 1  # within the device's tolerance of one step
    return f"{totp.token():0{device.digits}d}"


_force_login = Client.force_login


def password_only(client, user):
    """A session signed in without the second factor (as those from before it existed)."""
    _force_login(client, user)


def force_login_with_second_factor(client, user, backend=None):
    """``Client.force_login`` as the tests mean it: a full sign-in. An account whose role
    requires two-factor sign-in gets an authenticator and a session that passed it (the
    tests of the two-factor steps sign in through the pages instead)."""
    _force_login(client, user, backend)
    if requires_two_factor(user):
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = give_authenticator(user).persistent_id
        session.save()
