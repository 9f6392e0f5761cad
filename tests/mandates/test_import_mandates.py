"""The mandates of A/RES/80/173, derived from the nine paragraphs ITU quotes (file 000)."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from actionlines.models import Organization
from mandates.importers.common import save_document
from mandates.importers.mandates_80_173 import (
    DocumentMissing,
    import_mandates,
    organizations_in,
    parse_mandates,
)
from mandates.importers.resolution_80_173 import parse_resolution_80_173
from mandates.models import Mandate

CSTD_2027 = "Commission on Science and Technology for Development, thirtieth session (2027)"
END_2027 = datetime.date(2027, 12, 31)


@pytest.fixture(scope="module")
def parsed():
    return {m.paragraph_label: m for m in parse_mandates()}


@pytest.fixture
def resolution(db):
    document, _ = save_document(parse_resolution_80_173()[0])
    return document


def test_one_mandate_per_quoted_paragraph(parsed):
    assert list(parsed) == ["53", "67", "86", "100", "107", "111", "112", "113", "117"]
    assert parsed["113"].title == "Implementation Action Lines Roadmaps and Monitoring"


def test_paragraph_113(parsed):
    mandate = parsed["113"]
    assert "UNGIS" in mandate.addressee_acronyms
    assert "CSTD" not in mandate.addressee_acronyms  # the body reported to, not asked to act
    assert mandate.addresses_all_facilitators
    assert mandate.applies_to_all_action_lines
    assert (mandate.deadline, mandate.deadline_is_year_only) == (END_2027, True)
    assert mandate.reporting_target == CSTD_2027
    assert mandate.status == Mandate.Status.NOT_STARTED
    assert mandate.request.startswith("We request the action line facilitators, in coordination")
    assert mandate.addressee_text == (
        "the action line facilitators, in coordination with the United Nations Group on the "
        "Information Society"
    )


def test_paragraph_86_reports_to_the_global_dialogue_in_2026(parsed):
    mandate = parsed["86"]
    assert mandate.addressee_acronyms == ["IAWG-AI"]
    assert mandate.addresses_all_facilitators
    assert mandate.deadline == datetime.date(2026, 12, 31) and mandate.deadline_is_year_only
    assert "Global Dialogue on Artificial Intelligence Governance" in mandate.reporting_target
    assert mandate.reporting_target.endswith("(2026)")


def test_paragraph_67_itu_and_2027(parsed):
    mandate = parsed["67"]
    assert mandate.addressee_acronyms[0] == "ITU"
    assert "CSTD" not in mandate.addressee_acronyms
    assert (mandate.deadline, mandate.reporting_target) == (END_2027, CSTD_2027)
    # Three requests: the task force, the report in 2027, the monitoring.
    assert mandate.request.count("We ") == 3


def test_paragraph_117_partnership_statistical_commission_and_2027(parsed):
    mandate = parsed["117"]
    assert mandate.addressee_acronyms == ["PMICT", "Statistical Commission"]
    assert mandate.addresses_all_facilitators
    assert mandate.applies_to_all_action_lines
    assert (mandate.deadline, mandate.reporting_target) == (END_2027, CSTD_2027)


def test_other_paragraphs(parsed):
    # ¶53: "them" are the regional commissions of the sentence before.
    assert parsed["53"].addressee_acronyms == ["UN Regional Commissions", "CSTD"]
    assert parsed["53"].action_line_codes == []  # C6's theme, but C6 is not named
    assert not parsed["53"].applies_to_all_action_lines
    assert parsed["100"].addressee_acronyms == ["UNGIS", "CSTD", "WSIS Forum", "IGF"]
    # ¶107 commends ITU but asks all stakeholders.
    assert parsed["107"].addressee_acronyms == []
    assert parsed["107"].addressee_text == "all stakeholders"
    assert not parsed["107"].addresses_all_facilitators
    assert parsed["112"].addressee_acronyms == ["UN-Women"]
    for label in ("107", "111", "112", "113", "117"):
        assert parsed[label].applies_to_all_action_lines, label
    for label in ("53", "67", "86", "100"):
        assert not parsed[label].applies_to_all_action_lines, label
    for label in ("53", "100", "107", "111", "112"):
        assert (parsed[label].deadline, parsed[label].status) == (None, Mandate.Status.ONGOING)


def test_organizations_in_prefers_the_longer_name():
    text = "the World Summit on the Information Society Forum and the Internet Governance Forum"
    assert organizations_in(text) == ["WSIS Forum", "IGF"]


def test_import_needs_the_document(db):
    with pytest.raises(DocumentMissing):
        import_mandates()
    with pytest.raises(CommandError, match="import_documents"):
        call_command("import_mandates", stdout=StringIO())


def test_import_mandates_links_paragraphs_and_is_idempotent(resolution):
    changes = import_mandates()
    assert changes > 9
    assert Mandate.objects.count() == 9
    mandate = Mandate.objects.get(paragraph__label="113")
    assert mandate.document == resolution and mandate.paragraph.document == resolution
    assert set(mandate.addressees.values_list("acronym", flat=True)) == {"UNGIS"}
    assert mandate.addresses_all_facilitators and mandate.deadline == END_2027
    assert Mandate.objects.get(paragraph__label="117").addressees.count() == 2
    organizations = Organization.objects.count()

    assert import_mandates() == 0
    out = StringIO()
    call_command("import_mandates", stdout=out)
    assert "0 changes" in out.getvalue()
    assert (Mandate.objects.count(), Organization.objects.count()) == (9, organizations)


def test_reimport_keeps_the_status_facilitators_set(resolution):
    import_mandates()
    mandate = Mandate.objects.get(paragraph__label="113")
    mandate.status = Mandate.Status.IN_PROGRESS
    mandate.save()
    assert import_mandates() == 0
    mandate.refresh_from_db()
    assert mandate.status == Mandate.Status.IN_PROGRESS
