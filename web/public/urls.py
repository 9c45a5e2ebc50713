from django.urls import path

from web.public import award_views, search_views, verify_views, views

app_name = "public"
urlpatterns = [
    path("search/", search_views.search_page, name="search"),
    path("micro-credentials/<str:code>/", views.micro_credential, name="micro_credential"),
    path("providers/apply/", views.apply, name="apply"),
    path("providers/apply/received/", views.apply_received, name="apply_received"),
    path("providers/<slug:slug>/", views.provider, name="provider"),
    path("providers/<slug:slug>/did.json", verify_views.did_document, name="did_document"),
    path(
        "providers/<slug:slug>/status/<int:number>.json",
        verify_views.status_list,
        name="status_list",
    ),
    path("verify/", verify_views.verify, name="verify"),
    path("verify/bulk/", verify_views.verify_bulk, name="verify_bulk"),
    path("verify/bulk/<str:public_id>/", verify_views.verify_bulk_batch, name="verify_bulk_batch"),
    path(
        "verify/bulk/<str:public_id>/results.csv",
        verify_views.verify_bulk_csv,
        name="verify_bulk_csv",
    ),
    path("verify/<str:code>", verify_views.verify_code, name="verify_code"),
    path("awards/<str:code>.json", verify_views.credential, name="award_credential"),
    path("awards/<str:code>/", award_views.award_page, name="award_page"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap_section"),
]
