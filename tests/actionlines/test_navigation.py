"""The account menu offers the workspace pages only to those who may open them."""

import pytest
from django.urls import reverse

from tests.support.factories import MembershipFactory, OrganizationFactory

MY_ACTION_LINES = "actionlines:my-action-lines"
MY_MANDATES = "mandates:my-mandates"


@pytest.fixture
def member_of_a_non_facilitating_organisation(db):
    organization = OrganizationFactory(acronym="GOV-KE")
    return MembershipFactory(organization=organization, user__username="member").user


@pytest.mark.parametrize(
    ("role", "links"),
    [
        ("stakeholder", set()),
        ("member_of_a_non_facilitating_organisation", {MY_MANDATES}),
        ("facilitator", {MY_ACTION_LINES, MY_MANDATES}),
        ("other_facilitator", {MY_ACTION_LINES, MY_MANDATES}),
        ("moderator", set()),
        ("admin_user", {MY_ACTION_LINES, MY_MANDATES}),
    ],
)
def test_workspace_links_in_the_account_menu(client, request, role, links):
    user = request.getfixturevalue(role)
    client.force_login(user)
    nav = client.get("/").text.split('aria-label="Account"', 1)[1].split("</nav>", 1)[0]

    shown = {name for name in (MY_ACTION_LINES, MY_MANDATES) if f'href="{reverse(name)}"' in nav}
    assert shown == links
    for name in (MY_ACTION_LINES, MY_MANDATES):  # every link shown opens; every hidden one is 403
        assert client.get(reverse(name)).status_code == (200 if name in links else 403)
