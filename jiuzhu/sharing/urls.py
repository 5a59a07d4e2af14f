from django.urls import path

from . import http

app_name = "sharing"
urlpatterns = [
    path("exchange/", http.endpoint, name="exchange"),
]
