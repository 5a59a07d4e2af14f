from django.contrib import admin
from django.urls import include, path

from jiuzhu.api.urls import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("transfer/", include("jiuzhu.transfer.urls")),
    path("dibao/", include("jiuzhu.dibao.urls")),
    path("temporary/", include("jiuzhu.temporary.urls")),
    path("archives/", include("jiuzhu.archives.urls")),
    path("payments/", include("jiuzhu.payments.urls")),
    path("unionfunds/", include("jiuzhu.unionfunds.urls")),
    path("supervision/", include("jiuzhu.supervision.urls")),
    path("todo/", include("jiuzhu.core.todo_urls")),
    path("sharing/", include("jiuzhu.sharing.urls")),
    path("documents/", include("jiuzhu.documents.urls")),
    path("jobs/", include("jiuzhu.jobs.urls")),
    path("batch/", include("jiuzhu.batchruns.urls")),
    path("reports/", include("jiuzhu.reports.urls")),
    path("portal/", include("jiuzhu.portal.urls")),
    path("", include("jiuzhu.web.urls")),
]
