"""E-mail about the moderation workflow, through an outbox.

``notify_transition`` runs inside the transition's transaction: it writes one ``Notification``
row per recipient (pending) and asks for delivery only once that transaction commits. A rolled
back transition leaves no row and sends nothing. If the broker is down at commit time the
queuing fails quietly (logged), the rows stay pending, and ``deliver_pending`` run by the
periodic sweep (``stocktaking.tasks.sweep_notifications``) sends them later.

``deliver_pending`` claims each row with ``SELECT … FOR UPDATE SKIP LOCKED`` and marks it sent
in the same transaction that sends it, so two workers (the queued task and the sweep) never
send one row twice. A row that cannot be sent is retried a few times, later and later, then
kept as a dead letter; it never holds back the rows behind it.
"""

import logging
from datetime import timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wsis_portal.i18n import language_for_user
from wsis_portal.links import absolute_url
from wsis_portal.text import one_line, plain_text

from . import permissions
from .models import EntryTransition, Notification, StocktakingEntry

logger = logging.getLogger(__name__)
State = StocktakingEntry.State

# Decisions the submitter is told about (by whoever made them, if not the submitter).
DECISIONS = {
    State.PUBLISHED: gettext_lazy("published"),
    State.CHANGES_REQUESTED: gettext_lazy("sent back to you for changes"),
    State.REJECTED: gettext_lazy("rejected"),
    State.ARCHIVED: gettext_lazy("archived"),
}


_absolute = absolute_url


def _messages_for(transition: EntryTransition):
    """(recipient, subject, body) for each person the transition concerns, each written in
    the recipient's language (the one on their account) with links to pages in it."""
    entry = transition.entry
    if transition.to_state == State.SUBMITTED:
        for moderator in permissions.moderators().exclude(email=""):
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
            subject=one_line(subject)[:255],
            body=plain_text(body),
        )
        for recipient, subject, body in _messages_for(transition)
    ]
    if not rows:
        return []
    rows = Notification.objects.bulk_create(rows)
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: queue_delivery(ids))
    return rows


#: The decisions on an update of a published entry, as the owner reads them.
UPDATE_DECISIONS = {
    "publish": DECISIONS[State.PUBLISHED],
    "request_changes": DECISIONS[State.CHANGES_REQUESTED],
    "reject": DECISIONS[State.REJECTED],
}


def notify_update_decision(entry, action, *, by, comment="") -> Notification | None:
    """Tell the owner of ``entry`` (in their language) that a moderator published their
    update (``action`` "publish"), sent it back ("request_changes") or rejected it
    ("reject"), with the comment; call inside the decision's transaction. No mail to an
    owner without an address, or who decided themselves."""
    owner = entry.submitter
    if not owner.email or owner.pk == getattr(by, "pk", None):
        return None
    with translation.override(language_for_user(owner)):
        values = {"title": entry.title, "decision": UPDATE_DECISIONS[action]}
        subject = _("[WSIS stocktaking] %(title)s: your update was %(decision)s") % values
        body = _('Your update of the stocktaking entry "%(title)s" was %(decision)s.') % values
        body += "\n\n"
        if action == "publish":
            body += _("The entry now shows it: %(link)s") % {
                "link": _absolute(entry.get_absolute_url())
            }
        elif action == "request_changes":
            link = _absolute(reverse("stocktaking:entry-edit", args=[entry.pk]))
            body += _(
                "The published version stays public meanwhile. Change your update and "
                "submit it again: %(link)s"
            ) % {"link": link}
        else:
            body += _("The published version stays as it was.")
        body += "\n\n"
        if comment:
            body += _("The moderator's comment:") + f"\n\n{comment}\n\n"
        link = _absolute(reverse("stocktaking:my-submissions"))
        body += _("Your submissions: %(link)s") % {"link": link} + "\n"
    row = Notification.objects.create(
        kind=Notification.Kind.UPDATE_DECISION,
        entry=entry,
        recipient=owner,
        email=owner.email,
        subject=one_line(subject)[:255],
        body=plain_text(body),
    )
    transaction.on_commit(lambda: queue_delivery([row.pk]))
    return row


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
                subject=one_line(subject)[:255],
                body=plain_text(body),
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


MAX_ATTEMPTS = 5
# After the n-th failed attempt, wait RETRY_DELAYS[n - 1] before the next one.
RETRY_DELAYS = [timedelta(minutes=1), timedelta(minutes=10), timedelta(hours=1), timedelta(hours=6)]
# A header or address that can never be sent (``BadHeaderError`` is a ``ValueError``): no retry.
PERMANENT_ERRORS = (ValueError, UnicodeError)
# A run stops after this many failures in a row: the mail server is down, try again later.
FAILURES_IN_A_ROW = 20


def deliver_pending(ids=None, *, limit=500, now=None) -> int:
    """Send the notifications that are due (only ``ids`` if given), each once; returns how many.

    Rows are visited once per run, oldest first, until ``limit`` are sent. A row that fails
    counts an attempt and waits (``RETRY_DELAYS``) before it is due again, or becomes a dead
    letter after ``MAX_ATTEMPTS`` or at once on a permanent error, so failing rows never keep
    the sweep from newer ones. ``FAILURES_IN_A_ROW`` transient failures end the run early.
    """
    now = now or timezone.now()
    due = Notification.objects.filter(status=Notification.Status.PENDING, next_attempt_at__lte=now)
    if ids is not None:
        due = due.filter(pk__in=ids)
    sent = failures_in_a_row = 0
    last_pk = 0
    while sent < limit and failures_in_a_row < FAILURES_IN_A_ROW:
        batch = list(due.filter(pk__gt=last_pk).order_by("pk").values_list("pk", flat=True)[:100])
        if not batch:
            break
        for pk in batch:
            last_pk = pk
            outcome = _deliver_one(pk, now)
            if outcome == "sent":
                sent += 1
                failures_in_a_row = 0
            elif outcome == "retry":
                failures_in_a_row += 1
            if sent >= limit or failures_in_a_row >= FAILURES_IN_A_ROW:
                break
    return sent


def _deliver_one(pk, now) -> str | None:
    """Send one due row if no other worker holds it: "sent", "retry", "dead" or ``None``."""
    with transaction.atomic():
        row = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status=Notification.Status.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if row is None:  # sent meanwhile, or being sent by another worker
            return None
        row.attempts += 1
        try:
            send_mail(row.subject, row.body, None, [row.email])
        except Exception as exc:
            permanent = isinstance(exc, PERMANENT_ERRORS) or row.attempts >= MAX_ATTEMPTS
            row.last_error = f"{type(exc).__name__}: {exc}"[:1000]
            if permanent:
                row.status = Notification.Status.DEAD
                logger.error("Notification %s given up after %s: %s", pk, row.attempts, exc)
            else:
                delay = RETRY_DELAYS[min(row.attempts, len(RETRY_DELAYS)) - 1]
                row.next_attempt_at = timezone.now() + delay
                logger.warning("Sending notification %s failed (will retry): %s", pk, exc)
            row.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            return "dead" if permanent else "retry"
        row.status = Notification.Status.SENT
        row.sent_at = timezone.now()
        row.save(update_fields=["status", "sent_at", "attempts"])
        return "sent"
