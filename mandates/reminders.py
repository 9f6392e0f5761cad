"""Deadline reminders: e-mail the members of each addressed organisation before a deadline.

Reminders go out in windows (``settings.MANDATE_REMINDER_DAYS``, e.g. 90, 30 and 7 days
before): a mandate is in the narrowest window that today falls in, and each user gets one
reminder per window. The day counted from is the next due date (a recurring request's next
occurrence); for a deadline known only by its year, the year's first day, the earliest it
may fall on: the reminder comes before the year starts, saying "2027 (date not yet set)",
never a week before a guessed 31 December. Once the event's day is set, the deadline moves
and the windows count down to that day again (a new deadline, new reminders).

Each reminder is first a ``MandateReminder`` row (unique per mandate,
deadline, user and window), then a mail; re-running sends nothing twice, and a mail that
failed is retried by the next run.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wsis_portal.i18n import language_for_user
from wsis_portal.links import absolute_url

from .models import Due, Mandate, MandateParty, MandateReminder


def reminder_window(due: Due, today: datetime.date) -> int | None:
    """The narrowest reminder window (days before the earliest day it is due) that
    ``today`` falls in."""
    days_left = (due.earliest - today).days
    if days_left < 0:
        return None
    fitting = [days for days in settings.MANDATE_REMINDER_DAYS if days_left <= days]
    return min(fitting) if fitting else None


def recipients(mandate: Mandate):
    """Users to remind: members of the addressees that have not completed their part (the
    facilitators of the lines concerned, when the text addressed them as a group, are
    addressees of their own)."""
    addressees = mandate.parties.filter(role=MandateParty.Role.ADDRESSEE).exclude(
        status=Mandate.Status.COMPLETED
    )
    return (
        get_user_model()
        .objects.filter(organizations__in=addressees.values("organization_id"), is_active=True)
        .exclude(email="")
        .distinct()
    )


def queue_deadline_reminders(today: datetime.date | None = None) -> int:
    """Write a pending reminder for every user due one; returns how many were new."""
    today = today or timezone.localdate()
    # A year-only deadline is stored as its 31 December but counted from 1 January.
    horizon = today + datetime.timedelta(days=max(settings.MANDATE_REMINDER_DAYS) + 366)
    mandates = (
        Mandate.objects.filter(Q(deadline__gte=today, deadline__lte=horizon) | ~Q(recurrence=""))
        .exclude(deadline=None)
        .exclude(status__in=[Mandate.Status.COMPLETED, Mandate.Status.HISTORIC])
    )
    created = 0
    for mandate in mandates:
        due = mandate.next_due(today)
        window = reminder_window(due, today)
        if window is None:
            continue
        for user in recipients(mandate):
            _, is_new = MandateReminder.objects.get_or_create(
                mandate=mandate, deadline=due.date, user=user, days_before=window
            )
            created += is_new
    return created


def _message(reminder: MandateReminder) -> tuple[str, str]:
    """Subject and body in the recipient's language (the mandate's own text stays as the
    resolution has it); the link opens the mandate's page in that language."""
    mandate = reminder.mandate
    with translation.override(language_for_user(reminder.user)):
        # A later occurrence of a recurring request is known by its year only.
        approximate = mandate.deadline_is_year_only or reminder.deadline != mandate.deadline
        due = Due(reminder.deadline, approximate)
        values = {"title": mandate.title, "due": str(due)}
        subject = _("Reminder: %(title)s — due %(due)s") % values
        heading = _("%(document)s, paragraph %(paragraph)s: %(title)s") % {
            "document": mandate.document,
            "paragraph": mandate.paragraph.label,
            "title": mandate.title,
        }
        due_line = _("Due: %(due)s") % values
        if mandate.reporting_target:
            due_line += f" ({mandate.reporting_target})"
        body = "\n".join(
            [
                heading,
                "",
                mandate.request,
                "",
                due_line,
                _("Status: %(status)s") % {"status": mandate.get_status_display()},
                "",
                _("Post progress: %(link)s") % {"link": absolute_url(mandate.get_absolute_url())},
            ]
        )
    return subject, body


def send_pending_reminders() -> int:
    """Send every reminder not yet sent, each marked sent in the transaction that sends it.

    Rows are locked with SKIP LOCKED, so two workers running at once never send the same one.
    """
    sent = 0
    pending = MandateReminder.objects.filter(sent_at__isnull=True).values_list("pk", flat=True)
    for pk in list(pending):
        with transaction.atomic():
            reminder = (
                MandateReminder.objects.select_for_update(skip_locked=True)
                .select_related("mandate__document", "mandate__paragraph", "user")
                .filter(pk=pk, sent_at__isnull=True)
                .first()
            )
            if reminder is None:
                continue
            subject, body = _message(reminder)
            send_mail(subject, body, None, [reminder.user.email])
            reminder.sent_at = timezone.now()
            reminder.save(update_fields=["sent_at"])
            sent += 1
    return sent


def send_deadline_reminders(today: datetime.date | None = None) -> int:
    """Queue the reminders due today and send every pending one; returns mails sent."""
    queue_deadline_reminders(today)
    return send_pending_reminders()
