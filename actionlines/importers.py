"""Build the action lines and their facilitators from the seed texts.

The 19 lines (C1–C11 and C7's eight sub-lines) and their Geneva Plan of Action text come from
the outcome-documents booklet; who facilitates each comes from the Tunis Agenda annex, whose
first-named organisation the portal treats as lead facilitator; OHCHR and UN-Women contribute
to every line as cross-cutting facilitators (A/RES/80/173, paragraph 112).
"""

from django.db import transaction

from mandates.importers.outcome_documents import (
    ParsedActionLine,
    parse_action_lines,
    parse_facilitators_annex,
)
from wsis_portal.translated import working_translations

from .models import ActionLine, Facilitation, Organization
from .services import ensure_organization, organization_values

ANNEX_SOURCE = "Tunis Agenda, annex"
CROSS_CUTTING_SOURCE = "A/RES/80/173, paragraph 112"

#: Organisations that contribute to every action line, and on what.
CROSS_CUTTING = [
    ("OHCHR", "Human rights"),
    ("UN-Women", "Gender equality and the empowerment of women and girls"),
]

#: The fields of an ActionLine that the import owns; page content is the facilitators'.
ACTION_LINE_FIELDS = (
    "slug",
    "title",
    "titles",
    "working_translations",
    "parent_id",
    "sort_order",
    "plan_of_action_paragraph",
    "plan_of_action_text",
)
FACILITATION_FIELDS = ("role", "position", "note", "source")


@transaction.atomic
def import_action_lines() -> int:
    """Create or update the action lines, their facilitators and organisations.

    Returns how many rows were created, changed or deleted: a second run returns 0. Never
    touches a line's page content. Facilitations of the imported lines that the sources no
    longer give are deleted, so a role edited by hand is reset by the next import.
    """
    parsed_lines = parse_action_lines()
    annex = parse_facilitators_annex()
    changes = 0

    lines: dict[str, ActionLine] = {}
    for parsed in parsed_lines:  # in sort order, so C7 exists before its sub-lines
        line, changed = _save_action_line(parsed, lines)
        lines[parsed.code] = line
        changes += changed

    acronyms = list(dict.fromkeys(name for names in annex.values() for name in names))
    acronyms += [acronym for acronym, _ in CROSS_CUTTING if acronym not in acronyms]
    organizations = {}
    for acronym in acronyms:
        changes += _organization_needs_update(acronym)
        organizations[acronym] = ensure_organization(acronym)

    wanted = _wanted_facilitations(parsed_lines, annex)
    changes += _save_facilitations(wanted, lines, organizations)
    return changes


def _save_action_line(parsed: ParsedActionLine, lines: dict) -> tuple[ActionLine, int]:
    parent = lines[parsed.parent_code] if parsed.parent_code else None
    titles, working = working_translations("action_lines", parsed.code)
    values = {
        "slug": parsed.slug,
        "title": parsed.title,
        "titles": titles,
        "working_translations": working,
        "parent_id": parent.pk if parent else None,
        "sort_order": parsed.sort_order,
        "plan_of_action_paragraph": parsed.plan_of_action_paragraph,
        "plan_of_action_text": parsed.plan_of_action_text,
    }
    line = ActionLine.objects.filter(code=parsed.code).first()
    if line is None:
        return ActionLine.objects.create(code=parsed.code, **values), 1
    if all(getattr(line, name) == value for name, value in values.items()):
        return line, 0
    for name, value in values.items():
        setattr(line, name, value)
    line.save(update_fields=[name.removesuffix("_id") for name in ACTION_LINE_FIELDS])
    return line, 1


def _organization_needs_update(acronym: str) -> int:
    """1 if ``ensure_organization`` will create or change this organisation, else 0."""
    existing = Organization.objects.filter(acronym=acronym).first()
    wanted = organization_values(acronym)
    return int(existing is None or any(getattr(existing, k) != v for k, v in wanted.items()))


def _wanted_facilitations(parsed_lines, annex) -> dict[tuple[str, str], dict]:
    """(line code, acronym) -> the facilitation's fields, as the sources give them."""
    wanted = {}
    for parsed in parsed_lines:
        names = annex.get(parsed.code, [])
        for position, acronym in enumerate(names):
            wanted[parsed.code, acronym] = {
                "role": Facilitation.Role.LEAD if position == 0 else Facilitation.Role.CO,
                "position": position,
                "note": "",
                "source": ANNEX_SOURCE,
            }
        for offset, (acronym, note) in enumerate(CROSS_CUTTING):
            wanted.setdefault(
                (parsed.code, acronym),
                {
                    "role": Facilitation.Role.CROSS_CUTTING,
                    "position": len(names) + offset,
                    "note": note,
                    "source": CROSS_CUTTING_SOURCE,
                },
            )
    return wanted


def _save_facilitations(wanted: dict, lines: dict, organizations: dict) -> int:
    changes = 0
    existing = {
        (f.action_line.code, f.organization.acronym): f
        for f in Facilitation.objects.filter(action_line__in=lines.values()).select_related(
            "action_line", "organization"
        )
    }
    stale = [f.pk for key, f in existing.items() if key not in wanted]
    if stale:
        Facilitation.objects.filter(pk__in=stale).delete()
        changes += len(stale)
    # One lead per line is a database constraint: demote before promoting.
    ordered = sorted(wanted.items(), key=lambda item: item[1]["role"] == Facilitation.Role.LEAD)
    for (code, acronym), values in ordered:
        facilitation = existing.get((code, acronym))
        if facilitation is None:
            Facilitation.objects.create(
                action_line=lines[code], organization=organizations[acronym], **values
            )
            changes += 1
        elif any(getattr(facilitation, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(facilitation, name, value)
            facilitation.save(update_fields=list(FACILITATION_FIELDS))
            changes += 1
    return changes
