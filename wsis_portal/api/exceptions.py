"""One error shape for the API: ``{"detail": "message", "code": "machine_code"}`` for an
error of the whole request (the shape ``wsis_portal.errors`` gives the errors no view
answered), ``{"field": ["message", ...]}`` for errors naming fields or parameters; JSON even
when the request asked for CSV.

Services raise Django's ``ValidationError`` (so the HTML forms can show them next to the
field); here they become 400 naming the field, or 409 when the code says the request
conflicts with the current state (``stale``: the page changed since the editor loaded it;
``invalid_transition``: the entry is not in a state the action applies to).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from .renderers import CSVRenderer

CONFLICT_CODES = {"stale", "invalid_transition"}


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
            return Response({**detail, **extra}, status=status.HTTP_409_CONFLICT)
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" in response.data:
        detail = response.data["detail"]
        response.data.setdefault("code", getattr(detail, "code", None) or "error")
    return response
