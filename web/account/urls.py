from django.urls import path

from web.account import views

app_name = "account"
urlpatterns = [
    path("two-factor/", views.verify, name="verify"),
    path("two-factor/setup/", views.setup, name="setup"),
    path("security/", views.security, name="security"),
    path("security/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("security/turn-off/", views.turn_off, name="turn_off"),
]
