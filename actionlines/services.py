"""Writes on action-line data that span models."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wsis_portal.models import record
from wsis_portal.text import validate_values
from wsis_portal.translated import working_translations

from .models import ActionLine, Organization, PageRevision
from .reference import ORGANIZATIONS


def ensure_organization(acronym: str) -> Organization:
    """The organisation with this acronym, created from the reference directory if missing.

    Raises ``KeyError`` for an acronym the directory does not know, so that a typo in an
    importer fails loudly instead of creating a stray organisation.
    """
    organization, _ = Organization.objects.update_or_create(
        acronym=acronym, defaults=organization_values(acronym)
    )
    return organization


def organization_values(acronym: str) -> dict:
    """The fields of an organisation that the reference directory gives: its full name (and
    the portal's working translations of it), kind and slug."""
    name, kind = ORGANIZATIONS[acronym]
    names, working = working_translations("organizations", acronym)
    return {
        "name": name,
        "names": names,
        "working_translations": working,
        "kind": kind,
        "slug": slugify(acronym),
    }


class StaleEdit(ValidationError):
    """A page save based on a version that is no longer current: nothing was written.

    ``current_version`` is the version now stored, so that a caller can show the newer text
    and let the editor merge, instead of overwriting someone else's change.
    """

    def __init__(self, line, base_version):
        self.current_version = line.page_version
        self.base_version = base_version
        super().__init__(
            f"The page was changed by someone else (now version {line.page_version}, "
            f"your edit is based on version {base_version}). Reload and merge your changes.",
            code="stale",
        )


@transaction.atomic
def save_page(line, content: str, *, base_version: int, by, summary: str = "") -> PageRevision:
    """Save ``content`` as the new page of ``line`` and keep a revision and an audit event.

    ``base_version`` is the ``page_version`` the editor started from; when the stored page
    has moved on since, ``StaleEdit`` is raised and nothing is written (optimistic
    concurrency: the row is locked, so two saves of the same version cannot both pass).
    Permission is the caller's job (``permissions.can_edit_action_line``).
    """
    validate_values(ActionLine, page_content=content)
    validate_values(PageRevision, summary=summary)
    locked = ActionLine.objects.select_for_update().get(pk=line.pk)
    if base_version != locked.page_version:
        raise StaleEdit(locked, base_version)
    before = {"page_version": locked.page_version, "page_content": locked.page_content}
    locked.page_content = content
    locked.page_version += 1
    locked.page_updated_at = timezone.now()
    locked.save(update_fields=["page_content", "page_version", "page_updated_at"])
    revision = PageRevision.objects.create(
        action_line=locked,
        version=locked.page_version,
        content=content,
        summary=summary[:255],
        author=by if getattr(by, "is_authenticated", False) else None,
    )
    record(
        "actionlines.page.saved",
        locked,
        actor=by,
        before=before,
        after={"page_version": locked.page_version, "page_content": content},
        reason=summary,
    )
    line.page_content = locked.page_content
    line.page_version = locked.page_version
    line.page_updated_at = locked.page_updated_at
    return revision


# --- Facilitator workspace (issue 4): restore, WSIS–SDG links, road map, meetings ----------
# Each write checks nothing about permissions (the views ask ``permissions``) and records one
# audit event in the same transaction.

from .models import (  # noqa: E402
    ActionLineSDGTarget,
    CoordinationMeeting,
    Indicator,
    Measurement,
    RoadmapTarget,
)


class NothingToRestore(ValidationError):
    """A restore of a revision whose text is the current page's: nothing was written (a new
    revision would differ in nothing)."""

    def __init__(self, revision, current_version):
        self.version = revision.version
        self.current_version = current_version
        super().__init__(
            _(
                "Version %(version)s is the same as the current page (version %(current)s): "
                "there is nothing to restore."
            )
            % {"version": revision.version, "current": current_version},
            code="nothing_to_restore",
        )


def restore_revision(line, revision, *, base_version: int, by) -> PageRevision:
    """Make an old revision's text the current page again, as a new revision (Wagtail-style).

    Goes through ``save_page``, so a restore on top of a page that changed meanwhile raises
    ``StaleEdit`` like any other stale save; restoring a text the page already has (the
    current version, or an older one with the same text) raises ``NothingToRestore``.
    """
    if revision.action_line_id != line.pk:
        raise ValidationError(_("This revision belongs to another action line."))
    if base_version == line.page_version and revision.content == line.page_content:
        raise NothingToRestore(revision, line.page_version)
    return save_page(
        line,
        revision.content,
        base_version=base_version,
        by=by,
        summary=f"Restored version {revision.version}",
    )


@transaction.atomic
def link_sdg_target(line, target, *, rationale: str, by) -> ActionLineSDGTarget:
    """Link ``line`` to an SDG target with a written rationale, or rewrite an existing link's."""
    rationale = rationale.strip()
    if not rationale:
        raise ValidationError({"rationale": _("Say why this action line serves the target.")})
    validate_values(ActionLineSDGTarget, rationale=rationale)
    link = ActionLineSDGTarget.objects.filter(action_line=line, target=target).first()
    before = {"rationale": link.rationale} if link else None
    if link:
        link.rationale = rationale
        link.save(update_fields=["rationale"])
    else:
        link = ActionLineSDGTarget.objects.create(
            action_line=line,
            target=target,
            rationale=rationale,
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
    record(
        "actionlines.sdg_link.saved",
        link,
        actor=by,
        before=before,
        after={"action_line": line.code, "target": target.code, "rationale": rationale},
    )
    return link


@transaction.atomic
def unlink_sdg_target(link, *, by) -> None:
    """Remove a WSIS–SDG matrix link, keeping its rationale in the audit log."""
    record(
        "actionlines.sdg_link.deleted",
        link,
        actor=by,
        before={
            "action_line": link.action_line.code,
            "target": link.target.code,
            "rationale": link.rationale,
        },
    )
    link.delete()


def _snapshot(obj, fields, m2m=()):
    """A JSON-friendly copy of ``fields`` (and many-to-many ``m2m``) of ``obj`` for the audit
    log."""
    data = {}
    for name in fields:
        value = getattr(obj, name)
        data[name] = value if value is None or isinstance(value, (int, bool)) else str(value)
    for name in m2m:
        data[name] = sorted(str(o) for o in getattr(obj, name).all())
    return data


def _save_with_audit(obj, action, fields, m2m, *, by, values, m2m_values):
    """Create or update ``obj`` from ``values`` (and many-to-many ``m2m_values``) and audit it."""
    before = _snapshot(obj, fields, m2m) if obj.pk else None
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean(exclude=m2m)
    obj.save()
    for name, value in m2m_values.items():
        getattr(obj, name).set(value)
    record(action, obj, actor=by, before=before, after=_snapshot(obj, fields, m2m))
    return obj


ROADMAP_TARGET_FIELDS = ["title", "description", "due_date", "sort_order"]
INDICATOR_FIELDS = [
    "name",
    "unit",
    "baseline_value",
    "baseline_year",
    "target_value",
    "target_year",
]
MEASUREMENT_FIELDS = ["measured_on", "value", "source", "note"]
ROADMAP_LINKS = ["sdg_targets", "gdc_objectives"]


@transaction.atomic
def save_roadmap_target(line, target=None, *, by, sdg_targets=(), gdc_objectives=(), **values):
    """Create (``target=None``) or update a road-map target of ``line`` (A/RES/80/173 ¶113)."""
    target = target or RoadmapTarget(action_line=line)
    if target.action_line_id != line.pk:
        raise ValidationError(_("This target belongs to another action line."))
    return _save_with_audit(
        target,
        "actionlines.roadmap_target.saved",
        ROADMAP_TARGET_FIELDS,
        ROADMAP_LINKS,
        by=by,
        values=values,
        m2m_values={"sdg_targets": sdg_targets, "gdc_objectives": gdc_objectives},
    )


@transaction.atomic
def save_indicator(
    roadmap_target, indicator=None, *, by, sdg_targets=(), gdc_objectives=(), **values
):
    """Create (``indicator=None``) or update an indicator of a road-map target."""
    indicator = indicator or Indicator(target=roadmap_target)
    indicator.target = roadmap_target
    return _save_with_audit(
        indicator,
        "actionlines.indicator.saved",
        INDICATOR_FIELDS,
        ROADMAP_LINKS,
        by=by,
        values=values,
        m2m_values={"sdg_targets": sdg_targets, "gdc_objectives": gdc_objectives},
    )


def _indicator_snapshot(indicator):
    """An indicator with its links and every measurement: what deleting it would lose."""
    return {
        **_snapshot(indicator, INDICATOR_FIELDS, ROADMAP_LINKS),
        "measurements": [_snapshot(m, MEASUREMENT_FIELDS) for m in indicator.measurements.all()],
    }


@transaction.atomic
def delete_roadmap_target(target, *, by) -> None:
    """Delete a road-map target with its indicators and their measurements. Nothing can be
    restored from the page, so the audit event keeps a full copy of all three."""
    before = {
        "action_line": target.action_line.code,
        **_snapshot(target, ROADMAP_TARGET_FIELDS, ROADMAP_LINKS),
        "indicators": [_indicator_snapshot(i) for i in target.indicators.all()],
    }
    record("actionlines.roadmap_target.deleted", target, actor=by, before=before)
    target.delete()


@transaction.atomic
def delete_indicator(indicator, *, by) -> None:
    """Delete an indicator with its measurements, keeping a full copy in the audit event."""
    before = {"target": indicator.target_id, **_indicator_snapshot(indicator)}
    record("actionlines.indicator.deleted", indicator, actor=by, before=before)
    indicator.delete()


@transaction.atomic
def record_measurement(indicator, *, measured_on, value, by, source="", note="") -> Measurement:
    """Record the value of ``indicator`` on a date; a second value for the same date replaces
    the first (the audit log keeps the old one)."""
    measurement = Measurement.objects.filter(indicator=indicator, measured_on=measured_on).first()
    before = _snapshot(measurement, MEASUREMENT_FIELDS) if measurement else None
    measurement = measurement or Measurement(indicator=indicator, measured_on=measured_on)
    measurement.value = value
    measurement.source = source
    measurement.note = note
    measurement.recorded_by = by if getattr(by, "is_authenticated", False) else None
    measurement.full_clean(exclude=["indicator", "recorded_by"], validate_unique=False)
    measurement.save()
    record(
        "actionlines.measurement.saved",
        measurement,
        actor=by,
        before=before,
        after={"indicator": indicator.pk, **_snapshot(measurement, MEASUREMENT_FIELDS)},
    )
    return measurement


@transaction.atomic
def delete_measurement(measurement, *, by) -> None:
    """Delete one measurement (a wrong date or a value entered twice), keeping a copy in the
    audit event."""
    before = {"indicator": measurement.indicator_id, **_snapshot(measurement, MEASUREMENT_FIELDS)}
    record("actionlines.measurement.deleted", measurement, actor=by, before=before)
    measurement.delete()


MEETING_FIELDS = [
    "title",
    "date",
    "start_time",
    "end_time",
    "time_zone",
    "location",
    "is_online",
    "organizer",
    "agenda",
    "minutes",
]


@transaction.atomic
def save_meeting(meeting=None, *, by, action_lines, **values):
    """Create (``meeting=None``) or update a coordination meeting (its organiser included) and
    the lines it covers."""
    meeting = meeting or CoordinationMeeting(
        created_by=by if getattr(by, "is_authenticated", False) else None
    )
    if not action_lines:
        raise ValidationError({"action_lines": _("Choose at least one action line.")})
    return _save_with_audit(
        meeting,
        "actionlines.meeting.saved",
        MEETING_FIELDS,
        ["action_lines"],
        by=by,
        values=values,
        m2m_values={"action_lines": action_lines},
    )


@transaction.atomic
def delete_meeting(meeting, *, by) -> None:
    """Delete a coordination meeting, keeping a full copy (agenda and minutes) in the audit
    event."""
    before = _snapshot(meeting, MEETING_FIELDS, ["action_lines"])
    record("actionlines.meeting.deleted", meeting, actor=by, before=before)
    meeting.delete()
