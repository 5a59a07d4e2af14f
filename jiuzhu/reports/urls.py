from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("monitor/", views.monitor, name="monitor"),
    path("lists/<slug:slug>/", views.figure_list, name="list"),
    path("pilot/<slug:code>/<slug:kind>.docx", views.pilot_doc, name="pilot_doc"),
    path("<slug:slug>/", views.report, name="report"),
    path("<slug:slug>.xlsx", views.report, {"fmt": "xlsx"}, name="report_xlsx"),
]
