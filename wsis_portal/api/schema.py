"""OpenAPI generation: CSV responses are documented as text, list endpoints document the
``format`` switch, every read documents its 400 (a bad or unknown parameter) and 404, and
every operation its language (``lang``, ``Accept-Language``, and the ``Content-Language`` and
``Vary`` of its answer: ``wsis_portal.i18n.api_language``)."""

from django.conf import settings
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework.pagination import CursorPagination

from .fields_selection import field_names_pattern

FORMAT_PARAMETER = OpenApiParameter(
    "format",
    str,
    enum=["json", "csv"],
    description=(
        "Response format. `csv` returns the same page as `json` (`page` and `page_size`, or "
        "`cursor`), one row per item, multi-valued fields joined with `; `; the `Link` header "
        "(`first`, `prev`, `next`) leads to the other pages."
    ),
)


LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
LANGUAGE_PARAMETERS = [
    OpenApiParameter(
        "lang",
        str,
        enum=LANGUAGE_CODES,
        description=(
            "Language of the names and labels in the answer (action-line titles, SDG titles, "
            "country, region and organisation names, counts' labels, error messages); takes "
            "precedence over `Accept-Language`. Another value is refused with 400. Texts "
            "written by people (documents, entries, pages) stay in their own language."
        ),
    ),
    OpenApiParameter(
        "Accept-Language",
        str,
        OpenApiParameter.HEADER,
        description=(
            "The language wanted when `lang` is not given, read as browsers send it "
            f"(`fr-CH, fr;q=0.9, en;q=0.8`); one of {', '.join(LANGUAGE_CODES)}, else English."
        ),
    ),
    OpenApiParameter(
        "Content-Language",
        str,
        OpenApiParameter.HEADER,
        response=True,
        enum=LANGUAGE_CODES,
        description="The language of the answer's names and labels.",
    ),
    OpenApiParameter(
        "Vary",
        str,
        OpenApiParameter.HEADER,
        response=True,
        description="Includes `Accept-Language`: caches keep each language's answer apart.",
    ),
]


class PortalAutoSchema(AutoSchema):
    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        parameters.extend(LANGUAGE_PARAMETERS)
        if self.method == "GET" and self._is_list_view():
            parameters.append(FORMAT_PARAMETER)
        if self.method == "GET" and getattr(self.view, "selects_fields", lambda: False)():
            parameters.extend(self._fields_parameter())
        return parameters

    def _fields_parameter(self):
        serializer = self._get_serializer()
        names = list(getattr(serializer, "fields", None) or ())
        if not names:
            return []
        return [
            OpenApiParameter(
                "fields",
                str,
                pattern=field_names_pattern(names),
                description=(
                    "The fields to answer with (JSON and CSV), separated by commas, of: "
                    f"{', '.join(names)}. Without it, every field. Any other name is a 400."
                ),
            )
        ]

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.method == "GET":
            responses.setdefault(
                "400",
                {
                    "description": (
                        "A parameter is unknown or has a bad value (filter, `ordering`, "
                        "`page`, `page_size`, `cursor`); the body names each one."
                    )
                },
            )
            responses.setdefault(
                "404",
                {"description": "No such object, or a page past the last one."},
            )
            responses.setdefault(
                "304",
                {
                    "description": (
                        "Not modified: `If-None-Match` named the `ETag` of the answer this "
                        "request would get now (every JSON or CSV answer carries one)."
                    )
                },
            )
        return responses

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


def fields_make_properties_optional(result, generator, request, public):
    """Postprocessing hook: an answer to ``?fields=`` holds only the fields asked for, so the
    item (or object) schema of every operation offering ``fields`` lists its properties
    without ``required``: every field is present unless ``fields`` leaves it out."""
    schemas = result.get("components", {}).get("schemas", {})

    def component(schema):
        ref = (schema or {}).get("$ref", "")
        return ref.rsplit("/", 1)[-1] if ref else None

    relaxed = set()
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            if not any(p.get("name") == "fields" for p in operation.get("parameters", ())):
                continue
            for content in (
                operation.get("responses", {}).get("200", {}).get("content", {}).values()
            ):
                name = component(content.get("schema"))
                results = schemas.get(name, {}).get("properties", {}).get("results")
                if results is not None:  # a page: its items
                    name = component(results.get("items"))
                if name in schemas:
                    relaxed.add(name)
    for name in relaxed:
        schemas[name].pop("required", None)
    return result
