from csp.decorators import csp_update
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from registry.core import views as core_views
from registry.core.api_errors import api_not_found
from web.public import views as public_views

handler500 = "registry.core.unavailable.server_error"

admin.site.site_header = _("National micro-credential registry")
admin.site.site_title = _("Registry administration")

# The one exception to the Content-Security-Policy: Swagger UI and ReDoc style their pages inline,
# show images as data: URLs and ReDoc runs a worker from a blob:. Their scripts are still only
# the registry's own files (Swagger UI's start-up script is served from its own URL).
docs_policy = csp_update(
    {
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "worker-src": ["'self'", "blob:"],
    }
)

api_v1 = [
    # Awards first: verification by code is the busiest answer (no other pattern overlaps them).
    path("", include("credentials.awards.api.urls")),
    path("", include("frameworks.api.urls")),
    path("", include("registry.providers.api.urls")),
    path("", include("credentials.api.urls")),
    path("", include("registry.audit.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/",
        docs_policy(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path(
        "docs/redoc/",
        docs_policy(
            SpectacularRedocView.as_view(url_name="api-schema", template_name="api/redoc.html")
        ),
        name="api-docs-redoc",
    ),
    re_path(r"^[\s\S]*$", api_not_found, name="api-not-found"),  # any path, even with newlines
]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    path("", public_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("web.account.urls")),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    path("frameworks/", include("web.public.framework_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("review/", include("web.regulator.urls")),
    path("portal/", include("web.portal.urls")),
    path("learner/", include("web.learner.urls")),
    path("", include("web.public.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
