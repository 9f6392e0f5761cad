"""Importing the action lines and their facilitators, as a visitor of the portal sees them."""

import re

import pytest
from django.core.management import call_command

from actionlines.importers import import_action_lines
from actionlines.models import ActionLine, Facilitation, Organization

TITLES = {
    "C1": "The role of governments and all stakeholders in the promotion of ICTs for development",
    "C2": (
        "Information and communication infrastructure: An essential foundation for the "
        "Information Society"
    ),
    "C3": "Access to information and knowledge",
    "C4": "Capacity building",
    "C5": "Building confidence and security in the use of ICTs",
    "C6": "Enabling environment",
    "C7": "ICT applications: benefits in all aspects of life",
    "C7-e-government": "E-government",
    "C7-e-business": "E-business",
    "C7-e-learning": "E-learning",
    "C7-e-health": "E-health",
    "C7-e-employment": "E-employment",
    "C7-e-environment": "E-environment",
    "C7-e-agriculture": "E-agriculture",
    "C7-e-science": "E-science",
    "C8": "Cultural diversity and identity, linguistic diversity and local content",
    "C9": "Media",
    "C10": "Ethical dimensions of the Information Society",
    "C11": "International and regional cooperation",
}

#: The Tunis Agenda annex, row by row (SOURCES.md §3.2).
ANNEX = {
    "C1": ["ECOSOC", "UN Regional Commissions", "ITU"],
    "C2": ["ITU"],
    "C3": ["ITU", "UNESCO"],
    "C4": ["UNDP", "UNESCO", "ITU", "UNCTAD"],
    "C5": ["ITU"],
    "C6": ["ITU", "UNDP", "UN Regional Commissions", "UNCTAD"],
    "C7": [],
    "C7-e-government": ["UNDP", "ITU"],
    "C7-e-business": ["WTO", "UNCTAD", "ITU", "UPU"],
    "C7-e-learning": ["UNESCO", "ITU", "UNIDO"],
    "C7-e-health": ["WHO", "ITU"],
    "C7-e-employment": ["ILO", "ITU"],
    "C7-e-environment": ["WHO", "WMO", "UNEP", "UN-Habitat", "ITU", "ICAO"],
    "C7-e-agriculture": ["FAO", "ITU"],
    "C7-e-science": ["UNESCO", "ITU", "UNCTAD"],
    "C8": ["UNESCO"],
    "C9": ["UNESCO"],
    "C10": ["UNESCO", "ECOSOC"],
    "C11": ["UN Regional Commissions", "UNDP", "ITU", "UNESCO", "ECOSOC"],
}

#: Lettered items a), b)… of each line's Plan of Action paragraph (SOURCES.md §2.2).
ITEM_COUNTS = {
    "C1": 9,
    "C2": 12,
    "C3": 10,
    "C4": 16,
    "C5": 10,
    "C6": 18,
    "C7": 0,
    "C7-e-government": 3,
    "C7-e-business": 3,
    "C7-e-learning": 0,
    "C7-e-health": 6,
    "C7-e-employment": 4,
    "C7-e-environment": 3,
    "C7-e-agriculture": 2,
    "C7-e-science": 5,
    "C8": 15,
    "C9": 7,
    "C10": 4,
    "C11": 3,
}


@pytest.fixture
def imported(db):
    return import_action_lines()


def row_counts():
    return (ActionLine.objects.count(), Organization.objects.count(), Facilitation.objects.count())


def test_nineteen_action_lines_with_their_plan_of_action_titles(imported):
    lines = list(ActionLine.objects.order_by("sort_order"))
    assert {line.code: line.title for line in lines} == TITLES
    assert [line.code for line in lines] == list(TITLES)
    assert [line.sort_order for line in lines] == list(range(1, 20))
    assert [line.slug for line in lines] == [code.lower() for code in TITLES]


def test_c7_has_its_eight_sublines(imported):
    c7 = ActionLine.objects.get(code="C7")
    assert [line.title for line in c7.sublines.order_by("sort_order")] == [
        "E-government",
        "E-business",
        "E-learning",
        "E-health",
        "E-employment",
        "E-environment",
        "E-agriculture",
        "E-science",
    ]
    assert ActionLine.objects.top_level().count() == 11


