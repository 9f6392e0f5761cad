"""The submission form: drafts, full validation on submit with nothing lost, the logo check,
the duplicate warning, and hostile input."""

import io
import os
import re

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
    assert 'data-filterable="Filter the countries"' in html and "Kenya" in html


def test_the_filter_boxes_speak_the_pages_language(client, stakeholder, catalog):
    client.force_login(stakeholder)
    html = client.get("/fr/stocktaking/new/").content.decode()
    assert 'data-filterable="Filtrer les pays"' in html
    assert 'data-placeholder="Saisir pour filtrer…"' in html
    assert 'data-matching="Correspondances : {count}"' in html


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


@pytest.mark.parametrize(("kind", "extension"), [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp")])
def test_good_logo_kept(signed_in, catalog, kind, extension):
    upload = SimpleUploadedFile("my logo.gif", image_bytes(kind), "application/octet-stream")
    response = signed_in.post(NEW, {**complete_post_data(catalog, intent="draft"), "logo": upload})
    assert response.status_code == 302
    entry = StocktakingEntry.objects.get()
    assert re.fullmatch(rf"stocktaking/logos/[0-9a-f]{{32}}\.{extension}", entry.logo.name)
    with Image.open(entry.logo.path) as stored:
        assert (stored.format, stored.size) == (kind, (32, 32))


def test_polyglot_logo_stored_as_a_plain_image(signed_in, catalog):
    """Issue 16, hole 11: a PNG carrying HTML (appended, and in a text chunk), uploaded as
    evil.html, is stored under a generated .png name as the image's pixels alone."""
    from PIL import PngImagePlugin

    chunk = PngImagePlugin.PngInfo()
    chunk.add_text("Comment", "<script>alert('chunk')</script>")
    buffer = io.BytesIO()
    Image.new("RGBA", (40, 20), (0, 0, 128, 255)).save(buffer, "PNG", pnginfo=chunk)
    payload = buffer.getvalue() + b"<html><script>alert('tail')</script></html>"
    upload = SimpleUploadedFile("evil.html", payload, "text/html")
    response = signed_in.post(NEW, {**complete_post_data(catalog, intent="draft"), "logo": upload})
    assert response.status_code == 302
    entry = StocktakingEntry.objects.get()
    assert entry.logo.name.endswith(".png") and "evil" not in entry.logo.name
    stored = entry.logo.read()
    assert b"<script" not in stored and b"html" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (40, 20) and image.getpixel((0, 0)) == (0, 0, 128, 255)


def test_oversized_dimensions_refused_with_a_message(signed_in, catalog):
    upload = SimpleUploadedFile("wide.png", image_bytes("PNG", (2400, 10)), "image/png")
    response = signed_in.post(NEW, {**complete_post_data(catalog), "logo": upload})
    assert response.status_code == 400
    assert "2400 × 10 pixels" in response.content.decode()
    assert "at most 2000 pixels" in " ".join(response.context["form"].errors["logo"])
    assert not StocktakingEntry.objects.exists()


def test_uploaded_logo_served_as_an_image_that_never_runs(signed_in, catalog, settings):
    """Where Django serves the media (development), a logo comes with its image type,
    nosniff, an inline Content-Disposition and a sandbox; other files are not served."""
    settings.SERVE_MEDIA = True
    upload = SimpleUploadedFile("logo.png", image_bytes("PNG"), "image/png")
    signed_in.post(NEW, {**complete_post_data(catalog, intent="draft"), "logo": upload})
    entry = StocktakingEntry.objects.get()
    response = signed_in.get(entry.logo.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert "sandbox" in response["Content-Security-Policy"]
    legacy = settings.MEDIA_ROOT / "stocktaking" / "logos" / "evil.html"
    legacy.write_bytes(b"<script>alert(1)</script>")
    assert signed_in.get("/media/stocktaking/logos/evil.html").status_code == 404
    settings.SERVE_MEDIA = False
    assert signed_in.get(entry.logo.url).status_code == 404


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


def test_logos_stored_before_are_reencoded_or_removed(settings, stakeholder):
    """Issue 16, hole 11, for the files already on disk: `manage.py reencode_logos`."""
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    from wsis_portal.models import AuditEvent

    polyglot = make_entry(stakeholder, "published", title="Polyglot")
    polyglot.logo.save("evil.html", ContentFile(image_bytes("PNG") + b"<script>x</script>"))
    broken = make_entry(stakeholder, "published", title="Broken")
    broken.logo.save("logo.svg", ContentFile(b"<svg onload='alert(1)'/>"))
    old_paths = [polyglot.logo.path, broken.logo.path]
    call_command("reencode_logos", stdout=io.StringIO())
    polyglot.refresh_from_db()
    broken.refresh_from_db()
    assert re.fullmatch(r"stocktaking/logos/[0-9a-f]{32}\.png", polyglot.logo.name)
    assert b"<script" not in polyglot.logo.read()
    assert not broken.logo
    assert not any(os.path.exists(path) for path in old_paths)
    assert AuditEvent.objects.filter(action="stocktaking.entry.logo_reencoded").count() == 2
    # Run again: nothing left to do.
    output = io.StringIO()
    call_command("reencode_logos", stdout=output)
    assert output.getvalue().strip() == "0 logos re-encoded, 0 removed."
