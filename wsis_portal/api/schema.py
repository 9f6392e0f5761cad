"""OpenAPI generation: CSV responses are documented as text, list endpoints document the
``format`` switch, every read documents its 400 (a bad or unknown parameter) and 404, and
every operation its language (``lang``, ``Accept-Language``, and the ``Content-Language`` and
``Vary`` of its answer: ``wsis_portal.i18n.api_language``)."""

import contextlib

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.pagination import CursorPagination

from wsis_portal.text import (
    MULTI_LINE_FORBIDDEN_CHARS,
    ONE_LINE_FORBIDDEN_CHARS,
    text_pattern,
    validate_multi_line,
    validate_one_line,
    validator_for,
)

from .fields_selection import field_names_pattern

FORMAT_PARAMETER = OpenApiParameter(
    "format",
    str,
    enum=["json", "csv"],
    description=(
        "Response format. `csv` returns the same page as `json` (`page` and `page_size`, or "
        "`cursor`), one row per item, multi-valued fields joined with `; `; the `Link` header "
        "(`first`, `prev`, `next`) leads to the other pages. A cell a spreadsheet would read as "
        "a formula (beginning with `=`, `+`, `-`, `@`, a tab or a carriage return, plain "
        "numbers aside) begins with an apostrophe. A few CSV answers are served at once per "
        "client and in all: one more is a 429 with `Retry-After`."
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
        writes = self.method in ("POST", "PUT", "PATCH", "DELETE")
        for code, description in COMMON_ERRORS.items():
            responses.setdefault(code, {"description": description})
        if writes:
            for code, description in WRITE_ERRORS.items():
                responses.setdefault(code, {"description": description})
            if "{" in self.path:
                responses.setdefault("404", {"description": "No such object, or not yours."})
        if self.method == "POST" and "{" not in self.path:  # a creating POST
            responses.setdefault("422", {"description": IDEMPOTENCY_MISMATCH})
        responses.setdefault("405", METHOD_NOT_ALLOWED)
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
        responses["429"].setdefault("headers", {"Retry-After": RETRY_AFTER_HEADER})
        for code, response in responses.items():
            if int(code) >= 400 and not response.get("content"):
                response["content"] = {"application/json": {"schema": ERROR_REFERENCE}}
        return responses

    def map_parsers(self):
        # The contract is JSON: the form parsers serve the browsable API's forms, whose
        # fields cannot say null or an empty list, and are left out of the schema.
        return [media for media in super().map_parsers() if media == "application/json"]

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction != "request" or schema.get("type") != "string":
            return schema
        if isinstance(field, serializers.URLField):
            schema["pattern"] = WEB_ADDRESS
        elif isinstance(field, serializers.CharField) and not schema.keys() & NOT_FREE:
            # Replaces drf-spectacular's reading of the control-character validators, which
            # takes the characters they refuse for the pattern of the text.
            schema["pattern"] = text_field_pattern(field)
        return schema

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


#: Schema keywords of a string that is not free text (its own rules say what it may be).
NOT_FREE = {"format", "enum"}
#: A web address as Django's URLValidator takes it, in the common form: http(s), a host name
#: with a dot, an optional port and path (Django also takes IP addresses and ftp).
WEB_ADDRESS = (
    r"^https?://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
    r"(?::[0-9]{2,4})?(?:/[!-~]*)?$"
)


def text_field_pattern(field) -> str | None:
    """What a written text field accepts, as a pattern: no control characters (tab and line
    breaks in a multi-line text: ``wsis_portal.text``), never a null character (DRF), and
    something besides spaces unless it may be blank (DRF strips the spaces around it)."""
    rules = list(field.validators)
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is not None:  # the model field's rule, which the service checks on saving
        with contextlib.suppress(FieldDoesNotExist):
            rules.append(validator_for(model._meta.get_field(field.source)))
    if validate_multi_line in rules:
        forbidden = MULTI_LINE_FORBIDDEN_CHARS
    elif validate_one_line in rules:
        forbidden = ONE_LINE_FORBIDDEN_CHARS
    else:
        forbidden = r"\x00"
    return text_pattern(forbidden, required=not field.allow_blank and field.trim_whitespace)


#: The one error body of every error answer (``wsis_portal.api.exceptions``), a component.
ERROR_COMPONENT = {
    "type": "object",
    "description": (
        "Every error answer: `detail` says what went wrong, `code` is a machine code; an "
        "error naming fields or parameters adds one member per field or parameter, the "
        "list of its messages (`non_field_errors` for the body as a whole)."
    ),
    "properties": {
        "detail": {"type": "string", "example": "Not found."},
        "code": {"type": "string", "example": "not_found"},
        "current_version": {
            "type": "integer",
            "description": "A stale page save (409): the version saved meanwhile.",
        },
    },
    "required": ["detail", "code"],
    "additionalProperties": {
        "description": (
            "Messages about one field or parameter: a list of texts (of objects for a list "
            "of nested objects), or an object by nested field."
        ),
        "anyOf": [{"type": "array"}, {"type": "object"}],
    },
    "example": {
        "detail": "The request has errors: see the fields or parameters named.",
        "code": "invalid",
        "country": ["'ZZ' is not an ISO 3166 country code; use alpha-2 (KE) or alpha-3 (KEN)."],
    },
}
ERROR_REFERENCE = {"$ref": "#/components/schemas/Error"}
#: What any operation may answer, whatever it is.
COMMON_ERRORS = {
    "400": (
        "A parameter or the body is malformed, unknown or has a bad value; the body names each one."
    ),
    "406": "`Accept` or `format` asks for a format this address does not answer.",
    "429": (
        "Too many requests, or (`format=csv`) too many CSV exports at once from you or in all: "
        "`Retry-After` says in how many seconds to try again (`RateLimit-*` headers on every "
        "answer)."
    ),
    "503": "The database cannot be reached right now; `Retry-After` says when to try again.",
}
WRITE_ERRORS = {
    "401": "No valid token or session (`WWW-Authenticate` says how to authenticate).",
    "403": "Signed in, but not allowed to do this.",
    "413": "The body is larger than the API accepts.",
    "415": "The body is not JSON (`Content-Type: application/json`), a form or multipart.",
}
RETRY_AFTER_HEADER = {
    "schema": {"type": "integer", "minimum": 0},
    "description": "Seconds to wait before asking again.",
}
IDEMPOTENCY_MISMATCH = "The `Idempotency-Key` was used before with another body."
METHOD_NOT_ALLOWED = {
    "description": (
        "This address does not take this method (another operation of the same path does): "
        "`Allow` lists the methods it takes."
    ),
    "headers": {
        "Allow": {
            "schema": {"type": "string"},
            "description": "The methods this address takes, e.g. `GET, HEAD, OPTIONS`.",
        }
    },
}


def no_empty_parameters(result, generator, request, public):
    """Postprocessing hook: a query parameter is given a value or left out (an empty value is
    a 400: ``wsis_portal.api.filtering``), so every text parameter has ``minLength: 1``; a
    free text (no format, pattern or enum) has no null character either (Django's forms
    refuse them)."""

    def require_text(schema):
        if schema.get("type") == "string" and "enum" not in schema:
            schema.setdefault("minLength", 1)
            if "format" not in schema:
                schema.setdefault("pattern", "^[^\\x00]+$")
        if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
            require_text(schema["items"])

    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", ()):
                if parameter.get("in") == "query" and isinstance(parameter.get("schema"), dict):
                    require_text(parameter["schema"])
    return result


def error_component(result, generator, request, public):
    """Postprocessing hook: the ``Error`` component every error answer refers to."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_COMPONENT
    return result


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
