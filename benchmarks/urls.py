"""The portal's URLs plus ``/bench/baseline/`` (see ``benchmarks.views``)."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("bench/baseline/", views.baseline, name="bench-baseline"),
    path("", include("wsis_portal.urls")),
]
