"""The nightly bulk downloads (``stocktaking.bulk``): a Frictionless Data Package that validates
against its own ``datapackage.json``, a Parquet file holding the same rows as the database,
nothing a reader may not see, versions kept and pruned, and the API serving them with a
strong ``ETag``."""

import datetime
import json
import zipfile

import pyarrow.parquet as pq
import pytest
from django.core.management import call_command
from django.urls import reverse
from frictionless import Package
from rest_framework.test import APIClient

from stocktaking.bulk import build_bulk_data, versions
from tests.support.factories import (
    ActionLineFactory,
    CountryFactory,
    OrganizationFactory,
    RegionFactory,
    SDGFactory,
    StocktakingEntryFactory,
)

SECRET = "private-contact@example.org"
DRAFT_TITLE = "A draft nobody may read yet"


@pytest.fixture
def bulk_root(settings, tmp_path):
    settings.BULK_DATA_ROOT = tmp_path / "bulk"
    settings.BULK_DATA_KEEP = 2
    return settings.BULK_DATA_ROOT


@pytest.fixture
def published(db):
    africa = RegionFactory(code=2, name="Africa")
    eastern = RegionFactory(code=14, name="Eastern Africa", parent=africa)
    kenya = CountryFactory(code="KE", alpha3="KEN", name="Kenya", region=africa, subregion=eastern)
    c7 = ActionLineFactory(code="C7", slug="c7")
    health = ActionLineFactory(code="C7-e-health", slug="c7-e-health", parent=c7)
    goal = SDGFactory(number=3)
    itu = OrganizationFactory(acronym="ITU")
    entries = []
    for i in range(5):
        entry = StocktakingEntryFactory(
            state="published",
            title=f"Project {i}",
            contact_email=SECRET,
            organization=itu if i % 2 else None,
            start_date=datetime.date(2024, 1, 1 + i),
        )
        entry.countries.add(kenya)
        entry.regions.add(eastern)
        entry.action_lines.add(health if i % 2 else c7)
        entry.sdgs.add(goal)
        entries.append(entry)
    # A spreadsheet would run this title as a formula.
    entries[0].title = '=HYPERLINK("http://evil.example","click")'
    entries[0].save()
    StocktakingEntryFactory(state="draft", title=DRAFT_TITLE, contact_email=SECRET)
    StocktakingEntryFactory(state="submitted", title=DRAFT_TITLE, contact_email=SECRET)
    return entries


def version_files(root, manifest):
    folder = root / manifest["version"]
    names = {item["name"] for item in manifest["files"]}
    zip_name = next(name for name in names if name.endswith(".zip"))
    parquet_name = next(name for name in names if name.endswith(".parquet"))
    return folder / zip_name, folder / parquet_name


def test_data_package_validates_against_its_own_descriptor(bulk_root, published, tmp_path):
    manifest = build_bulk_data(chunk_size=2)  # several chunks of a few entries
    archive, _parquet = version_files(bulk_root, manifest)
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(archive) as bundle:
        bundle.extractall(unpacked)
    descriptor = json.loads((unpacked / "datapackage.json").read_text())
    entries = next(r for r in descriptor["resources"] if r["name"] == "entries")
    assert entries["schema"]["primaryKey"] == "id"
    stakeholder = next(f for f in entries["schema"]["fields"] if f["name"] == "stakeholder_type")
    assert "government" in stakeholder["constraints"]["enum"]
    links = next(r for r in descriptor["resources"] if r["name"] == "entry_countries")
    assert {"fields": "country", "reference": {"resource": "countries", "fields": "code"}} in (
        links["schema"]["foreignKeys"]
    )

    report = Package(str(unpacked / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])

    with open(unpacked / "data" / "entries.csv", encoding="utf-8") as file:
        text = file.read()
    assert "'=HYPERLINK" in text  # defused, as in every CSV of the portal
    assert manifest["entries"] == 5
    assert manifest["rows"]["entry_countries"] == 5


