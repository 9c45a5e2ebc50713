from django.urls import path

from web.regulator import views

app_name = "regulator"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/start/", views.start, name="start"),
    path("versions/<int:pk>/decide/", views.decide, name="decide"),
    path("versions/<int:pk>/checks/<int:report>/retry/", views.retry_checks, name="retry_checks"),
    path("micro-credentials/<str:code>/suspend/", views.suspend, name="suspend"),
    path("micro-credentials/<str:code>/reinstate/", views.reinstate, name="reinstate"),
    path("providers/", views.providers, name="providers"),
    path("providers/new/", views.provider_new, name="provider_new"),
    path("providers/<slug:slug>/", views.provider_detail, name="provider"),
    path("providers/<slug:slug>/approve/", views.provider_approve, name="provider_approve"),
    path("providers/<slug:slug>/decline/", views.provider_decline, name="provider_decline"),
    path("providers/<slug:slug>/scope/", views.provider_scope, name="provider_scope"),
    path("providers/<slug:slug>/suspend/", views.provider_suspend, name="provider_suspend"),
    path(
        "providers/<slug:slug>/deregister/", views.provider_deregister, name="provider_deregister"
    ),
    path("providers/<slug:slug>/reinstate/", views.provider_reinstate, name="provider_reinstate"),
    path("audit/", views.audit, name="audit"),
    path("api-keys/", views.api_keys, name="api_keys"),
    path("api-keys/<int:pk>/revoke/", views.api_key_revoke, name="api_key_revoke"),
]
