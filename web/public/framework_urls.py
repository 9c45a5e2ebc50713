from django.urls import path

from web.public import framework_views as views

app_name = "frameworks"
urlpatterns = [
    path("", views.framework_list, name="list"),
    path("credit-systems/", views.credit_systems, name="credit_systems"),
    path("<str:code>/", views.framework_detail, name="detail"),
    path("<str:code>/levels/<str:level_code>/", views.level_detail, name="level"),
]
