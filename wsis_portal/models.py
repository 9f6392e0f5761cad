"""The audit log shared by every app.

Services write an ``AuditEvent`` explicitly (pretix-style) for every change they make, so
imports, commands and tasks are logged as well as web requests: who, when, which action
(``stocktaking.entry.published``), which object, the state before and after, and why. An event
written for a web request also keeps the client's address (the one every rate limit counts,
``stocktaking.ratelimit.client_address``) and its user agent: the accounts' security events
(``accounts.*``, issue 16, layer 16) are read by them.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .text import ONE_LINE_FORBIDDEN

#: The characters of a user agent an audit event keeps.
USER_AGENT_LENGTH = 255


def request_origin(request) -> dict:
    """The client's address and user agent (control characters removed, cut short), as an
    audit event keeps them; empty outside a request."""
    if request is None:
        return {}
    from stocktaking.ratelimit import client_address

    agent = ONE_LINE_FORBIDDEN.sub("", request.META.get("HTTP_USER_AGENT", ""))
    return {
        "address": ONE_LINE_FORBIDDEN.sub("", client_address(request))[:64],
        "user_agent": agent.strip()[:USER_AGENT_LENGTH],
    }


class AuditEvent(models.Model):
    action = models.CharField(_("action"), max_length=100, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object repr"), max_length=255, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    address = models.CharField(_("address"), max_length=64, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=USER_AGENT_LENGTH, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


def record(action, obj, *, actor=None, before=None, after=None, reason="", request=None):
    """Write one audit event for ``obj``; call it from services inside their transaction.
    ``request``, where there is one, gives the client's address and user agent."""
    return AuditEvent.objects.create(
        **request_origin(request),
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        before=before,
        after=after,
        reason=reason,
    )


class UserPreference(models.Model):
    """What a signed-in user chose for themselves and the portal keeps on their account: the
    interface language, used for their pages on any device and for their e-mails and
    reminders (``wsis_portal.i18n.language_for_user``). One row per user, made on first choice."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="preference",
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )

    class Meta:
        verbose_name = _("user preference")
        verbose_name_plural = _("user preferences")

    def __str__(self):
        return f"{self.user} ({self.language or '-'})"


class IdempotencyKey(models.Model):
    """A request that must act once, by its key: the submission form's one-time token (a
    double click) or an API client's ``Idempotency-Key`` header (a retry). Written in the
    transaction that does the work, so a second request with the same key waits for the
    first and then finds what it did (``wsis_portal.idempotency``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    scope = models.CharField(_("scope"), max_length=100)
    key = models.CharField(_("key"), max_length=255)
    # What the first request sent (a hash), so that the key reused for other data is refused.
    fingerprint = models.CharField(_("fingerprint"), max_length=64, blank=True)
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    response = models.JSONField(_("response"), null=True, blank=True, encoder=DjangoJSONEncoder)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["user", "scope", "key"], name="idempotency_key_once")
        ]

    def __str__(self):
        return f"{self.scope} {self.key} ({self.user_id})"


class DemoRecord(models.Model):
    """One row the demonstration set (``manage.py load_demo``, ``wsis_portal.demo``) made, or
    a reference row it changed: what ``load_demo --remove`` deletes or puts back.

    ``key`` names the row within the set ("entry:telemedicine"), so that loading again finds
    what is there instead of making it twice. ``restore`` is empty for a row the set made
    (removal deletes it) and holds the fields to put back for a row it only changed (a
    mandate's status moved by a demonstration progress update). While any record exists,
    every page says that the portal holds demonstration data.
    """

    key = models.CharField(_("key"), max_length=100, unique=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("content type"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    object_id = models.CharField(_("object id"), max_length=64)
    restore = models.JSONField(_("restore"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("demo record")
        verbose_name_plural = _("demo records")
        ordering = ["id"]

    def __str__(self):
        return f"demo {self.key} ({self.object_id})"
