from django.urls import path

from wsis_portal.caching import cache_public_page

from . import views

app_name = "mandates"

urlpatterns = [
    path("documents/", cache_public_page(views.DocumentListView.as_view()), name="document-list"),
    path(
        "documents/search/",
        cache_public_page(views.ParagraphSearchView.as_view()),
        name="paragraph-search",
    ),
    path("documents/compare/", cache_public_page(views.CompareView.as_view()), name="compare"),
    path(
        "documents/<slug:slug>/",
        cache_public_page(views.DocumentDetailView.as_view()),
        name="document-detail",
    ),
    path(
        "documents/<slug:slug>/clauses/",
        cache_public_page(views.DocumentClausesView.as_view()),
        name="document-clauses",
    ),
    path("mandates/", cache_public_page(views.MandateListView.as_view()), name="mandate-list"),
    path(
        "action-lines/<slug:slug>/report/",
        views.ActionLineReportView.as_view(),
        name="cstd-report",
    ),
    path(
        "action-lines/<slug:slug>/report/pdf/",
        views.ReportPDFRequestView.as_view(),
        name="cstd-report-pdf",
    ),
    path("reports/<uuid:pk>/", views.ReportExportView.as_view(), name="report-export"),
    path(
        "reports/<uuid:pk>/download/",
        views.report_export_download,
        name="report-export-download",
    ),
    path("calendar.ics", views.calendar_feed, name="calendar"),
    path("mandates/mine/", views.MyMandatesView.as_view(), name="my-mandates"),
    path(
        "mandates/<int:pk>/",
        cache_public_page(views.MandateDetailView.as_view()),
        name="mandate-detail",
    ),
    path(
        "mandates/<int:pk>/updates/new/",
        views.MandateUpdateCreateView.as_view(),
        name="mandate-update-create",
    ),
    path(
        "mandates/<int:pk>/updates/<int:update_pk>/edit/",
        views.MandateUpdateEditView.as_view(),
        name="mandate-update-edit",
    ),
    path(
        "mandates/<int:pk>/updates/<int:update_pk>/withdraw/",
        views.MandateUpdateWithdrawView.as_view(),
        name="mandate-update-withdraw",
    ),
]
