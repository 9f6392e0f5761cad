"""``updated_since`` on every list whose rows change: a mirror asks for what changed since its
last sync instead of downloading everything again."""

import datetime

import pytest
from django.utils import timezone

from actionlines.models import ActionLine, CoordinationMeeting, RoadmapTarget
from mandates.models import Mandate, MandateUpdate
from stocktaking.models import StocktakingEntry
from tests.api.conftest import client_for
from tests.support.factories import (
    ActionLineFactory,
    CoordinationMeetingFactory,
    MandateFactory,
    MandateUpdateFactory,
    RoadmapTargetFactory,
    StocktakingEntryFactory,
)

BEFORE = timezone.make_aware(datetime.datetime(2026, 1, 10, 12, 0))
AFTER = timezone.make_aware(datetime.datetime(2026, 3, 10, 12, 0))

# list address → (factory of a row, model, its change time, the row's key in the answer)
LISTS = {
    "/api/v1/stocktaking/": (
        lambda: StocktakingEntryFactory(state="published"),
        StocktakingEntry,
        "updated_at",
        "id",
    ),
    "/api/v1/mandates/": (MandateFactory, Mandate, "updated_at", "id"),
    "/api/v1/mandate-updates/": (MandateUpdateFactory, MandateUpdate, "created_at", "id"),
    "/api/v1/roadmap/": (RoadmapTargetFactory, RoadmapTarget, "updated_at", "id"),
    "/api/v1/meetings/": (CoordinationMeetingFactory, CoordinationMeeting, "updated_at", "id"),
    "/api/v1/action-lines/": (ActionLineFactory, ActionLine, "page_updated_at", "code"),
}


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    "since", ["2026-02-01T00:00:00Z", "2026-02-01T00:00:00", "2026-02-01T01:00:00+01:00"]
)
def test_only_rows_changed_since_are_listed(db, path, since):
    make, model, changed, key = LISTS[path]
    old, new = make(), make()
    # Change times are written by the model (auto_now): set them as a past save would have.
    model.objects.filter(pk=old.pk).update(**{changed: BEFORE})
    model.objects.filter(pk=new.pk).update(**{changed: AFTER})
    response = client_for(None).get(path, {"updated_since": since})
    assert response.status_code == 200, response.content
    listed = [item[key] for item in response.json()["results"]]
    assert listed == [getattr(new, key)]


def test_a_moment_with_any_offset_iso_allows_is_taken(db):
    """ISO 8601 allows offsets PostgreSQL does not (over 15:59): they are read as UTC."""
    response = client_for(None).get(
        "/api/v1/mandate-updates/", {"updated_since": "0121-03-04T16:56:02-16:41"}
    )
    assert response.status_code == 200


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    "value",
    ["yesterday", "2026-13-01T00:00:00Z", "1700000000", "' OR 1=1", "0001-01-01T00:00:00+01:00"],
)
def test_a_bad_moment_is_400_naming_the_parameter(db, path, value):
    response = client_for(None).get(path, {"updated_since": value})
    assert response.status_code == 400
    assert "updated_since" in response.json()
