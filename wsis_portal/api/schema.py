"""OpenAPI generation: CSV responses are documented as text, and list endpoints document
the ``format`` switch."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework.pagination import CursorPagination

FORMAT_PARAMETER = OpenApiParameter(
    "format",
    str,
    enum=["json", "csv"],
    description=(
        "Response format. `csv` returns every matching item (no pagination), one row per "
        "item, multi-valued fields joined with `; `."
    ),
)


class PortalAutoSchema(AutoSchema):
    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.method == "GET" and self._is_list_view():
            parameters.append(FORMAT_PARAMETER)
        return parameters

    def get_paginated_name(self, serializer_name):
        # Page-number and cursor pages have different envelopes: keep two components.
        if isinstance(self._get_paginator(), CursorPagination):
            return f"Cursor{serializer_name}List"
        return super().get_paginated_name(serializer_name)

    def _get_response_for_code(
        self, serializer, status_code, media_types=None, direction="response"
    ):
        response = super()._get_response_for_code(serializer, status_code, media_types, direction)
        content = response.get("content", {})
        if "text/csv" in content:
            content["text/csv"] = {
                "schema": {"type": "string", "description": "Comma-separated values."}
            }
        return response
