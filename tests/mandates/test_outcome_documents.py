"""The four outcome documents of the ITU booklet (file 004), as a reader of the portal sees them."""

import re

import pytest

from mandates.importers.common import save_document
from mandates.importers.outcome_documents import (
    parse_action_lines,
    parse_facilitators_annex,
    parse_outcome_documents,
)
from mandates.models import Document

FURNITURE = re.compile(
    r"World Summit on the Information Society$|^Geneva 2003$|^Tunis 2005$|^\d{1,3}$"
    r"|[a-z]\d{1,3}\b|Tunis Commitment$|T U N I S",
    re.MULTILINE,
)


@pytest.fixture(scope="module")
def documents():
    return {document.slug: document for document in parse_outcome_documents()}


def paragraph(documents, slug, number):
    (found,) = [p for p in documents[slug].paragraphs if p.number == number]
    return found


def test_four_documents_with_their_official_symbols_and_dates(documents):
    summary = {
        slug: (d.symbol, d.date.isoformat(), d.kind, d.adopted_by) for slug, d in documents.items()
    }
    assert summary == {
        "geneva-declaration": (
            "WSIS-03/GENEVA/DOC/4-E",
            "2003-12-12",
            Document.Kind.OUTCOME,
            "World Summit on the Information Society (Geneva phase)",
        ),
        "geneva-plan-of-action": (
            "WSIS-03/GENEVA/DOC/5-E",
            "2003-12-12",
            Document.Kind.OUTCOME,
            "World Summit on the Information Society (Geneva phase)",
        ),
        "tunis-commitment": (
            "WSIS-05/TUNIS/DOC/7-E",
            "2005-11-18",
            Document.Kind.OUTCOME,
            "World Summit on the Information Society (Tunis phase)",
        ),
        "tunis-agenda": (
            "WSIS-05/TUNIS/DOC/6(Rev.1)-E",
            "2005-11-18",
            Document.Kind.OUTCOME,
            "World Summit on the Information Society (Tunis phase)",
        ),
    }
    assert all(d.source_file == "004_45735b094769808a.txt" for d in documents.values())
    assert all("WSIS Outcome Documents" in d.source_note for d in documents.values())


@pytest.mark.parametrize(
    ("slug", "count"),
    [
        ("geneva-declaration", 67),
        ("geneva-plan-of-action", 29),
        ("tunis-commitment", 40),
        ("tunis-agenda", 122),
    ],
)
def test_every_numbered_paragraph_in_order(documents, slug, count):
    paragraphs = documents[slug].paragraphs
    assert [p.number for p in paragraphs] == list(range(1, count + 1))
    assert [p.label for p in paragraphs] == [str(n) for n in range(1, count + 1)]


def test_first_and_last_paragraphs(documents):
    assert paragraph(documents, "geneva-declaration", 1).text.startswith(
        "We, the representatives of the peoples of the world, assembled in Geneva from "
        "10-12 December 2003 for the first phase"
    )
    assert paragraph(documents, "geneva-declaration", 67).text.endswith(
        "We trust that these measures will open the way to the future development of a true "
        "knowledge society."
    )
    assert paragraph(documents, "geneva-plan-of-action", 1).text.startswith(
        "The common vision and guiding principles of the Declaration are translated"
    )
    assert paragraph(documents, "geneva-plan-of-action", 29).text.endswith(
        "b) Follow-up and implementation of the Geneva Plan of Action at national, regional "
        "and international levels, including the United Nations system, as part of an "
        "integrated and coordinated approach, calling upon the participation of all relevant "
        "stakeholders. This should take place, inter alia, through partnerships among "
        "stakeholders."
    )
    assert paragraph(documents, "tunis-commitment", 1).text.startswith(
        "We, the representatives of the peoples of the world, have gathered in Tunis"
    )
    assert paragraph(documents, "tunis-commitment", 40).text == (
        "We strongly believe in the full and timely implementation of the decisions we took in "
        "Geneva and Tunis, as outlined in the Tunis Agenda for the Information Society."
    )
    assert paragraph(documents, "tunis-agenda", 1).text == (
        "We recognize that it is now time to move from principles to action, considering the "
        "work already being done in implementing the Geneva Plan of Action and identifying "
        "those areas where progress has been made, is being made, or has not taken place."
    )
    assert paragraph(documents, "tunis-agenda", 122).text == (
        "We request the Secretary-General of the Summit to report to the General Assembly of "
        "the United Nations on its outcome, as requested in UNGA Resolution 59/220."
    )


