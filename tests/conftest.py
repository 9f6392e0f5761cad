"""Shared fixtures: one user (and logged-in client) per role; a cache of its own per test."""

import uuid

import pytest
import redis
from django.conf import settings as settings_module
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.utils import translation

from tests.support.factories import (
    ActionLineFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _cache_of_its_own(settings):
    """Each test starts with an empty cache (no cached page, stats answer or rate-limit count
    leaks between tests) without flushing the Redis that other test runs on this machine
    share: a key prefix of its own, whose keys are deleted afterwards."""
    prefix = f"test-{uuid.uuid4().hex}"
    mine = {alias: {**config, "KEY_PREFIX": prefix} for alias, config in settings.CACHES.items()}
    settings.CACHES = mine
    yield
    for alias, config in mine.items():
        if config["BACKEND"].endswith("RedisCache"):
            with redis.Redis.from_url(config["LOCATION"]) as client:
                keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
                if keys:
                    client.delete(*keys)
        else:
            caches[alias].clear()


@pytest.fixture(autouse=True)
def _english_to_start_with():
    """Each test starts in English: a request leaves its language active in the thread (as
    LocaleMiddleware does), and a test's own reverse() would otherwise build /fr/… URLs."""
    translation.activate(settings_module.LANGUAGE_CODE)
    yield
    translation.activate(settings_module.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """A fast password hash in tests: Django's default takes a million PBKDF2 rounds, half a
    second a user on a busy 2-core machine, and the factories make a user per entry."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _signed_in_with_second_factor(monkeypatch):
    """``client.force_login`` signs privileged accounts in past two-factor sign-in too."""
    from django.test import Client

    from tests.support.two_factor import force_login_with_second_factor

    monkeypatch.setattr(Client, "force_login", force_login_with_second_factor)


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
