"""The moderators group and moderators without an e-mail address (issue 18, defect 7)."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core import mail

from stocktaking import services
from tests.support.factories import UserFactory

from .conftest import make_entry

pytestmark = pytest.mark.django_db
QUEUE = "/stocktaking/moderation/"


def test_the_moderators_group_is_created_by_the_migrations():
    """The README's `moderators` group exists without anyone creating it (a migration)."""
    Group.objects.filter(name="moderators").delete()
    migration = importlib.import_module("stocktaking.migrations.0013_moderators_group")
    migration.create_moderators_group(apps, None)
    migration.create_moderators_group(apps, None)  # again: still one group
    assert Group.objects.filter(name="moderators").count() == 1


@pytest.fixture
def silent_moderator(db):
    user = UserFactory(username="mod-without-mail", email="")
    user.groups.add(Group.objects.get_or_create(name="moderators")[0])
    return user


def test_the_queue_names_moderators_who_are_never_told(client, moderator, silent_moderator):
    client.force_login(moderator)
    page = client.get(QUEUE).content.decode()
    assert "never told of new submissions" in page and "mod-without-mail" in page
    assert "/admin/" not in page  # a moderator who is not staff gets no admin link
    silent_moderator.email = "mod@example.org"
    silent_moderator.save()
    assert "never told" not in client.get(QUEUE).content.decode()


def test_the_queue_links_staff_to_the_account_to_fix(client, admin_user, silent_moderator):
    client.force_login(admin_user)
    page = client.get(QUEUE).content.decode()
    assert f"/admin/auth/user/{silent_moderator.pk}/change/" in page


def test_the_admin_flags_a_moderator_without_an_email_address(
    client, admin_user, moderator, silent_moderator
):
    client.force_login(admin_user)
    listing = client.get("/admin/auth/user/?moderator_email=missing").content.decode()
    assert "mod-without-mail" in listing and ">moderator<" not in listing
    assert "never told of new submissions" in listing
    page = client.get(f"/admin/auth/user/{silent_moderator.pk}/change/").content.decode()
    assert "never told of new submissions" in page
    page = client.get(f"/admin/auth/user/{moderator.pk}/change/").content.decode()
    assert "never told of new submissions" not in page


def test_the_admins_add_user_form_asks_for_an_email_address(client, admin_user):
    client.force_login(admin_user)
    page = client.get("/admin/auth/user/add/").content.decode()
    assert 'name="email"' in page
    response = client.post(
        "/admin/auth/user/add/",
        {
            "username": "newmod",
            "email": "newmod@example.org",
            "usable_password": "true",
            "password1": "a-long-unusual-passphrase-9",
            "password2": "a-long-unusual-passphrase-9",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.get(username="newmod").email == "newmod@example.org"


def test_submissions_are_mailed_to_moderators_with_an_address_only(
    moderator, silent_moderator, stakeholder, django_capture_on_commit_callbacks
):
    entry = make_entry(stakeholder, "draft")
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_entry(entry, "submit", by=stakeholder)
    assert [message.to for message in mail.outbox] == [[moderator.email]]
