from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "jiuzhu.supervision"
    verbose_name = _("监督管理")

    def ready(self) -> None:
        from jiuzhu.core import todo

        from . import (
            jobs,  # noqa: F401  (registers the background scan)
            rules,  # noqa: F401  (registers the risk rules)
        )

        todo.register("supervision.riskwarning", "supervision:warning")
        todo.register("supervision.complaint", "supervision:complaint")
