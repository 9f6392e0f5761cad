"""The published stocktaking database as bulk downloads for analysts, built nightly.

Each build is a version (its UTC time, ``20261207T020000Z``) in a folder of its own under
``settings.BULK_DATA_ROOT``, holding:

- ``wsis-stocktaking-<version>-datapackage.zip``: a Frictionless Data Package
  (https://specs.frictionlessdata.io/): ``datapackage.json`` describing every CSV file with
  its Table Schema (types, enums, primary and foreign keys), the published entries
  (``entries.csv``), one link table per many-to-many relation (``entry_countries.csv`` …)
  and the reference tables the links point to (``countries.csv``, ``action_lines.csv`` …).
  Cells a spreadsheet would read as a formula are defused (``wsis_portal.spreadsheets``).
- ``wsis-stocktaking-<version>.parquet``: one row per entry, the links as list columns, the
  values exactly as stored.
- ``manifest.json``: what the version holds, each file's size and SHA-256 (its ``ETag``).

Only what the public sees is written: published entries, without the contact e-mail, the
submitter or any workflow detail. Entries are read in chunks (``iterator(chunk_size=…)``)
and written as they come: CSV rows and Parquet row groups, never the whole set in memory.
A version is built in a hidden folder and renamed into place when complete, so a download
never meets a half-written file; the last ``settings.BULK_DATA_KEEP`` versions are kept.
"""

import contextlib
import datetime
import hashlib
import json
import os
import shutil
import zipfile
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from actionlines.models import (
    ActionLine,
    GDCObjective,
    Organization,
    SDGTarget,
    SustainableDevelopmentGoal,
)
from wsis_portal.spreadsheets import csv_writer

from .models import Country, Region, StakeholderType, StocktakingEntry

Entry = StocktakingEntry

PREFIX = "wsis-stocktaking"
MANIFEST = "manifest.json"
#: Entries read (and written) per chunk.
CHUNK_SIZE = 2000


def bulk_root() -> Path:
    return Path(settings.BULK_DATA_ROOT)


def enum(choices) -> dict:
    return {"enum": [value for value, _label in choices]}


#: The entries' columns: (name, Table Schema field, Parquet type name). Nothing private.
ENTRY_COLUMNS = [
    ("id", {"type": "integer", "constraints": {"required": True}}, "int64"),
    ("title", {"type": "string", "constraints": {"required": True}}, "string"),
    ("description", {"type": "string"}, "string"),
    ("language", {"type": "string", "description": "ISO 639-1 code."}, "string"),
    ("organization_name", {"type": "string"}, "string"),
    ("organization", {"type": "string", "description": "Acronym, if registered."}, "string"),
    (
        "stakeholder_type",
        {"type": "string", "constraints": enum(StakeholderType.choices)},
        "string",
    ),
    ("scope", {"type": "string", "constraints": enum(Entry.Scope.choices)}, "string"),
    (
        "project_status",
        {"type": "string", "constraints": enum(Entry.ProjectStatus.choices)},
        "string",
    ),
    ("start_date", {"type": "date"}, "date32"),
    ("end_date", {"type": "date"}, "date32"),
    ("website", {"type": "string"}, "string"),
    ("created_at", {"type": "datetime"}, "timestamp"),
    ("updated_at", {"type": "datetime"}, "timestamp"),
    ("published_at", {"type": "datetime"}, "timestamp"),
    ("is_inactive", {"type": "boolean"}, "bool"),
]

#: The many-to-many links: (relation, column, Table Schema type, referenced table and key).
LINKS = [
    ("countries", "country", "string", "countries", "code"),
    ("regions", "region", "integer", "regions", "code"),
    ("action_lines", "action_line", "string", "action_lines", "code"),
    ("sdgs", "sdg", "integer", "sdgs", "number"),
    ("sdg_targets", "sdg_target", "string", "sdg_targets", "code"),
    ("gdc_objectives", "gdc_objective", "integer", "gdc_objectives", "number"),
]


