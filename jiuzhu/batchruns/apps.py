from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BatchRunsConfig(AppConfig):
    name = "jiuzhu.batchruns"
    verbose_name = _("批量评估")

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (registers the background run)
