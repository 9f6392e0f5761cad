"""The submission form: drafts, full validation on submit with nothing lost, the logo check,
the duplicate warning, and hostile input."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from stocktaking.models import StocktakingEntry

from .conftest import complete_post_data, make_entry

pytestmark = pytest.mark.django_db
NEW = "/stocktaking/new/"


def image_bytes(kind="PNG", size=(32, 32)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, kind)
    return buffer.getvalue()


@pytest.fixture
def signed_in(client, stakeholder):
    client.force_login(stakeholder)
    return client


def test_form_offers_every_field(signed_in, catalog):
    html = signed_in.get(NEW).content.decode()
    for name in (
        "title",
        "description",
        "organization_name",
        "stakeholder_type",
        "scope",
        "countries",
        "regions",
        "action_lines",
        "sdgs",
        "sdg_targets",
        "gdc_objectives",
        "project_status",
        "start_date",
        "end_date",
        "website",
        "contact_email",
        "logo",
    ):
        assert f'name="{name}"' in html, name
    assert "C7-e-health — E-health" in html  # sub-lines selectable
    assert 'data-filterable="countries"' in html and "Kenya" in html


def test_save_draft_with_only_a_title(signed_in, stakeholder):
    response = signed_in.post(NEW, {"title": "Early idea", "intent": "draft"})
    entry = StocktakingEntry.objects.get(title="Early idea")
    assert response.status_code == 302 and response.url == f"/stocktaking/{entry.pk}/edit/"
    assert entry.state == "draft" and entry.submitter == stakeholder


def test_submit_with_errors_keeps_everything_typed(signed_in, catalog):
    data = complete_post_data(
        catalog,
        description="My long description — kept!",
        organization_name="",
        countries=[],
        end_date="2020-01-01",
    )
    response = signed_in.post(NEW, data)
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"organization_name", "countries", "end_date"}
    html = response.content.decode()
    assert "My long description — kept!" in html
    assert 'value="Telemedicine for rural clinics"' in html
    assert "Name the organisation that runs the project." in html
    assert not StocktakingEntry.objects.exists()


def test_submit_complete_entry(signed_in, catalog, stakeholder):
    response = signed_in.post(NEW, complete_post_data(catalog))
    assert response.status_code == 302 and response.url == reverse("stocktaking:my-submissions")
    entry = StocktakingEntry.objects.get()
    assert entry.state == "submitted"
    assert list(entry.countries.values_list("code", flat=True)) == ["KE"]
    assert list(entry.action_lines.values_list("code", flat=True)) == ["C7-e-health"]


def test_regional_scope_needs_regions(signed_in, catalog):
    response = signed_in.post(NEW, complete_post_data(catalog, scope="regional", countries=[]))
    assert "regions" in response.context["form"].errors
    response = signed_in.post(
        NEW, complete_post_data(catalog, scope="global", countries=[], title="Global one")
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("logo.png", b"GIF89a not really", "image/png"),
            "must be a PNG, JPEG or WebP",
        ),
        (SimpleUploadedFile("logo.gif", b"", "image/gif"), "empty"),
        (
            SimpleUploadedFile("logo.svg", b"<svg onload='alert(1)'/>", "image/svg+xml"),
            "must be a PNG, JPEG or WebP",
        ),
        (
            SimpleUploadedFile("big.png", image_bytes() + b"\0" * (1024 * 1024), "image/png"),
            "at most 1 MB",
        ),
    ],
)
def test_bad_logos_refused_with_a_message(signed_in, catalog, upload, message):
    response = signed_in.post(NEW, {**complete_post_data(catalog), "logo": upload})
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["logo"])
    assert message in response.content.decode()


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "WEBP"])
def test_good_logo_kept(signed_in, catalog, kind):
    upload = SimpleUploadedFile(
        f"logo.{kind.lower()}", image_bytes(kind), "application/octet-stream"
    )
    response = signed_in.post(NEW, {**complete_post_data(catalog, intent="draft"), "logo": upload})
    assert response.status_code == 302
    entry = StocktakingEntry.objects.get()
    assert entry.logo.name.startswith("stocktaking/logos/")


def test_duplicate_warning_before_submitting(signed_in, catalog, other_stakeholder):
    make_entry(
        other_stakeholder,
        "published",
        title="Telemedicine for rural clinics in Kenya",
        organization_name="Health Link Kenya",
    )
    response = signed_in.post(NEW, complete_post_data(catalog))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Is your project already registered?" in html
    assert "Telemedicine for rural clinics in Kenya" in html
    entry = StocktakingEntry.objects.get(submitter__username="stakeholder")
    assert entry.state == "draft"  # saved, not submitted yet
    assert "My long" not in html and 'value="Telemedicine for rural clinics"' in html
    response = signed_in.post(
        reverse("stocktaking:entry-edit", args=[entry.pk]),
        complete_post_data(catalog, confirm_not_duplicate="on"),
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.state == "submitted"


def test_duplicates_never_reveal_anothers_draft(signed_in, catalog, other_stakeholder):
    make_entry(other_stakeholder, "draft", title="Telemedicine for rural clinics")
    response = signed_in.post(NEW, complete_post_data(catalog))
    assert response.status_code == 302  # nothing similar the stakeholder may see


def test_edit_keeps_the_moderators_comment_visible_and_resubmits(signed_in, catalog, stakeholder):
    entry = make_entry(stakeholder, "changes_requested", catalog=catalog)
    url = reverse("stocktaking:entry-edit", args=[entry.pk])
    assert "Please add the dates." in signed_in.get(url).content.decode()
    response = signed_in.post(url, complete_post_data(catalog, confirm_not_duplicate="on"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.state == "submitted" and entry.title == "Telemedicine for rural clinics"
