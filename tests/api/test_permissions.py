"""The permission matrix: every write endpoint × every role, from one table.

Refusals: 401 for anonymous; 403 when the object is visible to the user but the write is
not theirs; 404 when the object is not visible to them at all (other people's drafts).
Every accepted write leaves an audit event; every refused one leaves nothing.
"""

import pytest

from mandates.models import MandateUpdate
from stocktaking.models import EntryTransition, StocktakingEntry
from tests.api.conftest import client_for
from tests.support.factories import MandateFactory, StocktakingEntryFactory
from wsis_portal.models import AuditEvent

ROLES = ["anonymous", "stakeholder", "facilitator", "other_facilitator", "moderator", "admin_user"]


def page_edit(ctx):
    return (
        "patch",
        f"/api/v1/action-lines/{ctx['line'].code}/",
        {
            "page_content": "# New page",
            "page_version": ctx["line"].page_version,
        },
    )


def mandate_update(ctx):
    mandate = MandateFactory()
    mandate.parties.create(organization=ctx["facilitator"].organizations.get(), role="addressee")
    return (
        "post",
        "/api/v1/mandate-updates/",
        {
            "mandate": mandate.pk,
            "organization": "UNESCO",
            "status": "on_track",
            "text": "Consultations held.",
        },
    )


def entry_create(ctx):
    return (
        "post",
        "/api/v1/stocktaking/",
        {
            "title": "Solar school labs",
            "description": "Labs powered by solar panels.",
            "organization_name": "Sun Schools",
            "stakeholder_type": "civil_society",
        },
    )


def entry_create_linked(ctx):
    """A new entry in the name of UNESCO, whose only member is ``facilitator`` (hole 13)."""
    method, url, payload = entry_create(ctx)
    return method, url, {**payload, "organization": "UNESCO"}


def entry_link(ctx):
    entry = entry_in("draft", ctx)
    return "patch", f"/api/v1/stocktaking/{entry.pk}/", {"organization": "UNESCO"}


def entry_in(state, ctx):
    return StocktakingEntryFactory(submitter=ctx["stakeholder"], state=state)


def entry_edit(ctx):
    entry = entry_in("draft", ctx)
    return "patch", f"/api/v1/stocktaking/{entry.pk}/", {"title": "Renamed"}


def transition(action, state, comment=""):
    def build(ctx):
        entry = entry_in(state, ctx)
        return "post", f"/api/v1/stocktaking/{entry.pk}/{action}/", {"comment": comment}

    return build


OK, CREATED = 200, 201
# role order: anonymous, stakeholder, facilitator, other_facilitator, moderator, admin
MATRIX = {
    "page_edit": (page_edit, [401, 403, OK, 403, 403, OK]),
    "mandate_update": (mandate_update, [401, 403, CREATED, 403, 403, CREATED]),
    "entry_create": (entry_create, [401, CREATED, CREATED, CREATED, CREATED, CREATED]),
    "entry_edit": (entry_edit, [401, OK, 404, 404, 403, 403]),
    # Issue 16, hole 13: only an organisation's members (and superusers) link an entry to it
    # (403 naming the field: the value is valid, not theirs to give).
    "entry_create_linked": (
        entry_create_linked,
        [401, 403, CREATED, 403, 403, CREATED],
    ),
    "entry_link": (entry_link, [401, 403, 404, 404, 403, 403]),
    "submit": (transition("submit", "draft"), [401, OK, 404, 404, 403, 403]),
    "publish": (transition("publish", "submitted"), [401, 403, 404, 404, OK, OK]),
    "request_changes": (
        transition("request-changes", "submitted", "Add a website."),
        [401, 403, 404, 404, OK, OK],
    ),
    "reject": (
        transition("reject", "submitted", "Not an ICT project."),
        [401, 403, 404, 404, OK, OK],
    ),
    "archive": (transition("archive", "published"), [401, 403, 403, 403, OK, OK]),
    "reopen": (transition("reopen", "published"), [401, OK, 403, 403, 403, 403]),
}

CASES = [
    pytest.param(action, role, expected, id=f"{action}-{role}")
    for action, (_, statuses) in MATRIX.items()
    for role, expected in zip(ROLES, statuses, strict=True)
]


def snapshot():
    return (
        AuditEvent.objects.count(),
        MandateUpdate.objects.count(),
        EntryTransition.objects.count(),
        sorted(StocktakingEntry.objects.values_list("pk", "title", "state")),
    )


@pytest.mark.parametrize(("action", "role", "expected"), CASES)
def test_write_permission_matrix(
    request,
    action,
    role,
    expected,
    line,
    facilitator,
    other_facilitator,
    stakeholder,
    moderator,
    admin_user,
):
    ctx = {"line": line, "facilitator": facilitator, "stakeholder": stakeholder}
    method, url, payload = MATRIX[action][0](ctx)
    user = None if role == "anonymous" else request.getfixturevalue(role)
    before = snapshot()
    response = getattr(client_for(user), method)(url, payload, format="json")
    assert response.status_code == expected, response.content
    if expected in (OK, CREATED):
        assert AuditEvent.objects.count() > before[0]
    else:
        assert snapshot() == before, "a refused write changed something"
