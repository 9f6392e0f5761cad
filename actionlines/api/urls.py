"""Routes of the action-lines API; ``wsis_portal.api.urls`` registers them under /api/v1/."""

from . import views


def register(router):
    router.register("action-lines", views.ActionLineViewSet, basename="action-line")
    router.register("organizations", views.OrganizationViewSet, basename="organization")
    router.register("sdgs", views.SDGViewSet, basename="sdg")
    router.register("roadmap", views.RoadmapTargetViewSet, basename="roadmap-target")
    router.register("meetings", views.CoordinationMeetingViewSet, basename="meeting")
