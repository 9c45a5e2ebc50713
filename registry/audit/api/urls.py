from django.urls import path

from registry.audit.api import views

urlpatterns = [
    path("audit-events/", views.AuditEventList.as_view(), name="audit-event-list"),
]
