"""Who may change what on action lines. Each rule is a ``Q`` for querysets and a predicate.

Views, serializers, templates (to hide links) and tests all ask these rules; no check lives
in a template alone. Superusers pass every rule.
"""

from django.db.models import Q

from .models import ActionLine, Facilitation


def facilitated_by(user) -> Q:
    """Action lines that ``user``'s organisations facilitate (lead or co-facilitator), and the
    parents of sub-lines they facilitate: C7 has no facilitator of its own in the Tunis Agenda
    annex, so the facilitators of its sub-lines keep its page.

    Subqueries, not joins: filtering with it never repeats a line.
    """
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    mine = Facilitation.objects.filter(organization__members=user, role__in=["lead", "co"])
    return Q(pk__in=mine.values("action_line")) | Q(pk__in=mine.values("action_line__parent"))


def can_edit_action_line(user, line) -> bool:
    """Members of an organisation that facilitates the line (lead or co), or one of its
    sub-lines, may edit its page, road map, SDG links and meetings."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return ActionLine.objects.filter(facilitated_by(user), pk=line.pk).exists()


def is_facilitator(user) -> bool:
    """Whether ``user`` belongs to any organisation that facilitates an action line."""
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or user.organizations.filter(facilitations__role__in=["lead", "co"]).exists()
    )


def can_edit_meeting(user, meeting) -> bool:
    """A coordination meeting may be edited by facilitators (lead or co) of at least one of
    its action lines; creating one needs ``is_facilitator``."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return meeting.action_lines.filter(facilitated_by(user)).exists()
