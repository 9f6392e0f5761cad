"""CSV output: one row per item, nested objects as ``field.subfield`` columns, multi-valued
fields joined with "; ". Lists are streamed by ``viewsets.PortalViewSetMixin``; this renderer
handles the rest (one object, an error). Rows are written by ``wsis_portal.spreadsheets``, so
a cell a spreadsheet would read as a formula is defused."""

import io

from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

from wsis_portal.spreadsheets import csv_writer

MULTI_VALUE_SEPARATOR = "; "


def csv_columns(serializer, prefix=""):
    """Column names of a serializer's output: nested single objects expand to prefixed
    columns, everything else is one column."""
    columns = []
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.BaseSerializer) and not isinstance(
            field, serializers.ListSerializer
        ):
            columns += csv_columns(field, f"{prefix}{name}.")
        else:
            columns.append(f"{prefix}{name}")
    return columns


def cell(value):
    """One CSV cell: lists joined, objects in a list as their values joined by a space."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return MULTI_VALUE_SEPARATOR.join(cell(item) for item in value)
    if isinstance(value, dict):
        return " ".join(cell(item) for item in value.values() if item not in (None, "", []))
    return str(value)


def flatten(item, columns):
    row = []
    for column in columns:
        value = item
        for part in column.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        row.append(cell(value))
    return row


class Echo:
    """A file-like object whose ``write`` returns the line, for a streaming CSV writer."""

    def write(self, value):
        return value


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if isinstance(data, dict) and isinstance(data.get("results"), list):
            data = data["results"]
        items = data if isinstance(data, list) else [data]
        columns = []
        for item in items:
            if isinstance(item, dict):
                for key in item:
                    if key not in columns:
                        columns.append(key)
        buffer = io.StringIO()
        writer = csv_writer(buffer)
        writer.writerow(columns)
        for item in items:
            writer.writerow(flatten(item, columns) if isinstance(item, dict) else [cell(item)])
        return buffer.getvalue().encode(self.charset)
