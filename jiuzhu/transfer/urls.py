from django.urls import path

from . import views

app_name = "transfer"
urlpatterns = [
    path("import/", views.import_page, name="import"),
    path("template.xlsx", views.template_xlsx_view, name="template_xlsx"),
    path("template.csv", views.template_csv_view, name="template_csv"),
    path("export/", views.export_page, name="export"),
    path("export/households.xlsx", views.export_households, name="export_households"),
    path("export/audit.xlsx", views.export_audit, name="export_audit"),
]
