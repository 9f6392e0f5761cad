"""Stakeholder accounts: registration, one-time e-mail confirmation, and account e-mail
(confirmation, "someone tried to register", password reset), all through the outbox.

A registration writes the inactive account, its pending ``AccountConfirmation`` and the
confirmation e-mail as an outbox row (``Notification`` of kind ``account``) in one transaction;
delivery is queued after commit like every notification, so a registration succeeds while the
SMTP server or the broker is down and the sweep sends the mail when they are back.

The link carries a signed, timestamped token (``django.core.signing``) naming the user and the
address it was sent to. It activates the account only while the account's confirmation is
pending: the first link opened spends them all, so a used link, or a link of an account an
admin has deactivated since, activates nothing.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wsis_portal.i18n import account_language, language_for_user
from wsis_portal.links import absolute_url
from wsis_portal.models import UserPreference, record

from . import ratelimit
from .models import AccountConfirmation, Notification
from .notifications import queue_delivery

CONFIRM_SALT = "stocktaking.account.confirm"
CONFIRM_MAX_AGE = 3 * 24 * 60 * 60


class Confirmation:
    """What opening a confirmation link did (``confirm_account``'s answer)."""

    CONFIRMED = "confirmed"
    INVALID = "invalid"  # forged, expired, or for an address the account no longer has
    USED = "used"  # the account's confirmation was already spent (by this or another link)


def confirmation_token(user) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=CONFIRM_SALT)


def user_from_token(token):
    """The user the token was issued for, or None if it is forged, expired or stale."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    user = get_user_model().objects.filter(pk=data.get("user")).first()
    if user is None or user.email != data.get("email"):
        return None
    return user


def awaits_confirmation(user) -> bool:
    """Whether the account registered itself and its e-mail is not confirmed yet."""
    if user.is_active:
        return False
    confirmation = AccountConfirmation.objects.filter(user=user).first()
    return confirmation is not None and confirmation.is_pending


def queue_account_mail(user, subject, body) -> Notification:
    """Write an account e-mail to the outbox (call inside the writing transaction) and queue
    its delivery for after commit; a failed send stays pending for the sweep to retry."""
    row = Notification.objects.create(
        kind=Notification.Kind.ACCOUNT,
        recipient=user,
        email=user.email,
        subject=subject[:255],
        body=body,
    )
    transaction.on_commit(lambda: queue_delivery([row.pk]))
    return row


def send_confirmation(user) -> Notification:
    """Queue a confirmation e-mail with a fresh link, in the account's language."""
    with translation.override(language_for_user(user)):
        link = absolute_url(reverse("register-confirm", args=[confirmation_token(user)]))
        body = render_to_string("registration/confirm_email.txt", {"user": user, "link": link})
        return queue_account_mail(user, _("Confirm your WSIS Portal account"), body)


def send_registration_notice(user) -> Notification:
    """Tell the owner of an address that someone tried to register it again, with the links
    they may need (sign in, reset the password, confirm), in the account's language."""
    with translation.override(language_for_user(user)):
        links = {
            "login_link": absolute_url(reverse("login")),
            "reset_link": absolute_url(reverse("password_reset")),
            "resend_link": absolute_url(reverse("register-resend")),
        }
        body = render_to_string(
            "registration/account_exists_email.txt",
            {"user": user, "awaits_confirmation": awaits_confirmation(user), **links},
        )
        return queue_account_mail(
            user, _("Someone tried to register with your e-mail address"), body
        )


@transaction.atomic
def send_password_reset(user, context, *, template) -> Notification:
    """Queue the password-reset mail that Django's ``PasswordResetForm`` prepared (``context``:
    the account, its uid and one-time token) in the account's language, else in the language
    it was asked in, with links on SITE_URL like every mail the portal sends."""
    with translation.override(account_language(user) or translation.get_language()):
        body = render_to_string(template, {**context, "site_url": absolute_url("")})
        return queue_account_mail(user, _("Reset your WSIS Portal password"), body)


@transaction.atomic
def register_account(form, *, language):
    """Create the account from a valid ``RegistrationForm``, inactive until confirmed, and
    queue its confirmation e-mail. ``language`` becomes the account's until they choose.

    An address that already has an account gets no second one: its owner is e-mailed that
    someone tried (at most ``register-notice`` times per address and window, so nobody can
    flood a mailbox through this form), and the caller answers as for a new account, so the
    form reveals nothing about which addresses are registered. Returns the new user or None.
    """
    existing = list(
        get_user_model().objects.filter(email__iexact=form.cleaned_data["email"]).order_by("pk")
    )
    if existing:
        # The same password hashing as a new account, so the answer takes as long.
        make_password(form.cleaned_data["password1"])
        if ratelimit.allow("register-notice", form.cleaned_data["email"]):
            for user in existing:
                send_registration_notice(user)
        return None
    user = form.save(commit=False)
    user.is_active = False
    user.save()
    UserPreference.objects.create(user=user, language=language)
    AccountConfirmation.objects.create(user=user, email=user.email)
    send_confirmation(user)
    return user


@transaction.atomic
def resend_confirmation(email) -> bool:
    """Queue a fresh link for the account awaiting confirmation at ``email``, if there is
    one; the caller answers the same either way."""
    pending = AccountConfirmation.objects.filter(
        user__email__iexact=email.strip(), user__is_active=False, confirmed_at__isnull=True
    ).select_related("user")
    for confirmation in pending:
        send_confirmation(confirmation.user)
    return bool(pending)


def confirm_account(token):
    """Activate the account the link was sent for, once. Returns (outcome, user)."""
    user = user_from_token(token)
    if user is None:
        return Confirmation.INVALID, None
    with transaction.atomic():
        # One UPDATE claims the pending confirmation: of two links opened at once, one wins.
        spent = AccountConfirmation.objects.filter(
            user=user, email=user.email, confirmed_at__isnull=True
        ).update(confirmed_at=timezone.now())
        if not spent:
            return Confirmation.USED, user
        user.is_active = True
        user.save(update_fields=["is_active"])
    return Confirmation.CONFIRMED, user


@transaction.atomic
def end_every_session(user, password):
    """Sign the account out on every device ("sign out everywhere"), given its password.

    Django checks on every request that a session's stored hash of the password still
    matches the account's (``get_user``); re-hashing the same password with a fresh salt
    changes it, so every session of the account ends, and so do password-reset links already
    sent. The caller signs the current session out too."""
    user.set_password(password)
    user.save(update_fields=["password"])
    record("accounts.sessions.ended", user, actor=user)
