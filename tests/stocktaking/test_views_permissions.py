"""The permission matrix of the stocktaking pages: roles × actions, table-driven.

Roles: anonymous, the entry's owner (stakeholder), another stakeholder, a moderator, a
facilitator (no moderation rights here) and an admin (superuser: moderates). A stakeholder
never sees or changes another's drafts.
"""

import pytest
from django.urls import reverse

from stocktaking.models import StocktakingEntry

from .conftest import make_entry

pytestmark = pytest.mark.django_db
State = StocktakingEntry.State
ROLES = ["anonymous", "owner", "other", "moderator", "facilitator", "admin"]


@pytest.fixture
def users(stakeholder, other_stakeholder, moderator, facilitator, admin_user):
    return {
        "anonymous": None,
        "owner": stakeholder,
        "other": other_stakeholder,
        "moderator": moderator,
        "facilitator": facilitator,
        "admin": admin_user,
    }


def client_as(client, users, role):
    if users[role] is not None:
        client.force_login(users[role])
    return client


# (page, entry state, {role: expected status}); 302 for anonymous = to the sign-in page.
READ_MATRIX = [
    (
        "detail",
        "draft",
        dict(anonymous=404, owner=200, other=404, moderator=200, facilitator=404, admin=200),
    ),
    (
        "detail",
        "submitted",
        dict(anonymous=404, owner=200, other=404, moderator=200, facilitator=404, admin=200),
    ),
    (
        "detail",
        "published",
        dict(anonymous=200, owner=200, other=200, moderator=200, facilitator=200, admin=200),
    ),
    (
        "detail",
        "rejected",
        dict(anonymous=404, owner=200, other=404, moderator=200, facilitator=404, admin=200),
    ),
    (
        "edit",
        "draft",
        dict(anonymous=302, owner=200, other=404, moderator=404, facilitator=404, admin=404),
    ),
    (
        "edit",
        "changes_requested",
        dict(anonymous=302, owner=200, other=404, moderator=404, facilitator=404, admin=404),
    ),
    (
        "edit",
        "submitted",
        dict(anonymous=302, owner=403, other=404, moderator=404, facilitator=404, admin=404),
    ),
    (
        "edit",
        "published",
        dict(anonymous=302, owner=200, other=404, moderator=404, facilitator=404, admin=404),
    ),
    (
        "reopen",
        "published",
        dict(anonymous=302, owner=302, other=404, moderator=404, facilitator=404, admin=404),
    ),
    (
        "reopen",
        "submitted",
        dict(anonymous=302, owner=403, other=404, moderator=404, facilitator=404, admin=404),
    ),
    (
        "review",
        "submitted",
        dict(anonymous=302, owner=403, other=403, moderator=200, facilitator=403, admin=200),
    ),
    (
        "queue",
        "submitted",
        dict(anonymous=302, owner=403, other=403, moderator=200, facilitator=403, admin=200),
    ),
    (
        "mine",
        "draft",
        dict(anonymous=302, owner=200, other=200, moderator=200, facilitator=200, admin=200),
    ),
    (
        "create",
        "draft",
        dict(anonymous=302, owner=200, other=200, moderator=200, facilitator=200, admin=200),
    ),
]
URLS = {
    "detail": lambda e: reverse("stocktaking:entry-detail", args=[e.pk]),
    "edit": lambda e: reverse("stocktaking:entry-edit", args=[e.pk]),
    "review": lambda e: reverse("stocktaking:review", args=[e.pk]),
    "reopen": lambda e: reverse("stocktaking:entry-reopen", args=[e.pk]),
    "queue": lambda e: reverse("stocktaking:moderation-queue"),
    "mine": lambda e: reverse("stocktaking:my-submissions"),
    "create": lambda e: reverse("stocktaking:entry-create"),
}


@pytest.mark.parametrize(
    ("page", "state", "role", "expected"),
    [
        (page, state, role, expected[role])
        for page, state, expected in READ_MATRIX
        for role in ROLES
    ],
)
def test_read_matrix(client, users, stakeholder, page, state, role, expected):
    entry = make_entry(stakeholder, state, title="Matrix project SECRET-DRAFT-TITLE")
    response = client_as(client, users, role).get(URLS[page](entry))
    assert response.status_code == expected
    if page == "mine" and role != "owner" and expected == 200:
        assert b"SECRET-DRAFT-TITLE" not in response.content


