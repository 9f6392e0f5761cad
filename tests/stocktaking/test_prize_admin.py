"""WSIS Prizes managed in the admin (issue 18, gap 6 / defect 4): an edition is created with its
18 categories and an audit event, its phases move by editing its dates (audited, kept in
order), categories can be added and removed but not one with nominations, and nominations
are listed read-only. Only staff with the model permissions get there."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from stocktaking import prizes
from stocktaking.models import PrizeCategory, PrizeEdition
from tests.support.factories import UserFactory
from wsis_portal.models import AuditEvent

from .test_prizes import (
    Phase,
    calendar,
    category,
    lines,  # noqa: F401 (the fixture, used by every test)
    nominated,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("lines")]
ADD = reverse("admin:stocktaking_prizeedition_add")


def dates_form(year, **dates):
    return {
        "year": year,
        **{name: value.isoformat() for name, value in dates.items()},
    }


def inline_management(edition, *, delete=()):
    """The categories inline as the change form posts it, deleting ``delete``'s codes."""
    data = {}
    categories = list(edition.categories.select_related("action_line").order_by("pk"))
    prefix = "categories"
    data[f"{prefix}-TOTAL_FORMS"] = len(categories)
    data[f"{prefix}-INITIAL_FORMS"] = len(categories)
    for i, item in enumerate(categories):
        data[f"{prefix}-{i}-id"] = item.pk
        data[f"{prefix}-{i}-edition"] = edition.pk
        data[f"{prefix}-{i}-action_line"] = item.action_line_id
        if item.action_line.code in delete:
            data[f"{prefix}-{i}-DELETE"] = "on"
    return data


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_an_edition_created_in_the_admin_has_its_categories_and_is_audited(
    staff_client, admin_user
):
    form = staff_client.get(ADD).content.decode()
    assert 'name="nomination_opens"' in form
    response = staff_client.post(ADD, dates_form(2031, **calendar(Phase.UPCOMING)))
    assert response.status_code == 302, response.content.decode()[:2000]
    edition = PrizeEdition.objects.get(year=2031)
    assert edition.categories.count() == 18
    event = AuditEvent.objects.get(action="stocktaking.prize.edition_created")
    assert event.actor == admin_user and event.object_id == str(edition.pk)
    listing = staff_client.get(reverse("admin:stocktaking_prizeedition_changelist"))
    assert "Not open yet" in listing.content.decode()


def test_phases_out_of_order_or_a_second_edition_of_a_year_are_form_errors(staff_client):
    dates = calendar(Phase.NOMINATION)
    dates["voting_opens"] = dates["nomination_opens"]
    response = staff_client.post(ADD, dates_form(2032, **dates))
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert not PrizeEdition.objects.exists()
    prizes.create_edition(year=2032, by=None, **calendar(Phase.NOMINATION))
    response = staff_client.post(ADD, dates_form(2032, **calendar(Phase.UPCOMING)))
    assert "Prize edition with this Year already exists." in response.content.decode()
    assert PrizeEdition.objects.count() == 1
    assert PrizeCategory.objects.count() == 18


def test_moving_the_dates_changes_the_phase_and_is_audited(staff_client, admin_user):
    edition = prizes.create_edition(year=2030, by=admin_user, **calendar(Phase.NOMINATION))
    assert edition.phase() == Phase.NOMINATION
    url = reverse("admin:stocktaking_prizeedition_change", args=[edition.pk])
    data = {**dates_form(2030, **calendar(Phase.VOTING)), **inline_management(edition)}
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    edition.refresh_from_db()
    assert edition.phase() == Phase.VOTING
    event = AuditEvent.objects.get(action="stocktaking.prize.calendar_changed")
    assert event.before["voting_closes"] == str(calendar(Phase.NOMINATION)["voting_closes"])
    assert event.after["voting_closes"] == str(calendar(Phase.VOTING)["voting_closes"])


def test_a_category_with_nominations_cannot_be_removed(staff_client, admin_user):
    edition = prizes.create_edition(year=2030, by=admin_user, **calendar(Phase.NOMINATION))
    nominated(edition, 1)  # into C7-e-health
    url = reverse("admin:stocktaking_prizeedition_change", args=[edition.pk])
    base = dates_form(2030, **calendar(Phase.NOMINATION))
    response = staff_client.post(
        url, {**base, **inline_management(edition, delete=["C7-e-health"])}
    )
    assert response.status_code == 200
    assert "The category C7-e-health has nominations" in response.content.decode()
    assert category(edition).nominations.count() == 1
    response = staff_client.post(url, {**base, **inline_management(edition, delete=["C11"])})
    assert response.status_code == 302
    assert not edition.categories.filter(action_line__code="C11").exists()
    assert edition.categories.count() == 17


def test_nominations_are_listed_but_not_edited_in_the_admin(staff_client, admin_user):
    edition = prizes.create_edition(year=2030, by=admin_user, **calendar(Phase.NOMINATION))
    (nomination,) = nominated(edition, 1)
    listing = staff_client.get(reverse("admin:stocktaking_nomination_changelist"))
    assert "Project owner 0" in listing.content.decode()
    change = reverse("admin:stocktaking_nomination_change", args=[nomination.pk])
    response = staff_client.post(change, {"is_winner": "on", "is_shortlisted": "on"})
    nomination.refresh_from_db()
    assert response.status_code == 403 and not nomination.is_winner
    assert staff_client.get(reverse("admin:stocktaking_nomination_add")).status_code == 403


def test_only_staff_with_the_permission_manage_editions(client):
    stakeholder = UserFactory(username="someone")
    client.force_login(stakeholder)
    response = client.post(ADD, dates_form(2031, **calendar(Phase.UPCOMING)))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    staff = UserFactory(username="staff", is_staff=True)
    client.force_login(staff)
    assert client.post(ADD, dates_form(2031, **calendar(Phase.UPCOMING))).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="add_prizeedition"))
    staff = type(staff).objects.get(pk=staff.pk)  # permissions are cached per instance
    client.force_login(staff)
    assert client.post(ADD, dates_form(2031, **calendar(Phase.UPCOMING))).status_code == 302
    assert PrizeEdition.objects.get(year=2031).categories.count() == 18
