"""Writes on stocktaking entries: create and edit by the owner, and the moderated workflow.

Every function validates, writes, logs an ``EntryTransition`` for state changes and an
``AuditEvent`` for every change, all in one transaction. Permission checks are the caller's
(``permissions.can_edit_entry`` / ``can_moderate``); the state rules live here, so that a
view, a command or a task cannot move an entry along an edge the workflow does not have.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from wsis_portal.models import record
from wsis_portal.text import validate_values

from . import notifications
from .models import EntryTransition, EntryUpdate, ReviewClaim, StocktakingEntry

State = StocktakingEntry.State

ENTRY_FIELDS = [
    "title",
    "description",
    "language",
    "organization_name",
    "organization",
    "stakeholder_type",
    "scope",
    "project_status",
    "start_date",
    "end_date",
    "website",
    "contact_email",
]
ENTRY_RELATIONS = ["countries", "regions", "action_lines", "sdgs", "sdg_targets", "gdc_objectives"]

# action → (states it applies to, resulting state, whether a comment is required)
TRANSITIONS = {
    "submit": ({State.DRAFT, State.CHANGES_REQUESTED}, State.SUBMITTED, False),
    "publish": ({State.SUBMITTED}, State.PUBLISHED, False),
    "request_changes": ({State.SUBMITTED, State.PUBLISHED}, State.CHANGES_REQUESTED, True),
    "reject": ({State.SUBMITTED}, State.REJECTED, True),
    "archive": ({State.PUBLISHED, State.REJECTED}, State.ARCHIVED, False),
    # Owner's withdraw (see ``withdraw_entry``): out of the review queue back to an editable
    # draft, or out of the database (archived) from any other live state.
    "withdraw": ({State.SUBMITTED}, State.DRAFT, False),
    "retract": ({State.DRAFT, State.CHANGES_REQUESTED, State.PUBLISHED}, State.ARCHIVED, False),
}
OWNER_ACTIONS = {"submit", "withdraw", "retract"}
# Fields an entry must have before it can be submitted; a draft needs only a title.
REQUIRED_TO_SUBMIT = ["title", "description", "organization_name", "stakeholder_type"]
COMMENT_REQUIRED_MESSAGES = {
    "request_changes": gettext_lazy("Say what the submitter should change."),
    "reject": gettext_lazy("Give the reason for rejecting; the submitter sees it."),
}
#: The workflow's actions as its messages name them (in the reader's language).
ACTION_NAMES = {
    "submit": gettext_lazy("submit"),
    "publish": gettext_lazy("publish"),
    "request_changes": gettext_lazy("request changes on"),
    "reject": gettext_lazy("reject"),
    "archive": gettext_lazy("archive"),
    "withdraw": gettext_lazy("withdraw"),
    "retract": gettext_lazy("retract"),
}
REQUIRED_TO_SUBMIT_MESSAGE = gettext_lazy("This field is required to submit.")


def state_name(state) -> str:
    """A workflow state as a message names it ("changes requested", in the reader's language)."""
    return str(State(state).label).lower()


class TransitionNotAllowed(ValidationError):
    """The entry is not in a state the action applies to (409 in the API)."""

    def __init__(self, entry, action):
        allowed = ", ".join(sorted(state_name(state) for state in TRANSITIONS[action][0]))
        super().__init__(
            {
                "state": [
                    gettext("Cannot %(action)s an entry that is %(state)s; only from: %(allowed)s.")
                    % {
                        "action": ACTION_NAMES[action],
                        "state": state_name(entry.state),
                        "allowed": allowed,
                    }
                ]
            }
        )
        self.code = "invalid_transition"


def snapshot(entry):
    data = {}
    for name in ENTRY_FIELDS:
        value = getattr(entry, f"{name}_id" if name == "organization" else name)
        data[name] = value if value is None or isinstance(value, int) else str(value)
    if entry.pk:
        for name in ENTRY_RELATIONS:
            data[name] = sorted(str(pk) for pk in getattr(entry, name).values_list("pk", flat=True))
    return data


def _apply(entry, values, relations, *, allow_incomplete=False, logo=None):
    unknown = set(values) - set(ENTRY_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    for name, value in values.items():
        setattr(entry, name, value)
    exclude = ["submitter", "logo", *ENTRY_RELATIONS]
    if allow_incomplete:
        # A draft may be saved with only a title: empty required fields are checked on submit.
        exclude += [name for name in REQUIRED_TO_SUBMIT[1:] if not getattr(entry, name)]
    entry.full_clean(exclude=exclude)
    if logo is not None:
        # ``False`` removes the logo; a file (checked by the caller's form) replaces it.
        entry.logo = logo or None
    entry.last_owner_update_at = timezone.now()
    entry.is_inactive = False
    entry.save()
    for name, items in relations.items():
        if name not in ENTRY_RELATIONS:
            raise ValueError(f"Not a relation of an entry: {name}")
        getattr(entry, name).set(items)


@transaction.atomic
def create_entry(
    *, by, relations=None, allow_incomplete=False, logo=None, **values
) -> StocktakingEntry:
    """A new draft owned by ``by``. With ``allow_incomplete`` only a title is needed (the
    submission form's "save draft"); ``submit_entry`` then checks the rest."""
    entry = StocktakingEntry(submitter=by, state=State.DRAFT)
    _apply(entry, values, relations or {}, allow_incomplete=allow_incomplete, logo=logo)
    record("stocktaking.entry.created", entry, actor=by, after=snapshot(entry))
    return entry


@transaction.atomic
def update_entry(
    entry, *, by, relations=None, allow_incomplete=False, logo=None, **values
) -> StocktakingEntry:
    """Edit a draft (or an entry with changes requested); other states are not editable."""
    entry = StocktakingEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.state not in (State.DRAFT, State.CHANGES_REQUESTED):
        message = gettext("An entry that is %(state)s cannot be edited.")
        error = ValidationError({"state": [message % {"state": state_name(entry.state)}]})
        error.code = "invalid_transition"
        raise error
    before = snapshot(entry)
    _apply(entry, values, relations or {}, allow_incomplete=allow_incomplete, logo=logo)
    record("stocktaking.entry.updated", entry, actor=by, before=before, after=snapshot(entry))
    return entry


@transaction.atomic
def transition_entry(entry, action: str, *, by, comment: str = "") -> EntryTransition:
    """Move ``entry`` along the workflow edge ``action`` (see ``TRANSITIONS``).

    Raises ``TransitionNotAllowed`` from a state the action does not apply to, and a
    ``ValidationError`` on ``comment`` when the action needs a reason.
    """
    from_states, to_state, needs_comment = TRANSITIONS[action]
    comment = (comment or "").strip()
    validate_values(EntryTransition, comment=comment)
    entry = StocktakingEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.state not in from_states:
        raise TransitionNotAllowed(entry, action)
    if needs_comment and not comment:
        raise ValidationError({"comment": [COMMENT_REQUIRED_MESSAGES[action]]})
    if action == "submit":
        missing = {
            name: [REQUIRED_TO_SUBMIT_MESSAGE]
            for name in REQUIRED_TO_SUBMIT
            if not getattr(entry, name)
        }
        if missing:
            raise ValidationError(missing)
    from_state = entry.state
    if from_state == State.PUBLISHED:
        # Out of the public database (archived, sent back): an update of it is moot.
        EntryUpdate.objects.filter(entry=entry).delete()
    now = timezone.now()
    entry.state = to_state
    fields = ["state", "updated_at"]
    if to_state == State.SUBMITTED:
        entry.submitted_at = now
        fields.append("submitted_at")
    if to_state == State.PUBLISHED:
        entry.published_at = now
        fields.append("published_at")
    entry.save(update_fields=fields)
    # Decided (or taken back by its owner): nobody is reviewing it any more.
    ReviewClaim.objects.filter(entry=entry).delete()
    transition = EntryTransition.objects.create(
        entry=entry,
        from_state=from_state,
        to_state=to_state,
        actor=by if getattr(by, "is_authenticated", False) else None,
        comment=comment,
        created_at=now,
    )
    record(
        f"stocktaking.entry.{to_state}",
        entry,
        actor=by,
        before={"state": from_state},
        after={"state": to_state},
        reason=comment,
    )
    # The e-mails are rows of this transaction; their delivery is queued after commit.
    notifications.notify_transition(transition)
    return transition


def submit_entry(entry, *, by, comment=""):
    return transition_entry(entry, "submit", by=by, comment=comment)


def publish_entry(entry, *, by, comment=""):
    return transition_entry(entry, "publish", by=by, comment=comment)


def request_changes(entry, *, by, comment):
    return transition_entry(entry, "request_changes", by=by, comment=comment)


def reject_entry(entry, *, by, comment):
    return transition_entry(entry, "reject", by=by, comment=comment)


def archive_entry(entry, *, by, comment=""):
    return transition_entry(entry, "archive", by=by, comment=comment)


def withdraw_entry(entry, *, by, comment=""):
    """The owner withdraws their entry.

    A submitted entry goes back to draft (out of the moderation queue, editable again, and
    can be submitted anew). A draft, an entry with changes requested or a published entry is
    archived: taken out of the public database and the owner's work list, kept with its
    history. Rejected and archived entries cannot be withdrawn.
    """
    action = "withdraw" if entry.state == State.SUBMITTED else "retract"
    return transition_entry(entry, action, by=by, comment=comment)


class UpdateNotAllowed(ValidationError):
    """The entry has no update in a state this step applies to (409 in the API)."""

    def __init__(self, message):
        super().__init__({"state": [message]})
        self.code = "invalid_transition"


def _locked_update(entry, *, editable=None, submitted=False):
    """The entry (locked) and its pending update (locked), checked for the step asked."""
    entry = StocktakingEntry.objects.select_for_update().get(pk=entry.pk)
    update = EntryUpdate.objects.select_for_update().filter(entry=entry).first()
    if update is None:
        raise UpdateNotAllowed(gettext("This entry has no update waiting."))
    if editable and not update.is_editable:
        raise UpdateNotAllowed(gettext("This update is submitted: withdraw it to edit it again."))
    if submitted and update.state != EntryUpdate.State.SUBMITTED:
        raise UpdateNotAllowed(gettext("This update is not submitted for review."))
    return entry, update


@transaction.atomic
def reopen_entry(entry, *, by, comment="") -> EntryUpdate:
    """The owner starts an update of their published entry (the yearly ask).

    The published version stays public; the update is a pending ``EntryUpdate`` (starting
    as a copy of the published fields) that the owner edits and submits and a moderator
    publishes, sends back or rejects. Starting again returns the update already begun.
    """
    entry = StocktakingEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.state != State.PUBLISHED:
        raise UpdateNotAllowed(
            gettext("Only a published entry is updated this way; this one is %(state)s.")
            % {"state": state_name(entry.state)}
        )
    update, created = EntryUpdate.objects.get_or_create(
        entry=entry, defaults={"author": by, "data": snapshot(entry)}
    )
    if created:
        record("stocktaking.entry.update_started", entry, actor=by, reason=comment)
    return update


def _proposed(entry, values, relations):
    """The snapshot ``values`` and ``relations`` would make, validated like an edit of the
    entry itself but written nowhere."""
    proposed = StocktakingEntry.objects.get(pk=entry.pk)
    unknown = set(values) - set(ENTRY_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    for name, value in values.items():
        setattr(proposed, name, value)
    proposed.full_clean(exclude=["submitter", "logo", *ENTRY_RELATIONS])
    missing = {
        name: [REQUIRED_TO_SUBMIT_MESSAGE]
        for name in REQUIRED_TO_SUBMIT
        if not getattr(proposed, name)
    }
    if missing:  # a published entry's update never empties what was required to publish it
        raise ValidationError(missing)
    data = snapshot(proposed)
    for name, items in relations.items():
        if name not in ENTRY_RELATIONS:
            raise ValueError(f"Not a relation of an entry: {name}")
        data[name] = sorted(str(getattr(item, "pk", item)) for item in items)
    return data


class StaleUpdate(ValidationError):
    """A save of an update based on a version that is no longer current (another tab or
    window saved it since): nothing was written. ``update`` is the stored update, so that the
    caller can show what it holds beside what the user sent (as ``actionlines.services.
    StaleEdit`` does for the action-line pages)."""

    def __init__(self, update, base_version):
        self.update = update
        self.base_version = base_version
        super().__init__(
            {
                "base_version": [
                    f"This update was saved elsewhere since (now version {update.version}, "
                    f"yours is based on version {base_version})."
                ]
            }
        )
        self.code = "stale_update"
        self.current_version = update.version


def _delete_file_on_commit(file):
    """Remove a pending logo's file once the transaction that let it go commits."""
    if file:
        name, storage = file.name, file.storage
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def save_update(
    entry, *, by, relations=None, base_version=None, logo=None, **values
) -> EntryUpdate:
    """Write the owner's proposed fields into the entry's pending update (started if none);
    fields not given keep their proposed value. The published row is not touched.

    ``base_version`` is the update's ``version`` the form was drawn from (0 before the update
    exists): when the update has moved on since, ``StaleUpdate`` is raised and nothing is
    written (the rows are locked, so two saves of one version cannot both pass); ``None``
    skips the check (the API's PATCH, which sends whole fields). ``logo``: ``None`` keeps
    the proposed logo, a checked file proposes it, ``False`` proposes removing the logo.
    """
    reopen_entry(entry, by=by)
    entry, update = _locked_update(entry, editable=True)
    if base_version is not None and base_version != update.version:
        raise StaleUpdate(update, base_version)
    before = update.data
    current = {**snapshot(entry), **update.data}
    values = {
        **{name: _value_of(name, current[name]) for name in ENTRY_FIELDS},
        **values,
    }
    relations = {**{name: current[name] for name in ENTRY_RELATIONS}, **(relations or {})}
    update.data = _proposed(entry, values, relations)
    update.version += 1
    if logo is not None:
        _delete_file_on_commit(update.logo)
        update.logo = logo or None
        update.logo_removed = logo is False and bool(entry.logo)
    update.save(update_fields=["data", "version", "logo", "logo_removed", "updated_at"])
    after = {**update.data, "logo": update.logo.name or None, "logo_removed": update.logo_removed}
    record("stocktaking.entry.update_edited", entry, actor=by, before=before, after=after)
    return update


def _value_of(name, stored):
    """A snapshot's stored value back as a model value (the organisation as its row)."""
    if name == "organization":
        from actionlines.models import Organization

        return Organization.objects.filter(pk=stored).first() if stored else None
    return stored


@transaction.atomic
def submit_update(entry, *, by) -> EntryUpdate:
    entry, update = _locked_update(entry, editable=True)
    update.state = EntryUpdate.State.SUBMITTED
    update.submitted_at = timezone.now()
    update.save(update_fields=["state", "submitted_at", "updated_at"])
    record("stocktaking.entry.update_submitted", entry, actor=by, after=update.data)
    return update


@transaction.atomic
def withdraw_update(entry, *, by) -> None:
    """The owner drops their update: the published version is all there is again."""
    entry, update = _locked_update(entry)
    record("stocktaking.entry.update_withdrawn", entry, actor=by, before=update.data)
    _delete_file_on_commit(update.logo)
    update.delete()


@transaction.atomic
def publish_update(entry, *, by, comment="") -> StocktakingEntry:
    """A moderator publishes the submitted update: its fields replace the published ones."""
    entry, update = _locked_update(entry, submitted=True)
    before = {**snapshot(entry), "logo": entry.logo.name or None}
    values = {name: _value_of(name, update.data[name]) for name in ENTRY_FIELDS}
    relations = {name: update.data[name] for name in ENTRY_RELATIONS}
    # The proposed logo's file becomes the entry's (the published one's file is kept: older
    # audit events name it).
    logo = update.logo.name if update.logo else (False if update.logo_removed else None)
    _apply(entry, values, relations, logo=logo)
    update.delete()
    ReviewClaim.objects.filter(entry=entry).delete()
    comment = (comment or "").strip()
    record(
        "stocktaking.entry.update_published",
        entry,
        actor=by,
        before=before,
        after={**snapshot(entry), "logo": entry.logo.name or None},
        reason=comment,
    )
    notifications.notify_update_decision(entry, "publish", by=by, comment=comment)
    return entry


@transaction.atomic
def decide_update(entry, action, *, by, comment="") -> None:
    """A moderator sends the submitted update back (``request_changes``: the owner edits it
    again) or rejects it (``reject``: it is dropped); the published version is unchanged."""
    comment = (comment or "").strip()
    validate_values(EntryTransition, comment=comment)
    if not comment:
        raise ValidationError({"comment": [COMMENT_REQUIRED_MESSAGES[action]]})
    entry, update = _locked_update(entry, submitted=True)
    if action == "request_changes":
        update.state = EntryUpdate.State.CHANGES_REQUESTED
        update.comment = comment
        update.save(update_fields=["state", "comment", "updated_at"])
    elif action == "reject":
        _delete_file_on_commit(update.logo)
        update.delete()
    else:
        raise ValueError(f"Not a decision on an update: {action}")
    ReviewClaim.objects.filter(entry=entry).delete()
    notifications.notify_update_decision(entry, action, by=by, comment=comment)
    record(
        f"stocktaking.entry.update_{action}",
        entry,
        actor=by,
        before=update.data,
        reason=comment,
    )


def update_diff(entry, update):
    """What the update changes, field by field, for the moderator: ``(field, old, new)``
    shown as text, and ``(field, added, removed)`` names for the lists."""
    return data_diff(snapshot(entry), update.data)


def proposed_data(entry, values, relations):
    """The snapshot an update with these values would hold, or ``None`` if they do not
    validate (for showing a conflict beside what the user sent)."""
    try:
        return _proposed(entry, values, relations)
    except ValidationError:
        return None


def data_diff(current, proposed):
    """``update_diff`` between two snapshots: ``current`` → ``proposed``."""
    fields, lists = [], []
    for name in ENTRY_FIELDS:
        old, new = current.get(name), proposed.get(name)
        if (old or "") != (new or ""):
            field = StocktakingEntry._meta.get_field(name)
            fields.append((name, _shown(field, old), _shown(field, new)))
    for name in ENTRY_RELATIONS:
        old, new = set(current.get(name, [])), set(proposed.get(name, []))
        if old != new:
            field = StocktakingEntry._meta.get_field(name)
            model = field.related_model
            names = {str(obj.pk): str(obj) for obj in model.objects.filter(pk__in=old | new)}
            added = sorted(names.get(pk, pk) for pk in new - old)
            removed = sorted(names.get(pk, pk) for pk in old - new)
            lists.append((name, added, removed))
    return fields, lists


def _shown(field, value):
    if value in (None, ""):
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        return str(field.related_model.objects.filter(pk=value).first() or value)
    return str(value)


def likely_duplicates(title, organization_name="", *, exclude_pk=None, among=None, limit=5):
    """Entries that look like the same project: a similar title, helped by a similar
    organisation. PostgreSQL: trigram similarity (pg_trgm, migration 0003); elsewhere: the
    title's longer words all appear in the title.

    ``among`` is the queryset searched (callers pass what the user may see: a stakeholder
    never learns of another's drafts); archived and draft entries of others are left out.
    """
    from django.contrib.postgres.search import TrigramSimilarity

    from wsis_portal.filters import uses_postgres

    title = (title or "").strip()
    if not title:
        return StocktakingEntry.objects.none()
    queryset = among if among is not None else StocktakingEntry.objects.all()
    queryset = queryset.exclude(state=State.ARCHIVED)
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    if uses_postgres():
        similarity = TrigramSimilarity("title", title)
        if organization_name:
            similarity = (
                similarity * 0.7 + TrigramSimilarity("organization_name", organization_name) * 0.3
            )
        return (
            queryset.annotate(similarity=similarity)
            .filter(Q(similarity__gte=0.35) | Q(title__iexact=title))
            .order_by("-similarity", "pk")[:limit]
        )
    condition = Q()
    for word in [w for w in title.split() if len(w) > 3][:6] or [title]:
        condition &= Q(title__icontains=word)
    return queryset.filter(condition).order_by("pk")[:limit]


INACTIVE_AFTER_DAYS = 730


@transaction.atomic
def confirm_entry_current(entry, *, by) -> StocktakingEntry:
    """The owner confirms their entry is still up to date (the yearly ask): it counts as an
    owner update and clears the inactive mark."""
    entry = StocktakingEntry.objects.select_for_update().get(pk=entry.pk)
    was_inactive = entry.is_inactive
    entry.last_owner_update_at = timezone.now()
    entry.is_inactive = False
    entry.save(update_fields=["last_owner_update_at", "is_inactive", "updated_at"])
    record(
        "stocktaking.entry.confirmed_current",
        entry,
        actor=by,
        before={"is_inactive": was_inactive},
        after={"is_inactive": False},
    )
    return entry


@transaction.atomic
def mark_inactive_entries(*, now=None) -> int:
    """Mark entries with no owner update for two years as inactive (shown and filterable;
    any owner update or confirmation clears it). Returns how many were marked."""
    now = now or timezone.now()
    stale = StocktakingEntry.objects.filter(
        is_inactive=False,
        last_owner_update_at__lt=now - datetime.timedelta(days=INACTIVE_AFTER_DAYS),
    ).exclude(state=State.ARCHIVED)
    marked = 0
    for entry in stale.select_for_update(skip_locked=True):
        entry.is_inactive = True
        entry.save(update_fields=["is_inactive"])
        record(
            "stocktaking.entry.marked_inactive",
            entry,
            before={"is_inactive": False},
            after={"is_inactive": True},
            reason=f"No update by its owner since {entry.last_owner_update_at:%Y-%m-%d}.",
        )
        marked += 1
    return marked
