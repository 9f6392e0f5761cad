"""Routes of the documents-and-mandates API; registered under /api/v1/."""

from . import views


def register(router):
    router.register("documents", views.DocumentViewSet, basename="document")
    router.register("paragraphs", views.ParagraphViewSet, basename="paragraph")
    router.register("mandates", views.MandateViewSet, basename="mandate")
    router.register("mandate-updates", views.MandateUpdateViewSet, basename="mandate-update")
