"""Accounts' security: two-factor sign-in and API tokens.

Two-factor sign-in (issue 16, layer 15) runs on django-otp's devices: a ``TOTPDevice`` (an
authenticator app: a code that changes every 30 seconds) and a ``StaticDevice`` holding the
account's single-use recovery codes. django-otp verifies the codes (a TOTP code once only); the
portal decides who must use it (``permissions.requires_two_factor``), when the sign-in asks for
it, how many codes may be tried (``ratelimit.two_factor_refusal``) and records every change in
the audit log.
"""

import datetime
import secrets
from base64 import b32encode

import django_otp
import segno
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from stocktaking import ratelimit
from wsis_portal.models import AuditEvent, record, request_origin

from .models import AccountSession, ApiToken, digest
from .permissions import requires_two_factor

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def pending_device(user) -> TOTPDevice:
    """The authenticator being set up: unconfirmed until a code from it is given. The same one
    on every visit of the set-up page, so a reload does not change the QR code already
    scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def setup_key(device) -> str:
    """The secret as authenticator apps accept it typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device, title) -> str:
    """The device's ``otpauth://`` address as an inline SVG QR code (drawn here, no outside
    service and no script), dark on a light quiet zone so that cameras read it in any theme."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", title=title
    )
    return svg.replace("<svg ", '<svg role="img" ', 1)


def normalise_code(code) -> str:
    """A code as typed, without the spaces and dashes people add when copying."""
    return "".join(str(code).split()).replace("-", "").lower()


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def confirm_device(user, device, code, *, request=None):
    """Turn two-factor sign-in on with ``device`` once ``code`` is one it shows. Any other
    authenticator of the account is replaced, and a fresh set of recovery codes is made.
    Returns the recovery codes (to show once), or None when the code is wrong."""
    if device.user_id != user.pk or not device.verify_token(normalise_code(code)):
        return None
    replaced = TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).exists()
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    record(
        "accounts.two_factor.replaced" if replaced else "accounts.two_factor.enabled",
        user,
        actor=user,
    )
    return codes


def end_other_sessions(user, request=None, *, reason) -> int:
    """End every session of ``user`` except ``request``'s (which the caller has given a new
    key: ``cycle_key``, or Django's ``update_session_auth_hash``), on every device at once.
    Returns how many were ended, and records it. ``reason`` is the audit event's."""
    sessions = AccountSession.objects.filter(user=user)
    if request is not None and request.session.session_key:
        sessions = sessions.exclude(session_key=request.session.session_key)
    ended, _ = sessions.delete()
    if ended:
        record(
            "accounts.sessions.others_ended",
            user,
            actor=user if request is not None else None,
            after={"sessions": ended, "reason": reason},
            request=request,
        )
    return ended


@transaction.atomic
def regenerate_recovery_codes(user, *, request=None) -> list[str]:
    """New recovery codes for the account; the old ones stop working."""
    codes = _new_recovery_codes(user)
    record("accounts.two_factor.recovery_codes_regenerated", user, actor=user, request=request)
    return codes


@transaction.atomic
def disable_two_factor(user, *, by, request=None):
    """Remove the account's authenticator and recovery codes (the caller checks that the
    account may go without: ``permissions.requires_two_factor``)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record("accounts.two_factor.disabled", user, actor=by, request=request)


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify_code(user, code):
    """The device that accepts ``code`` for ``user``, or None: six digits are tried on the
    authenticator app, anything else on the recovery codes (each works once)."""
    code = normalise_code(code)
    # An app's code is six digits; a recovery code eight letters and digits.
    model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    devices = list(model.objects.filter(user=user, confirmed=True))
    for device in devices:
        verified = django_otp.verify_token(user, device.persistent_id, code)
        if verified is not None:
            return verified
    return None


# --- API tokens (issue 18, gap 5) ----------------------------------------------------------

#: Usable tokens an account may hold at once.
MAX_USABLE_TOKENS = 20
#: How often a token's "last used" date is written (not on every request).
LAST_USED_PRECISION = datetime.timedelta(minutes=5)


@transaction.atomic
def create_token(user, *, name, expires_in_days, request=None):
    """A new token for ``user``, and its key (shown once: only its digest is kept).
    ``expires_in_days`` None makes a token that does not expire, which accounts that must use
    two-factor sign-in may not have. The caller makes sure that those accounts' session has
    passed two-factor sign-in (``permissions.TwoFactorRequiredMixin``)."""
    if expires_in_days is None and requires_two_factor(user):
        raise ValidationError(
            {"expires": _("Your role's tokens must expire: choose how long this one lasts.")},
            code="expiry_required",
        )
    if ApiToken.objects.filter(user=user).usable().count() >= MAX_USABLE_TOKENS:
        raise ValidationError(
            _("You have %(count)s tokens already: revoke one you no longer use first."),
            code="too_many_tokens",
            params={"count": MAX_USABLE_TOKENS},
        )
    key = secrets.token_hex(20)
    now = timezone.now()
    token = ApiToken(
        user=user,
        name=name,
        key_digest=digest(key),
        prefix=key[:8],
        created_at=now,
        expires_at=now + datetime.timedelta(days=expires_in_days) if expires_in_days else None,
    )
    token.full_clean()
    token.save()
    record("accounts.token.created", user, actor=user, after=_token_facts(token), request=request)
    return token, key


@transaction.atomic
def revoke_token(token, *, by, request=None):
    """Stop ``token`` from working, at once and for good."""
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    facts = _token_facts(token)
    record("accounts.token.revoked", token.user, actor=by, before=facts, request=request)


def _token_facts(token):
    return {
        "token": token.name,
        "prefix": token.prefix,
        "expires_at": token.expires_at.isoformat() if token.expires_at else None,
    }


def token_for_key(key):
    """The token whose key is ``key`` (usable or not), with its user; None if there is none."""
    return ApiToken.objects.select_related("user").filter(key_digest=digest(key)).first()


def note_token_use(token):
    """Keep the token's "last used" date, written at most every few minutes."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


# --- Security events (issue 16, layer 16) --------------------------------------------------

#: How many of an account's security events its page lists.
SECURITY_EVENTS_SHOWN = 30


def security_events(user):
    """The account's latest security events (``accounts.*`` audit events about it)."""
    return AuditEvent.objects.filter(
        object_type=user._meta.label_lower, object_id=str(user.pk), action__startswith="accounts."
    ).select_related("actor")[:SECURITY_EVENTS_SHOWN]


def record_sign_in_failure(request, username):
    """A wrong password (or an inactive account) for the account named ``username``. A name
    with no account is kept as no name: people type their password in the wrong box."""
    user = ratelimit.account_for_name(username)
    if user is not None:
        return record("accounts.sign_in_failed", user, request=request)
    model = get_user_model()
    return AuditEvent.objects.create(
        action="accounts.sign_in_failed",
        object_type=model._meta.label_lower,
        object_id="",
        **request_origin(request),
    )


def record_throttled(request, scope, user):
    """A refused attempt (sign-in or code), once per limit's window for this client, scope and
    account, so a flood of refused attempts writes one row."""
    once = f"security-throttled:{scope}:{ratelimit.client_address(request)}:{user.pk}"
    if cache.add(once, 1, timeout=ratelimit.retry_after(scope)):
        record("accounts.sign_in_throttled", user, request=request, after={"limit": scope})
