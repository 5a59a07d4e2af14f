from django.urls import path

from . import views

app_name = "unionfunds"
urlpatterns = [
    path("", views.fund_list, name="list"),
    path("open/", views.fund_open, name="open"),
    path("standards/", views.standard_set, name="standard"),
    path("warmth-standards/", views.warmth_standard_set, name="warmth_standard"),
    path("approvals/", views.threshold_request, name="request"),
    path("approvals/<int:pk>/decide/", views.threshold_decide, name="decide"),
    path("cash/<str:code>/", views.cash_page, name="cash"),
    path("cash/<str:code>/do/<str:action>/", views.cash_action, name="cash_action"),
    path("bank/<str:code>/", views.bank_page, name="bank"),
    path("bank/<str:code>/do/<str:action>/", views.bank_action, name="bank_action"),
    path("notices/<int:pk>/", views.notice_document, name="notice"),
    path("statements/<int:pk>/file/", views.statement_file, name="statement_file"),
    path("year/", views.year_page, name="year"),
    path("year/do/<str:action>/", views.year_action, name="year_action"),
    path("findings/", views.findings_page, name="findings"),
    path("findings/do/<str:action>/", views.finding_action, name="finding_action"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/new/", views.plan_draft, name="plan_draft"),
    path("plans/<int:pk>/", views.plan_page, name="plan"),
    path("plans/<int:pk>/do/<str:action>/", views.plan_action, name="plan_action"),
    path("funds/<int:pk>/", views.fund_page, name="fund"),
    path("funds/<int:pk>/history/", views.fund_history, name="history"),
    path("funds/<int:pk>/receive/", views.fund_receive, name="receive"),
    path("funds/<int:pk>/spend/", views.fund_spend, name="spend"),
    path("funds/<int:pk>/pay/", views.fund_pay, name="pay"),
    path("funds/<int:pk>/rules/", views.fund_rules, name="rules"),
    path("funds/<int:pk>/entries/<int:entry>/reverse/", views.entry_reverse, name="reverse"),
]
