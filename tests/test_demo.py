"""``manage.py load_demo`` (``scripts/serve --demo``): a small demonstration set that shows
what the portal is for, loaded once however often it runs, removed without a trace, refused
on a real deployment unless forced, and announced on every page while it is loaded."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from actionlines.models import CoordinationMeeting, Indicator, Measurement, RoadmapTarget
from mandates.models import Mandate, MandateParty, MandateUpdate
from stocktaking.models import (
    EntryTransition,
    Nomination,
    Notification,
    PrizeEdition,
    StocktakingEntry,
)
from tests.support.reference import load_reference
from wsis_portal.models import AuditEvent, DemoRecord

BANNER = "Demonstration data"
CONTENT = [
    StocktakingEntry,
    EntryTransition,
    PrizeEdition,
    Nomination,
    RoadmapTarget,
    Indicator,
    Measurement,
    CoordinationMeeting,
    MandateUpdate,
]


@pytest.fixture
def reference(db):
    load_reference()


def load(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in CONTENT} | {
        "users": get_user_model().objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def statuses():
    return (
        dict(Mandate.objects.values_list("pk", "status")),
        dict(MandateParty.objects.values_list("pk", "status")),
    )


def test_loads_once_shows_itself_everywhere_and_removes_cleanly(
    reference, settings, client, stakeholder
):
    """One walk through the set's life (the reference fixture takes half a minute to load)."""
    from tests.support.factories import StocktakingEntryFactory

    settings.DEBUG = True
    theirs = StocktakingEntryFactory(submitter=stakeholder, state="published")
    before, before_statuses = counts(), statuses()
    output = load()

    # Entries in every state and six languages, each titled as a demonstration.
    entries = StocktakingEntry.objects.exclude(pk=theirs.pk)
    assert set(entries.values_list("state", flat=True)) == set(StocktakingEntry.State.values)
    assert set(entries.values_list("language", flat=True)) >= {"en", "fr", "es", "ar", "ru", "zh"}
    assert all(
        re.match(r"^(Demo|Démo|عرض توضيحي|Демо|演示)", title)
        for title in entries.values_list("title", flat=True)
    )
    # A prize edition open for nominations, with one; road maps, meetings, progress.
    nomination = Nomination.objects.get()
    assert nomination.entry.state == "published"
    assert nomination.edition.phase() == PrizeEdition.Phase.NOMINATION
    assert Measurement.objects.count() == 7 and Indicator.objects.count() == 2
    assert CoordinationMeeting.objects.count() == 2
    assert MandateUpdate.objects.count() == 3
    assert statuses() != before_statuses  # the updates moved their mandates along
    # Nobody is e-mailed about made-up submissions and decisions.
    assert not Notification.objects.exists()

    # The accounts, with passwords that work, are printed (and only there).
    accounts = dict(re.findall(r"^\s+(demo-[\w-]+)\s+(\S+)", output, flags=re.MULTILINE))
    assert set(accounts) == {"demo-stakeholder", "demo-ngo", "demo-facilitator", "demo-moderator"}
    assert client.login(username="demo-stakeholder", password=accounts["demo-stakeholder"])
    assert not AuditEvent.objects.filter(after__icontains=accounts["demo-stakeholder"]).exists()

    # Every page says the portal holds demonstration data: public pages and the owner's.
    for path in ["/", "/stocktaking/", nomination.entry.get_absolute_url(), "/fr/meetings/"]:
        assert "demo-banner" in client.get(path).content.decode(), path
    response = client.get("/stocktaking/mine/")
    assert response.status_code == 200 and BANNER in response.content.decode()
    client.logout()

    # Loading again makes nothing twice; the accounts get new passwords.
    loaded = counts()
    again = load()
    assert counts() == {**loaded, "audit": counts()["audit"]}
    assert "0 rows made" in again
    password = re.compile(r"demo-stakeholder\s+(\S+)")
    assert password.search(output).group(1) != password.search(again).group(1)

    # Removing it takes out all it made (audit events included), puts back what it changed
    # and leaves what people wrote alone.
    assert "Removed the demonstration set" in load("--remove")
    assert counts() == before
    assert statuses() == before_statuses
    assert list(StocktakingEntry.objects.all()) == [theirs]
    assert not DemoRecord.objects.exists()
    assert not get_user_model().objects.filter(username__startswith="demo-").exists()
    assert "demo-banner" not in client.get("/").content.decode()
    # And it can be loaded again afterwards.
    load()
    assert StocktakingEntry.objects.count() == 9


def test_refuses_with_debug_off_unless_forced(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        load()
    # Forced, it gets past that (and here stops at the missing reference content).
    with pytest.raises(CommandError, match="load_reference"):
        load("--force")
    assert not DemoRecord.objects.exists() and not StocktakingEntry.objects.exists()
    # Removing is always allowed: it only takes out what the set made.
    assert "Removed the demonstration set (0 records)" in load("--remove")


def test_refuses_clearly_without_reference_content(db, settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="load_reference"):
        load()
    assert not DemoRecord.objects.exists()
