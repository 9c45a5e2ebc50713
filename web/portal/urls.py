from django.urls import path

from web.portal import award_views, branding_views, views

app_name = "portal"

mc = "<slug:slug>/micro-credentials/<str:code>/"

urlpatterns = [
    path("", views.home, name="home"),
    path("<slug:slug>/", views.dashboard, name="dashboard"),
    path("<slug:slug>/micro-credentials/new/", views.create, name="create"),
    path(mc, views.micro_credential, name="micro_credential"),
    path(mc + "edit/", views.edit, name="edit"),
    path(mc + "submit/", views.submit, name="submit"),
    path(mc + "withdraw/", views.withdraw, name="withdraw"),
    path(mc + "new-version/", views.new_version, name="new_version"),
    path("<slug:slug>/import/", views.bulk_import_view, name="import"),
    path("<slug:slug>/import/template.<str:fmt>/", views.import_template, name="import_template"),
    path("<slug:slug>/export.csv", views.export, name="export"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/members/<int:pk>/role/", views.member_role, name="member_role"),
    path("<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("<slug:slug>/api-keys/", views.api_keys, name="api_keys"),
    path("<slug:slug>/api-keys/<int:pk>/revoke/", views.api_key_revoke, name="api_key_revoke"),
    path("<slug:slug>/audit/", views.audit, name="audit"),
    path("<slug:slug>/awards/", award_views.awards, name="awards"),
    path("<slug:slug>/awards/new/", award_views.issue, name="award_issue"),
    path("<slug:slug>/awards/bulk/", award_views.bulk_issue, name="award_bulk"),
    path(
        "<slug:slug>/awards/bulk/template.<str:fmt>/",
        award_views.bulk_template,
        name="award_bulk_template",
    ),
    path("<slug:slug>/awards/bulk/<int:pk>/", award_views.batch, name="award_batch"),
    path("<slug:slug>/awards/<str:code>/", award_views.award, name="award"),
    path("<slug:slug>/awards/<str:code>/revoke/", award_views.revoke, name="award_revoke"),
    path(
        "<slug:slug>/awards/<str:code>/certificate.pdf",
        award_views.certificate,
        name="award_certificate",
    ),
    path(
        "<slug:slug>/awards/<str:code>/learner-link/",
        award_views.resend_learner_link,
        name="award_resend_learner_link",
    ),
    path("<slug:slug>/security/", views.security, name="security"),
    path(
        "<slug:slug>/certificates/",
        branding_views.certificate_branding,
        name="certificate_branding",
    ),
]
