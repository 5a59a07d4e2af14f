from django.urls import path

from . import views

app_name = "dibao"
urlpatterns = [
    path("", views.application_list, name="list"),
    path("new/", views.application_new, name="new"),
    path("reviews/overdue/", views.overdue_reviews, name="overdue_reviews"),
    path("leads/", views.leads, name="leads"),
    path("leads/<int:pk>/follow-up/", views.lead_follow_up, name="lead_follow_up"),
    path("<int:pk>/", views.case, name="case"),
    path("<int:pk>/steps/<str:name>/", views.do_step, name="step"),
    path("<int:pk>/verifications/", views.record_verifications, name="verifications"),
]
