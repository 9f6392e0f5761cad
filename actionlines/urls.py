from django.urls import path

from wsis_portal.caching import cache_public_page

from . import feeds, views

app_name = "actionlines"

line = "action-lines/<slug:slug>/"

urlpatterns = [
    path("", cache_public_page(views.HomeView.as_view()), name="home"),
    path("activity/feed/", cache_public_page(feeds.ActivityFeed()), name="activity-feed"),
    path("action-lines/", cache_public_page(views.ActionLineListView.as_view()), name="list"),
    path("action-lines/mine/", views.MyActionLinesView.as_view(), name="my-action-lines"),
    path("sdg-matrix/", cache_public_page(views.SDGMatrixView.as_view()), name="sdg-matrix"),
    path(line, cache_public_page(views.ActionLineDetailView.as_view()), name="detail"),
    path(
        f"{line}activity/feed/",
        cache_public_page(feeds.ActivityFeed()),
        name="activity-feed-line",
    ),
    path(f"{line}edit/", views.PageEditView.as_view(), name="page-edit"),
    path(f"{line}history/", views.PageHistoryView.as_view(), name="page-history"),
    path(
        f"{line}history/<int:version>/",
        views.PageRevisionView.as_view(),
        name="page-revision",
    ),
    path(
        f"{line}history/<int:version>/restore/",
        views.RestoreRevisionView.as_view(),
        name="page-restore",
    ),
    path(f"{line}sdg-links/", views.SDGLinksView.as_view(), name="sdg-links"),
    path(
        f"{line}sdg-links/<int:pk>/delete/",
        views.SDGLinkDeleteView.as_view(),
        name="sdg-link-delete",
    ),
    path(f"{line}roadmap/", views.RoadmapView.as_view(), name="roadmap"),
    path(
        f"{line}roadmap/targets/new/",
        views.RoadmapTargetFormView.as_view(),
        name="roadmap-target-create",
    ),
    path(
        f"{line}roadmap/targets/<int:pk>/edit/",
        views.RoadmapTargetFormView.as_view(),
        name="roadmap-target-edit",
    ),
    path(
        f"{line}roadmap/targets/<int:pk>/delete/",
        views.RoadmapTargetDeleteView.as_view(),
        name="roadmap-target-delete",
    ),
    path(
        f"{line}roadmap/targets/<int:target_pk>/indicators/new/",
        views.IndicatorFormView.as_view(),
        name="indicator-create",
    ),
    path(
        f"{line}roadmap/indicators/<int:pk>/edit/",
        views.IndicatorFormView.as_view(),
        name="indicator-edit",
    ),
    path(
        f"{line}roadmap/indicators/<int:pk>/delete/",
        views.IndicatorDeleteView.as_view(),
        name="indicator-delete",
    ),
    path(
        f"{line}roadmap/measurements/<int:pk>/delete/",
        views.MeasurementDeleteView.as_view(),
        name="measurement-delete",
    ),
    path(
        f"{line}roadmap/indicators/<int:pk>/measurements/new/",
        views.MeasurementCreateView.as_view(),
        name="measurement-create",
    ),
    path(
        "organizations/<slug:slug>/",
        cache_public_page(views.OrganizationDetailView.as_view()),
        name="organization-detail",
    ),
    path("meetings/", cache_public_page(views.MeetingListView.as_view()), name="meeting-list"),
    path("meetings/new/", views.MeetingFormView.as_view(), name="meeting-create"),
    path(
        "meetings/<int:pk>/",
        cache_public_page(views.MeetingDetailView.as_view()),
        name="meeting-detail",
    ),
    path("meetings/<int:pk>/edit/", views.MeetingFormView.as_view(), name="meeting-edit"),
    path("meetings/<int:pk>/delete/", views.MeetingDeleteView.as_view(), name="meeting-delete"),
]
