from django.urls import path, re_path

from credentials.awards.api import views

SLUG = r"(?P<slug>[-a-zA-Z0-9_]+)"
CODE = r"(?P<code>[A-Za-z0-9-]+)"
BATCH = r"(?P<public_id>[A-Za-z0-9_-]{16,64})"

urlpatterns = [
    # Verification first: the busiest answers.
    re_path(rf"^verify/{CODE}/$", views.VerifyCode.as_view(), name="verify-code"),
    path("verify/", views.VerifyCredential.as_view(), name="verify-credential"),
    re_path(rf"^providers/{SLUG}/awards/$", views.AwardList.as_view(), name="provider-award-list"),
    re_path(
        rf"^providers/{SLUG}/awards/bulk/$", views.BulkIssue.as_view(), name="provider-award-bulk"
    ),
    re_path(
        rf"^providers/{SLUG}/awards/batches/(?P<pk>[0-9]+)/$",
        views.BatchDetail.as_view(),
        name="provider-award-batch",
    ),
    re_path(
        rf"^providers/{SLUG}/awards/{CODE}/$",
        views.AwardDetail.as_view(),
        name="provider-award-detail",
    ),
    re_path(
        rf"^providers/{SLUG}/awards/{CODE}/revoke/$",
        views.AwardRevoke.as_view(),
        name="provider-award-revoke",
    ),
    re_path(
        rf"^providers/{SLUG}/awards/{CODE}/learner-link/$",
        views.AwardLearnerLink.as_view(),
        name="provider-award-learner-link",
    ),
    path("verifications/bulk/", views.BulkVerify.as_view(), name="verification-batch-create"),
    re_path(
        rf"^verifications/bulk/{BATCH}/$",
        views.BulkVerificationDetail.as_view(),
        name="verification-batch-detail",
    ),
    re_path(
        rf"^verifications/bulk/{BATCH}/results\.csv$",
        views.BulkVerificationCsv.as_view(),
        name="verification-batch-csv",
    ),
]
