"""The portal's URLs plus two views that fail on purpose, for the tests of the 500 answers."""

from django.urls import path

from wsis_portal.urls import handler400, handler403, handler404, handler500  # noqa: F401
from wsis_portal.urls import urlpatterns as portal_urlpatterns


def fail(request):
    raise RuntimeError("secret internal detail: /srv/portal/settings.py line 12")


urlpatterns = [path("boom/", fail), path("api/v1/boom/", fail), *portal_urlpatterns]
