"""The SDG and GDC import, checked against the data files it reads."""

import pytest

from actionlines.models import GDCObjective, SDGTarget, SustainableDevelopmentGoal
from actionlines.sdgs import import_sdgs

pytestmark = pytest.mark.django_db


def test_imports_17_goals_and_169_targets_in_six_languages():
    import_sdgs()
    assert SustainableDevelopmentGoal.objects.count() == 17
    assert SDGTarget.objects.count() == 169
    goal = SustainableDevelopmentGoal.objects.get(number=9)
    assert goal.title.startswith("Build resilient infrastructure")
    assert set(goal.titles) == {"en", "fr", "es", "ar", "ru", "zh-Hans"}
    target = SDGTarget.objects.get(code="9.c")
    assert "access to information and communications technology" in target.title
    assert target.goal == goal
    assert "Internet" in target.titles["fr"] and target.titles["fr"] != target.title


def test_targets_are_ordered_numbered_then_lettered():
    import_sdgs()
    codes = list(SDGTarget.objects.filter(goal__number=9).values_list("code", flat=True))
    assert codes == ["9.1", "9.2", "9.3", "9.4", "9.5", "9.a", "9.b", "9.c"]
    codes = list(SDGTarget.objects.filter(goal__number=10).values_list("code", flat=True))
    assert codes[:3] == ["10.1", "10.2", "10.3"] and codes[-1] == "10.c"


def test_five_gdc_objectives():
    import_sdgs()
    assert list(GDCObjective.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5]
    assert "artificial intelligence" in GDCObjective.objects.get(number=5).title


def test_second_run_changes_nothing():
    assert import_sdgs() == 17 + 169 + 5
    assert import_sdgs() == 0
    assert SDGTarget.objects.count() == 169
