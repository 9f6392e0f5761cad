"""API tokens: several per account, each named, expiring or not, revocable, with the date it
was last used (issue 18, gap 5; issue 16, layer 15); sessions that know their account."""

import hashlib

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def digest(key: str) -> str:
    """What the database keeps of a token's key: its SHA-256. The key itself (160 random bits)
    is shown once to its owner, so a copy of the database gives nobody a working token."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        """Tokens that authenticate now: not revoked, not expired."""
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    """A key an API client sends (``Authorization: Token <key>`` or ``Bearer <key>``) to act as
    its owner (``wsis_portal.api.authentication``). Created and revoked on the account page
    (``accounts.services``); a revoked or expired token is kept, so its owner sees what it was."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    key_digest = models.CharField(_("key digest"), max_length=64, unique=True)
    # The key's first characters, shown to tell tokens apart (not enough to guess the rest).
    prefix = models.CharField(_("prefix"), max_length=8)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired


class AccountSession(AbstractBaseSession):
    """A browser's session (Django's database sessions, ``SESSION_ENGINE = "accounts.sessions"``)
    with the account signed in to it, so that an account's other sessions can be ended at once
    when it turns two-factor sign-in on or changes its password (``services.end_other_sessions``).
    Django's own session table cannot: it keeps the account inside the signed session data."""

    # No database constraint: a session saved just as its account is deleted must not fail
    # (the ORM still deletes an account's sessions with it).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="+",
    )

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore
