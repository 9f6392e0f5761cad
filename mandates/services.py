"""Writes on mandates, and the one place the reporting light is computed."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wsis_portal.models import record
from wsis_portal.text import validate_values

from .models import Mandate, MandateParty, MandateUpdate, MandateUpdateRevision, ReportingEvent

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

    - green: completed, or an update within the last year that reports it on track;
    - red: overdue (the deadline has passed and the mandate is not completed). A deadline
      known only by its year is overdue once that year is over, never on a guessed day; a
      recurring request looks at its next occurrence, so it is never overdue as a whole;
    - amber: the next due date is within 90 days and there is no update within the last
      year (for a year-only deadline, counted from the year's first day: it may fall on
      any day of it), or the latest update within the last year reports it at risk or delayed;
    - none: historic (due before the General Assembly's latest review), or nothing to signal
      yet (no near deadline, no recent update).

    Reads ``mandate.updates.all()``: prefetch ``updates`` on lists, so one query serves all.
    """
    today = today or timezone.localdate()
    updates = sorted(mandate.updates.all(), key=lambda u: u.created_at, reverse=True)
    latest = updates[0] if updates else None
    if mandate.status == Mandate.Status.COMPLETED or (
        latest and latest.status == MandateUpdate.Status.COMPLETED
    ):
        return ReportingLight("green", _("Completed"), _("Reported as completed."))
    due = mandate.next_due(today)
    if mandate.status == Mandate.Status.HISTORIC:
        return ReportingLight(
            "none",
            _("Historic"),
            _(
                "Due by %(due)s, before the General Assembly's latest review of the Summit's "
                "outcomes: kept for the record, not overdue."
            )
            % {"due": due.date.year if due else "—"},
        )
    if due and due.date < today:
        reason = (
            _("The year it was due (%(year)s) is over.") % {"year": due.date.year}
            if due.approximate
            else _("The deadline (%(date)s) has passed.") % {"date": due}
        )
        return ReportingLight("red", _("Overdue"), reason)
    recent = latest and (
        timezone.localdate(latest.created_at) >= today - datetime.timedelta(RECENT_UPDATE_DAYS)
    )
    if recent and latest.status == MandateUpdate.Status.ON_TRACK:
        return ReportingLight(
            "green",
            _("On track"),
            _("Updated on %(date)s, on track.")
            % {"date": date_format(timezone.localdate(latest.created_at))},
        )
    near = due and due.earliest <= today + datetime.timedelta(DEADLINE_WARNING_DAYS)
    if near and not recent:
        return ReportingLight(
            "amber",
            _("Deadline near"),
            _("Due %(due)s with no update in the last year.") % {"due": due},
        )
    if recent:
        return ReportingLight(
            "amber", latest.get_status_display(), _("The latest update reports a problem.")
        )
    return ReportingLight(
        "none", _("No signal"), _("No deadline within 90 days and no recent update.")
    )


def next_status(current: str, reported: str) -> str:
    """An addressee's status after it reports ``reported`` (a ``MandateUpdate.Status``)."""
    if reported == MandateUpdate.Status.COMPLETED:
        return Mandate.Status.COMPLETED
    if current in (Mandate.Status.NOT_STARTED, Mandate.Status.COMPLETED):
        return Mandate.Status.IN_PROGRESS
    return current


def roll_up_status(mandate) -> str:
    """The mandate's status from its addressees' own: completed when every addressee has
    completed; in progress (or still ongoing, for a standing request) once one has started
    or some have completed; otherwise as it stands."""
    statuses = list(
        mandate.parties.filter(role=MandateParty.Role.ADDRESSEE).values_list("status", flat=True)
    )
    if not statuses:
        return mandate.status
    if all(s == Mandate.Status.COMPLETED for s in statuses):
        return Mandate.Status.COMPLETED
    started = (Mandate.Status.IN_PROGRESS, Mandate.Status.COMPLETED)
    if any(s in started for s in statuses):
        if mandate.status == Mandate.Status.ONGOING:
            return Mandate.Status.ONGOING
        return Mandate.Status.IN_PROGRESS
    return (
        Mandate.Status.NOT_STARTED if mandate.status == Mandate.Status.COMPLETED else mandate.status
    )


@transaction.atomic
def post_mandate_update(mandate, *, organization, status: str, text: str, by) -> MandateUpdate:
    """Post progress on ``mandate`` for ``organization`` and move the statuses along.

    Each addressee reports for itself (issue 18, defect 8): the update moves the status of
    ``organization``'s own addressee row (completed, or in progress once started; a standing
    request stays "ongoing"), and the mandate's status is rolled up from its addressees'
    (``roll_up_status``): one facilitator's completion does not complete a mandate addressed
    to all of them. Permission is the caller's job (``permissions.can_post_update``, and
    ``organization`` among the user's own).
    """
    text = _validate_progress(status, text)
    update = MandateUpdate.objects.create(
        mandate=mandate,
        organization=organization,
        author=by if getattr(by, "is_authenticated", False) else None,
        status=status,
        text=text,
    )
    before_status = mandate.status
    party = mandate.parties.filter(
        role=MandateParty.Role.ADDRESSEE, organization=organization
    ).first()
    if party is not None:
        party.status = next_status(party.status, status)
        party.save(update_fields=["status"])
    else:  # a superuser posting for a body the text does not name: the mandate moves itself
        mandate.status = next_status(mandate.status, status)
    mandate.status = roll_up_status(mandate)
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


def _validate_progress(status: str, text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Describe the progress.")})
    if status not in MandateUpdate.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    validate_values(MandateUpdate, text=text)
    return text


def _keep_revision(update, change: str, by) -> MandateUpdateRevision:
    return MandateUpdateRevision.objects.create(
        mandate=update.mandate,
        update_ref=update.pk,
        organization=update.organization,
        status=update.status,
        text=update.text,
        posted_at=update.created_at,
        change=change,
        changed_by=by if getattr(by, "is_authenticated", False) else None,
    )


def _follow_updates(mandate, organization) -> None:
    """Statuses after an update changed or was withdrawn: ``organization``'s addressee status
    is replayed from its remaining updates in the order they were posted (from "ongoing" for
    a standing request, else "not started"), and the mandate's rolled up from its
    addressees'. A status set by hand in the admin is replaced by what the updates say."""
    party = mandate.parties.filter(
        role=MandateParty.Role.ADDRESSEE, organization=organization
    ).first()
    standing = mandate.recurrence or mandate.status == Mandate.Status.ONGOING
    status = Mandate.Status.ONGOING if standing else Mandate.Status.NOT_STARTED
    for reported in (
        mandate.updates.filter(organization=organization)
        .order_by("created_at", "pk")
        .values_list("status", flat=True)
    ):
        status = next_status(status, reported)
    before = mandate.status
    if party is not None:
        if party.status != status:
            party.status = status
            party.save(update_fields=["status"])
    elif not mandate.parties.filter(role=MandateParty.Role.ADDRESSEE).exists():
        mandate.status = status  # no addressee rows: the mandate moves itself
    mandate.status = roll_up_status(mandate)
    if mandate.status != before:
        mandate.save(update_fields=["status", "updated_at"])


@transaction.atomic
def edit_mandate_update(update, *, status: str, text: str, by) -> MandateUpdate:
    """Change a progress update's status and text; what it said before is kept
    (``MandateUpdateRevision``, shown on the mandate's page) and the statuses follow.
    Permission is the caller's job (``permissions.can_change_update``)."""
    text = _validate_progress(status, text)
    if (status, text) == (update.status, update.text):
        return update
    mandate = Mandate.objects.select_for_update().get(pk=update.mandate_id)
    before = {"status": update.status, "text": update.text, "mandate_status": mandate.status}
    _keep_revision(update, MandateUpdateRevision.Change.EDITED, by)
    update.status, update.text, update.edited_at = status, text, timezone.now()
    update.save(update_fields=["status", "text", "edited_at"])
    _follow_updates(mandate, update.organization)
    record(
        "mandates.update.edited",
        update,
        actor=by,
        before=before,
        after={"status": status, "text": text, "mandate_status": mandate.status},
    )
    return update


@transaction.atomic
def withdraw_mandate_update(update, *, by) -> MandateUpdateRevision:
    """Withdraw a progress update: it leaves every list, feed, export and light, its last
    wording stays in the mandate's history as withdrawn, and the statuses follow.
    Permission is the caller's job (``permissions.can_change_update``)."""
    mandate = Mandate.objects.select_for_update().get(pk=update.mandate_id)
    before = {"status": update.status, "text": update.text, "mandate_status": mandate.status}
    revision = _keep_revision(update, MandateUpdateRevision.Change.WITHDRAWN, by)
    record("mandates.update.withdrawn", update, actor=by, before=before, after={})
    organization = update.organization
    update.delete()
    _follow_updates(mandate, organization)
    return revision


def address_facilitators(mandate) -> int:
    """Make the facilitators (lead and co) of the mandate's lines addressees of their own,
    with their sub-lines, or of every line when it concerns all; returns the rows added.

    What the importer does for a text that addresses "the action line facilitators"; for
    a mandate written by hand or whose lines were corrected in the admin.
    """
    from actionlines.models import ActionLine, Facilitation

    facilitations = Facilitation.objects.filter(role__in=["lead", "co"])
    if not mandate.applies_to_all_action_lines:
        codes = list(mandate.action_lines.values_list("code", flat=True))
        facilitations = facilitations.filter(
            action_line__in=ActionLine.objects.with_descendants(codes)
        )
    have = set(
        mandate.parties.filter(role=MandateParty.Role.ADDRESSEE).values_list(
            "organization_id", flat=True
        )
    )
    added = 0
    for organization_id in facilitations.values_list("organization_id", flat=True).distinct():
        if organization_id not in have:
            MandateParty.objects.create(
                mandate=mandate,
                organization_id=organization_id,
                role=MandateParty.Role.ADDRESSEE,
                group="action line facilitators",
                status=Mandate.Status.ONGOING
                if mandate.status == Mandate.Status.ONGOING
                else Mandate.Status.NOT_STARTED,
            )
            have.add(organization_id)
            added += 1
    if added and not mandate.addresses_all_facilitators:
        mandate.addresses_all_facilitators = True
        mandate.save(update_fields=["addresses_all_facilitators", "updated_at"])
    return added


# --- Reporting events (issue 13, item 4) ----------------------------------------------------


@transaction.atomic
def follow_event(event: ReportingEvent, *, by=None) -> int:
    """Move the deadline of every mandate due at ``event`` to the event's date (or year);
    returns how many moved. Called when the event is saved (its date set or changed in the
    admin): the mandates never keep a deadline their event no longer has."""
    moved = 0
    for mandate in event.mandates.order_by("pk").select_for_update():
        mandate.event, before = event, str(mandate.deadline)
        if mandate.follow_event():
            if mandate.imported.get("event_id") == event.pk:
                # The importer gives this event's deadline too: the next import sees no change.
                mandate.imported |= {
                    "deadline": mandate.deadline.isoformat(),
                    "deadline_is_year_only": mandate.deadline_is_year_only,
                }
            mandate.save(
                update_fields=["deadline", "deadline_is_year_only", "imported", "updated_at"]
            )
            record(
                "mandates.mandate.deadline_moved",
                mandate,
                actor=by,
                before={"deadline": before},
                after={"deadline": str(mandate.deadline), "event": event.slug},
            )
            moved += 1
    return moved
