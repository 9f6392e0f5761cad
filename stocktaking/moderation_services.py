"""The moderators' tools around single decisions: claiming an entry ("I'm reviewing this")
and deciding on many entries at once.

Permission checks are the caller's (``permissions.can_moderate``). A bulk decision is a
series of single ones (``services.transition_entry``): each entry is checked, audited and
its owner e-mailed exactly as when a moderator decides on it alone, and one entry that
cannot move (its state changed meanwhile, another moderator is reviewing it) is reported
and leaves the others done.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from wsis_portal.models import record

from . import services
from .models import ReviewClaim, StocktakingEntry

#: The decisions the queue offers on many entries at once (no comment is needed for them).
BULK_ACTIONS = ("publish", "archive")
#: At most this many entries per bulk decision (the queue shows 50 a page).
BULK_LIMIT = 100


@transaction.atomic
def claim_entry(entry, *, by) -> ReviewClaim:
    """``by`` reviews ``entry`` from now on; taking over another moderator's claim is
    recorded as such (the page asked them first)."""
    entry = StocktakingEntry.objects.select_for_update().get(pk=entry.pk)
    claim = ReviewClaim.objects.filter(entry=entry).select_related("moderator").first()
    if claim is not None and claim.moderator_id == by.pk:
        return claim
    before = {"moderator": claim.moderator.get_username()} if claim else None
    if claim is None:
        claim = ReviewClaim(entry=entry)
    claim.moderator, claim.claimed_at = by, timezone.now()
    claim.save()
    record(
        "stocktaking.entry.review_taken_over" if before else "stocktaking.entry.review_claimed",
        entry,
        actor=by,
        before=before,
        after={"moderator": by.get_username()},
    )
    return claim


@transaction.atomic
def release_entry(entry, *, by) -> bool:
    """``by`` stops reviewing ``entry``; only their own claim is released (another's is taken
    over instead). Returns whether there was one to release."""
    claim = ReviewClaim.objects.select_for_update().filter(entry=entry, moderator=by).first()
    if claim is None:
        return False
    claim.delete()
    record(
        "stocktaking.entry.review_released",
        entry,
        actor=by,
        before={"moderator": by.get_username()},
    )
    return True


def claimed_by_other(entry, user):
    """The moderator other than ``user`` who reviews ``entry``, or ``None`` (reads
    ``entry.review_claim``: select it with the entry for a list)."""
    try:
        claim = entry.review_claim
    except ReviewClaim.DoesNotExist:
        return None
    return None if claim.moderator_id == user.pk else claim.moderator


class BulkOutcome:
    """What a bulk decision did: the entries done, and those left with the reason."""

    def __init__(self):
        self.done, self.skipped = [], []


def decide_in_bulk(entries, action, *, by, comment="", override=()) -> BulkOutcome:
    """Take ``action`` (``BULK_ACTIONS``) on each of ``entries``, one transaction each, like a
    single decision. An entry another moderator reviews is left unless its id is in
    ``override`` (the moderator saw the warning and chose it)."""
    if action not in BULK_ACTIONS:
        raise ValueError(f"Not a bulk decision: {action}")
    outcome = BulkOutcome()
    override = {int(pk) for pk in override}
    for entry in entries:
        other = claimed_by_other(entry, by)
        if other is not None and entry.pk not in override:
            outcome.skipped.append((entry, ("claimed", other)))
            continue
        try:
            services.transition_entry(entry, action, by=by, comment=comment)
        except ValidationError as error:
            outcome.skipped.append((entry, ("invalid", " ".join(error.messages))))
        else:
            outcome.done.append(entry)
    return outcome
