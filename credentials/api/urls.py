from django.urls import path, re_path

from credentials.api import bulk, reports, search, views

CODE = r"(?P<code>[A-Za-z0-9-]+)"
SLUG = r"(?P<slug>[-a-zA-Z0-9_]+)"

urlpatterns = [
    path("search/", search.SearchView.as_view(), name="search"),
    path(
        "micro-credentials/",
        views.PublicMicroCredentialList.as_view(),
        name="micro-credential-list",
    ),
    re_path(
        rf"^micro-credentials/{CODE}/$",
        views.PublicMicroCredentialDetail.as_view(),
        name="micro-credential-detail",
    ),
    re_path(
        rf"^providers/{SLUG}/micro-credentials/$",
        views.ProviderMicroCredentialList.as_view(),
        name="provider-micro-credential-list",
    ),
    re_path(
        rf"^providers/{SLUG}/micro-credentials/bulk/$",
        bulk.BulkSubmissionView.as_view(),
        name="provider-micro-credential-bulk",
    ),
    re_path(
        rf"^providers/{SLUG}/micro-credentials/{CODE}/$",
        views.ProviderMicroCredentialDetail.as_view(),
        name="provider-micro-credential-detail",
    ),
    re_path(
        rf"^providers/{SLUG}/micro-credentials/{CODE}/submit/$",
        views.SubmitView.as_view(),
        name="provider-micro-credential-submit",
    ),
    re_path(
        rf"^providers/{SLUG}/micro-credentials/{CODE}/withdraw/$",
        views.WithdrawView.as_view(),
        name="provider-micro-credential-withdraw",
    ),
    re_path(
        rf"^providers/{SLUG}/micro-credentials/{CODE}/new-version/$",
        views.NewVersionView.as_view(),
        name="provider-micro-credential-new-version",
    ),
    re_path(
        rf"^providers/{SLUG}/micro-credentials/{CODE}/verification-reports/$",
        reports.MicroCredentialReportList.as_view(),
        name="provider-micro-credential-verification-reports",
    ),
    path(
        "review/versions/<int:pk>/verification-reports/",
        reports.VersionReportList.as_view(),
        name="review-version-verification-reports",
    ),
    path("review/versions/<int:pk>/approve/", views.ApproveView.as_view(), name="review-approve"),
    path(
        "review/versions/<int:pk>/request-changes/",
        views.RequestChangesView.as_view(),
        name="review-request-changes",
    ),
    path("review/versions/<int:pk>/reject/", views.RejectView.as_view(), name="review-reject"),
    re_path(
        rf"^review/micro-credentials/{CODE}/suspend/$",
        views.SuspendView.as_view(),
        name="review-suspend",
    ),
]
