"""The API's renderers: DRF's JSON, taking list items the database already wrote as JSON
(``JSONItems``) as they are; CSV; and the browsable API under the portal's
Content-Security-Policy.

CSV output: one row per item, nested objects as ``field.subfield`` columns, multi-valued
fields joined with "; ". Rows are written by ``wsis_portal.spreadsheets``, so
a cell a spreadsheet would read as a formula is defused."""

import csv
import io
import json
from collections import UserList
from functools import cached_property

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer, JSONRenderer

from wsis_portal.content_security import BROWSABLE_API_POLICY
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


class JSONItems(UserList):
    """A page's items as the JSON text of each, written by PostgreSQL (e.g.
    ``stocktaking.api.serializers.list_json``): ``PortalJSONRenderer`` puts the texts in the
    answer as they are; read as a list (anything else: a test's ``response.data``, an indented
    answer), they are parsed on first use."""

    def __init__(self, texts):  # noqa: D107 - UserList's own list is ``data``, parsed lazily
        self.texts = list(texts)

    @cached_property
    def data(self):
        return [json.loads(text) for text in self.texts]

    def __reduce__(self):  # kept in the cache as its texts, never as parsed items
        return (type(self), (self.texts,))

    def json_text(self) -> str:
        return f"[{','.join(self.texts)}]"


class CSVLines(UserList):
    """A page's items as the CSV line of each (without its line end), written by PostgreSQL
    (``stocktaking.api.serializers.list_csv``) under the header ``columns``: ``CSVRenderer``
    writes the header and the lines as they are. Read as a list, the rows are parsed on first
    use (dicts by column, as the serializer's items would be, every value a text)."""

    def __init__(self, lines, columns):  # noqa: D107 - the list is ``data``, parsed lazily
        self.lines, self.columns = list(lines), list(columns)

    @cached_property
    def data(self):
        rows = csv.reader(io.StringIO("".join(f"{line}\r\n" for line in self.lines)))
        return [dict(zip(self.columns, row, strict=True)) for row in rows]

    def csv_text(self) -> str:
        buffer = io.StringIO()
        csv_writer(buffer).writerow(self.columns)
        lines = self.lines
        if len(self.columns) == 1:  # csv quotes a row's only cell when it is empty
            lines = [line or '""' for line in lines]
        buffer.writelines(f"{line}\r\n" for line in lines)
        return buffer.getvalue()


class PortalJSONRenderer(JSONRenderer):
    """DRF's JSON renderer; an object's ``JSONItems`` members are written as the JSON text
    they already are (no parsing, no encoding), the other members as DRF writes them."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if not isinstance(data, dict) or not any(
            isinstance(value, JSONItems) for value in data.values()
        ):
            return super().render(data, accepted_media_type, renderer_context)
        if self.get_indent(accepted_media_type, renderer_context or {}):
            plain = {
                key: list(value) if isinstance(value, JSONItems) else value
                for key, value in data.items()
            }
            return super().render(plain, accepted_media_type, renderer_context)
        members = []
        for key, value in data.items():
            if isinstance(value, JSONItems):
                # As DRF's renderer does: JavaScript reads these two as line ends.
                text = value.json_text().replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
                name = json.dumps(key, ensure_ascii=self.ensure_ascii)
                members.append(f"{name}:{text}".encode())
            else:
                members.append(
                    super().render({key: value}, accepted_media_type, renderer_context)[1:-1]
                )
        return b"{" + b",".join(members) + b"}"


class CSVRenderer(BaseRenderer):
    """A list's page (the same rows as its JSON, with ``page``/``page_size`` or ``cursor``;
    the ``Link`` header points to the rest; ``CSVLines`` when PostgreSQL wrote the rows), one
    object, or a statistics table as CSV. A
    list's columns are its serializer's (``get_csv_columns``), so an empty page keeps them;
    other data's columns are its keys."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        view, response = renderer_context.get("view"), renderer_context.get("response")
        if response is not None and response.status_code < 400 and view is not None:
            filename = getattr(view, "csv_filename", None)
            if filename:
                response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        if data is None:
            return b""
        if isinstance(data, dict) and isinstance(data.get("results"), CSVLines):
            return data["results"].csv_text().encode(self.charset)
        columns = []
        if isinstance(data, dict) and isinstance(data.get("results"), list):
            if getattr(view, "paginator", None) is not None and hasattr(view, "get_csv_columns"):
                columns = view.get_csv_columns()
            data = data["results"]
        items = data if isinstance(data, list) else [data]
        if not columns:
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


class PortalBrowsableAPIRenderer(BrowsableAPIRenderer):
    """DRF's browsable API, which the portal's policy would otherwise strip of the fixed
    ``style="…"`` attributes of DRF's templates (allowed by their hashes alone) and of its
    highlighting ``<style>`` (for Markdown descriptions, which the portal does not render).

    In the reader's language: the page is the portal's ``templates/rest_framework/base.html``
    (DRF's, translated and mirrored in Arabic), titles and descriptions are the views'
    translated ones (``PortalViewSetMixin.get_view_name``, ``wsis_portal.api.descriptions``),
    and the raw-data form's two fields are labelled in the reader's language; the JSON and
    media types in it are marked as kept as written (``translate="no"``), left to right."""

    def get_rendered_html_form(self, data, view, method, request):
        """No HTML form for POST and PUT, only the raw-data form: DRF builds that form from
        the view's read serializer (an entry's 27 fields, where a write takes a third of them,
        checked by another serializer), labelled and explained with the schema's English
        descriptions; the raw-data form's JSON is the body the schema documents. DELETE and
        OPTIONS keep their buttons."""
        if method in ("POST", "PUT"):
            return None
        return super().get_rendered_html_form(data, view, method, request)

    def get_raw_data_form(self, data, view, method, request):
        form = super().get_raw_data_form(data, view, method, request)
        if form is not None:
            media_type, content = form.fields["_content_type"], form.fields["_content"]
            media_type.label, content.label = _("Media type"), _("Content")
            media_type.widget.attrs.update(translate="no", dir="ltr")
            content.widget.attrs.update({"translate": "no", "dir": "ltr", "class": "raw-data"})
        return form

    def get_context(self, data, accepted_media_type, renderer_context):
        return {
            **super().get_context(data, accepted_media_type, renderer_context),
            "code_style": None,
        }

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None:
            # What django-csp's csp_update decorator sets: merged into the policy's directives.
            response._csp_update = BROWSABLE_API_POLICY
        return super().render(data, accepted_media_type, renderer_context)
