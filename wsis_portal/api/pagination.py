"""Page-number pagination for browsing and keyset pagination for harvesting.

A ``page_size`` above the maximum is refused with 400 rather than silently clamped, so a
client that asks for 10,000 rows never believes it received them all.

Bad paging input is answered alike: a malformed ``page`` (``abc``, ``0``, ``-1``),
``page_size`` or ``cursor`` (``garbage``, ``%00``, a cursor of another list) is a 400 naming
the parameter, as any other parameter with a bad value; a well-formed page past the last one
is DRF's 404 (the page does not exist). An empty value means the parameter was not given.

Every page, JSON or CSV, carries a ``Link`` header (RFC 8288) to the ``first``, ``prev`` and
``next`` pages: a CSV has no envelope, so this is how its reader finds the rest.
"""

import base64
import math
import re
from urllib.parse import parse_qs

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from wsis_portal.filters import RowCount

DEFAULT_PAGE_SIZE = 50
MAX_OFFSET = 2**63 - 1
MAX_PAGE_SIZE = 500


def validated_page_size(request, param, default, maximum):
    raw = request.query_params.get(param)
    if raw in (None, ""):
        return default
    try:
        size = int(raw)
    except (TypeError, ValueError):
        size = None
    if size is None or not 1 <= size <= maximum:
        raise ValidationError({param: [f"Must be a whole number from 1 to {maximum}."]})
    return size


def validated_page_number(request, param, last_page_strings=()):
    """The page asked for: a whole number from 1 (1 when not given), or one of
    ``last_page_strings``; anything else is a 400 naming ``param``."""
    raw = request.query_params.get(param) or "1"
    if raw in last_page_strings:
        return raw
    try:
        number = int(raw)
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        raise ValidationError({param: [_("A page number is a whole number from 1.")]})
    return number


def link_header(links) -> str:
    """``Link`` header value of ``{rel: url}`` (None urls left out)."""
    return ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url)


def with_links(response, first, previous, following):
    header = link_header({"first": first, "prev": previous, "next": following})
    if header:
        response["Link"] = header
    return response


def page_size_parameter(param, default, maximum):
    return {
        "name": param,
        "required": False,
        "in": "query",
        "description": f"Number of results per page (default {default}, at most {maximum}).",
        "schema": {"type": "integer", "minimum": 1, "maximum": maximum},
    }


class PortalPageNumberPagination(pagination.PageNumberPagination):
    """``?page=`` and ``?page_size=`` (1–500); the response carries ``count``."""

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        return validated_page_size(
            request, self.page_size_query_param, self.page_size, self.max_page_size
        )

    def get_page_number(self, request, paginator):
        number = validated_page_number(request, self.page_query_param, self.last_page_strings)
        return paginator.num_pages if number in self.last_page_strings else number

    def validate_parameters(self, request):
        """The checks of the paging parameters alone, without reading a row (for HEAD)."""
        self.get_page_size(request)
        validated_page_number(request, self.page_query_param, self.last_page_strings)

    def first_link(self):
        return remove_query_param(self.request.build_absolute_uri(), self.page_query_param)

    def get_paginated_response(self, data):
        return with_links(
            super().get_paginated_response(data),
            self.first_link(),
            self.get_previous_link(),
            self.get_next_link(),
        )

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": (
                    "Page number, from 1. A value that is not a whole number from 1 is a 400; "
                    "a page past the last one is a 404."
                ),
                "schema": {"type": "integer", "minimum": 1},
            },
            page_size_parameter(self.page_size_query_param, self.page_size, self.max_page_size),
        ]


def page_of(queryset, offset, limit):
    """``queryset[offset : offset + limit]``, choosing the page by id first when it is not the
    first: PostgreSQL computes a row's selected expressions (the list's link arrays) for every
    row it skips, 10,000 rows' worth on page 200 (470 ms at 1,000,000 entries, against 2 ms
    for the ids). Still one query: the ids are a subquery, the rows keep the order."""
    if not offset or queryset.query.distinct:
        return queryset[offset : offset + limit]
    ids = queryset.values("pk")[offset : offset + limit]
    return queryset.filter(pk__in=ids)[:limit]


