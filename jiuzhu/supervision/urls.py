from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("", views.warning_list, name="warnings"),
    path("scan/", views.scan_now, name="scan"),
    path("warnings/<int:pk>/", views.warning_page, name="warning"),
    path("warnings/<int:pk>/<str:decision>/", views.warning_decide, name="decide"),
]
