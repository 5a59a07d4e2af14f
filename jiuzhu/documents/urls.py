from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("batch/", views.batch_page, name="batch"),
    path("<str:kind>/<int:pk>.pdf", views.document_pdf, name="pdf"),
    path("<str:kind>/<int:pk>.docx", views.document_docx, name="docx"),
    path("<str:kind>/<int:pk>.xlsx", views.document_xlsx, name="xlsx"),
    path(
        "<str:kind>/union/<int:org>/<str:period>.pdf",
        views.union_table,
        {"fmt": "pdf"},
        name="union_pdf",
    ),
    path(
        "<str:kind>/union/<int:org>/<str:period>.xlsx",
        views.union_table,
        {"fmt": "xlsx"},
        name="union_xlsx",
    ),
    path(
        "<str:kind>/archive/<int:pk>/<str:period>.pdf",
        views.archive_document,
        {"fmt": "pdf"},
        name="archive_pdf",
    ),
    path(
        "<str:kind>/archive/<int:pk>/<str:period>.docx",
        views.archive_document,
        {"fmt": "docx"},
        name="archive_docx",
    ),
    path("<str:kind>/<int:pk>/job", views.start_job, name="start_job"),
    path("jobs/<int:pk>/page", views.job_page, name="job_page"),
    path("jobs/<int:pk>/", views.job_status, name="job_status"),
    path("jobs/<int:pk>/result", views.job_result, name="job_result"),
]
