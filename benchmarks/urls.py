"""The portal's URLs plus ``/bench/baseline/`` (see ``benchmarks.views``).

The portal's patterns are added, not included: they hold ``i18n_patterns``, which Django
allows only in the root URLconf."""

from django.urls import path

from wsis_portal.urls import handler400, handler403, handler404, handler500  # noqa: F401
from wsis_portal.urls import urlpatterns as portal_patterns

from . import views

urlpatterns = [
    path("bench/baseline/", views.baseline, name="bench-baseline"),
    *portal_patterns,
]