class LargeTablePagination(PortalPageNumberPagination):
    """Page numbers over a table that grows to millions of rows, without a ``COUNT(*)`` of
    the whole set on every page (≈12 ms at 100,000 rows, ≈48 ms at 1,000,000: more than the
    rest of the request).

    ``count`` is exact when it is cheap: when the planner expects fewer than
    ``exact_count_limit`` rows, on the last page (the rows before it plus its own) and off
    PostgreSQL. Otherwise it is the planner's estimate and ``count_is_estimate`` is true.
    Paging never relies on the count: one row more than the page is read to know whether
    another page follows, and every page up to the last row is served.

    A view that has already asked about its rows (whether to rank a search) hands its
    ``RowCount`` over as ``view.row_count``, so nothing is estimated or counted twice, and
    says whether it ranked them by relevance as ``view.ranked`` (the page's ``ranked``).
    """

    exact_count_limit = 10_000

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.ranked = bool(getattr(view, "ranked", False))
        selected = getattr(view, "row_count", None) or RowCount(queryset)
        size = self.get_page_size(request)
        self.page_number = self.requested_page(request, selected, size)
        offset = (self.page_number - 1) * size
        rows = list(page_of(queryset, offset, size + 1))
        self.has_next = len(rows) > size
        rows = rows[:size]
        if not rows and self.page_number > 1:
            raise NotFound(self.invalid_page_message)
        self.count, self.count_is_estimate = offset + len(rows), False
        if self.has_next:
            estimate = selected.estimate
            if estimate is None or estimate < self.exact_count_limit:
                self.count = selected.exact()
            else:
                self.count, self.count_is_estimate = max(estimate, self.count + 1), True
        return rows

    def requested_page(self, request, selected, size):
        number = validated_page_number(request, self.page_query_param, self.last_page_strings)
        if number in self.last_page_strings:
            return max(1, math.ceil(selected.exact() / size))
        # No table has rows past the largest OFFSET PostgreSQL takes (a bigint): such a page
        # is past the last one, not a database error.
        if (number - 1) * size > MAX_OFFSET:
            raise NotFound(self.invalid_page_message)
        return number

    def get_next_link(self):
        if not self.has_next:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.page_query_param, self.page_number + 1)

    def get_previous_link(self):
        if self.page_number == 1:
            return None
        url = self.request.build_absolute_uri()
        if self.page_number == 2:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, self.page_number - 1)

    def get_paginated_response(self, data):
        response = Response(
            {
                "count": self.count,
                "count_is_estimate": self.count_is_estimate,
                "ranked": self.ranked,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )
        return with_links(
            response, self.first_link(), self.get_previous_link(), self.get_next_link()
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = (
            f"Matching items; exact below {self.exact_count_limit:,} (and on the last page), "
            "else PostgreSQL's estimate (see `count_is_estimate`)."
        )
        response["properties"] = {
            "count": response["properties"].pop("count"),
            "count_is_estimate": {
                "type": "boolean",
                "description": "True when `count` is an estimate; `next` is always exact.",
            },
            "ranked": {
                "type": "boolean",
                "description": (
                    "True when the results are in order of relevance to `q` (each item's "
                    "`score`); false without `q`, with `ordering`, or when too many entries "
                    "match to rank them (then newest first)."
                ),
            },
            **response["properties"],
        }
        response["required"] = [*response.get("required", []), "count_is_estimate", "ranked"]
        return response


#: What a cursor is made of: base64 text.
CURSOR_CHARACTERS = re.compile(r"^[A-Za-z0-9+/]+={0,2}$")


class HarvestCursorPagination(pagination.CursorPagination):
    """Keyset pagination over a fixed order (newest first): constant cost at any depth,
    stable while rows are added. Follow ``next`` until it is null to fetch a whole set."""

    page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = ("-created_at", "-id")

    def get_page_size(self, request):
        return validated_page_size(
            request, self.page_size_query_param, self.page_size, self.max_page_size
        )

    def decode_cursor(self, request):
        """DRF's cursor: a value that is no base64 text is malformed (400, as ``page=abc``);
        a base64 text that is no position of this list names no page (404, as a page past
        the last one). DRF took some for the first page (one whose base64 decodes to
        nothing)."""
        raw = request.query_params.get(self.cursor_query_param)
        if not raw:
            return None
        if not CURSOR_CHARACTERS.fullmatch(raw):
            raise ValidationError({self.cursor_query_param: [self.invalid_cursor()]})
        try:
            fields = parse_qs(
                base64.b64decode(raw, validate=True).decode("ascii"), strict_parsing=True
            )
        except ValueError:  # binascii.Error and UnicodeDecodeError are ValueErrors
            fields = {}
        try:
            if fields and set(fields) <= {"o", "r", "p"}:
                return super().decode_cursor(request)
        except NotFound:
            pass
        raise NotFound(self.invalid_cursor())

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except DjangoValidationError:  # a cursor's position that is no value of the order
            raise NotFound(self.invalid_cursor()) from None

    def invalid_cursor(self):
        return _("Not a cursor of this list; take it from the `next` or `previous` link.")

    def validate_parameters(self, request):
        """The checks of the paging parameters alone, without reading a row (for HEAD)."""
        self.get_page_size(request)
        self.decode_cursor(request)

    def get_paginated_response(self, data):
        first = remove_query_param(self.base_url, self.cursor_query_param)
        return with_links(
            super().get_paginated_response(data),
            first,
            self.get_previous_link(),
            self.get_next_link(),
        )

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": (
                    "Opaque position, taken from the `next` or `previous` link (or the `Link` "
                    "header). A value that is no base64 text is a 400; one that is no "
                    "position of this list a 404, as a page past the last one."
                ),
                "schema": {"type": "string", "pattern": CURSOR_CHARACTERS.pattern},
            },
            page_size_parameter(self.page_size_query_param, self.page_size, self.max_page_size),
        ]
