from django.urls import path

from web.learner import views

app_name = "learner"
urlpatterns = [
    path("<str:token>/", views.awards, name="awards"),
    path("<str:token>/awards/<str:code>/certificate.pdf", views.certificate, name="certificate"),
    path("<str:token>/awards/<str:code>/credential.json", views.credential, name="credential"),
    path("<str:token>/awards/<str:code>/public-page/", views.public_page, name="public_page"),
]
