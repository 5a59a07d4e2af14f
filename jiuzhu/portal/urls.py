from django.urls import path

from . import archive, follow, views, work

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login_page, name="login"),
    path("register/", views.register_page, name="register"),
    path("logout/", views.logout_view, name="logout"),
    path("check/", views.selfcheck_page, name="selfcheck"),
    path("archive/", archive.archive_page, name="archive"),
    path("apply/", views.start, name="start"),
    path("a/<int:pk>/", views.application_page, name="application"),
    path("a/<int:pk>/upload/", views.upload, name="upload"),
    path("a/<int:pk>/files/<int:upload_pk>/delete/", views.delete_upload, name="delete_upload"),
    path("a/<int:pk>/consent/", views.consent, name="consent"),
    path("a/<int:pk>/submit/", views.submit, name="submit"),
    path("a/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("files/<int:pk>/", views.upload_file, name="file"),
    path("cases/<str:kind>/<int:pk>/", follow.case_page, name="case"),
    path("notices/<int:pk>/", follow.notice_page, name="notice"),
    path("cases/<str:kind>/<int:pk>/decision/", follow.decision_page, name="decision"),
    path("notices/<int:pk>/appeal/", follow.appeal, name="appeal"),
    path("cases/dibao/<int:pk>/change/", follow.change_report, name="change"),
    path("cases/dibao/<int:pk>/objection/", follow.objection, name="objection"),
    path("work/", work.work_list, name="work_list"),
    path("work/<int:pk>/", work.work_detail, name="work_detail"),
    path("work/<int:pk>/take/", work.take, name="take"),
    path("work/<int:pk>/more/", work.request_documents, name="request_documents"),
    path("work/account/", work.make_account, name="make_account"),
    path("work/agent/", work.agent_new, name="agent_new"),
]
