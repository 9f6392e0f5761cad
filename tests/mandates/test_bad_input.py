"""Bad input to the mandate registry (issue 13, item 7).

A source text that no longer parses stops the import, naming the document and line, with
nothing half-imported; an admin edit naming a verb that assigns no work, or a body twice in
one role, is a form error and nothing is saved.
"""

import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from mandates.models import Mandate, MandateParty, Paragraph
from tests.support.factories import MandateFactory, OrganizationFactory
from tests.support.reference import load_reference

RESOLUTION = "000_5307765c4525eb6b.txt"
OUTCOMES = "004_45735b094769808a.txt"


@pytest.fixture
def sources(tmp_path, settings):
    """A copy of the seed texts the importers read instead of the real ones."""
    copy = tmp_path / "sources"
    shutil.copytree(settings.SOURCES_DIR, copy)
    settings.SOURCES_DIR = copy
    return copy


@pytest.fixture
def reference(db):
    load_reference()


def test_a_broken_source_stops_the_import_naming_document_and_line(sources, reference):
    # A paragraph ITU quotes is gone from its page (its heading stays), and the Geneva
    # Declaration, imported before it, has a changed word: neither may be saved.
    lines = (sources / RESOLUTION).read_text(encoding="utf-8").split("\n")
    heading = next(i for i, line in enumerate(lines) if line.startswith("67 \u2013"))
    quoted = next(i for i, line in enumerate(lines) if line.startswith("67. "))
    del lines[quoted]
    (sources / RESOLUTION).write_text("\n".join(lines), encoding="utf-8")
    outcomes = (sources / OUTCOMES).read_text(encoding="utf-8")
    assert "people-centred" in outcomes
    (sources / OUTCOMES).write_text(outcomes.replace("people-centred", "CHANGED"), "utf-8")
    before = list(Paragraph.objects.order_by("pk").values_list("pk", "text"))

    with pytest.raises(CommandError) as stopped:
        call_command("import_reference", stdout=StringIO())
    message = str(stopped.value)
    assert "nothing saved" in message
    assert f"{RESOLUTION}:{heading + 1}:" in message  # the line, counted from 1
    assert "A/RES/80/173" in message and "paragraph 67" in message

    assert list(Paragraph.objects.order_by("pk").values_list("pk", "text")) == before
    assert not Paragraph.objects.filter(text__contains="CHANGED").exists()

    with pytest.raises(CommandError, match=f"{RESOLUTION}:{heading + 1}:"):
        call_command("import_documents", stdout=StringIO())
    assert not Paragraph.objects.filter(text__contains="CHANGED").exists()


def test_an_empty_source_stops_the_import(sources, reference):
    (sources / RESOLUTION).write_text("", encoding="utf-8")
    with pytest.raises(CommandError, match=f"{RESOLUTION}:1: A/RES/80/173: no quoted"):
        call_command("import_documents", stdout=StringIO())
    assert Paragraph.objects.filter(document__slug="a-res-80-173").count() == 9


# --- The admin --------------------------------------------------------------------------


def change_form_data(response) -> dict:
    """What the admin's change form would post back as it is shown (with its inlines)."""
    data = {}

    def add(form, prefix=""):
        for name in form.fields:
            value = form[name].value()
            key = f"{prefix}{name}"
            if value is None or value is False:
                continue
            if value is True:
                data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            else:
                data[key] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form, f"{formset.prefix}-")
        for form in formset.forms:
            add(form, f"{form.prefix}-")
    return data


@pytest.fixture
def mandate(db):
    mandate = MandateFactory(title="Road maps", verb="requests")
    itu, unesco = OrganizationFactory(acronym="ITU"), OrganizationFactory(acronym="UNESCO")
    mandate.parties.create(organization=itu, role="addressee", order=0)
    mandate.parties.create(organization=unesco, role="partner", order=1)
    return mandate


def test_an_admin_edit_with_a_verb_that_assigns_no_work_is_a_form_error(
    client, admin_user, mandate
):
    client.force_login(admin_user)
    url = reverse("admin:mandates_mandate_change", args=[mandate.pk])
    data = change_form_data(client.get(url))
    response = client.post(url, data | {"title": "Still valid"})
    assert response.status_code == 302, response["Location"]  # as shown: fine

    for verb, error in [("notes", "assigns no work"), ("bogus", "Select a valid choice")]:
        response = client.post(url, data | {"verb": verb, "title": "Changed"})
        assert response.status_code == 200
        assert error in str(response.context["adminform"].form.errors["verb"])
    mandate.refresh_from_db()
    assert (mandate.verb, mandate.title) == ("requests", "Still valid")


def test_an_admin_edit_naming_a_body_twice_in_one_role_is_a_form_error(client, admin_user, mandate):
    client.force_login(admin_user)
    url = reverse("admin:mandates_mandate_change", args=[mandate.pk])
    data = change_form_data(client.get(url))
    itu = mandate.parties.get(role="addressee").organization
    # the partner row is turned into a second ITU addressee
    response = client.post(url, data | {"parties-1-organization": str(itu.pk),
                                        "parties-1-role": "addressee"})  # fmt: skip
    assert response.status_code == 200
    party_forms = response.context["inline_admin_formsets"][0].formset.forms
    assert "ITU is already named as addressee on this mandate." in str(party_forms[1].errors)
    assert set(mandate.parties.values_list("organization__acronym", "role")) == {
        ("ITU", "addressee"), ("UNESCO", "partner"),
    }  # fmt: skip

    # the same body in two roles is allowed; deleting the duplicate row is too
    other_role = data | {"parties-1-organization": str(itu.pk), "parties-1-role": "report_to"}
    assert client.post(url, other_role).status_code == 302
    assert MandateParty.objects.filter(mandate=mandate, organization=itu).count() == 2


