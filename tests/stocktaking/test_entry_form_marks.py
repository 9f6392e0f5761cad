"""Issue 18, gap 2, as the server renders it (no JavaScript needed): the long entry form marks
the fields "Submit for review" needs, and a refused submission opens with a summary of the
errors that links to each field; the browser's copy of the form knows which forms were saved."""

import re

import pytest
from django.urls import reverse

from stocktaking.forms import EntryForm
from wsis_portal.models import IdempotencyKey

from .conftest import complete_post_data

pytestmark = pytest.mark.django_db
NEW = "/stocktaking/new/"


def opening_tag(html, element_id):
    """The opening tag of the element with this id."""
    match = re.search(rf'<[a-z]+\b[^>]*\bid="{re.escape(element_id)}"[^>]*>', html)
    assert match, element_id
    return match.group(0)


def attribute(tag, name):
    match = re.search(rf'\b{name}(?:="([^"]*)")?', tag)
    return None if match is None else (match.group(1) or "")


def label_of(html, element_id):
    match = re.search(rf'<label[^>]*for="{element_id}"[^>]*>(.*?)</label>', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1))


def block(html, element_id, closing):
    """From the element's opening tag to the next ``closing`` tag."""
    start = html.index(opening_tag(html, element_id))
    return html[start : html.index(closing, start)]


def test_required_fields_are_marked_visibly_and_for_assistive_technology(
    client, stakeholder, catalog
):
    client.force_login(stakeholder)
    html = client.get(NEW).text
    for name in ("title", "description", "organization_name", "contact_email", "stakeholder_type"):
        tag = opening_tag(html, f"id_{name}")
        assert attribute(tag, "required") is not None, name
        assert attribute(tag, "aria-required") == "true", name
        assert "(required)" in label_of(html, f"id_{name}"), name
    # A group of checkboxes says it in its legend (a required attribute on each box would
    # mean "tick every one").
    legend = block(html, "field-action_lines", "</legend>")
    assert "(required)" in legend
    assert attribute(opening_tag(html, "id_action_lines_0"), "required") is None
    for name in ("website", "start_date", "sdgs"):
        assert "(required)" not in block(html, f"field-{name}", "</label>"), name
    # The browser never blocks "Save draft": the form is checked by the server.
    assert attribute(opening_tag(html, "entry-form"), "novalidate") is not None


def test_a_refused_submission_opens_with_a_summary_linking_to_each_field(
    client, stakeholder, catalog
):
    client.force_login(stakeholder)
    data = complete_post_data(catalog, organization_name="", action_lines=[], description="")
    response = client.post(NEW, data)
    assert response.status_code == 400
    html = response.text
    tag = opening_tag(html, "error-summary")
    assert attribute(tag, "tabindex") == "-1" and attribute(tag, "autofocus") is not None
    # It comes before the form's fields, and every link points at a control of the form.
    assert html.index(tag) < html.index('id="id_title"')
    summary = block(html, "error-summary", "</div>")
    links = dict(re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary))
    assert links == {
        "id_description": "Description: Describe the project.",
        "id_organization_name": "Organisation: Name the organisation that runs the project.",
        "id_action_lines_0": "Action lines: Choose at least one action line.",
    }
    for target in links:
        opening_tag(html, target)
    assert "Please correct the 3 marked fields below." in summary
    # Nothing typed is lost.
    assert attribute(opening_tag(html, "id_title"), "value") == data["title"]


def test_errors_of_the_whole_form_are_listed_without_a_link(stakeholder, catalog):
    form = EntryForm(data={"title": "x", "start_date": "2024-05-01", "end_date": "2024-01-01"})
    form.is_valid()
    form.add_error(None, "Something about the whole entry.")
    rows = form.error_summary()
    assert (None, "Something about the whole entry.", "") in rows
    assert ("End date", "The end date is before the start date.", "id_end_date") in rows


def test_the_form_tells_its_script_which_of_its_copies_are_saved(client, stakeholder, catalog):
    """The copy the browser keeps is dropped once its form saved something: the page lists
    the tokens of this user's forms that did (a new entry's form cannot know otherwise)."""
    client.force_login(stakeholder)
    token = "6f1c8d9e-3a4b-4c5d-8e6f-7a8b9c0d1e2f"
    client.post(NEW, complete_post_data(catalog, intent="draft", submission_token=token))
    unsaved = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
    client.post(NEW, {"title": "", "intent": "draft", "submission_token": unsaved})
    assert IdempotencyKey.objects.filter(key=unsaved).exists()  # claimed, but nothing saved
    form = opening_tag(client.get(NEW).text, "entry-form")
    assert attribute(form, "data-autosave-sent") == token
    assert attribute(form, "data-autosave") == f"entry-form:{stakeholder.pk}:new"
    assert attribute(form, "data-autosave-version") == "new"
    entry = stakeholder.stocktaking_entries.get()
    edit = opening_tag(
        client.get(reverse("stocktaking:entry-edit", args=[entry.pk])).text, "entry-form"
    )
    assert attribute(edit, "data-autosave").endswith(f":{entry.pk}")
    assert re.fullmatch(r"[\d.]+", attribute(edit, "data-autosave-version"))


def test_another_users_tokens_are_not_listed(client, stakeholder, other_stakeholder, catalog):
    client.force_login(other_stakeholder)
    token = "2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901"
    client.post(NEW, complete_post_data(catalog, intent="draft", submission_token=token))
    client.force_login(stakeholder)
    assert attribute(opening_tag(client.get(NEW).text, "entry-form"), "data-autosave-sent") == ""
