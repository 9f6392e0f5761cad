"""Requests refused before any view: a NUL character in the address or a cookie.

PostgreSQL cannot store or compare text holding NUL (``\\x00``): psycopg refuses the query, so
``%00`` in a path segment (a feed's action-line code, a prize category code), a query
parameter or the session cookie used to reach a lookup and answer 500. Django's form fields
and DRF's refuse NUL in what is posted, but nothing checks URL keyword arguments, parameters
a view reads itself, or cookies. No address or cookie of the portal ever holds NUL, so one
middleware answers 400 (the portal's error page, or the API's JSON under ``/api/``) before
any view, filter or session lookup runs.
"""

from django.core.exceptions import BadRequest


def _holds_nul(request) -> bool:
    if "\x00" in request.path_info:
        return True
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return True
    return any("\x00" in name or "\x00" in value for name, value in request.COOKIES.items())


class RefuseNulCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _holds_nul(request):
            raise BadRequest("NUL character in the address or a cookie")
        return self.get_response(request)
