from django.urls import path

from . import network, views

app_name = "sharing"
urlpatterns = [
    path("", views.index, name="index"),
    path("exchange/", network.endpoint, name="exchange"),
    path("import/", views.import_file, name="import"),
    path("push/", views.push, name="push"),
    path("matches/", views.matches, name="matches"),
    path("log/", views.access_log, name="log"),
    path("poverty/", views.poverty, name="poverty"),
    path("households/<int:pk>/", views.household, name="household"),
    path("households/<int:pk>/consent/", views.household_consent, name="household_consent"),
    path("households/<int:pk>/query/", views.household_query, name="household_query"),
    path("dibao/<int:pk>/verification-request/", views.verification_request, name="verification_request"),
]
