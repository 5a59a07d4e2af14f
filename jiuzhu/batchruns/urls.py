from django.urls import path

from . import views

app_name = "batchruns"
urlpatterns = [
    path("", views.start, name="start"),
]
