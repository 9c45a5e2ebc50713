from django.urls import path
from rest_framework.routers import SimpleRouter

from frameworks.api import views

router = SimpleRouter()
router.register("frameworks", views.FrameworkViewSet, basename="framework")
router.register("credit-systems", views.CreditSystemViewSet, basename="credit-system")
router.register("fields-of-study", views.FieldOfStudyViewSet, basename="field-of-study")

urlpatterns = [
    path(
        "frameworks/<str:code>/levels/<str:level_code>/",
        views.LevelDetailView.as_view(),
        name="framework-level",
    ),
    *router.urls,
]