def test_plan_of_action_paragraph_and_its_lettered_items(imported):
    for line in ActionLine.objects.all():
        items = re.findall(r"(?m)^[a-z]\) ", line.plan_of_action_text)
        assert len(items) == ITEM_COUNTS[line.code], line.code
    c1 = ActionLine.objects.get(code="C1")
    assert c1.plan_of_action_paragraph == 8
    assert c1.plan_of_action_text.startswith(
        "The effective participation of governments and all stakeholders is vital"
    )
    assert c1.plan_of_action_text.endswith(
        "support of research and development networks and software parks."
    )
    assert "devising e-strategies for the Information Society" in c1.plan_of_action_text
    health = ActionLine.objects.get(code="C7-e-health")
    assert (health.plan_of_action_paragraph, health.plan_of_action_text.split("\n")[0]) == (
        18,
        "E-health",
    )


def test_facilitators_of_every_line_as_the_annex_lists_them(imported):
    for code, acronyms in ANNEX.items():
        annex_roles = list(
            Facilitation.objects.filter(action_line__code=code)
            .exclude(role=Facilitation.Role.CROSS_CUTTING)
            .order_by("position")
            .values_list("organization__acronym", "role", "source")
        )
        expected = [
            (acronym, "lead" if i == 0 else "co", "Tunis Agenda, annex")
            for i, acronym in enumerate(acronyms)
        ]
        assert annex_roles == expected, code


def test_e_environment_led_by_who(imported):
    line = ActionLine.objects.get(code="C7-e-environment")
    assert [(f.organization.acronym, f.role) for f in line.facilitations.order_by("position")] == [
        ("WHO", "lead"),
        ("WMO", "co"),
        ("UNEP", "co"),
        ("UN-Habitat", "co"),
        ("ITU", "co"),
        ("ICAO", "co"),
        ("OHCHR", "cross_cutting"),
        ("UN-Women", "cross_cutting"),
    ]


def test_ohchr_and_un_women_contribute_to_every_line(imported):
    cross = Facilitation.objects.filter(role=Facilitation.Role.CROSS_CUTTING)
    assert cross.count() == 38
    assert set(cross.values_list("organization__acronym", "note", "source")) == {
        ("OHCHR", "Human rights", "A/RES/80/173, paragraph 112"),
        (
            "UN-Women",
            "Gender equality and the empowerment of women and girls",
            "A/RES/80/173, paragraph 112",
        ),
    }


def test_organisations_created_once_with_their_full_names(imported):
    names = dict(Organization.objects.values_list("acronym", "name"))
    assert len(names) == 18  # 16 in the annex, OHCHR and UN-Women
    assert all(name and name != acronym for acronym, name in names.items())
    assert names["UN-Habitat"] == "United Nations Human Settlements Programme"
    assert names["ECOSOC"] == "Economic and Social Council"
    assert names["UN Regional Commissions"] == "United Nations Regional Commissions"
    assert names["ITU"] == "International Telecommunication Union"
    assert Organization.objects.get(acronym="UN Regional Commissions").slug == (
        "un-regional-commissions"
    )


def test_second_import_changes_nothing(imported):
    assert imported > 0
    before = row_counts()
    assert import_action_lines() == 0
    assert row_counts() == before == (19, 18, 38 + sum(len(names) for names in ANNEX.values()))


def test_import_keeps_page_content_and_repairs_what_was_changed(imported):
    line = ActionLine.objects.get(code="C9")
    line.page_content, line.page_version, line.title = "Our work on media", 3, "Press"
    line.save()
    wrong_lead = Facilitation.objects.get(action_line=line, organization__acronym="UNESCO")
    wrong_lead.role = Facilitation.Role.CO
    wrong_lead.save()
    Facilitation.objects.create(
        action_line=line, organization=Organization.objects.get(acronym="WHO"), role="lead"
    )

    assert import_action_lines() == 3  # title, UNESCO's role, the stale WHO facilitation

    line.refresh_from_db()
    assert (line.title, line.page_content, line.page_version) == ("Media", "Our work on media", 3)
    assert list(line.facilitations.values_list("organization__acronym", "role")) == [
        ("UNESCO", "lead"),
        ("OHCHR", "cross_cutting"),
        ("UN-Women", "cross_cutting"),
    ]


def test_command_prints_a_summary(db, capsys):
    call_command("import_actionlines")
    call_command("import_actionlines")
    output = capsys.readouterr().out.strip().splitlines()
    assert output[-1] == "Action lines: 19, facilitations: 86; 0 rows changed"
