"""The action-line rules, asked directly: who may edit which line."""

import pytest

from actionlines.models import ActionLine, Facilitation
from actionlines.permissions import can_edit_action_line, facilitated_by
from tests.support.factories import ActionLineFactory, MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def c7_tree():
    c7 = ActionLineFactory(code="C7", slug="c7")
    health = ActionLineFactory(code="C7-e-health", slug="c7-e-health", parent=c7)
    science = ActionLineFactory(code="C7-e-science", slug="c7-e-science", parent=c7)
    who, ohchr = OrganizationFactory(acronym="WHO"), OrganizationFactory(acronym="OHCHR")
    Facilitation.objects.create(action_line=health, organization=who, role="lead")
    for line in (c7, health, science):
        Facilitation.objects.create(action_line=line, organization=ohchr, role="cross_cutting")
    return {
        "c7": c7,
        "health": health,
        "science": science,
        "who_staff": MembershipFactory(organization=who).user,
        "ohchr_staff": MembershipFactory(organization=ohchr).user,
    }


def test_sub_line_facilitators_keep_the_parent_page(c7_tree):
    staff = c7_tree["who_staff"]
    assert can_edit_action_line(staff, c7_tree["health"])
    assert can_edit_action_line(staff, c7_tree["c7"])
    assert not can_edit_action_line(staff, c7_tree["science"])
    editable = ActionLine.objects.filter(facilitated_by(staff))
    assert sorted(editable.values_list("code", flat=True)) == ["C7", "C7-e-health"]


def test_cross_cutting_contributors_do_not_edit(c7_tree):
    staff = c7_tree["ohchr_staff"]
    assert not any(can_edit_action_line(staff, c7_tree[k]) for k in ("c7", "health", "science"))
    assert not ActionLine.objects.filter(facilitated_by(staff)).exists()


def test_anonymous_and_superuser(c7_tree, admin_user):
    from django.contrib.auth.models import AnonymousUser

    assert not can_edit_action_line(AnonymousUser(), c7_tree["c7"])
    assert can_edit_action_line(admin_user, c7_tree["science"])
