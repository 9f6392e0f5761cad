from django.urls import path

from wsis_portal.caching import cache_public_page

from . import exports, feeds, prize_views, views

app_name = "stocktaking"

urlpatterns = [
    path("", cache_public_page(views.EntryListView.as_view()), name="entry-list"),
    path("new/", views.EntryFormView.as_view(), name="entry-create"),
    path("mine/", views.MySubmissionsView.as_view(), name="my-submissions"),
    path("moderation/", views.ModerationQueueView.as_view(), name="moderation-queue"),
    path("moderation/<int:pk>/", views.ReviewView.as_view(), name="review"),
    path("moderation/claim/", views.ClaimView.as_view(), name="review-claim"),
    path("moderation/bulk/", views.BulkDecisionView.as_view(), name="bulk-decision"),
    path("export.csv", exports.ExportView.as_view(file_format="csv"), name="export-csv"),
    path("export.xlsx", exports.ExportView.as_view(file_format="xlsx"), name="export-xlsx"),
    path("exports/<str:job>/", exports.ExportStatusView.as_view(), name="export-status"),
    path("feed/", feeds.PublishedEntriesFeed(), name="feed"),
    path("feed/<str:code>/", feeds.PublishedEntriesFeed(), name="feed-action-line"),
    path("prizes/", prize_views.PrizeEditionListView.as_view(), name="prize-list"),
    path("prizes/<int:year>/", prize_views.PrizeEditionView.as_view(), name="prize-edition"),
    path(
        "prizes/<int:year>/do/<slug:action>/",
        prize_views.PrizeActionView.as_view(),
        name="prize-action",
    ),
    path(
        "prizes/<int:year>/<str:code>/",
        prize_views.PrizeCategoryView.as_view(),
        name="prize-category",
    ),
    path("<int:pk>/", cache_public_page(views.EntryDetailView.as_view()), name="entry-detail"),
    path("<int:pk>/edit/", views.EntryFormView.as_view(), name="entry-edit"),
    path("<int:pk>/withdraw/", views.WithdrawView.as_view(), name="entry-withdraw"),
    path("<int:pk>/reopen/", views.ReopenView.as_view(), name="entry-reopen"),
    path(
        "<int:pk>/update/withdraw/",
        views.WithdrawUpdateView.as_view(),
        name="entry-update-withdraw",
    ),
    path("<int:pk>/confirm/", views.ConfirmCurrentView.as_view(), name="entry-confirm-current"),
]
