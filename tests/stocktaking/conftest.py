"""Stocktaking test setup: a cache of its own per test (rate-limit counters never leak
between tests or runs), Celery eager unless a test is about the broker, and a small
catalogue of reference data (action lines with a C7 sub-line, SDGs, regions, countries)."""

import os
import time
from contextlib import contextmanager

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.cache import cache

from actionlines.models import GDCObjective, SDGTarget
from stocktaking import services
from tests.support.factories import (
    ActionLineFactory,
    CountryFactory,
    RegionFactory,
    SDGFactory,
    StocktakingEntryFactory,
)
from wsis_portal.celery import app as celery_app


@pytest.fixture(autouse=True)
def _own_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "stocktaking-tests",
        }
    }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _eager_celery():
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def catalog(db):
    """Reference rows the submission form and the facets offer."""
    c7 = ActionLineFactory(code="C7", slug="c7", title="ICT applications", sort_order=70)
    ehealth = ActionLineFactory(
        code="C7-e-health", slug="c7-e-health", title="E-health", parent=c7, sort_order=75
    )
    c3 = ActionLineFactory(
        code="C3", slug="c3", title="Access to information and knowledge", sort_order=30
    )
    sdg3 = SDGFactory(number=3, title="Good health and well-being")
    sdg4 = SDGFactory(number=4, title="Quality education")
    SDGTarget.objects.create(goal=sdg3, code="3.8", title="Universal health coverage")
    GDCObjective.objects.get_or_create(number=1, defaults={"title": "Close all digital divides"})
    africa = RegionFactory(code=2, name="Africa")
    europe = RegionFactory(code=150, name="Europe")
    kenya = CountryFactory(code="KE", alpha3="KEN", numeric=404, name="Kenya", region=africa)
    france = CountryFactory(code="FR", alpha3="FRA", numeric=250, name="France", region=europe)
    return {
        "c7": c7,
        "ehealth": ehealth,
        "c3": c3,
        "sdg3": sdg3,
        "sdg4": sdg4,
        "africa": africa,
        "europe": europe,
        "kenya": kenya,
        "france": france,
    }


def complete_post_data(catalog, **overrides):
    """A submission form filled in completely."""
    data = {
        "title": "Telemedicine for rural clinics",
        "description": "Video consultations linking rural clinics with district hospitals.",
        "organization_name": "Health Link Kenya",
        "stakeholder_type": "civil_society",
        "scope": "national",
        "countries": [catalog["kenya"].pk],
        "action_lines": [catalog["ehealth"].pk],
        "sdgs": [catalog["sdg3"].pk],
        "project_status": "ongoing",
        "start_date": "2024-01-15",
        "end_date": "",
        "website": "https://example.org/telemedicine",
        "contact_email": "team@example.org",
        "intent": "submit",
    }
    data.update(overrides)
    return data


def make_entry(submitter, state="draft", catalog=None, **values):
    """An entry brought to ``state`` through the services (so its log is real)."""
    from django.contrib.auth.models import Group

    from tests.support.factories import UserFactory

    entry = StocktakingEntryFactory(
        submitter=submitter, contact_email="secret@example.org", **values
    )
    if catalog:
        entry.action_lines.set([catalog["ehealth"]])
        entry.countries.set([catalog["kenya"]])
        entry.sdgs.set([catalog["sdg3"]])
    if state == "draft":
        return entry
    services.submit_entry(entry, by=submitter)
    moderator = UserFactory(username="entry-moderator")
    moderator.groups.add(Group.objects.get_or_create(name="moderators")[0])
    path = {
        "submitted": [],
        "published": ["publish"],
        "changes_requested": [("request_changes", "Please add the dates.")],
        "rejected": [("reject", "Not an ICT project.")],
        "archived": ["publish", "archive"],
    }[state]
    for step in path:
        action, comment = step if isinstance(step, tuple) else (step, "")
        services.transition_entry(entry, action, by=moderator, comment=comment)
    entry.refresh_from_db()
    return entry


# Tasks through a real Redis broker and an in-process worker (DB 5, a queue of this run's own).
BROKER = "redis://127.0.0.1:6379/5"


def reset_producer_pools():
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def broker(url):
    before = celery_app.conf.broker_url
    celery_app.conf.broker_url = url
    reset_producer_pools()
    try:
        yield
    finally:
        celery_app.conf.broker_url = before
        reset_producer_pools()


@pytest.fixture
def real_broker():
    """Tasks really go through Redis (not eager), to a queue of this test run's own."""
    queue = f"stocktaking-tests-{os.getpid()}"
    before = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    with broker(BROKER):
        yield queue
    celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = before


@pytest.fixture
def worker(real_broker, transactional_db):
    with start_worker(
        celery_app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=10
    ) as running:
        yield running


def wait_for(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()