def test_paragraph_interrupted_by_a_footnote_reads_on(documents):
    text = paragraph(documents, "tunis-agenda", 14).text
    assert "For reference" not in text
    assert (
        "Therefore, governments should take action, in the framework of national development "
        "policies, in order to support an enabling and competitive environment for the "
        "necessary investment in ICT infrastructure" in text
    )
    assert text.endswith(
        "the continued participation of these countries in the global market "
        "for ICT-enabled services."
    )


def test_footnotes_follow_the_paragraph_that_carries_their_marker(documents):
    eleven = paragraph(documents, "tunis-agenda", 11).text.split("\n")
    assert "Geneva Declaration of Principles*, which faces" in eleven[0]
    assert eleven[1].startswith(
        "* For reference, Paragraph 16 of the Geneva Declaration of Principles reads as follows: "
        "We continue to pay special attention"
    )
    eighty_five = paragraph(documents, "tunis-agenda", 85).text.split("\n")
    assert eighty_five[1] == (
        "* Throughout this text, further references to “e-strategies” are interpreted as "
        "including also ICT strategies and sectoral e-strategies, as appropriate."
    )
    assert "Throughout this text" not in paragraph(documents, "tunis-agenda", 87).text
    assert paragraph(documents, "tunis-agenda", 88).text.startswith("We reaffirm that through")


def test_merged_hyphenations_and_glued_page_number_are_repaired(documents):
    assert "life-long learning, distance-learning and other special services" in (
        paragraph(documents, "geneva-declaration", 31).text
    )
    assert "self-learning and self-development capacities." in (
        paragraph(documents, "geneva-plan-of-action", 11).text
    )
    assert "inter alia, law-enforcement agencies on cybercrime" in (
        paragraph(documents, "tunis-agenda", 40).text
    )
    assert "the UN Secretary-General, involving all relevant organizations" in (
        paragraph(documents, "tunis-agenda", 71).text
    )
    merged = re.compile(
        r"\b(distancelearning|nondiscriminatory|Internetrelated|estrategies|egovernment"
        r"|multistakeholder|SecretaryGeneral|decisionmaking|law76)\b"
    )
    for document in documents.values():
        for p in document.paragraphs:
            assert not merged.search(p.text), (document.slug, p.number)


def test_no_page_furniture_inside_any_paragraph(documents):
    for document in documents.values():
        for p in document.paragraphs:
            assert not FURNITURE.search(p.text), (document.slug, p.number)
            assert "  " not in p.text and not p.text.startswith(" ")


def test_items_stay_in_their_paragraph_one_per_line(documents):
    forty_nine = paragraph(documents, "geneva-declaration", 49).text.split("\n")
    assert [line[:3] for line in forty_nine[1:]] == ["a) ", "b) ", "c) ", "d) ", "e) "]
    nine = paragraph(documents, "geneva-plan-of-action", 9).text.split("\n")
    assert nine[4].startswith("d) Develop and strengthen national, regional and international")
    assert [line.split(" ")[0] for line in nine[5:9]] == ["i.", "ii.", "iii.", "iv."]
    assert nine[9].startswith("e) In the context of national e-strategies")
    # The C9 paragraph runs across a page footer between its items e) and f).
    media = paragraph(documents, "geneva-plan-of-action", 24).text.split("\n")
    assert [line[:2] for line in media[1:]] == ["a)", "b)", "c)", "d)", "e)", "f)", "g)"]


def test_digital_solidarity_agenda_keeps_d1_and_d2_inside_paragraph_27(documents):
    text = paragraph(documents, "geneva-plan-of-action", 27).text.split("\n")
    assert text[1] == "D1. Priorities and strategies"
    assert text[4] == "D2. Mobilizing resources"
    assert paragraph(documents, "geneva-plan-of-action", 28).section == (
        "E. Follow-up and Evaluation"
    )


