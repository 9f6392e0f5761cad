"""One error shape for the API: every error answer is a JSON object with ``detail`` (a
sentence) and ``code`` (a machine code: ``invalid``, ``not_found``, ``throttled``…), the shape
``wsis_portal.errors`` gives the errors no view answered; an error naming fields or
parameters adds one member per field or parameter, a list of its messages
(``{"detail": …, "code": "invalid", "country": ["'ZZ' is not …"]}``). JSON even when the
request asked for CSV. The schema documents the shape once, as the ``Error`` component.

Services raise Django's ``ValidationError`` (so the HTML forms can show them next to the
field); here they become 400 naming the field, or 409 when the code says the request
conflicts with the current state (``stale``: the page changed since the editor loaded it;
``stale_update``: an entry's pending update was saved elsewhere since the ``version`` sent;
``invalid_transition``: the entry is not in a state the action applies to); a field's error
that only says the value is not this user's to give is a 403 naming the field.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from .renderers import CSVRenderer

CONFLICT_CODES = {"stale", "stale_update", "invalid_transition"}
#: Codes of a field's error that says the value is valid but not this user's to give (an
#: organisation one is no member of): 403 naming the field, not 400.
FORBIDDEN_CODES = {"not_a_member"}
INVALID = _("The request has errors: see the fields or parameters named.")


def naming_fields(detail, code="invalid", message=INVALID):
    """``detail`` (a serializer's errors: a dict by field, or a list for the whole body) in
    the one error shape."""
    if isinstance(detail, list):
        detail = {api_settings.NON_FIELD_ERRORS_KEY: detail}
    return {"detail": str(message), "code": code, **detail}


def forbidden(codes) -> bool:
    """Whether every error of a serializer's ``get_codes()`` is in ``FORBIDDEN_CODES``."""
    found = set()

    def collect(node):
        if isinstance(node, dict):
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)
        else:
            found.add(node)

    collect(codes)
    return bool(found) and found <= FORBIDDEN_CODES


def portal_exception_handler(exc, context):
    request = context.get("request")
    if isinstance(getattr(request, "accepted_renderer", None), CSVRenderer):
        # An error is not a table: it is the API's JSON error body, even for ?format=csv.
        request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
    if isinstance(exc, DjangoValidationError):
        detail = as_serializer_error(exc)
        code = getattr(exc, "code", None)
        if code in CONFLICT_CODES:
            extra = {}
            if hasattr(exc, "current_version"):
                extra["current_version"] = exc.current_version
            message = " ".join(str(m) for m in exc.messages)
            body = {**naming_fields(detail, code, message), **extra}
            return Response(body, status=status.HTTP_409_CONFLICT)
        return Response(naming_fields(detail), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        # Django's get_object_or_404 says "No StocktakingEntry matches the given query.", in
        # English and with the class name: the reader gets DRF's "Not found." in their language.
        exc = NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return response
    if isinstance(exc, ValidationError) and forbidden(exc.get_codes()):
        response.status_code = status.HTTP_403_FORBIDDEN
        response.data = naming_fields(
            response.data, "permission_denied", PermissionDenied.default_detail
        )
    elif isinstance(exc, ValidationError):
        response.data = naming_fields(response.data)
    elif isinstance(response.data, dict) and "detail" in response.data:
        detail = response.data["detail"]
        response.data.setdefault("code", getattr(detail, "code", None) or "error")
    return response
