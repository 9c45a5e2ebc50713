from django.urls import path

from registry.providers.api import views

urlpatterns = [
    path("providers/", views.ProviderList.as_view(), name="provider-list"),
    path("providers/<slug:slug>/", views.ProviderDetail.as_view(), name="provider-detail"),
    path("providers/<slug:slug>/scope/", views.ProviderScopeView.as_view(), name="provider-scope"),
    path(
        "providers/<slug:slug>/suspend/",
        views.ProviderSuspendView.as_view(),
        name="provider-suspend",
    ),
    path(
        "providers/<slug:slug>/deregister/",
        views.ProviderDeregisterView.as_view(),
        name="provider-deregister",
    ),
    path(
        "providers/<slug:slug>/reinstate/",
        views.ProviderReinstateView.as_view(),
        name="provider-reinstate",
    ),
]
