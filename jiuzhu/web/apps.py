from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "jiuzhu.web"
    verbose_name = _("工作台")

    def ready(self) -> None:
        from . import worklist

        worklist.register()
