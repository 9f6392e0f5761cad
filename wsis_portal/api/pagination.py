"""Page-number pagination for browsing and keyset pagination for harvesting.

A ``page_size`` above the maximum is refused with 400 rather than silently clamped, so a
client that asks for 10,000 rows never believes it received them all.
"""

from rest_framework import pagination
from rest_framework.exceptions import ValidationError

DEFAULT_PAGE_SIZE = 50
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

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Page number, from 1.",
                "schema": {"type": "integer", "minimum": 1},
            },
            page_size_parameter(self.page_size_query_param, self.page_size, self.max_page_size),
        ]


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

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Opaque position, taken from the `next` or `previous` link.",
                "schema": {"type": "string"},
            },
            page_size_parameter(self.page_size_query_param, self.page_size, self.max_page_size),
        ]