def reference_tables():
    """The tables the links point to: (name, fields, primary key, foreign keys, rows)."""
    return [
        (
            "countries",
            [
                ("code", "string"),
                ("alpha3", "string"),
                ("name", "string"),
                ("region", "integer"),
                ("subregion", "integer"),
            ],  # fmt: skip
            "code",
            [("region", "regions", "code"), ("subregion", "regions", "code")],
            Country.objects.order_by("code").values_list(
                "code", "alpha3", "name", "region_id", "subregion_id"
            ),
        ),
        (
            "regions",
            [("code", "integer"), ("name", "string"), ("parent", "integer")],
            "code",
            [("parent", "regions", "code")],
            Region.objects.order_by("code").values_list("code", "name", "parent_id"),
        ),
        (
            "action_lines",
            [("code", "string"), ("title", "string"), ("parent", "string")],
            "code",
            [("parent", "action_lines", "code")],
            ActionLine.objects.order_by("sort_order", "code").values_list(
                "code", "title", "parent__code"
            ),
        ),
        (
            "sdgs",
            [("number", "integer"), ("title", "string")],
            "number",
            [],
            SustainableDevelopmentGoal.objects.order_by("number").values_list("number", "title"),
        ),
        (
            "sdg_targets",
            [("code", "string"), ("goal", "integer"), ("title", "string")],
            "code",
            [("goal", "sdgs", "number")],
            SDGTarget.objects.order_by("goal__number", "sort_order").values_list(
                "code", "goal__number", "title"
            ),
        ),
        (
            "gdc_objectives",
            [("number", "integer"), ("title", "string")],
            "number",
            [],
            GDCObjective.objects.order_by("number").values_list("number", "title"),
        ),
        (
            "organizations",
            [("acronym", "string"), ("name", "string"), ("kind", "string")],
            "acronym",
            [],
            Organization.objects.order_by("acronym").values_list("acronym", "name", "kind"),
        ),
    ]


def published_entries():
    """The rows of the download: published entries, public columns only, oldest first."""
    names = [name for name, _field, _type in ENTRY_COLUMNS]
    values = [("organization__acronym" if name == "organization" else name) for name in names]
    return Entry.objects.published().order_by("pk").values_list(*values)


def chunks(queryset, size):
    """``queryset``'s rows in lists of ``size``, read ``size`` at a time from a cursor."""
    chunk = []
    for row in queryset.iterator(chunk_size=size):
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def links_of(ids) -> dict:
    """{relation: {entry id: [linked keys]}} for the entries ``ids``: one query per relation."""
    found = {}
    for relation, _column, _type, _table, key in LINKS:
        field = Entry._meta.get_field(relation)
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        by_entry = defaultdict(list)
        rows = (
            through.objects.filter(**{f"{source}__in": ids})
            .order_by(source, f"{target}__{key}")
            .values_list(source, f"{target}__{key}")
        )
        for entry_id, value in rows:
            by_entry[entry_id].append(value)
        found[relation] = by_entry
    return found


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value


class CSVTable:
    """One CSV file of the package: the header written on opening, each row's cells through
    ``csv_cell`` and the spreadsheet-safe writer, and the rows counted (``rows``). The one
    writer of the entries, their link tables and the reference tables."""

    def __init__(self, path: Path, header):
        self.file = open(path, "w", newline="", encoding="utf-8")  # noqa: SIM115 - closed by close()
        self.writer = csv_writer(self.file)
        self.writer.writerow(header)
        self.rows = 0

    def write(self, row) -> None:
        self.writer.writerow([csv_cell(value) for value in row])
        self.rows += 1

    def close(self) -> None:
        self.file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def table_schema(fields, primary_key, foreign_keys) -> dict:
    schema = {"fields": fields, "primaryKey": primary_key}
    if foreign_keys:
        schema["foreignKeys"] = [
            {"fields": column, "reference": {"resource": table, "fields": key}}
            for column, table, key in foreign_keys
        ]
    return schema


