"""API addresses with or without their trailing slash.

Django's ``APPEND_SLASH`` answers ``/api/v1/stocktaking`` with a redirect to
``/api/v1/stocktaking/``: a ``POST`` or ``PATCH`` followed that way loses its body (clients
re-send a redirected write as a ``GET``, or not at all). Under ``/api/`` an address whose
slashed form is a route is served as that route instead, whatever the method; the schema
and every link the API writes keep the slash.
"""

from django.urls import is_valid_path

PREFIX = "/api/"


class OptionalTrailingSlashMiddleware:
    """Before ``CommonMiddleware``: serves ``/api/…/x`` as ``/api/…/x/`` when only the latter
    is a route."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith(PREFIX) and not path.endswith("/"):
            urlconf = getattr(request, "urlconf", None)
            if not is_valid_path(path, urlconf) and is_valid_path(f"{path}/", urlconf):
                request.path_info = f"{path}/"
                request.path = f"{request.path}/"
        return self.get_response(request)