def test_sections_are_the_headings_above_each_paragraph(documents):
    assert paragraph(documents, "geneva-plan-of-action", 1).section == "A. Introduction"
    assert paragraph(documents, "geneva-plan-of-action", 8).section == (
        "C. Action Lines › C1. The role of governments and all stakeholders in the promotion "
        "of ICTs for development"
    )
    assert paragraph(documents, "geneva-plan-of-action", 20).section == (
        "C. Action Lines › C7. ICT applications: benefits in all aspects of life"
    )
    assert paragraph(documents, "geneva-declaration", 19).section == (
        "B. An Information Society for All: Key Principles"
    )
    assert paragraph(documents, "geneva-declaration", 55).section == (
        "B. An Information Society for All: Key Principles › 9) Media"
    )
    assert paragraph(documents, "geneva-declaration", 65).section == (
        "C. Towards an Information Society for All Based on Shared Knowledge"
    )
    assert paragraph(documents, "tunis-agenda", 3).section == (
        "B. Financial Mechanisms for Meeting the Challenges of ICT for Development"
    )
    assert {p.section for p in documents["tunis-commitment"].paragraphs} == {""}


def test_plan_of_action_paragraphs_8_to_26_name_their_action_line(documents):
    codes = {p.number: p.action_line_codes for p in documents["geneva-plan-of-action"].paragraphs}
    assert codes[8] == ["C1"]
    assert codes[14] == ["C7"]
    assert codes[15] == ["C7-e-government"]
    assert codes[17] == ["C7-e-learning"]
    assert codes[22] == ["C7-e-science"]
    assert codes[26] == ["C11"]
    assert all(codes[n] == [] for n in (*range(1, 8), 27, 28, 29))


def test_action_lines_from_the_plan_of_action():
    lines = parse_action_lines()
    assert [(line.sort_order, line.code, line.slug) for line in lines][:8] == [
        (1, "C1", "c1"),
        (2, "C2", "c2"),
        (3, "C3", "c3"),
        (4, "C4", "c4"),
        (5, "C5", "c5"),
        (6, "C6", "c6"),
        (7, "C7", "c7"),
        (8, "C7-e-government", "c7-e-government"),
    ]
    assert [line.plan_of_action_paragraph for line in lines] == list(range(8, 27))
    assert [line.parent_code for line in lines].count("C7") == 8
    learning = next(line for line in lines if line.code == "C7-e-learning")
    assert (learning.title, learning.plan_of_action_text) == (
        "E-learning",
        "E-learning (see section C4)",
    )


def test_annex_parsed_from_the_scrambled_text():
    annex = parse_facilitators_annex()
    assert "C7" not in annex
    assert annex["C7-e-environment"] == ["WHO", "WMO", "UNEP", "UN-Habitat", "ITU", "ICAO"]
    assert annex["C6"] == ["ITU", "UNDP", "UN Regional Commissions", "UNCTAD"]
    assert annex["C7-e-science"] == ["UNESCO", "ITU", "UNCTAD"]
    assert len(annex) == 18


@pytest.mark.django_db
def test_saving_twice_changes_nothing_the_second_time(documents):
    first = sum(save_document(document)[1] for document in documents.values())
    assert first > 0
    assert sum(save_document(document)[1] for document in documents.values()) == 0
    assert Document.objects.get(slug="tunis-agenda").paragraphs.count() == 122


@pytest.mark.django_db
def test_saved_paragraphs_link_to_their_action_lines(documents):
    from actionlines.importers import import_action_lines

    import_action_lines()
    for document in documents.values():
        save_document(document)
    plan = Document.objects.get(slug="geneva-plan-of-action")
    linked = {
        p.number: [line.code for line in p.action_lines.all()]
        for p in plan.paragraphs.prefetch_related("action_lines")
        if p.action_lines.all()
    }
    assert list(linked) == list(range(8, 27))
    assert linked[20] == ["C7-e-environment"]
    declaration = Document.objects.get(slug="geneva-declaration")
    assert [line.code for line in declaration.paragraphs.get(number=55).action_lines.all()] == [
        "C9"
    ]