def resource(name, schema, description="") -> dict:
    return {
        "name": name,
        "path": f"data/{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": description,
        "schema": schema,
    }


def parquet_schema():
    import pyarrow as pa

    types = {
        "int64": pa.int64(),
        "string": pa.string(),
        "date32": pa.date32(),
        "timestamp": pa.timestamp("us", tz="UTC"),
        "bool": pa.bool_(),
    }
    fields = [pa.field(name, types[kind]) for name, _field, kind in ENTRY_COLUMNS]
    for relation, _column, kind, _table, _key in LINKS:
        item = pa.int64() if kind == "integer" else pa.string()
        fields.append(pa.field(relation, pa.list_(item)))
    return pa.schema(fields)


def write_version(directory: Path, version: str, chunk_size=CHUNK_SIZE) -> dict:
    """Write one version's files into ``directory``; returns what the manifest says of the
    data (entries and rows per table)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = directory / "data"
    data.mkdir(parents=True)
    resources = []

    # Entries and their links, chunk by chunk, to CSV and Parquet at once.
    entry_names = [name for name, _field, _type in ENTRY_COLUMNS]
    schema = parquet_schema()
    parquet_path = directory / f"{PREFIX}-{version}.parquet"
    with contextlib.ExitStack() as stack:

        def table(name, header):
            return stack.enter_context(CSVTable(data / f"{name}.csv", header))

        tables = {"entries": table("entries", entry_names)}
        for relation, column, _type, _table, _key in LINKS:
            tables[relation] = table(f"entry_{relation}", ["entry_id", column])
        parquet = stack.enter_context(pq.ParquetWriter(parquet_path, schema, compression="zstd"))
        for chunk in chunks(published_entries(), chunk_size):
            ids = [row[0] for row in chunk]
            links = links_of(ids)
            for row in chunk:
                tables["entries"].write(row)
                for relation, *_rest in LINKS:
                    for value in links[relation].get(row[0], ()):
                        tables[relation].write((row[0], value))
            columns = {name: [row[i] for row in chunk] for i, name in enumerate(entry_names)}
            for relation, *_rest in LINKS:
                columns[relation] = [links[relation].get(i, []) for i in ids]
            parquet.write_batch(pa.RecordBatch.from_pydict(columns, schema=schema))
    counts = {"entries": tables["entries"].rows}
    counts.update({f"entry_{relation}": tables[relation].rows for relation, *_rest in LINKS})

    fields = [{"name": name, **field} for name, field, _type in ENTRY_COLUMNS]
    resources.append(
        resource(
            "entries",
            table_schema(fields, "id", [("organization", "organizations", "acronym")]),
            "Published stocktaking entries (projects); one row each.",
        )
    )
    for relation, column, kind, table, key in LINKS:
        resources.append(
            resource(
                f"entry_{relation}",
                table_schema(
                    [
                        {"name": "entry_id", "type": "integer", "constraints": {"required": True}},
                        {"name": column, "type": kind, "constraints": {"required": True}},
                    ],
                    ["entry_id", column],
                    [("entry_id", "entries", "id"), (column, table, key)],
                ),
                f"The {relation.replace('_', ' ')} each entry names; one row per link.",
            )
        )

    # The reference tables the links and entries point to.
    for name, columns, primary_key, foreign_keys, rows in reference_tables():
        with CSVTable(data / f"{name}.csv", [column for column, _kind in columns]) as table:
            for row in rows.iterator(chunk_size=chunk_size):
                table.write(row)
        counts[name] = table.rows
        fields = [{"name": column, "type": kind} for column, kind in columns]
        fields[0]["constraints"] = {"required": True, "unique": True}
        resources.append(resource(name, table_schema(fields, primary_key, foreign_keys)))

    package = {
        "profile": "tabular-data-package",
        "name": PREFIX,
        "title": "WSIS stocktaking database: published entries",
        "version": version,
        "created": timezone.now().astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "description": (
            "Every published entry of the WSIS stocktaking database, with its countries, "
            "regions, action lines, SDGs, SDG targets and Global Digital Compact objectives. "
            "Text cells beginning with =, +, - or @ carry a leading apostrophe so that "
            "spreadsheets do not run them as formulas (the Parquet file has the values as "
            "stored)."
        ),
        "resources": resources,
    }
    (directory / "datapackage.json").write_text(json.dumps(package, indent=2, ensure_ascii=False))
    archive = directory / f"{PREFIX}-{version}-datapackage.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as bundle:
        bundle.write(directory / "datapackage.json", "datapackage.json")
        for item in resources:
            bundle.write(directory / item["path"], item["path"])
    shutil.rmtree(data)
    (directory / "datapackage.json").unlink()
    return counts


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def build_bulk_data(*, keep=None, chunk_size=CHUNK_SIZE, now=None) -> dict:
    """Build a new version of the downloads, keep the last ``keep`` versions (default
    ``settings.BULK_DATA_KEEP``) and return the new version's manifest."""
    root = bulk_root()
    root.mkdir(parents=True, exist_ok=True)
    moment = (now or timezone.now()).astimezone(datetime.UTC)
    version = moment.strftime("%Y%m%dT%H%M%SZ")
    building = root / f".building-{version}-{os.getpid()}"
    if building.exists():
        shutil.rmtree(building)
    try:
        counts = write_version(building, version, chunk_size=chunk_size)
        manifest = {
            "version": version,
            "created_at": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "entries": counts["entries"],
            "rows": counts,
            "files": [
                {"name": path.name, "bytes": path.stat().st_size, "sha256": sha256_of(path)}
                for path in sorted(building.iterdir())
            ],
        }
        (building / MANIFEST).write_text(json.dumps(manifest, indent=2))
        target = root / version
        if target.exists():
            shutil.rmtree(target)
        building.rename(target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    prune(keep if keep is not None else settings.BULK_DATA_KEEP)
    return manifest


def versions() -> list[dict]:
    """The manifests of the complete versions, newest first."""
    root = bulk_root()
    if not root.is_dir():
        return []
    found = []
    for folder in sorted(root.iterdir(), reverse=True):
        manifest = folder / MANIFEST
        if folder.name.startswith(".") or not manifest.is_file():
            continue
        try:
            found.append(json.loads(manifest.read_text()))
        except (OSError, ValueError):
            continue
    return found


def prune(keep: int) -> None:
    """Delete all but the newest ``keep`` versions."""
    for manifest in versions()[max(keep, 1) :]:
        shutil.rmtree(bulk_root() / manifest["version"], ignore_errors=True)


#: The newest version's files by names that do not change (``latest/<name>``): what pages
#: link to, so that a cached page never links to a version since deleted.
LATEST_NAMES = {
    f"{PREFIX}-datapackage.zip": "-datapackage.zip",
    f"{PREFIX}.parquet": ".parquet",
}


def find_file(version: str, name: str):
    """(path, manifest entry of the file) of a version's file, ``latest`` naming the newest
    version (whose files are also found by ``LATEST_NAMES``); None when there is none."""
    known = versions()
    if version == "latest":
        known = known[:1]
        version = known[0]["version"] if known else ""
        if name in LATEST_NAMES:
            name = f"{PREFIX}-{version}{LATEST_NAMES[name]}"
    for manifest in known:
        if manifest["version"] != version:
            continue
        for item in manifest["files"]:
            if item["name"] == name:
                return bulk_root() / version / name, item
    return None


def latest_files() -> dict:
    """{"datapackage": name, "parquet": name} under ``latest/`` when a version exists (else
    empty), for the pages that link to the downloads."""
    if not versions():
        return {}
    names = {suffix: name for name, suffix in LATEST_NAMES.items()}
    return {"datapackage": names["-datapackage.zip"], "parquet": names[".parquet"]}
