from django.urls import path

from credentials.public import search_views, views

app_name = "public"
urlpatterns = [
    path("search/", search_views.search_page, name="search"),
    path("micro-credentials/<str:code>/", views.micro_credential, name="micro_credential"),
    path("providers/apply/", views.apply, name="apply"),
    path("providers/apply/received/", views.apply_received, name="apply_received"),
    path("providers/<slug:slug>/", views.provider, name="provider"),
]
