"""E-mail about the moderation workflow, through an outbox.

``notify_transition`` runs inside the transition's transaction: it writes one ``Notification``
row per recipient (pending) and asks for delivery only once that transaction commits. A rolled
back transition leaves no row and sends nothing. If the broker is down at commit time the
queuing fails quietly (logged), the rows stay pending, and ``deliver_pending`` run by the
periodic sweep (``stocktaking.tasks.sweep_notifications``) sends them later.

``deliver_pending`` claims each row with ``SELECT … FOR UPDATE SKIP LOCKED`` and marks it sent
in the same transaction that sends it, so two workers (the queued task and the sweep) never
send one row twice.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wsis_portal.i18n import language_for_user

from .models import EntryTransition, Notification, StocktakingEntry

logger = logging.getLogger(__name__)
State = StocktakingEntry.State

MODERATORS_GROUP = "moderators"
# Decisions the submitter is told about (by whoever made them, if not the submitter).
DECISIONS = {
    State.PUBLISHED: gettext_lazy("published"),
    State.CHANGES_REQUESTED: gettext_lazy("sent back to you for changes"),
    State.REJECTED: gettext_lazy("rejected"),
    State.ARCHIVED: gettext_lazy("archived"),
}


def _absolute(path):
    return f"{settings.SITE_URL}{path}"


def _messages_for(transition: EntryTransition):
    """(recipient, subject, body) for each person the transition concerns, each written in
    the recipient's language (the one on their account) with links to pages in it."""
    entry = transition.entry
    if transition.to_state == State.SUBMITTED:
        moderators = (
            get_user_model()
            .objects.filter(groups__name=MODERATORS_GROUP, is_active=True)
            .exclude(email="")
            .distinct()
        )
        for moderator in moderators:
            with translation.override(language_for_user(moderator)):
                link = _absolute(reverse("stocktaking:review", args=[entry.pk]))
                yield (
                    moderator,
                    _("[WSIS stocktaking] New submission: %(title)s") % {"title": entry.title},
                    _(
                        "A stocktaking entry was submitted for review.\n\n"
                        "Title: %(title)s\nOrganisation: %(organisation)s\n\n"
                        "Review it: %(link)s\n"
                    )
                    % {"title": entry.title, "organisation": entry.organization_name, "link": link},
                )
        return
    decision = DECISIONS.get(transition.to_state)
    submitter = entry.submitter
    if decision is None or transition.actor_id == submitter.pk or not submitter.email:
        return
    with translation.override(language_for_user(submitter)):
        values = {"title": entry.title, "decision": decision}
        body = _('Your stocktaking entry "%(title)s" was %(decision)s.') % values + "\n\n"
        if transition.comment:
            body += _("The moderator's comment:") + f"\n\n{transition.comment}\n\n"
        link = _absolute(reverse("stocktaking:my-submissions"))
        body += _("Your submissions: %(link)s") % {"link": link} + "\n"
        subject = _("[WSIS stocktaking] %(title)s: %(decision)s") % values
        yield submitter, subject, body


def notify_transition(transition: EntryTransition) -> list[Notification]:
    """Write the transition's notifications (call inside its transaction) and queue their
    delivery for after commit."""
    rows = [
        Notification(
            transition=transition,
            entry=transition.entry,
            recipient=recipient,
            email=recipient.email,
            subject=subject[:255],
            body=body,
        )
        for recipient, subject, body in _messages_for(transition)
    ]
    if not rows:
        return []
    rows = Notification.objects.bulk_create(rows)
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: queue_delivery(ids))
    return rows


REMIND_AFTER_DAYS = 365


def write_update_reminders(*, now=None) -> int:
    """Ask owners of published entries with no update for a year to update them (or confirm
    they are current): one pending reminder per entry and year; returns how many were new.
    The daily task that calls this delivers them at once."""
    now = now or timezone.now()
    period = str(now.year)
    stale = (
        StocktakingEntry.objects.published()
        .filter(last_owner_update_at__lte=now - timedelta(days=REMIND_AFTER_DAYS))
        .exclude(submitter__email="")
        .exclude(
            notifications__kind=Notification.Kind.UPDATE_REMINDER, notifications__period=period
        )
        .select_related("submitter")
    )
    rows = []
    for entry in stale:
        with translation.override(language_for_user(entry.submitter)):
            values = {
                "title": entry.title,
                "date": date_format(entry.last_owner_update_at, "DATE_FORMAT"),
                "link": _absolute(reverse("stocktaking:my-submissions")),
            }
            subject = _("[WSIS stocktaking] Is “%(title)s” still up to date?") % values
            body = (
                _(
                    'Your stocktaking entry "%(title)s" was last updated on %(date)s.\n\n'
                    "Please confirm it is still up to date, or tell us what changed. Entries with "
                    "no update for two years are marked inactive.\n\n"
                    "Your submissions: %(link)s\n"
                )
                % values
            )
        rows.append(
            Notification(
                kind=Notification.Kind.UPDATE_REMINDER,
                entry=entry,
                period=period,
                recipient=entry.submitter,
                email=entry.submitter.email,
                subject=subject[:255],
                body=body,
            )
        )
    return len(Notification.objects.bulk_create(rows, ignore_conflicts=True))


def queue_delivery(ids):
    """Ask a worker to send these rows; with the broker unreachable, leave them to the sweep."""
    from .tasks import send_notifications

    try:
        send_notifications.delay(ids)
    except Exception:  # the broker is down: the rows stay pending, the sweep sends them
        logger.warning("Could not queue notifications %s; the sweep will send them.", ids)


def deliver_pending(ids=None, *, limit=500) -> int:
    """Send pending notifications (only ``ids`` if given), each once; returns how many."""
    candidates = Notification.objects.filter(status=Notification.Status.PENDING)
    if ids is not None:
        candidates = candidates.filter(pk__in=ids)
    sent = 0
    for pk in candidates.order_by("pk").values_list("pk", flat=True)[:limit]:
        error = None
        with transaction.atomic():
            row = (
                Notification.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=Notification.Status.PENDING)
                .first()
            )
            if row is None:  # sent meanwhile, or being sent by another worker
                continue
            try:
                send_mail(row.subject, row.body, None, [row.email])
            except Exception as exc:  # stays pending: a later sweep retries it
                error = exc
            else:
                row.status = Notification.Status.SENT
                row.sent_at = timezone.now()
                row.attempts += 1
                row.save(update_fields=["status", "sent_at", "attempts"])
                sent += 1
        if error is not None:
            logger.error("Sending notification %s failed: %s", pk, error)
            Notification.objects.filter(pk=pk).update(
                attempts=F("attempts") + 1, last_error=str(error)[:1000]
            )
    return sent
