from django.urls import path

from . import views

app_name = "payments"
urlpatterns = [
    path("", views.roster_list, name="list"),
    path("make/", views.roster_make, name="make"),
    path("<int:pk>/", views.roster_page, name="roster"),
    path("<int:pk>/do/<str:action>/", views.roster_action, name="action"),
    path("<int:pk>/bank-file/", views.bank_file, name="bank_file"),
    path("<int:pk>/bank-return/", views.bank_return, name="bank_return"),
    path("<int:pk>/lines/<int:line_id>/<str:action>/", views.line_action, name="line_action"),
    path("<int:pk>/warnings/<int:warning_id>/resolve/", views.warning_resolve, name="resolve"),
    path("households/<int:pk>/", views.household_payments, name="household"),
]