def test_parquet_reads_back_the_same_rows(bulk_root, published):
    manifest = build_bulk_data(chunk_size=2)
    _archive, parquet = version_files(bulk_root, manifest)
    table = pq.read_table(parquet)
    assert table.num_rows == 5
    rows = {row["id"]: row for row in table.to_pylist()}
    for entry in published:
        entry.refresh_from_db()
        row = rows[entry.pk]
        assert row["title"] == entry.title  # the value as stored
        assert row["start_date"] == entry.start_date
        assert row["created_at"] == entry.created_at
        assert row["organization"] == (entry.organization.acronym if entry.organization else None)
        assert row["countries"] == ["KE"]
        assert row["regions"] == [14]
        assert row["action_lines"] == [line.code for line in entry.action_lines.all()]
        assert row["sdgs"] == [3]
    assert pq.ParquetFile(parquet).metadata.num_row_groups == 3  # written chunk by chunk


def test_nothing_private_is_written(bulk_root, published):
    manifest = build_bulk_data()
    archive, parquet = version_files(bulk_root, manifest)
    with zipfile.ZipFile(archive) as bundle:
        contents = b"".join(bundle.read(name) for name in bundle.namelist())
    for blob in (contents, parquet.read_bytes()):
        assert SECRET.encode() not in blob
        assert DRAFT_TITLE.encode() not in blob
    assert b"contact_email" not in contents
    assert "contact_email" not in pq.read_schema(parquet).names
    assert "submitter" not in pq.read_schema(parquet).names


def test_versions_are_kept_up_to_the_limit(bulk_root, published):
    first = datetime.datetime(2026, 12, 1, 2, 15, tzinfo=datetime.UTC)
    for day in range(3):
        build_bulk_data(now=first + datetime.timedelta(days=day))
    kept = [manifest["version"] for manifest in versions()]
    assert kept == ["20261203T021500Z", "20261202T021500Z"]  # BULK_DATA_KEEP = 2
    assert sorted(path.name for path in bulk_root.iterdir()) == sorted(kept)


def test_management_command_builds_a_version(bulk_root, published, capsys):
    call_command("build_bulk_data")
    assert "5 entries" in capsys.readouterr().out
    assert len(versions()) == 1


def test_api_lists_versions_and_serves_files_with_etag(bulk_root, published):
    client = APIClient()
    assert client.get("/api/v1/bulk/").json() == {"latest": None, "versions": []}
    manifest = build_bulk_data()
    listing = client.get("/api/v1/bulk/")
    assert listing.status_code == 200
    body = listing.json()
    assert body["latest"] == manifest["version"]
    files = {item["name"]: item for item in body["versions"][0]["files"]}
    assert all(name.endswith((".zip", ".parquet")) for name in files)
    assert client.get("/api/v1/bulk/", HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304

    name, item = next((n, i) for n, i in files.items() if n.endswith(".parquet"))
    download = client.get(item["url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/vnd.apache.parquet"
    assert download["ETag"] == f'"{item["sha256"]}"'
    assert b"".join(download.streaming_content)[:4] == b"PAR1"
    again = client.get(item["url"], HTTP_IF_NONE_MATCH=download["ETag"])
    assert again.status_code == 304
    latest = client.get(f"/api/v1/bulk/latest/{name}")
    assert latest.status_code == 200 and latest["ETag"] == download["ETag"]

    missing = client.get("/api/v1/bulk/20000101T000000Z/" + name)
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    assert client.get("/api/v1/bulk/", {"zz": "1"}).status_code == 400


def test_api_root_and_search_page_link_the_downloads(bulk_root, published, client):
    root = APIClient().get("/api/v1/").json()
    assert root["bulk-data"].endswith("/api/v1/bulk/")
    build_bulk_data()
    page = client.get(reverse("stocktaking:entry-list")).content.decode()
    assert "/api/v1/bulk/latest/wsis-stocktaking" in page
    assert "wsis-stocktaking-datapackage.zip" in page and "wsis-stocktaking.parquet" in page