def test_a_clause_verb_decides_whether_it_assigns_work(client, admin_user, reference):
    paragraph = Paragraph.objects.get(document__slug="a-res-80-173", label="113")
    client.force_login(admin_user)
    url = reverse("admin:mandates_paragraph_change", args=[paragraph.pk])
    data = change_form_data(client.get(url))
    response = client.post(url, data | {"clauses-0-verb": "shouts"})
    assert response.status_code == 200
    assert "Select a valid choice" in str(
        response.context["inline_admin_formsets"][0].formset.errors
    )
    assert client.post(url, data | {"clauses-0-verb": "notes"}).status_code == 302
    clause = paragraph.clauses.get(order=1)
    assert (clause.verb, clause.is_mandating) == ("notes", False)
    assert Mandate.objects.filter(clause=clause).exists()  # kept: a person decides its fate


# --- Line-precise checks of the other importers (a broken copy of each source) -------------

ECOSOC = "002_c68c7fd7fad0c0aa.txt"
DRAFT_2015 = "003_b5105db281f30df3.txt"


def without_line(path, starts_with: str, *, after: int = 0) -> list[str]:
    """Delete the first line from line ``after`` on that starts with ``starts_with`` (the
    opening line of a paragraph); return the lines as they now are."""
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if i >= after and line.startswith(starts_with))
    del lines[index]
    path.write_text("\n".join(lines), encoding="utf-8")
    return lines


def line_of(lines: list[str], starts_with: str, *, after: int = 0) -> int:
    """The 1-based line number of the first line from ``after`` starting with ``starts_with``."""
    return next(i for i, line in enumerate(lines, 1) if i > after and line.startswith(starts_with))


def test_a_paragraph_gone_from_the_2015_draft_is_named_by_the_line_after_it(sources):
    from mandates.importers.common import SourceTextError
    from mandates.importers.zero_draft_2015 import parse_zero_draft_2015

    lines = without_line(sources / DRAFT_2015, "  20. ")
    with pytest.raises(SourceTextError) as stopped:
        parse_zero_draft_2015()
    assert str(stopped.value) == (
        f"{DRAFT_2015}:{line_of(lines, '  21. ')}: WSIS+10 zero draft (2015): paragraph 20 is "
        "missing or unreadable (57 numbered paragraphs read, 58 expected)"
    )


def test_the_last_paragraph_gone_names_the_documents_last_line(sources):
    from mandates.importers.common import SourceTextError
    from mandates.importers.zero_draft_2015 import parse_zero_draft_2015

    without_line(sources / DRAFT_2015, "  58. ")
    last = len((sources / DRAFT_2015).read_text(encoding="utf-8").splitlines())
    with pytest.raises(SourceTextError, match=rf"^{DRAFT_2015}:{last}: .*paragraph 58 is"):
        parse_zero_draft_2015()


def test_a_paragraph_gone_from_the_ecosoc_resolution_is_named_by_its_line(sources):
    from mandates.importers.common import SourceTextError
    from mandates.importers.ecosoc_2025_18 import parse_ecosoc_2025_18

    lines = without_line(sources / ECOSOC, "50. Further welcomes")
    with pytest.raises(SourceTextError) as stopped:
        parse_ecosoc_2025_18()
    assert str(stopped.value).startswith(
        f"{ECOSOC}:{line_of(lines, '51. ')}: E/RES/2025/18: paragraph 50 is missing"
    )


def test_a_paragraph_gone_from_the_tunis_agenda_is_named_in_its_part_of_the_booklet(sources):
    """The booklet holds four documents whose numbers all restart at 1: the line named is the
    Tunis Agenda's ¶106, not a ¶106 of another document (there is none, but ¶1…¶67 repeat)."""
    from mandates.importers.common import SourceTextError
    from mandates.importers.outcome_documents import parse_outcome_documents

    lines = without_line(sources / OUTCOMES, "105. We request that ECOSOC")
    with pytest.raises(SourceTextError) as stopped:
        parse_outcome_documents()
    assert str(stopped.value).startswith(
        f"{OUTCOMES}:{line_of(lines, '106. ')}: Tunis Agenda for the Information Society: "
        "paragraph 105 is missing"
    )


def test_a_paragraph_gone_from_the_declaration_is_not_confused_with_the_plan_of_action(sources):
    from mandates.importers.common import SourceTextError
    from mandates.importers.outcome_documents import parse_outcome_documents

    lines = without_line(sources / OUTCOMES, "5. ")
    with pytest.raises(SourceTextError) as stopped:
        parse_outcome_documents()
    assert str(stopped.value).startswith(
        f"{OUTCOMES}:{line_of(lines, '6. ')}: Geneva Declaration of Principles: paragraph 5 is"
    )
