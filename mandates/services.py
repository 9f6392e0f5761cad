"""Writes on mandates, and the one place the reporting light is computed."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from wsis_portal.models import record
from wsis_portal.text import validate_values

from .models import Mandate, MandateUpdate

# --- Mandate progress (issue 4) ------------------------------------------------------------

RECENT_UPDATE_DAYS = 365
DEADLINE_WARNING_DAYS = 90


@dataclass(frozen=True)
class ReportingLight:
    """A traffic light for a mandate: ``colour`` is green, amber, red or none; ``label`` and
    ``reason`` say it in words, so the light never relies on colour alone."""

    colour: str
    label: str
    reason: str


def reporting_light(mandate, *, today: datetime.date | None = None) -> ReportingLight:
    """How the reporting on ``mandate`` stands today.

    - red: overdue (the deadline has passed and the mandate is not completed);
    - green: completed, or an update within the last year that reports it on track;
    - amber: the deadline is within 90 days and there is no update within the last year,
      or the latest update within the last year reports it at risk or delayed;
    - none: nothing to signal yet (no near deadline, no recent update).

    Reads ``mandate.updates.all()``: prefetch ``updates`` on lists, so one query serves all.
    """
    today = today or timezone.localdate()
    updates = sorted(mandate.updates.all(), key=lambda u: u.created_at, reverse=True)
    latest = updates[0] if updates else None
    if mandate.status == Mandate.Status.COMPLETED or (
        latest and latest.status == MandateUpdate.Status.COMPLETED
    ):
        return ReportingLight("green", "Completed", "Reported as completed.")
    if mandate.deadline and mandate.deadline < today:
        return ReportingLight(
            "red", "Overdue", f"The deadline ({mandate.deadline:%d %B %Y}) has passed."
        )
    recent = latest and (
        timezone.localdate(latest.created_at) >= today - datetime.timedelta(RECENT_UPDATE_DAYS)
    )
    if recent and latest.status == MandateUpdate.Status.ON_TRACK:
        return ReportingLight(
            "green",
            "On track",
            f"Updated on {timezone.localdate(latest.created_at):%d %B %Y}, on track.",
        )
    near = mandate.deadline and mandate.deadline <= today + datetime.timedelta(
        DEADLINE_WARNING_DAYS
    )
    if near and not recent:
        return ReportingLight(
            "amber",
            "Deadline near",
            f"Due on {mandate.deadline:%d %B %Y} with no update in the last year.",
        )
    if recent:
        return ReportingLight(
            "amber", latest.get_status_display(), "The latest update reports a problem."
        )
    return ReportingLight("none", "No signal", "No deadline within 90 days and no recent update.")


@transaction.atomic
def post_mandate_update(mandate, *, organization, status: str, text: str, by) -> MandateUpdate:
    """Post progress on ``mandate`` for ``organization`` and move the mandate's status along.

    An update reporting completion completes the mandate; any other update starts a mandate
    that had not started (a standing request stays "ongoing"). Permission is the caller's job
    (``permissions.can_post_update``, and ``organization`` among the user's own).
    """
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Describe the progress."})
    if status not in MandateUpdate.Status.values:
        raise ValidationError({"status": "Choose a status."})
    validate_values(MandateUpdate, text=text)
    update = MandateUpdate.objects.create(
        mandate=mandate,
        organization=organization,
        author=by if getattr(by, "is_authenticated", False) else None,
        status=status,
        text=text,
    )
    before_status = mandate.status
    if status == MandateUpdate.Status.COMPLETED:
        mandate.status = Mandate.Status.COMPLETED
    elif mandate.status == Mandate.Status.NOT_STARTED:
        mandate.status = Mandate.Status.IN_PROGRESS
    if mandate.status != before_status:
        mandate.save(update_fields=["status", "updated_at"])
    record(
        "mandates.update.posted",
        update,
        actor=by,
        before={"mandate_status": before_status},
        after={
            "mandate": mandate.pk,
            "organization": organization.acronym,
            "status": status,
            "text": text,
            "mandate_status": mandate.status,
        },
    )
    return update
