from django.urls import path

from . import views, views_archives, views_complaints, views_inspections, views_rulesets

app_name = "supervision"
urlpatterns = [
    path("", views.warning_list, name="warnings"),
    path("scan/", views.scan_now, name="scan"),
    path("warnings/<int:pk>/", views.warning_page, name="warning"),
    path("warnings/<int:pk>/<str:decision>/", views.warning_decide, name="decide"),
    path("complaints/", views_complaints.complaint_list, name="complaints"),
    path("complaints/new/", views_complaints.complaint_new, name="complaint_new"),
    path("complaints/<int:pk>/", views_complaints.complaint_page, name="complaint"),
    path("complaints/<int:pk>/<str:step>/", views_complaints.complaint_step, name="complaint_step"),
    path("inspections/", views_inspections.inspection_list, name="inspections"),
    path("inspections/new/", views_inspections.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", views_inspections.inspection_page, name="inspection"),
    path("inspections/<int:pk>/<str:step>/", views_inspections.inspection_step, name="inspection_step"),
    path("archives/", views_archives.archive_list, name="archives"),
    path("archives/cleanup/", views_archives.archive_cleanup, name="archive_cleanup"),
    path("archives/handover/", views_archives.archive_handover, name="archive_handover"),
    path("archives/<int:pk>/", views_archives.archive_page, name="archive"),
    path("archives/<int:pk>/<str:step>/", views_archives.archive_step, name="archive_step"),
    path("rulesets/", views_rulesets.rule_set_list, name="rulesets"),
    path("public/hotlines/", views_complaints.hotlines_page, name="hotlines"),
    path("public/report/", views_complaints.public_report, name="public_report"),
    path("public/disclosure/", views_complaints.disclosure_page, name="disclosure"),
]