# (action, entry state before, {role: state after}); None = refused and unchanged.
WRITE_MATRIX = [
    ("edit", "draft", dict(owner="draft")),
    ("submit", "draft", dict(owner="submitted")),
    ("withdraw", "submitted", dict(owner="draft")),
    ("withdraw", "published", dict(owner="archived")),
    ("reopen", "published", dict(owner="published")),  # its update waits beside it
    ("reopen", "changes_requested", {}),
    ("publish", "submitted", dict(moderator="published", admin="published")),
    (
        "request_changes",
        "submitted",
        dict(moderator="changes_requested", admin="changes_requested"),
    ),
    ("reject", "submitted", dict(moderator="rejected", admin="rejected")),
    ("archive", "published", dict(moderator="archived", admin="archived")),
]


def perform(client, action, entry, catalog):
    from .conftest import complete_post_data

    if action in ("edit", "submit"):
        data = complete_post_data(
            catalog,
            title="Changed title",
            intent="draft" if action == "edit" else "submit",
            confirm_not_duplicate="on",
        )
        return client.post(reverse("stocktaking:entry-edit", args=[entry.pk]), data)
    if action in ("withdraw", "reopen"):
        return client.post(reverse(f"stocktaking:entry-{action}", args=[entry.pk]))
    return client.post(
        reverse("stocktaking:review", args=[entry.pk]), {"action": action, "comment": "Because."}
    )


@pytest.mark.parametrize(
    ("action", "state", "role", "after"),
    [(a, s, role, allowed.get(role)) for a, s, allowed in WRITE_MATRIX for role in ROLES],
)
def test_write_matrix(client, users, stakeholder, catalog, action, state, role, after):
    entry = make_entry(stakeholder, state, catalog=catalog, title="Original title")
    response = perform(client_as(client, users, role), action, entry, catalog)
    entry.refresh_from_db()
    if after is None:
        assert entry.state == state and entry.title == "Original title"
        assert response.status_code in (302, 403, 404)
        if role == "anonymous":
            assert response.url.startswith(reverse("login"))
        else:
            assert response.status_code in (403, 404)
    else:
        assert response.status_code == 302, response.content[:2000]
        assert entry.state == after
        if action == "edit":
            assert entry.title == "Changed title"


def test_decisions_shown_to_the_submitter(client, stakeholder, moderator, catalog):
    entry = make_entry(stakeholder, "submitted", catalog=catalog)
    client.force_login(moderator)
    response = client.post(
        reverse("stocktaking:review", args=[entry.pk]), {"action": "request_changes", "comment": ""}
    )
    assert response.status_code == 400
    assert "Say what the submitter should change." in response.content.decode()
    client.post(
        reverse("stocktaking:review", args=[entry.pk]),
        {"action": "request_changes", "comment": "Please name the <b>partner</b> clinics."},
    )
    client.force_login(stakeholder)
    page = client.get(reverse("stocktaking:my-submissions")).content.decode()
    assert "Please name the &lt;b&gt;partner&lt;/b&gt; clinics." in page
    assert "Changes requested" in page
    edit = client.get(reverse("stocktaking:entry-edit", args=[entry.pk])).content.decode()
    assert "The moderator asked for changes" in edit


def test_transition_not_allowed_is_a_clear_error(client, stakeholder, moderator):
    entry = make_entry(stakeholder, "rejected")
    client.force_login(moderator)
    response = client.post(
        reverse("stocktaking:review", args=[entry.pk]), {"action": "publish", "comment": ""}
    )
    assert response.status_code == 400
    assert "Cannot publish an entry that is rejected" in response.content.decode()


def test_review_page_shows_duplicates_log_and_contact(
    client, stakeholder, other_stakeholder, moderator
):
    make_entry(
        other_stakeholder,
        "published",
        title="Solar-powered school labs",
        organization_name="Sun Ed",
    )
    entry = make_entry(
        stakeholder, "submitted", title="Solar powered school labs", organization_name="SunEd"
    )
    client.force_login(moderator)
    page = client.get(reverse("stocktaking:review", args=[entry.pk])).content.decode()
    assert "Solar-powered school labs" in page
    assert "secret@example.org" in page
    assert "Draft → Submitted for review" in page or "Submitted for review" in page


def test_queue_filters(client, moderator, stakeholder, catalog):
    health = make_entry(stakeholder, "submitted", catalog=catalog, title="Health one")
    other = make_entry(stakeholder, "submitted", title="Plain one", stakeholder_type="government")
    make_entry(stakeholder, "draft", title="Draft one")
    client.force_login(moderator)
    url = reverse("stocktaking:moderation-queue")
    titles = lambda r: [e.title for e in r.context["entries"]]  # noqa: E731
    assert set(titles(client.get(url))) == {health.title, other.title}
    assert titles(client.get(url, {"action_line": "C7"})) == [health.title]
    assert titles(client.get(url, {"stakeholder_type": "government"})) == [other.title]
    assert titles(client.get(url, {"min_age": "3"})) == []
    assert client.get(url, {"action_line": "C99", "min_age": "x"}).status_code == 200
