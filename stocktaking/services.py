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

from wsis_portal.models import record
from wsis_portal.text import validate_values

from . import notifications
from .models import EntryTransition, StocktakingEntry

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
    # Owner's update of a published entry (see ``reopen_entry``): back to an editable draft.
    "reopen": ({State.PUBLISHED}, State.DRAFT, False),
}
OWNER_ACTIONS = {"submit", "withdraw", "retract", "reopen"}
# Fields an entry must have before it can be submitted; a draft needs only a title.
REQUIRED_TO_SUBMIT = ["title", "description", "organization_name", "stakeholder_type"]
COMMENT_REQUIRED_MESSAGES = {
    "request_changes": "Say what the submitter should change.",
    "reject": "Give the reason for rejecting; the submitter sees it.",
}


class TransitionNotAllowed(ValidationError):
    """The entry is not in a state the action applies to (409 in the API)."""

    def __init__(self, entry, action):
        allowed = ", ".join(sorted(TRANSITIONS[action][0]))
        super().__init__(
            {
                "state": [
                    f"Cannot {action.replace('_', ' ')} an entry that is {entry.state}; "
                    f"only from: {allowed}."
                ]
            }
        )
        self.code = "invalid_transition"


def _snapshot(entry):
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
    record("stocktaking.entry.created", entry, actor=by, after=_snapshot(entry))
    return entry


@transaction.atomic
def update_entry(
    entry, *, by, relations=None, allow_incomplete=False, logo=None, **values
) -> StocktakingEntry:
    """Edit a draft (or an entry with changes requested); other states are not editable."""
    entry = StocktakingEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.state not in (State.DRAFT, State.CHANGES_REQUESTED):
        error = ValidationError({"state": [f"An entry that is {entry.state} cannot be edited."]})
        error.code = "invalid_transition"
        raise error
    before = _snapshot(entry)
    _apply(entry, values, relations or {}, allow_incomplete=allow_incomplete, logo=logo)
    record("stocktaking.entry.updated", entry, actor=by, before=before, after=_snapshot(entry))
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
            name: ["This field is required to submit."]
            for name in REQUIRED_TO_SUBMIT
            if not getattr(entry, name)
        }
        if missing:
            raise ValidationError(missing)
    from_state = entry.state
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


def reopen_entry(entry, *, by, comment=""):
    """The owner takes their published entry back to update it (the yearly ask).

    Edits of published content are reviewed like new submissions, so the entry becomes a
    draft again: out of the public database until the owner submits it and a moderator
    publishes it anew. (A pending copy that keeps the published version online meanwhile
    would need a second row per entry; the workflow has none.)
    """
    return transition_entry(entry, "reopen", by=by, comment=comment)


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
