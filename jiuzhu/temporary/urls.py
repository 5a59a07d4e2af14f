from django.urls import path

from . import views

app_name = "temporary"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("<int:pk>/", views.case_page, name="case"),
    path("<int:pk>/do/<str:action>/", views.case_action, name="action"),
    path("<int:pk>/instalments/", views.case_instalments, name="instalments"),
    path("instalments/<int:pk>/pay/", views.instalment_pay, name="instalment_pay"),
    path("referrals/<int:pk>/outcome/", views.referral_outcome, name="referral_outcome"),
]
