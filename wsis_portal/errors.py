"""The portal's error answers: pages in its layout for people, JSON for the API.

Django calls these for the errors no view answered itself (``handler400`` … ``handler500`` in
the root URLconf, ``CSRF_FAILURE_VIEW``). Every path under ``/api/`` gets the API's error body,
``{"detail": "…", "code": "…"}``, whatever failed; every other path a page with the portal's
header, navigation and a search form, and no internal detail.

A database that cannot be reached is not a bug: any request that fails on it answers 503 with
``Retry-After`` instead of 500 (the exception reaches ``server_error`` from wherever it was
raised, a middleware included). The 503 page of a form that could not be saved shows what was
typed and offers to send it again, so nothing typed is lost. Pages rendered while the
database is away never touch it: they are drawn for an anonymous reader with no messages.
"""

import logging
import sys

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

logger = logging.getLogger(__name__)

#: What each status tells people and programs: (code, page heading, explanation).
ERRORS = {
    400: (
        "bad_request",
        gettext_lazy("The request could not be understood"),
        gettext_lazy("Something in the address or the form sent was malformed."),
    ),
    403: (
        "permission_denied",
        gettext_lazy("You are not allowed to do this"),
        gettext_lazy("Your account does not have permission for this page or action."),
    ),
    404: (
        "not_found",
        gettext_lazy("Page not found"),
        gettext_lazy(
            "There is no page at this address. It may have moved, or the address may be mistyped."
        ),
    ),
    413: (
        "too_large",
        gettext_lazy("What was sent is too large"),
        gettext_lazy("The form or file sent is larger than the portal accepts."),
    ),
    500: (
        "server_error",
        gettext_lazy("Something went wrong on our side"),
        gettext_lazy("The error has been logged. Please try again later."),
    ),
    503: (
        "service_unavailable",
        gettext_lazy("The portal is temporarily unavailable"),
        gettext_lazy("Its database cannot be reached right now. Please try again in a minute."),
    ),
}

#: Form fields never echoed back on the page that offers to send a form again (words in
#: their names): credentials and keys. A form's other secrets, such as the one-time code of
#: two-factor sign-in (stale by the time it is sent again), are named by the form itself in
#: ``secret_fields``: another form's field of the same name (an action line's code) is kept.
NOT_ECHOED = ("csrfmiddlewaretoken", "password", "token", "secret")


def database_unavailable(error) -> bool:
    """Whether ``error`` means the database could not be reached or could not answer (a lost
    connection, a refused one, a timeout): a 503, not a bug."""
    return isinstance(error, (OperationalError, InterfaceError))


def is_api(request) -> bool:
    return request.path.startswith("/api/")


def error_response(request, status: int, *, detail=None, form_data=None):
    """The answer for ``status``: JSON under /api/, else the portal's error page."""
    code, title, explanation = ERRORS[status]
    if is_api(request):
        response = JsonResponse({"detail": str(detail or explanation), "code": code}, status=status)
    else:
        context = {
            "status": status,
            "title": title,
            "explanation": detail or explanation,
            "form_data": form_data or [],
        }
        response = _render_page(request, context, status)
    if status == 503:
        response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER)
    return response


def _render_page(request, context, status):
    try:
        return render(request, "errors/error.html", context, status=status)
    except DatabaseError:
        pass  # the header asked who is signed in: draw it for an anonymous reader instead
    context.update(user=AnonymousUser(), messages=[])
    try:
        return render(request, "errors/error.html", context, status=status)
    except Exception:  # the error page itself failed: a line of text still tells the reader
        logger.exception("the error page could not be rendered")
        return JsonResponse({"detail": str(context["title"])}, status=status)


def secret_fields(request) -> frozenset[str]:
    """The fields that the form posted to this address declares secret: ``secret_fields`` of
    the ``form_class`` of the view the address leads to (in the language of its prefix, as the
    request may have failed before the language was chosen)."""
    path = request.path_info
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            match = resolve(path, getattr(request, "urlconf", None))
    except Resolver404:
        return frozenset()
    form_class = getattr(getattr(match.func, "view_class", None), "form_class", None)
    return frozenset(getattr(form_class, "secret_fields", ()))


def typed_fields(request):
    """What a failed form post carried, as (name, value) pairs, minus tokens, passwords and
    the fields its form declares secret."""
    if request.method != "POST" or is_api(request):
        return []
    try:
        items = request.POST.lists()
    except Exception:  # a body that cannot be parsed has nothing to give back
        return []
    secret = secret_fields(request)
    return [
        (name, value)
        for name, values in items
        if name not in secret and not any(word in name.lower() for word in NOT_ECHOED)
        for value in values
    ]


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        return error_response(request, 413)
    return error_response(request, 400)


def permission_denied(request, exception=None):
    return error_response(request, 403)


def page_not_found(request, exception=None):
    return error_response(request, 404)


def server_error(request):
    error = sys.exc_info()[1]
    if database_unavailable(error):
        return service_unavailable(request)
    return error_response(request, 500)


def service_unavailable(request):
    logger.warning("database unreachable: %s %s answered 503", request.method, request.path)
    return error_response(request, 503, form_data=typed_fields(request))


def csrf_failure(request, reason=""):
    """A form sent without its valid token (for example from a page left open for days)."""
    return error_response(
        request,
        403,
        detail=_(
            "The form could not be accepted because its security token is missing or has "
            "expired. Go back, reload the page and send the form again."
        ),
    )
