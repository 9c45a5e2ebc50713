from django.urls import path

from credentials.public import views

app_name = "public"
urlpatterns = [
    path("micro-credentials/<str:code>/", views.micro_credential, name="micro_credential"),
    path("providers/apply/", views.apply, name="apply"),
    path("providers/apply/received/", views.apply_received, name="apply_received"),
    path("providers/<slug:slug>/", views.provider, name="provider"),
]
