"""Shared fixtures: one user (and logged-in client) per role."""

import pytest
from django.contrib.auth.models import Group

from tests.support.factories import (
    ActionLineFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)


@pytest.fixture
def stakeholder(db):
    return UserFactory(username="stakeholder")


@pytest.fixture
def other_stakeholder(db):
    return UserFactory(username="other-stakeholder")


@pytest.fixture
def line(db):
    """An action line facilitated by one organisation, whose member is ``facilitator``."""
    return ActionLineFactory(code="C3", slug="c3", title="Access to information and knowledge")


@pytest.fixture
def facilitator(line):
    from actionlines.models import Facilitation

    organization = OrganizationFactory(acronym="UNESCO")
    Facilitation.objects.create(action_line=line, organization=organization, role="lead")
    return MembershipFactory(organization=organization, user__username="facilitator").user


@pytest.fixture
def other_facilitator(db):
    """A facilitator of another line (C9), not of ``line``."""
    from actionlines.models import Facilitation

    other_line = ActionLineFactory(code="C9", slug="c9", title="Media")
    organization = OrganizationFactory(acronym="WHO")
    Facilitation.objects.create(action_line=other_line, organization=organization, role="lead")
    return MembershipFactory(organization=organization, user__username="other-facilitator").user


@pytest.fixture
def moderator(db):
    user = UserFactory(username="moderator")
    group, _ = Group.objects.get_or_create(name="moderators")
    user.groups.add(group)
    return user


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)
