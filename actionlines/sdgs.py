"""Import the SDGs, their targets and the Global Digital Compact objectives.

Goals and targets come from ``fixtures/sdg/<language>/`` (open-sdg translations, MIT licence,
see ``fixtures/sdg/SOURCE.md``) in the six UN languages; English is the display title.
"""

import re

import yaml
from django.conf import settings
from django.db import transaction

from wsis_portal.translated import working_translations

from .models import GDCObjective, SDGTarget, SustainableDevelopmentGoal
from .reference import GDC_OBJECTIVES

SDG_DIR = settings.BASE_DIR / "fixtures" / "sdg"
LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh-Hans")
TARGET_KEY = re.compile(r"^(\d+)-(\w+)-title$")
GOAL_KEY = re.compile(r"^(\d+)-title$")


def _load(language: str, name: str) -> dict[str, str]:
    with open(SDG_DIR / language / f"global_{name}.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _target_sort_key(suffix: str) -> tuple[int, str]:
    """Numbered targets (1.1 … 1.5) before lettered ones (1.a, 1.b), as the UN lists them."""
    return (0, f"{int(suffix):03d}") if suffix.isdigit() else (1, suffix)


def parse_sdgs() -> tuple[dict[int, dict[str, str]], dict[str, dict[str, str]]]:
    """Goal titles by number and target titles by code (``9.c``), each by language."""
    goals: dict[int, dict[str, str]] = {}
    targets: dict[str, dict[str, str]] = {}
    for language in LANGUAGES:
        for key, title in _load(language, "goals").items():
            if match := GOAL_KEY.match(key):
                goals.setdefault(int(match[1]), {})[language] = " ".join(title.split())
        for key, title in _load(language, "targets").items():
            if match := TARGET_KEY.match(key):
                code = f"{match[1]}.{match[2]}"
                targets.setdefault(code, {})[language] = " ".join(title.split())
    return goals, targets


def _upsert(model, lookup: dict, values: dict) -> tuple[object, bool]:
    """update_or_create that writes only when a value differs; returns (object, changed)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), True
    if all(getattr(obj, k) == v for k, v in values.items()):
        return obj, False
    for k, v in values.items():
        setattr(obj, k, v)
    obj.save()
    return obj, True


@transaction.atomic
def import_sdgs() -> int:
    """Create or update the 17 goals, 169 targets and 5 GDC objectives; rows changed."""
    goals, targets = parse_sdgs()
    changed = 0
    goal_objects = {}
    for number, titles in sorted(goals.items()):
        goal_objects[number], was_changed = _upsert(
            SustainableDevelopmentGoal,
            {"number": number},
            {"title": titles["en"], "titles": titles},
        )
        changed += was_changed
    by_goal: dict[int, list[str]] = {}
    for code in targets:
        by_goal.setdefault(int(code.split(".")[0]), []).append(code)
    for number, codes in by_goal.items():
        codes.sort(key=lambda c: _target_sort_key(c.split(".")[1]))
        for position, code in enumerate(codes, 1):
            _, was_changed = _upsert(
                SDGTarget,
                {"code": code},
                {
                    "goal": goal_objects[number],
                    "sort_order": position,
                    "title": targets[code]["en"],
                    "titles": targets[code],
                },
            )
            changed += was_changed
    for number, title in GDC_OBJECTIVES:
        # The portal's working translations (fixtures/translations/working.yml).
        names, working = working_translations("gdc_objectives", number)
        values = {"title": title, "titles": names, "working_translations": working}
        changed += _upsert(GDCObjective, {"number": number}, values)[1]
    return changed
